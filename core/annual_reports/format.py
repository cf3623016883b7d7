"""The national annual-report formats, declared once as data (domain.md §2.1–2.4).

Each row is (key, label as printed, keywords that identify it); a label matches when it contains one keyword
after normalisation (NFKC, no spaces, brackets and numbering ignored), so clipped, wrapped and re-numbered labels
still match. Order matters: the more specific keywords come first.
"""

from dataclasses import dataclass

from core.annual_reports.vocabulary import FORMAT_2019, FORMAT_2021


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    keywords: tuple[str, ...]
    group: str = ""  # the (三)(四)(五)(六) result group of table 三 sub-rows
    context_only: bool = False  # matched only right after its group label (e.g. "3.其他")


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    decimal: bool = False  # 收费金额 (万元) and 采购总金额 may have decimals
    signed: bool = False  # 本年增/减 may be negative


# ---- table 二 — 主动公开政府信息情况 ---------------------------------------------------------------------
T2_ROWS = (
    RowSpec("rules", "规章", ("规章",)),
    RowSpec("normative", "行政规范性文件", ("规范性文件",)),
    RowSpec("license", "行政许可", ("行政许可",)),
    RowSpec("other_services", "其他对外管理服务事项", ("其他对外管理服务", "对外管理服务")),
    RowSpec("penalty", "行政处罚", ("行政处罚",)),
    RowSpec("enforcement", "行政强制", ("行政强制",)),
    RowSpec("fees", "行政事业性收费", ("行政事业性收费", "事业性收费")),
    RowSpec("procurement", "政府集中采购", ("集中采购",)),
)
_DOCS_2021 = (
    ColumnSpec("issued", "本年制发件数"),
    ColumnSpec("repealed", "本年废止件数"),
    ColumnSpec("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (ColumnSpec("decisions", "本年处理决定数量"),)
_DOCS_2019 = (
    ColumnSpec("made", "本年新制作数量"),
    ColumnSpec("published", "本年新公开数量"),
    ColumnSpec("public_total", "对外公开总数量"),
)
_ITEMS_2019 = (
    ColumnSpec("previous", "上一年项目数量"),
    ColumnSpec("change", "本年增/减", signed=True),
    ColumnSpec("decisions", "处理决定数量"),
)
# format → row key → its columns in printed order
T2_COLUMNS: dict[str, dict[str, tuple[ColumnSpec, ...]]] = {
    FORMAT_2021: {
        "rules": _DOCS_2021,
        "normative": _DOCS_2021,
        "license": _DECISIONS_2021,
        "penalty": _DECISIONS_2021,
        "enforcement": _DECISIONS_2021,
        "fees": (ColumnSpec("amount", "本年收费金额（万元）", decimal=True),),
    },
    FORMAT_2019: {
        "rules": _DOCS_2019,
        "normative": _DOCS_2019,
        "license": _ITEMS_2019,
        "other_services": _ITEMS_2019,
        "penalty": _ITEMS_2019,
        "enforcement": _ITEMS_2019,
        "fees": _ITEMS_2019[:2],
        "procurement": (ColumnSpec("count", "采购项目数量"), ColumnSpec("amount", "采购总金额", decimal=True)),
    },
}
# header words that tell the formats apart
FORMAT_MARKERS = {
    FORMAT_2021: ("本年制发", "本年废止", "现行有效"),
    FORMAT_2019: ("新制作", "上一年项目数量", "集中采购"),
}

# ---- table 三 — 收到和处理政府信息公开申请情况 ---------------------------------------------------------------
T3_COLUMNS = (
    ColumnSpec("natural", "自然人"),
    ColumnSpec("business", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("social", "社会公益组织"),
    ColumnSpec("legal", "法律服务机构"),
    ColumnSpec("other_org", "其他"),
    ColumnSpec("total", "总计"),
)
T3_ORG_COLUMNS = ("business", "research", "social", "legal", "other_org")
T3_SUBTOTAL_COLUMN = ColumnSpec("org_subtotal", "法人或其他组织小计")  # not official; verified when present (T3-4)

T3_GROUPS = {
    "deny": RowSpec("deny_sub", "（三）不予公开", ("不予公开",)),
    "cannot": RowSpec("cannot_sub", "（四）无法提供", ("无法提供",)),
    "noproc": RowSpec("noproc_sub", "（五）不予处理", ("不予处理",)),
    "other": RowSpec("other_sub", "（六）其他处理", ("其他处理",)),
}
T3_ROWS = (
    RowSpec("new", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息")),
    RowSpec("carried_in", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    RowSpec("carried_out", "四、结转下年度继续办理", ("结转下年", "下年度继续")),
    RowSpec("partial", "（二）部分公开", ("部分公开", "区分处理")),
    RowSpec("deny_1", "1.属于国家秘密", ("国家秘密",), "deny"),
    RowSpec("deny_2", "2.其他法律行政法规禁止公开", ("禁止公开",), "deny"),
    RowSpec("deny_3", "3.危及“三安全一稳定”", ("三安全一稳定", "危及"), "deny"),
    RowSpec("deny_4", "4.保护第三方合法权益", ("第三方合法权益", "保护第三方"), "deny"),
    RowSpec("deny_5", "5.属于三类内部事务信息", ("内部事务",), "deny"),
    RowSpec("deny_6", "6.属于四类过程性信息", ("过程性",), "deny"),
    RowSpec("deny_7", "7.属于行政执法案卷", ("执法案卷",), "deny"),
    RowSpec("deny_8", "8.属于行政查询事项", ("行政查询",), "deny"),
    RowSpec("cannot_1", "1.本机关不掌握相关政府信息", ("不掌握",), "cannot"),
    RowSpec("cannot_2", "2.没有现成信息需要另行制作", ("另行制作", "没有现成"), "cannot"),
    RowSpec("cannot_3", "3.补正后申请内容仍不明确", ("仍不明确", "补正后"), "cannot"),
    RowSpec("noproc_1", "1.信访举报投诉类申请", ("信访", "举报投诉"), "noproc"),
    RowSpec("noproc_2", "2.重复申请", ("重复申请",), "noproc"),
    RowSpec("noproc_3", "3.要求提供公开出版物", ("公开出版物", "出版物"), "noproc"),
    RowSpec("noproc_4", "4.无正当理由大量反复申请", ("大量反复",), "noproc"),
    RowSpec("noproc_5", "5.要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或"), "noproc"),
    RowSpec("other_1", "1.申请人逾期不补正、行政机关不再处理", ("逾期不补正", "不补正"), "other"),
    RowSpec("other_2", "2.申请人逾期未缴纳费用、行政机关不再处理", ("缴纳费用", "未缴费", "收费通知"), "other"),
    RowSpec("other_3", "3.其他", ("其他",), "other", context_only=True),
    RowSpec("open", "（一）予以公开", ("予以公开",)),
    RowSpec("total", "（七）总计", ("总计",)),
)
T3_RESULT_ROWS_2019 = ("open", "partial", *(f"deny_{i}" for i in range(1, 9)), *(f"cannot_{i}" for i in range(1, 4)))
T3_RESULT_ROWS_2019 += (*(f"noproc_{i}" for i in range(1, 6)), "other")
T3_RESULT_ROWS_2021 = (*T3_RESULT_ROWS_2019[:-1], "other_1", "other_2", "other_3")
T3_REQUIRED = ("new", "carried_in", "total", "carried_out")
# header words of table 三 (rows made only of these are headers, never labels of data rows)
T3_HEADER_WORDS = ("自然人", "商业企业", "科研机构", "申请人情况", "勾稽关系")

# ---- table 四 — 行政复议、行政诉讼 ---------------------------------------------------------------------------
T4_GROUPS = (
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after", "行政诉讼·复议后起诉"),
)
T4_COLUMNS = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计"),
)
T4_HEADER_WORDS = ("结果维持", "行政复议", "未经复议", "复议后起诉")

# ---- the report's sections -------------------------------------------------------------------------------
SECTION_HEADINGS = {
    "一": ("总体情况",),
    "二": ("主动公开",),
    "三": ("收到和处理", "政府信息公开申请情况"),
    "四": ("行政复议", "行政诉讼"),
    "五": ("存在的主要问题", "存在的问题", "改进情况", "主要问题"),
    "六": ("其他需要报告", "其他事项", "整改措施"),
}
TABLE_NAMES = {
    "二": "表二 主动公开政府信息情况",
    "三": "表三 收到和处理政府信息公开申请情况",
    "四": "表四 行政复议、行政诉讼情况",
}


def format_for_year(year: int) -> str:
    """The format a report of that year must use (V-4): the 2019 trial format for 2019–2020."""
    return FORMAT_2019 if year <= 2020 else FORMAT_2021


def t3_result_rows(fmt: str) -> tuple[str, ...]:
    return T3_RESULT_ROWS_2019 if fmt == FORMAT_2019 else T3_RESULT_ROWS_2021


def row_label(table: str, key: str) -> str:
    """The printed label of a row key (for messages and documents)."""
    if table == "二":
        return next((r.label for r in T2_ROWS if r.key == key), key)
    if table == "三":
        if key == "other":
            return "（六）其他处理"
        specs = (*T3_ROWS, *T3_GROUPS.values())
        return next((r.label for r in specs if r.key == key), key)
    return dict(T4_GROUPS).get(key, key)


def column_label(table: str, key: str, fmt: str = FORMAT_2021) -> str:
    if table == "三":
        return next((c.label for c in (*T3_COLUMNS, T3_SUBTOTAL_COLUMN) if c.key == key), key)
    if table == "四":
        return next((c.label for c in T4_COLUMNS if c.key == key), key)
    for columns in T2_COLUMNS[fmt].values():
        for c in columns:
            if c.key == key:
                return c.label
    return key
