"""Roles and what each may do, declared once: the sidebar, the pages and the write functions all ask here.

Never imports streamlit. A permission is a noun for a kind of use; a role is a set of permissions.
"""

ADMIN = "admin"
OFFICE = "office"
LEADER = "leader"
LIAISON = "liaison"
ROLES = (ADMIN, OFFICE, LEADER, LIAISON)
ROLE_LABELS = {ADMIN: "管理员", OFFICE: "办公室", LEADER: "领导", LIAISON: "单位联络员"}

VIEW = "view"  # the monitoring pages (a liaison's are scoped to his units)
VIEW_RANKING = "view_ranking"  # every unit's score and rank
IMPORT = "import"  # upload ledgers (a liaison: rows of his own units only, loaders.unit_scope)
MANAGE_IMPORTS = "manage_imports"  # undo a batch, correct and reprocess the quarantine (any unit's rows)
MARK = "mark"  # mark findings by hand and decide ledger conflicts
EXEMPT = "exempt"  # grant and revoke column exemptions
FREEZE = "freeze"  # 签发: freeze the month's bulletin, and withdraw a signed one with a reason (issue 11)
DRAFT = "draft"  # edit the free paragraphs (工作要求, 抄送) of the month's bulletin before 签发
AUDIT = "audit"  # read the audit log
ACCOUNTS = "accounts"  # create, disable, reset accounts
FEEDBACK = "feedback"  # a liaison answers his units' open findings with 整改反馈
REVIEW_FEEDBACK = "review_feedback"  # the office accepts (通过) or returns (退回) a 整改反馈
PERMISSIONS = (
    VIEW,
    VIEW_RANKING,
    IMPORT,
    MANAGE_IMPORTS,
    MARK,
    EXEMPT,
    DRAFT,
    FREEZE,
    AUDIT,
    ACCOUNTS,
    FEEDBACK,
    REVIEW_FEEDBACK,
)
PERMISSION_LABELS = {
    VIEW: "查看统计",
    VIEW_RANKING: "查看考核排名",
    IMPORT: "导入台账",
    MANAGE_IMPORTS: "撤销导入、更正并重新处理隔离区",
    MARK: "人工标记整改状态、处理冲突",
    EXEMPT: "栏目豁免",
    DRAFT: "起草月度通报（工作要求、抄送）",
    FREEZE: "签发（冻结）、撤回月度通报",
    AUDIT: "查看审计日志",
    ACCOUNTS: "管理账号",
    FEEDBACK: "提交整改反馈",
    REVIEW_FEEDBACK: "审核整改反馈",
}

_OFFICE_WORK = (VIEW, VIEW_RANKING, IMPORT, MANAGE_IMPORTS, MARK, EXEMPT, DRAFT, REVIEW_FEEDBACK)
# 签发 is the leader's signature alone (issue 11: "freezing is the leader's signature"); the 管理员 does
# everything the office does plus accounts and the audit log.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    ADMIN: frozenset((*_OFFICE_WORK, AUDIT, ACCOUNTS)),
    OFFICE: frozenset(_OFFICE_WORK),
    LEADER: frozenset((VIEW, VIEW_RANKING, FREEZE)),
    # a liaison uploads his units' ledgers (rows of other units are quarantined) but undoes nothing: only the
    # newest batch county-wide can be undone, and it is usually not his; the office undoes on his request
    LIAISON: frozenset((VIEW, IMPORT, FEEDBACK)),
}
# Roles whose figures are limited to their own units (UnitScope.unit_ids forced from the account).
SCOPED_ROLES = frozenset((LIAISON,))


def can(role: str, permission: str) -> bool:
    """Whether `role` holds `permission` (unknown roles hold nothing)."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


# Audit actions (the `action` column of audit_log) and their Chinese names.
LOGIN = "login"
LOGOUT = "logout"
LOGIN_FAILED = "login_failed"
LOCKOUT = "lockout"
PASSWORD_CHANGE = "password_change"
IMPORT_FILE = "import"
UNDO_IMPORT = "undo"
REPROCESS = "reprocess"
CORRECT_QUARANTINE = "quarantine_correct"
MARK_FINDING = "mark"
RESOLVE_CONFLICT = "conflict"
ADD_EXEMPTION = "exemption_add"
REVOKE_EXEMPTION = "exemption_revoke"
FREEZE_MONTH = "freeze"
WITHDRAW_BULLETIN = "withdraw"
DRAFT_BULLETIN = "draft"
ACCOUNT_ADD = "account_add"
ACCOUNT_DISABLE = "account_disable"
ACCOUNT_RESET = "account_reset"
FEEDBACK_SUBMIT = "feedback_submit"
FEEDBACK_ACCEPT = "feedback_accept"
FEEDBACK_RETURN = "feedback_return"
SSO_LOGIN = "sso_login"
VIEW_QUARANTINE = "quarantine"
BUILD_DEMO = "demo"
EXPORT_DOCUMENT = "export"
SETTINGS_CHANGE = "settings"
PRUNE_AUDIT = "audit_prune"
ACTION_LABELS = {
    LOGIN: "登录",
    LOGOUT: "退出登录",
    LOGIN_FAILED: "登录失败",
    LOCKOUT: "账号锁定",
    PASSWORD_CHANGE: "修改密码",
    IMPORT_FILE: "导入台账",
    UNDO_IMPORT: "撤销导入",
    REPROCESS: "重新处理隔离区",
    CORRECT_QUARANTINE: "更正隔离行并重新处理",
    MARK_FINDING: "人工标记整改状态",
    RESOLVE_CONFLICT: "处理台账冲突",
    ADD_EXEMPTION: "新增栏目豁免",
    REVOKE_EXEMPTION: "撤销栏目豁免",
    FREEZE_MONTH: "签发月度通报",
    WITHDRAW_BULLETIN: "撤回已签发的通报",
    DRAFT_BULLETIN: "起草通报段落",
    ACCOUNT_ADD: "新增账号",
    ACCOUNT_DISABLE: "停用账号",
    ACCOUNT_RESET: "重置密码",
    FEEDBACK_SUBMIT: "提交整改反馈",
    FEEDBACK_ACCEPT: "整改反馈审核通过",
    FEEDBACK_RETURN: "退回整改反馈",
    SSO_LOGIN: "统一身份认证登录",
    VIEW_QUARANTINE: "查看隔离区",
    BUILD_DEMO: "建立演示数据库",
    EXPORT_DOCUMENT: "导出文件",
    SETTINGS_CHANGE: "设置变更",
    PRUNE_AUDIT: "清理过期审计日志",
}
SUCCESS = "成功"
FAILURE = "失败"

# Issue 14: the rhythm's actions (reminders, 互查 plan and findings, the year's 签发), labelled on the audit page.
REMINDER_SEND = "reminder_send"
INSPECTION_PLAN = "inspection_plan"
FREEZE_YEAR = "freeze_year"
WITHDRAW_YEAR = "withdraw_year"
ACTION_LABELS.update(
    {
        REMINDER_SEND: "发送催办提醒",
        INSPECTION_PLAN: "保存季度互查安排",
        FREEZE_YEAR: "签发年度考评结果",
        WITHDRAW_YEAR: "撤回已签发的年度考评结果",
    }
)
REVIEW_ANNUAL_CHECK = "annual_check_review"  # the office's 已核实/不予采纳 on one annual-report check
ACTION_LABELS[REVIEW_ANNUAL_CHECK] = "审核年度报告核对结果"
ENTER_MUTUAL_FINDING = "finding_enter"  # a 互查 finding entered on the 季度互查 page (issue 14 item 2)
ACTION_LABELS[ENTER_MUTUAL_FINDING] = "录入互查问题"
