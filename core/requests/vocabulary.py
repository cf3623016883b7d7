"""States and outcomes of a request for disclosure (依申请公开), declared once."""

ON_TIME = "按时答复"
LATE = "超期答复"
OVERDUE = "逾期未答复"
OPEN = "办理中"
# asked to 补正 and the corrected request not yet received: the reply clock is not running (条例 第三十条)
AWAITING_CORRECTION = "待补正"
STATES = (ON_TIME, LATE, OVERDUE, OPEN, AWAITING_CORRECTION)
REPLIED_STATES = (ON_TIME, LATE)
UNANSWERED_STATES = (OVERDUE, OPEN, AWAITING_CORRECTION)
# 办理结果 in the annual report's row order (条例 第三十六条; 年报表三).
OUTCOMES = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
