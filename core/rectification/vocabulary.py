"""States of a finding (整改状态) and results of a 回头看, declared once."""

NOT_STARTED = "未整改"
IN_PROGRESS = "整改中"
RECTIFIED = "已整改"
CANNOT = "无法整改"
OPEN_STATES = (NOT_STARTED, IN_PROGRESS)
STATES = (*OPEN_STATES, RECTIFIED, CANNOT)
REVIEW_PASSED = "通过"
REVIEW_FAILED = "未通过"

# 整改反馈 (issue 11): a liaison's answer to an open finding, as the office's review left it.
FEEDBACK_PENDING = "待审核"
FEEDBACK_RETURNED = "已退回"
FEEDBACK_ACCEPTED = "已通过"
FEEDBACK_STATES = (FEEDBACK_PENDING, FEEDBACK_RETURNED, FEEDBACK_ACCEPTED)
# Where a line of a finding's timeline comes from, beside finding_history.source ('import', 'user', …).
SOURCE_FEEDBACK = "feedback"  # a liaison submitted a 整改反馈
SOURCE_FEEDBACK_ACCEPTED = "feedback-accept"  # the office accepted it (the finding became 已整改)
SOURCE_FEEDBACK_RETURNED = "feedback-return"  # the office returned it with a reason
