"""States of a column's freshness (更新频率) and of an item's timeliness (发布及时性), declared once."""

# Column freshness, worst first: the order of every freshness table.
STALE = "超期"
BLANK = "空白栏目"
WARNING = "即将超期"
FRESH = "正常"
NEW_COLUMN = "新开栏目"
EXEMPT = "已豁免"
FRESHNESS_STATES = (STALE, BLANK, WARNING, FRESH, NEW_COLUMN, EXEMPT)
# The states the office must act on (问题栏目).
PROBLEM_STATES = (STALE, BLANK)

# Item timeliness (形成后20个工作日内公开, 条例 第二十六条); items without 成文日期 are 未知, never on time.
LATE = "超期"
UNKNOWN = "未知"
ON_TIME = "按时"
TIMELINESS_STATES = (LATE, UNKNOWN, ON_TIME)
