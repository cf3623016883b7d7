"""The ledger kinds of the contract: their fields, the header names that mean each field, and header detection.

Never imports streamlit. A kind is recognised from its header row, which is searched for below title rows;
a two-row header (a merged group cell above the field names) is read as one.
"""

from dataclasses import dataclass, field
from typing import Any

from loaders.normalize import clean_name

_HEADER_SEARCH_ROWS = 30
HEADER_ROWS = _HEADER_SEARCH_ROWS + 1  # the top rows find_header reads (a two-row header takes one more)


@dataclass(frozen=True)
class Field:
    name: str
    synonyms: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # the Chinese name staff use
    fields: tuple[Field, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _f(name: str, synonyms: str, required: bool = False) -> Field:
    return Field(name, tuple(synonyms.split()), required)


# Import order matters: the registry must exist before items name its units and columns.
KINDS: dict[str, Kind] = {
    "units": Kind(
        "units",
        "单位名录",
        (
            _f("name", "单位名称 单位 单位全称", True),
            _f("aliases", "简称 别名 简称/别名 简称(别名) 别名/简称"),
            _f("unit_type", "单位类型 类型", True),
            _f("in_assessment", "是否纳入考核 纳入考核"),
            _f("order", "排序 序号"),
            # the liaison's contacts, optional: the Monday reminders reach him through them (issue 14)
            _f("liaison", "联络员 联络人 联络员姓名"),
            _f("mobile", "联络员手机 手机 手机号 手机号码"),
            _f("email", "联络员邮箱 邮箱 电子邮箱 电子邮件 EMAIL E-MAIL"),
        ),
    ),
    "columns": Kind(
        "columns",
        "栏目目录",
        (
            _f("unit", "单位名称 单位", True),
            _f("column", "栏目名称 栏目", True),
            _f("category", "栏目类别 类别", True),
            _f("max_interval_days", "更新周期(天) 更新要求(天) 更新周期 更新要求"),
            _f("registered_on", "开设日期 开通日期 启用日期"),
        ),
    ),
    "items": Kind(
        "items",
        "发布台账",
        (
            _f("unit", "单位 发布单位 责任单位 部门 单位名称", True),
            _f("column", "栏目 栏目名称 所属栏目 信息类别", True),
            _f("title", "标题 信息标题 文章标题 信息名称 名称", True),
            _f("published_on", "发布日期 发布时间 公开日期 公开时间", True),
            _f("created_on", "形成日期 成文日期 生成日期 印发日期"),
            _f("doc_number", "文号 发文字号"),
            _f("url", "链接 网址 URL 访问地址"),
            _f("is_interpretation", "是否政策解读 政策解读"),
        ),
    ),
    "findings": Kind(
        "findings",
        "问题清单",
        (
            _f("finding_no", "编号 问题编号 序号"),
            _f("inspection", "检查名称 检查批次 问题来源 来源", True),
            _f("found_on", "发现日期 检查日期 通报日期", True),
            _f("unit", "单位 责任单位 被检查单位", True),
            _f("problem_type", "问题类型 问题类别", True),
            _f("description", "问题描述 具体问题 问题", True),
            _f("deadline", "整改期限 整改时限 限期", True),
            _f("status", "整改状态 状态"),
            _f("rectified_on", "整改完成日期 完成日期 销号日期"),
            _f("rectification_note", "整改情况 整改说明"),
            _f("review", "回头看 复查结果"),
            _f("reviewed_on", "回头看日期 复查日期"),
        ),
    ),
    "requests": Kind(
        "requests",
        "依申请公开台账",
        (
            _f("request_no", "编号 申请编号 受理编号", True),
            _f("unit", "单位 受理单位 承办单位", True),
            _f("received_on", "收到日期 受理日期 申请日期", True),
            _f("channel", "申请方式 渠道"),
            _f("applicant_type", "申请人类型"),
            _f("extended", "是否延期 延期"),
            _f("replied_on", "答复日期 办结日期"),
            _f("outcome", "办理结果 答复类型"),
            _f("correction_received_on", "补正日期 补正收到日期"),
            _f("consultation_from", "征求意见开始日期"),
            _f("consultation_to", "征求意见结束日期"),
            _f("correction_requested_on", "补正告知日期 补正通知日期 告知补正日期"),
            _f("correction_count", "补正次数 告知补正次数"),
            _f("delayed_due_on", "延迟答复期限 延迟答复日期"),
        ),
    ),
}
KIND_ORDER = ("units", "columns", "items", "findings", "requests", "annual_report")
KIND_LABELS = {k.key: k.label for k in KINDS.values()} | {"annual_report": "年度报告"}


def _norm_header(value: Any) -> str:
    return clean_name(value).replace("（", "(").replace("）", ")").upper()


_SYNONYM_INDEX: dict[str, dict[str, str]] = {
    kind.key: {_norm_header(s): f.name for f in kind.fields for s in f.synonyms} for kind in KINDS.values()
}


@dataclass
class Header:
    kind: str
    row_index: int  # 0-based index of the last header row; data starts below it
    columns: dict[str, int]  # field name → column index
    unknown: list[str]  # header cells that map to no field (kept in raw values, reported)
    repeated: dict[str, list[int]] = field(default_factory=dict)  # field → later columns with the same header text


def _match(cells: list[str], kind: str) -> tuple[dict[str, int], list[str], dict[str, list[int]]]:
    """Fields found (first column wins), unknown header texts, and columns repeating a found header's text."""
    index = _SYNONYM_INDEX[kind]
    found: dict[str, int] = {}
    unknown: list[str] = []
    repeated: dict[str, list[int]] = {}
    for col, cell in enumerate(cells):
        name = index.get(cell)
        if name and name not in found:
            found[name] = col
        elif name and cells[found[name]] == cell:
            repeated.setdefault(name, []).append(col)  # two 发布日期 columns: sheet_rows compares them (issue 9)
        elif cell and not name:
            unknown.append(cell)
    return found, unknown, repeated


def _candidates(rows: list[list[Any]], i: int) -> list[tuple[int, list[str]]]:
    """Row i alone, and row i joined with row i+1 (lower cell wins) for two-row headers."""
    upper = [_norm_header(c) for c in rows[i]]
    result = [(i, upper)]
    if i + 1 < len(rows):
        lower = [_norm_header(c) for c in rows[i + 1]]
        width = max(len(upper), len(lower))
        upper += [""] * (width - len(upper))
        lower += [""] * (width - len(lower))
        result.append((i + 1, [lo or up for up, lo in zip(upper, lower)]))
    return result


def find_header(rows: list[list[Any]], kind: str | None = None) -> Header | None:
    """The first row (within the top 30) that holds every required field of a kind; None if there is none.

    With several kinds matching the same row, the one with the most matched fields wins (a findings
    header also contains 单位, which would satisfy fewer fields of other kinds).
    """
    kinds = [kind] if kind else list(KINDS)
    for i in range(min(len(rows), _HEADER_SEARCH_ROWS)):
        best: Header | None = None
        for last_row, cells in _candidates(rows, i):
            for key in kinds:
                found, unknown, repeated = _match(cells, key)
                if all(f in found for f in KINDS[key].required):
                    if best is None or len(found) > len(best.columns):
                        best = Header(key, last_row, found, unknown, repeated)
            if best:
                return best
    return None
