"""Every Chinese UI string, grouped by page; tests import the same constants."""

from core.annual_reports import vocabulary as annual_vocabulary
from core.monitoring import vocabulary as monitoring_vocabulary
from core.rectification import vocabulary as rectification_vocabulary
from core.requests import vocabulary as requests_vocabulary

APP_TITLE = "政务公开绩效看板"
# every selectbox and multiselect passes it: Streamlit's own is "Choose an option" / "No options to select"
CHOOSE = "请选择"

# navigation
NAV_OVERVIEW = "总览"
NAV_IMPORTS = "数据导入"

# sidebar
SIDEBAR_MONTH = "统计月份"
SIDEBAR_GROUP = "单位范围"
SIDEBAR_NO_DATA = "暂无发布数据"

# demo and first start
DEMO_BANNER = (
    "当前显示的是**演示数据**（虚构的“清源县”46个单位），用于熟悉功能。"
    "导入真实台账：在左侧“数据导入”页上传单位名录、栏目目录和各类台账；"
    "或在命令行运行 `python -m loaders import 文件…`。"
    "若要从空库开始，请设置环境变量 `DASHBOARD_DB` 指向新的数据库文件。"
)
BUILDING_DEMO = "首次启动：正在用内置样例台账建立演示数据库…"
BUILDING_FILE = "正在导入 {done}/{total}：{name}"
DB_WAITING = "数据库正被导入程序占用，正在等待…"

# errors
UNEXPECTED_ERROR = "页面出现意外错误，已记录到服务器日志。请刷新页面重试；若反复出现，请联系信息化管理员。"

# overview
OVERVIEW_TITLE = "总览"
KPI_ITEMS = "本月发布信息"
KPI_SILENT = "上周未更新单位"
KPI_STALE = "超期未更新栏目"
KPI_BLANK = "空白栏目"
KPI_OPEN = "未完成整改问题"
KPI_OVERDUE = "逾期未整改"
KPI_SILENT_HELP = (
    "“一周一更新”：最近一个完整自然周（{week_start} 至 {week_end}）没有发布任何信息的单位数（共 {units} 个单位）"
)
KPI_STALE_HELP = "截至 {as_of}，距最近一次更新的天数超过栏目类别规定周期的栏目"
OVERVIEW_BY_UNIT = "各单位本月发布数量"
OVERVIEW_SILENT_LIST = "上周（{week_start} 至 {week_end}）未更新的单位"
OVERVIEW_STALE_LIST = "超期未更新栏目（最久在前）"
OVERVIEW_EMPTY = "所选范围内暂无数据。请先在“数据导入”页导入台账。"
AS_OF_CAPTION = "统计截至 {as_of}（{label}）"

# imports
IMPORTS_TITLE = "数据导入"
UPLOAD_LABEL = "选择台账文件（可多选：.xlsx / .xls / .xlsm / .csv）"
UPLOAD_HELP = "上传框的英文按钮文字由系统自带，无法改为中文：“Browse files”即“选择文件”。"
UPLOAD_BUTTON = "开始导入"
UPLOAD_PROGRESS = "正在导入 {done}/{total}：{name}"
UPLOAD_DONE = "导入完成：{files} 个文件。"
UPLOAD_REFUSED = "{name}：无法导入，未写入任何数据。{message}"
UPLOAD_UNEXPECTED = "处理该文件时出现意外错误，已记录到服务器日志；其他文件不受影响。"
OUTCOME_TABLE = "各文件导入结果"
QUARANTINE_TITLE = "隔离区（未导入的行及原因）"
QUARANTINE_EMPTY = "隔离区为空：所有数据行均已入库。"
QUARANTINE_HINT = "修正单位名录或栏目目录后，点击“重新处理隔离行”；也可以修正原文件后重新导入。"
REPROCESS_BUTTON = "重新处理隔离行"
REPROCESS_DONE = "重新处理完成：{summary}"
UNREGISTERED_TITLE = "未登记栏目（台账中出现、栏目目录中没有，已按名称推定类别，请确认）"
TEMPLATES_TITLE = "下载导入模板"
HISTORY_TITLE = "导入批次记录"
UNDO_BUTTON = "撤销最近一次导入（第 {import_id} 批：{file}）"
UNDO_DONE = "已撤销第 {import_id} 批导入。"
UNDO_NONE = "没有可撤销的导入。"

COLUMN_LABELS = {
    "file": "文件",
    "kind": "台账类型",
    "rows": "数据行",
    "loaded": "新增",
    "updated": "更新",
    "duplicate": "重复",
    "rejected": "隔离",
    "import_id": "批次",
    "file_name": "文件",
    "sheet": "工作表",
    "row_number": "行号",
    "reason": "原因",
    "raw_json": "原始内容",
    "source": "来源",
    "started_at": "导入时间",
    "status": "状态",
    "sheets_skipped": "跳过的工作表",
    "unit_name": "单位",
    "unit_type": "单位类型",
    "items": "本月发布",
    "items_this_week": "上周发布",
    "column_name": "栏目",
    "category": "栏目类别",
    "limit_days": "规定周期(天)",
    "last_published_on": "最近更新",
    "days_since": "距今天数",
    "state": "状态",
    "guessed_category": "推定类别",
    "item_count": "信息条数",
    "quarantine_id": "编号",
}
SOURCE_LABELS = {"cli": "命令行", "app": "网页上传", "demo": "演示数据", "reprocess": "隔离区重新处理"}
STATUS_LABELS = {"completed": "已完成", "undone": "已撤销"}

# navigation (monitoring)
NAV_PUBLICATIONS = "发布统计"
NAV_FRESHNESS = "更新频率"
NAV_TIMELINESS = "发布及时性"
DOWNLOAD_XLSX = "下载本表（Excel）"
FALLBACK_NOTE = (
    "{years}年尚无官方节假日安排（data/holidays.csv 未补录），涉及这些年份的工作日按周一至周五推算，结果仅供参考。"
)
TRUNCATED_NOTE = "仅显示前 {limit} 条；请下载或缩小范围查看全部。"

# 发布统计
PUB_TITLE = "发布统计"
PUB_THIS_MONTH = "本月发布"
PUB_LAST_MONTH = "上月"
PUB_LAST_YEAR = "去年同月"
PUB_HEATMAP = "各单位逐月发布数量（近13个月）"
PUB_HEATMAP_UNITS = "热力图各行单位（点击“查看画像”打开该单位的单位画像）"
PUB_CATEGORY = "按栏目类别"
PUB_TREND = "发布趋势（按单位类型）"
PUB_COMPARISON = "本月与上月、去年同月对比"
PUB_UNIT = "查看单位"
PUB_UNIT_ITEMS = "{unit} 本月发布的信息"
PUB_UNIT_TREND = "{unit} 逐月发布趋势"
PUB_UNIT_NONE = "该单位本月没有发布信息。"

# 更新频率
FRESH_TITLE = "更新频率"
FRESH_STALE = "超期未更新"
FRESH_WARN = "即将超期"
FRESH_BLANK = "空白栏目"
FRESH_EXEMPT = "已豁免"
# Wording per state of core.monitoring.vocabulary.
FRESHNESS_STATE_LABELS = {
    monitoring_vocabulary.STALE: FRESH_STALE,
    monitoring_vocabulary.WARNING: FRESH_WARN,
    monitoring_vocabulary.BLANK: FRESH_BLANK,
    monitoring_vocabulary.EXEMPT: FRESH_EXEMPT,
}
FRESH_CAPTION = (
    "截至 {as_of}：距最近一次更新的天数与栏目类别规定周期（或栏目自设周期）比较；达到周期的{warn}%进入预警。"
)
FRESH_PROBLEMS = "超期栏目与空白栏目（超期最久在前）"
FRESH_ALL = "全部栏目明细"
FRESH_NO_PROBLEMS = "没有超期或空白栏目。"
WEEKLY_TITLE = "一周一更新"
WEEKLY_RANGE = "统计区间"
WEEKLY_RANGES = ("本月", "近13周")
WEEKLY_CAPTION = "按自然周（周一至周日）统计每个单位的发布条数；红色为该周没有任何发布，灰色为整周放假无须更新。"
WEEKLY_SUMMARY = "各单位缺更周数"
WEEKLY_NONE_YET = "本月还没有结束的自然周：本月第一周到 {first_sunday}（周日）结束后开始统计；上月各周请在“统计月份”选上月，或选“近13周”。"
EXEMPT_TITLE = "栏目豁免"
EXEMPT_HELP = "确无新内容的栏目（如本年无新规划）可在一定期间内豁免超期判定；每条豁免记录原因和经办人，可随时撤销。"
EXEMPT_UNIT = "单位"
EXEMPT_COLUMN = "栏目"
EXEMPT_FROM = "豁免开始"
EXEMPT_TO = "豁免结束"
EXEMPT_REASON = "原因"
EXEMPT_NOTE = "补充说明（可选）"
EXEMPT_BY = "经办人"
EXEMPT_ADD = "添加豁免"
EXEMPT_ADDED = "已添加豁免。"
EXEMPT_LIST = "豁免记录"
EXEMPT_NONE = "暂无豁免记录。"
EXEMPT_REVOKE = "撤销所选豁免"
EXEMPT_REVOKE_PICK = "选择要撤销的豁免（编号）"
EXEMPT_REVOKED = "已撤销豁免。"

# 发布及时性
TIME_TITLE = "发布及时性"
TIME_CAPTION = "《政府信息公开条例》第二十六条：自信息形成之日起20个工作日内公开。按工作日计算（不含形成当日，节假日不计，调休上班日计入）；缺成文日期的信息计为“未知”。"
TIME_ITEMS = "本月发布"
TIME_ON_TIME = "按时"
TIME_LATE = "超期"
TIME_UNKNOWN = "未知（缺成文日期）"
TIME_RATE = "超期率"
TIME_BY_UNIT = "各单位发布及时性"
TIME_LATE_LIST = "超期发布的信息"
TIME_NONE_LATE = "本月没有超期发布的信息。"

COLUMN_LABELS |= {
    "month": "月份",
    "this_month": "本月",
    "months_total": "近13个月合计",
    "last_month": "上月",
    "last_year": "去年同月",
    "change_vs_last_month": "比上月",
    "change_vs_last_year": "比去年同月",
    "published_on": "发布日期",
    "title": "标题",
    "created_on": "成文日期",
    "doc_number": "文号",
    "url": "链接",
    "warn_days": "预警天数",
    "registered_on": "开设日期",
    "days_over": "超期天数",
    "exemption": "豁免原因",
    "weeks_required": "应更新周数",
    "weeks_missing": "缺更周数",
    "missing_weeks": "缺更的周（周一）",
    "on_time": "按时",
    "late": "超期",
    "unknown": "未知",
    "late_rate": "超期率",
    "workdays": "用时(工作日)",
    "due_on": "应公开截止",
    "uses_fallback": "按周一至周五推算",
    "exemption_id": "编号",
    "start_on": "开始",
    "end_on": "结束",
    "created_by": "经办人",
    "created_at": "登记时间",
    "revoked_by": "撤销人",
    "revoked_at": "撤销时间",
    "active": "有效",
    "week_start": "周一",
    "week_end": "周日",
    "batch_status": "状态",
}

# 整改跟踪
NAV_RECTIFICATION = "整改跟踪"
RECT_TITLE = "整改跟踪"
RECT_CAPTION = "截至 {as_of}：逾期 = 未在整改期限前完成整改（“回头看”未通过的视为重新打开）。"
RECT_OPEN = "未完成整改"
RECT_OVERDUE = "逾期未整改"
RECT_NEW_OVERDUE = "本周新增逾期"
RECT_DUE_SOON = "5个工作日内到期"
RECT_DONE = "已整改"
RECT_LATE_DONE = "其中逾期完成"
RECT_BY = "分类统计"
RECT_BY_TABS = {"unit_name": "按单位", "inspection": "按检查", "problem_type": "按问题类型"}
RECT_AGING = "未完成问题的时长分布"
RECT_OVERDUE_LIST = "逾期未整改清单（逾期最久在前）"
RECT_CHASE = "催办清单"
RECT_CHASE_HELP = "本周新增逾期、5个工作日内到期的问题，可下载后发给各单位督办。"
RECT_NONE = "没有符合条件的问题。"
RECT_TIMELINE = "单个问题的整改记录"
RECT_PICK = "选择问题"
RECT_MARK = "人工标记整改状态"
RECT_MARK_HELP = "如电话核实已整改：标记会记入整改记录（经办人、时间、说明）；之后导入的台账若与之不一致，将列为冲突待处理，不会直接覆盖。"
RECT_MARK_STATUS = "新的整改状态"
RECT_MARK_DATE = "整改完成日期"
RECT_MARK_NOTE = "说明（如：电话核实）"
RECT_MARK_BUTTON = "保存标记"
RECT_MARKED = "已保存标记。"
RECT_CONFLICTS = "台账与人工标记的冲突"
RECT_CONFLICT_PICK = "选择冲突"
RECT_TAKE_LEDGER = "采用台账状态"
RECT_KEEP_MARK = "保留人工标记"
RECT_CONFLICT_DONE = "冲突已处理。"
RECT_EMPTY = "暂无整改问题。请在“数据导入”页导入问题清单。"
SOURCE_HISTORY = {"import": "台账导入", "user": "人工标记", "user-release": "冲突处理"}

# 依申请公开
NAV_REQUESTS = "依申请公开"
REQ_TITLE = "依申请公开"
REQ_CAPTION = "{year}年1月1日至 {as_of} 收到的申请（含上年结转未办结的）。答复期限：20个工作日（不含收到当日），经批准可延长一次、不超过20个工作日；补正后重新起算；征求第三方意见的时间不计入。"
REQ_RECEIVED = "收到申请"
REQ_ON_TIME = "按时答复"
REQ_LATE = "超期答复"
REQ_OPEN = "办理中"
REQ_OVERDUE = "逾期未答复"
# Wording per state of core.requests.vocabulary: rewording a label never changes which requests are counted.
REQUEST_STATE_LABELS = {
    requests_vocabulary.ON_TIME: REQ_ON_TIME,
    requests_vocabulary.LATE: REQ_LATE,
    requests_vocabulary.OPEN: REQ_OPEN,
    requests_vocabulary.OVERDUE: REQ_OVERDUE,
}
REQ_BY_UNIT = "各单位办理情况"
REQ_RATE_NOTE = "答复少于{n}件的单位只显示件数，不计算按时率。"
REQ_DISTRIBUTION = "答复用时分布（工作日）"
REQ_OUTCOMES = "办理结果（按年报表三口径）"
REQ_OPEN_LIST = "未答复的申请（逾期在前）"
REQ_EXPLAIN = "答复期限是怎样算出来的"
REQ_PICK = "选择申请"
REQ_EMPTY = "所选期间没有依申请公开记录。"

COLUMN_LABELS |= {
    "finding_id": "问题ID",
    "finding_no": "问题编号",
    "inspection": "检查",
    "found_on": "发现日期",
    "problem_type": "问题类型",
    "description": "问题描述",
    "deadline": "整改期限",
    "status": "台账状态",
    "rectified_on": "整改完成日期",
    "review": "回头看",
    "days_overdue": "逾期天数",
    "days_open": "已持续天数",
    "age_bucket": "时长",
    "rectification_note": "整改情况",
    "total": "合计",
    "overdue": "逾期",
    "changed_at": "时间",
    "old_status": "原状态",
    "new_status": "新状态",
    "changed_by": "经办人",
    "note": "说明",
    "conflict_id": "冲突ID",
    "kept_status": "现状态（人工标记）",
    "ledger_status": "台账状态",
    "ledger_rectified_on": "台账完成日期",
    "detected_at": "发现时间",
    "request_no": "申请编号",
    "received_on": "收到日期",
    "replied_on": "答复日期",
    "channel": "申请方式",
    "applicant_type": "申请人类型",
    "extension_count": "延期次数",
    "outcome": "办理结果",
    "reply_workdays": "用时(工作日)",
    "flags": "提示",
    "received": "收到",
    "open": "办理中",
    "open_overdue": "逾期未答复",
    "on_time_rate": "按时率",
    "bucket": "用时",
    "requests": "件数",
    "explanation": "期限计算",
    "due_uses_fallback": "按周一至周五推算",
    "file_name": "来源文件",
}

# 考核排名
NAV_RANKING = "考核排名"
RANK_TITLE = "考核排名"
RANK_FROZEN = "本月通报已于 {at} 由 {by} 发布并冻结（文号 {doc}），使用考核细则“{rubric}”（版本 {version}）。之后导入的台账不会改变已发布的结果。"
RANK_LIVE = "本月尚未发布通报：以下为按当前数据和现行考核细则“{rubric}”实时计算的结果。发布后冻结。"
RANK_TOP = "前三名"
RANK_BOTTOM = "后三名"
RANK_TREND = "名次变化（近6个月）"
RANK_TREND_UNITS = "选择单位"
RANK_BREAKDOWN = "单位得分明细（逐项可查）"
RANK_UNIT = "选择单位"
RANK_SCORE = "得分"
RANK_RANK = "名次"
RANK_DEDUCTIONS = "扣分"
RANK_BONUSES = "加分"
RANK_NO_LINES = "本月无扣分、加分项。"
RANK_CHANGES = "重新计算与已发布结果的差异"
RANK_NO_CHANGES = "按发布时的考核细则重新计算，结果与已发布的一致。"
RANK_CHANGES_NOTE = "以下单位若现在重新计算会有变化（因发布后导入的台账、人工标记或豁免）；已发布结果不变。"
RANK_FREEZE = "签发本月通报（冻结排名）"
RANK_FREEZE_HELP = "发布后，本月得分、排名和所用考核细则版本将被冻结，之后导入的台账不会改变已发布内容。"
RANK_FREEZE_BY = "发布人"
RANK_FREEZE_DOC = "通报文号"
RANK_FREEZE_BUTTON = "发布并冻结"
RANK_FROZEN_DONE = "已发布并冻结。"
RANK_DOCS = "导出文件"
RANK_DOC_BULLETIN = "月度通报（Word）"
RANK_DOC_NOTICES = "整改通知书（全部单位，zip）"
RANK_DOC_RANKING = "排名表（Excel）"
RANK_DOC_CHART = "排名图（PNG，{group}）"
COLUMN_LABELS |= {
    "group_name": "考核组别",
    "base": "基础分",
    "deductions": "扣分",
    "bonuses": "加分",
    "score": "得分",
    "rank": "名次",
    "grade": "等次",
    "movement": "较上月名次",
    "main": "主要扣分项",
    "indicator": "指标",
    "rule_name": "考核内容",
    "count": "次数",
    "points": "每次分值",
    "amount": "扣（加）分",
    "evidence": "依据（失分原因）",
    "frozen_score": "发布时得分",
    "score_now": "现在计算得分",
    "frozen_rank": "发布时名次",
    "rank_now": "现在计算名次",
}
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stToolbar"], header, .stDownloadButton, .stButton,
  [data-testid="stExpander"], [data-testid="stTextInput"] { display: none !important; }
  .main .block-container { padding: 0 !important; max-width: 100% !important; }
  /* a page that carries a print document (.rank-print, exports.printout) prints only that: every unit, no
     canvas table cut at its scroll box, no chart cut at the right (issue 12 item 1) */
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] > *:not(:has(.rank-print)) { display: none !important; }
  .stApp:has(.rank-print) [data-testid="stAppViewContainer"], .stApp:has(.rank-print) [data-testid="stMain"],
  .stApp:has(.rank-print) { overflow: visible !important; height: auto !important; position: static !important; }
  .stApp:has(.rank-print) [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
}
</style>"""

# issue 10: 待补正 (条例 第三十条), the counts behind 按时率, 单项否决-style column flags
REQ_AWAITING_CORRECTION = "待补正"
REQUEST_STATE_LABELS[requests_vocabulary.AWAITING_CORRECTION] = REQ_AWAITING_CORRECTION
REQ_RATE_DEFINITION = "按时率 = 按时答复件数 ÷（已答复件数 + 逾期未答复件数）；待补正、未到期的不计入。计入件数少于{n}件的单位只显示件数。"
COLUMN_LABELS |= {
    "replied": "已答复",
    "awaiting_correction": "待补正",
    "rate_base": "按时率计入件数",
}
FRESH_VETO = "{n}个单位达到单项否决标准（超期未更新栏目或空白栏目达5个，参照国办秘函〔2019〕19号）："
COLUMN_LABELS |= {
    "stale_columns": "超期栏目数",
    "blank_columns": "空白栏目数",
    "interval": "规定周期",
}
COLUMN_LABELS |= {  # the fallback now also skips 元旦, 劳动节 and 国庆节's fixed dates (core.calendar.workdays)
    "uses_fallback": "按推算日历（估算）",
    "due_uses_fallback": "按推算日历（估算）",
    "estimated": "按推算日历（估算）",
}
FALLBACK_NOTE = (
    "{years}年尚无官方节假日安排（data/holidays.csv 未补录），涉及这些年份的工作日按周一至周五推算"
    "（已扣除元旦、劳动节、国庆节的法定固定日期假日），结果为估算，仅供参考。"
)
# every data page: how far the ledgers reach (issue 10)
LEDGER_LATEST = "台账最新日期：{latest}"
MONTH_PARTIAL = "本月数据截至 {day} 日，与上月、去年同月等整月的比较只含部分月份"

# 整改跟踪: 整改反馈 and its review (issue 11)
FEEDBACK_STATE_LABELS = {state: state for state in rectification_vocabulary.FEEDBACK_STATES}
FEEDBACK_NONE = "未反馈"
SOURCE_HISTORY |= {
    rectification_vocabulary.SOURCE_FEEDBACK: "整改反馈",
    rectification_vocabulary.SOURCE_FEEDBACK_ACCEPTED: "反馈审核通过",
    rectification_vocabulary.SOURCE_FEEDBACK_RETURNED: "反馈退回",
}
RECT_FB_QUEUE = "待审核反馈"
RECT_FB_QUEUE_COUNT = "待审核件数"
RECT_FB_QUEUE_HELP = (
    "各单位联络员提交的整改反馈，先交先审。通过：问题记为已整改，整改完成日期按反馈所填；"
    "退回：须写明理由，问题仍未完成，联络员看到理由后可再次反馈。两者都记入问题的整改记录和审计日志。"
)
RECT_FB_QUEUE_EMPTY = "没有待审核的整改反馈。"
RECT_FB_READ_ONLY = "整改反馈由县政务公开办审核；本账号只能查看。"
RECT_FB_PICK = "选择要审核的反馈"
RECT_FB_BODY = "整改情况"
RECT_FB_DETAIL = "{unit} 的问题 {no}：{by} 于 {at} 提交，整改完成日期 {day}。"
RECT_FB_LINK_SHOWN = "证明材料链接：{url}"
RECT_FB_OPEN_LINK = "打开证明材料链接"
RECT_FB_DOWNLOAD = "下载证明材料文件：{name}（{kb} KB）"
RECT_FB_NO_EVIDENCE = "未附证明材料。"
RECT_FB_REASON = "退回理由（退回时必填，联络员可见）"
RECT_FB_ACCEPT = "通过"
RECT_FB_RETURN = "退回"
RECT_FB_ACCEPTED = "已通过：问题记为已整改。"
RECT_FB_RETURNED = "已退回，联络员可看到理由。"
RECT_FB_MINE = "本单位整改反馈"
RECT_FB_MINE_HELP = (
    "对未完成的问题提交整改反馈：写明整改情况和完成日期，可附证明材料链接（http:// 或 https://）"
    "或文件（{types}，不超过 {mb} MB）。县政务公开办审核通过后问题记为已整改；退回的请按理由补充后再次反馈。"
)
RECT_FB_MINE_EMPTY = "本单位没有未完成整改的问题，也没有提交过整改反馈。"
RECT_FB_RETURNED_NOTE = "问题 {no} 的反馈已被退回（{by}，{at}）：{reason}"
RECT_FB_FORM = "提交整改反馈"
RECT_FB_FORM_PICK = "要反馈的问题"
RECT_FB_DATE = "整改完成日期"
RECT_FB_LINK = "证明材料链接（可选）"
RECT_FB_FILE = "证明材料文件（可选）"
RECT_FB_SUBMIT = "提交整改反馈"
RECT_FB_SUBMITTED = "已提交，等待县政务公开办审核。"
RECT_FB_NOTHING_TO_ANSWER = "没有可以反馈的问题：未完成的问题都已提交反馈，正等待审核。"
COLUMN_LABELS |= {
    "feedback_id": "反馈编号",
    "body": "整改情况",
    "evidence_url": "证明材料链接",
    "evidence_name": "证明材料文件",
    "submitted_by": "提交人",
    "submitted_at": "提交时间",
    "feedback_state": "反馈状态",
    "decided_by": "审核人",
    "decided_at": "审核时间",
    "return_reason": "退回理由",
}
# 考核排名: the leader's box, 签发 with confirmation, withdrawal and versions, print (issue 12 items 1, 4, 7; issue 11)
RANK_LAST_BOX = "{group}　末位单位及主要扣分"
RANK_LAST_UNIT = "**{unit}**　第{rank}名　{score}分"
RANK_LAST_LINE = "{rule}　{amount}分（{evidence}）"
RANK_LAST_NONE = "本组无扣分。"
RANK_FREEZE_CONFIRM = (
    "确认签发{month}月度通报（第{version}版，文号 {doc}）？签发后本月各单位得分、排名和考核细则版本“{rubric}”将被冻结，"
    "之后导入的台账不再改变通报；如需更正，只能由领导写明原因撤回，再重新签发为新的版本。"
)
RANK_FREEZE_CONFIRM_BUTTON = "确认签发"
RANK_FREEZE_CANCEL = "取消"
RANK_FREEZE_ASK = "签发本月通报…"
RANK_WITHDRAW = "撤回已签发的通报"
RANK_WITHDRAW_HELP = "撤回后本月恢复为按当前数据实时计算，可修改后重新签发（新的版本）；已撤回的版本保留可查，注明撤回原因、撤回人和时间。"
RANK_WITHDRAW_REASON = "撤回原因（必填）"
RANK_WITHDRAW_BUTTON = "撤回通报"
RANK_WITHDRAWN_DONE = "已撤回，本月恢复为实时计算。"
RANK_VERSIONS = "签发记录"
RANK_VERSION_PICK = "查看版本"
RANK_VERSION_CURRENT = "现行结果"
RANK_VERSION_OPTION = "第{version}版（{state}）"
RANK_VERSION_IN_FORCE = "生效中"
RANK_VERSION_WITHDRAWN = "已撤回"
RANK_WITHDRAWN_BANNER = "正在查看已撤回的第{version}版：{at} 由 {by} 签发（文号 {doc}），{withdrawn_at} 由 {withdrawn_by} 撤回，原因：{reason}"
RANK_DOC_PDF = "打印/导出PDF"
COLUMN_LABELS |= {
    "version": "版本",
    "frozen_at": "签发时间",
    "frozen_by": "签发人",
    "doc_number": "文号",
    "version_state": "状态",
    "withdrawn_at": "撤回时间",
    "withdrawn_by": "撤回人",
    "withdraw_reason": "撤回原因",
}
# 工作节奏 (issue 14): weekly reminders, quarterly 互查
NAV_RHYTHM = "工作节奏"
RHYTHM_TITLE = "工作节奏：每周提醒"
RHYTHM_TAB_REMIND = "每周提醒"
RHYTHM_DAY = "提醒日（通常为周一）"
RHYTHM_CAPTION = (
    "按 {day} 判断：上一个完整自然周为 {start} 至 {end}；“5个工作日内”指 {day} 至 {horizon}。"
    "定时发送用命令 python -m exports remind（见 README“每周提醒”）。"
)
RHYTHM_SILENT = "上周未发布的单位"
RHYTHM_WARNING = "即将超期栏目"
RHYTHM_OVERDUE = "整改新逾期"
RHYTHM_FINDINGS_SOON = "整改5日内到期"
RHYTHM_REQUESTS_SOON = "依申请5日内到期"
RHYTHM_SUMMARY = "办公室汇总（可复制）"
RHYTHM_UNITS = "各单位提醒（{n}个单位，可复制）"
RHYTHM_NO_UNITS = "本周没有需要提醒的单位。"
RHYTHM_ALL_TEXT = "全部提醒文本（可复制）"
RHYTHM_CHASE_XLSX = "下载催办单（Excel）"
RHYTHM_NO_CONTACT = "（单位名录未登记联络员手机）"
RHYTHM_SEND_LOG = "发送记录（近30天）"
RHYTHM_SEND_LOG_EMPTY = "近30天没有发送记录。"
COLUMN_LABELS |= {
    "sent_at": "发送时间",
    "reminder_day": "提醒日",
    "send_channel": "渠道",
    "address": "发送地址",
    "part": "第几条",
    "parts": "共几条",
    "ok": "成功",
    "answer": "对方答复",
    "attempt": "第几次发送",
}
NAV_INSPECTION = "季度互查"
INSP_TITLE = "一季一互查"
INSP_QUARTER = "季度"
INSP_CAPTION = (
    "互查安排规则：不检查本单位，不连续两个季度检查同一单位，每个被检查单位安排一个检查单位，任务平均分配。"
    "互查发现的问题通过问题清单导入（检查名称含“互查”，如“{label}互查”；未写季度的按发现日期归入季度），"
    "或在下方“录入互查发现的问题”中逐条录入。"
)
INSP_PLAN = "互查安排（{n}对）"
INSP_NO_PLAN = "尚未保存{label}的互查安排。"
INSP_EDIT = "制定或调整互查安排"
INSP_INSPECTORS = "检查单位（参加检查的单位）"
INSP_PROPOSE = "按轮换规则生成安排"
INSP_UNASSIGNED = "以下单位无法安排检查单位（检查单位太少或与上季度重复）：{names}"
INSP_EDITOR_HELP = "可直接修改“检查单位”列，保存前按规则检查。"
INSP_SAVE = "保存互查安排"
INSP_SAVED = "已保存{label}互查安排，共{n}对。"
INSP_PLAN_XLSX = "下载互查分工与检查清单（Excel）"
INSP_RESULTS = "互查结果（截至 {as_of}）"
INSP_BULLETIN = "下载互查情况通报（Word）"
COLUMN_LABELS |= {
    "inspector_name": "检查单位",
    "inspected_name": "被检查单位",
    "findings": "发现问题",
    "rectified": "已整改",
    "unfinished": "未完成整改",
    "last_due_on": "最迟整改期限",
    "review_passed": "回头看通过",
    "review_failed": "回头看未通过",
    "review_pending": "待回头看",
}
NAV_ASSESSMENT = "年度考评"
ASSESS_TITLE = "一年一考评"
ASSESS_YEAR = "年度"
ASSESS_CAPTION = (
    "{rule}：年度得分 = 月度得分平均 × {weight} + 年度项目（{items}）。计入月份：{months}（已签发的月份用签发时的得分）。"
    "等次：{grades}。规则见 data/assessment.toml。"
)
ASSESS_EMPTY = "{year}年尚无可计分的月份。"
ASSESS_GROUP = "{group}（{n}个单位）"
ASSESS_UNIT = "单位年度详情"
ASSESS_PICK = "选择单位"
ASSESS_MONTHS = "各月得分"
ASSESS_ITEMS = "年度项目"
ASSESS_BULLETIN = "下载年度考评结果通报（Word）"
COLUMN_LABELS |= {
    "monthly_average": "月度平均分",
    "items_total": "年度项目得分",
    "item": "年度项目",
    "item_points": "得分",
    "item_explanation": "计分说明",
}
# issue 13: 年度报告 (pages/annual_reports.py, exports/annual_review.py)

NAV_ANNUAL = "年度报告"
ANNUAL_TITLE = "政府信息公开工作年度报告"
ANNUAL_CAPTION = (
    "各单位应于次年1月31日前公开上一年度的年度报告（条例第四十九条）。上传单位公开的报告（Word、网页、有文字层的 PDF、"
    "Excel 或文本），逐项核对表格勾稽关系、正文与表格是否一致、与上年报告和看板台账是否衔接；"
    "空白、“/”、“—”单元格按缺失处理，从不当作0。"
)
ANNUAL_YEAR = "报告年度"
ANNUAL_UNITS = "单位数"
ANNUAL_RECEIVED = "已报送"
ANNUAL_MISSING = "逾期未报送"
ANNUAL_WITH_FAILS = "有不通过项的单位"
ANNUAL_STATUS = "各单位报送与核对情况"
ANNUAL_UPLOAD = "上传年度报告"
ANNUAL_UPLOAD_LABEL = "选择年度报告文件（可多选：.docx .html .htm .pdf .xlsx .xls .txt）"
ANNUAL_UPLOAD_HELP = "旧版 .doc/.wps 请先另存为 .docx；扫描件 PDF 无法核对，请改传 Word 或网页版。"
ANNUAL_PUBLISHED_ON = "公开（报送）日期"
ANNUAL_IMPORT = "导入并核对"
ANNUAL_CHECK_ONLY = "只核对，不保存"
ANNUAL_CHECK_ONLY_HELP = "用于单位在公开前自查草稿：结果只显示在本页，不写入数据库。"
ANNUAL_REFUSED = "**{name}** 未导入：{message}"
ANNUAL_STORED = "**{name}**：{unit} {year}年度报告已导入，{fails}项不通过、{uncertain}项无法确定"
ANNUAL_CHECKED = "**{name}**（未保存）：{unit} {year}年度报告，{fails}项不通过、{uncertain}项无法确定"
ANNUAL_UNIT = "查看单位"
ANNUAL_CHECKS = "逐项核对结果"
ANNUAL_NO_REPORTS = "本年度还没有导入任何单位的年度报告。"
ANNUAL_REVIEW_DOWNLOAD = "下载审查意见（Word）"
ANNUAL_SUMMARY_DOWNLOAD = "下载全县汇总表（Excel）"
ANNUAL_TABLES = "报告中的表格"
ANNUAL_TABLES_CAPTION = "按报告原样列出；所选核对项涉及的单元格标红。“（空）”为报告留空的单元格，按缺失处理，不当作 0。"
ANNUAL_TABLES_CHECK = "标出哪一项涉及的单元格"
ANNUAL_TABLES_ROW = "行"
ANNUAL_TABLES_NONE = "该报告没有读到表格。"
ANNUAL_YOY = "与上年报告对比"
ANNUAL_YOY_NONE = "没有该单位上一年度的报告，无法对比。"
COLUMN_LABELS |= {"figure": "项目", "previous_year": "上年报告", "this_year": "本年报告", "change": "增减"}
ANNUAL_NOTES = "读取时的说明：{notes}"
CHECK_STATUS_LABELS = annual_vocabulary.STATUS_LABELS
CHECK_SEVERITY_LABELS = annual_vocabulary.SEVERITY_LABELS
RECEIPT_STATE_LABELS = annual_vocabulary.RECEIPT_LABELS
REPORT_FORMAT_LABELS = annual_vocabulary.FORMAT_LABELS
# its own labels: 状态/文件 mean other things on other pages
ANNUAL_COLUMN_LABELS = COLUMN_LABELS | annual_vocabulary.COLUMN_LABELS
# 单位画像 / 本单位 (issue 12 item 5, issue 11 pages per role)
NAV_UNIT = "单位画像"
NAV_OWN_UNIT = "本单位"
UNIT_PICK = "单位"
UNIT_NONE_IN_SCOPE = "您的账号没有可查看的单位，请联系县政务公开办或管理员。"
UNIT_REFUSED = "无权查看“{unit}”：您只能查看本单位（{own}）的情况。"
UNIT_UNKNOWN = "未找到单位“{unit}”，请从下拉列表中选择。"
UNIT_HEADER = "{unit_type}｜{group}｜{assessed}"
UNIT_ASSESSED = "参加考核"
UNIT_NOT_ASSESSED = "不参加考核"
UNIT_ITEMS = "发布信息（逐月）"
UNIT_ITEMS_MONTH = "{label}发布的信息"
UNIT_COLUMNS = "栏目更新情况"
UNIT_COLUMNS_NONE = "本单位没有登记栏目。"
UNIT_FINDINGS = "整改问题"
UNIT_FINDINGS_NONE = "截至统计日没有问题记录。"
UNIT_FINDING_LINE = "{no}｜{state}｜整改期限 {due}｜{description}"
UNIT_FINDING_NO_HISTORY = "没有整改记录。"
UNIT_REQUESTS = "依申请公开（{year}年）"
UNIT_REQUESTS_NONE = "本年度没有申请。"
UNIT_SCORES = "考核得分（近{months}个月）"
UNIT_SCORE_NOW = "{label}得分"
UNIT_RANK_NOW = "名次（{group}，共{n}个）"
UNIT_LINES = "{label}扣分与加分"
UNIT_LINES_NONE = "本月没有扣分或加分项。"
UNIT_NOT_RANKED = "本单位不参加考核排名。"
UNIT_OPEN_FINDINGS = "未完成整改"
UNIT_OPEN_REQUESTS = "未答复申请"
UNIT_LINK_HELP = "点击打开该单位的单位画像（本月份）"
UNIT_LINK_TEXT = "查看画像"
COLUMN_LABELS |= {
    "unit_page": "单位画像",
    "units_in_group": "组内单位数",
    "frozen": "已签发",
}

# 年度考评的签发与撤回（issue 14 item 3）
ASSESS_SIGNED = (
    "本年度考评结果已签发（第{version}版，签发人 {by}，{at}，文号 {doc}），以下为签发时的结果，台账变化不再影响。"
)
ASSESS_LIVE = "本年度考评结果尚未签发，以下按现有台账实时计算。"
ASSESS_SIGN_TITLE = "签发年度考评结果"
ASSESS_SIGN_DOC = "文号"
ASSESS_SIGN_ASK = "签发（冻结）年度考评结果"
ASSESS_SIGN_CONFIRM = "确认签发{year}年度考评结果第{version}版（文号 {doc}）？签发后结果冻结，后续导入不再改变。"
ASSESS_SIGN_CONFIRM_BUTTON = "确认签发"
ASSESS_SIGNED_DONE = "年度考评结果已签发。"
ASSESS_WITHDRAW_REASON = "撤回原因（必填）"
ASSESS_WITHDRAW = "撤回已签发的年度考评结果"
ASSESS_WITHDRAWN_DONE = "已撤回，年度考评结果恢复实时计算。"
ASSESS_VERSIONS = "签发记录"
# 年度报告: the office's decision on one 不通过/无法确定 result (issue 13 item 3)
ANNUAL_DECISION_LABELS = annual_vocabulary.DECISION_LABELS
ANNUAL_DECIDE = "审核不通过、无法确定的核对项"
ANNUAL_DECIDE_CHECK = "核对项"
ANNUAL_DECIDE_DECISION = "办公室意见"
ANNUAL_DECIDE_NOTE = "理由（必填）"
ANNUAL_DECIDE_SAVE = "保存意见"
ANNUAL_DECIDE_SAVED = "已保存：{check} {decision}。重新核对该报告时保留此意见。"
ANNUAL_DECIDE_NONE = "该单位没有不通过或无法确定的核对项。"
# 考核排名: the bulletin's free paragraphs and its preview (issue 12 item 3)
RANK_DRAFT = "通报草稿：工作要求与抄送（签发前可修改）"
RANK_DRAFT_HELP = "每行一段工作要求；保存后导出的通报使用这里的文字，签发后不能再改。"
RANK_DRAFT_REQUIREMENTS = "三、工作要求（每行一段）"
RANK_DRAFT_COPY_TO = "抄送"
RANK_DRAFT_SAVE = "保存通报段落"
RANK_DRAFT_SAVED = "通报段落已保存"
RANK_DRAFT_EDITED = "本月段落已由办公室修改（未修改时使用 data/office.toml 中的文字）。"
RANK_DRAFT_FROZEN = "本月通报已签发，工作要求与抄送已随通报冻结，不能再修改。"
RANK_PREVIEW = "预览通报"
RANK_PREVIEW_PAGE = "通报预览 第{page}页"
OVERVIEW_PDF = "打印版 PDF（A4 横向）"
# issue 14 item 4: gaming the rhythm on 更新频率 (core/monitoring/gaming.py, data/gaming.toml)
GAMING_TITLE = "更新节奏异常：突击更新与旧稿新发"
GAMING_CAPTION = (
    "突击更新：当月发布{min_items}条以上、其中{share:.0%}以上在月末最后{workdays}个工作日（按节假日和调休）发布；"
    "旧稿新发：成文日期早于发布日期{old_days}天以上，或与本单位此前{title_days}发布过的信息标题相同（忽略空格和标点）。"
    "标准见 data/gaming.toml；考核细则中“突击更新”“旧稿新发”两项按此扣分。"
)
GAMING_TITLE_DAYS = "{n}天内"
GAMING_TITLE_ANY = "任何时候"
GAMING_RUSH = "突击更新（{n}个单位）"
GAMING_RUSH_NONE = "本月没有突击更新的单位。"
GAMING_REPOST = "旧稿新发（{n}条，{units}个单位）"
GAMING_REPOST_NONE = "本月没有旧稿新发的信息。"
GAMING_UNIT_LINE = "**{unit}**：{reason}"
GAMING_REPOST_UNIT = "查看单位（全部单位的清单见下方导出）"
GAMING_REPOST_UNIT_OPTION = "{unit}（{n}条）"
GAMING_ESTIMATED = "（{year}年尚无官方节假日安排，月末工作日按推算日历，为估算）"
COLUMN_LABELS |= {
    "last_items": "月末发布",
    "share": "月末占比",
    "window_start": "月末起",
    "window_end": "月末止",
    "draft_age_days": "成文至发布天数",
    "old_draft": "成文日期过旧",
    "same_title": "与此前标题相同",
    "earlier_on": "此前发布日期",
    "earlier_title": "此前信息标题",
    "earlier_column": "此前所在栏目",
    "reposts": "旧稿新发条数",
}
INSP_BULLETIN_NUMBER = "互查情况通报文号：{number}（第一次下载时登记于发文登记，之后再下载沿用同一文号）"
INSP_ENTER = "录入互查发现的问题"
INSP_ENTER_HELP = (
    "为本季度互查安排中的被检查单位录入问题：与问题清单导入的互查问题一样计入整改跟踪、回头看、互查情况通报和年度互查整改率。"
    "整改期限按“发现日期后 N 个工作日”计算（不含发现当日，遇节假日顺延，按调休上班）。"
)
INSP_ENTER_UNIT = "被检查单位"
INSP_ENTER_INSPECTOR = "检查单位：{name}"
INSP_ENTER_COLUMN = "栏目"
INSP_ENTER_WHOLE_SITE = "（网站整体）"
INSP_ENTER_TYPE = "问题类型"
INSP_ENTER_PROBLEM = "问题描述"
INSP_ENTER_FOUND = "发现日期"
INSP_ENTER_DAYS = "整改时限（工作日）"
INSP_ENTER_NUMBER = "问题编号（可不填）"
INSP_ENTER_DUE = "整改期限：{due}（发现日期后{n}个工作日）"
INSP_ENTER_SAVE = "保存问题"
INSP_ENTER_SAVED = "已录入{unit}的互查问题（批次 {batch}）。"
