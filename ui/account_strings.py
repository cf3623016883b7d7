"""Chinese UI strings of login, roles and the audit log (issue 11); kept apart from strings.py to stay local."""

NAV_AUDIT = "审计日志"
NOT_LOGGED_IN = "尚未登录，或登录已超时（{minutes} 分钟无操作）。"
LOGIN_LINK = "前往登录页"
LOGOUT = "退出登录"
SIGNED_IN_AS = "{name}（{login}）· {role}"
SIGNED_IN_UNITS = "负责单位：{units}"
PAGE_REFUSED = "{role}无权使用本页面（需要“{permission}”权限）。"
MUST_CHANGE_TITLE = "首次登录，请先修改密码"
MUST_CHANGE_HELP = "密码至少 8 位，须同时包含字母和数字；修改后才能使用看板。"
OLD_PASSWORD = "原密码"
NEW_PASSWORD = "新密码"
NEW_PASSWORD_AGAIN = "再次输入新密码"
CHANGE_PASSWORD = "修改密码"
PASSWORDS_DIFFER = "两次输入的新密码不一致。"
PASSWORD_CHANGED = "密码已修改。"
ACTING_AS = "经办人：{person}（当前登录账号）"
DEMO_ACCOUNTS = (
    "演示账号（密码均为 `demo1234`）：`demo_admin` 管理员、`demo_office` 办公室、`demo_leader` 领导、"
    "`demo_liaison` 单位联络员（县教育局）。"
)

AUDIT_TITLE = "审计日志"
AUDIT_HELP = (
    "记录登录（含统一身份认证）、退出、导入、撤销、重新处理、标记、冲突处理、豁免、签发、文件导出、设置文件变更、账号变更，"
    "网页和命令行的操作都在内；只能查看，不能修改或删除。记录至少保存 6 个月（网络安全法 第二十一条）。"
)
AUDIT_FROM = "起始日期"
AUDIT_TO = "截止日期"
AUDIT_LOGIN = "账号"
AUDIT_ACTION = "操作"
AUDIT_ALL = "全部"
AUDIT_EMPTY = "所选范围内没有审计记录。"
AUDIT_OUTCOME = "结果"
AUDIT_CONTAINS = "对象或说明包含"
AUDIT_CONTAINS_HELP = "如批次号、文件名、SHA-256 的前几位、问题编号"
AUDIT_BAD_RANGE = "起始日期晚于截止日期，请重新选择。"
AUDIT_TRUNCATED = "只显示最新的 {limit} 条；请缩小日期范围或加筛选条件。导出的文件与所显示的相同。"
AUDIT_COUNT = "共 {count} 条"
AUDIT_COLUMNS = {
    "entry_id": "序号",
    "logged_at": "时间",
    "login": "账号",
    "role": "角色",
    "action": "操作",
    "object": "对象",
    "before": "变更前",
    "after": "变更后/说明",
    "outcome": "结果",
    "address": "客户端地址",
}
