"""States and outcomes of a request for disclosure (依申请公开), declared once."""

ON_TIME = "按时答复"
LATE = "超期答复"
OVERDUE = "逾期未答复"
OPEN = "办理中"
STATES = (ON_TIME, LATE, OVERDUE, OPEN)
REPLIED_STATES = (ON_TIME, LATE)
UNANSWERED_STATES = (OVERDUE, OPEN)
# 办理结果 in the annual report's row order (条例 第三十六条; 年报表三).
OUTCOMES = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
