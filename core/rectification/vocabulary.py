"""States of a finding (整改状态) and results of a 回头看, declared once."""

NOT_STARTED = "未整改"
IN_PROGRESS = "整改中"
RECTIFIED = "已整改"
CANNOT = "无法整改"
OPEN_STATES = (NOT_STARTED, IN_PROGRESS)
STATES = (*OPEN_STATES, RECTIFIED, CANNOT)
REVIEW_PASSED = "通过"
REVIEW_FAILED = "未通过"
