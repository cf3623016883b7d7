"""The cross-checks of domain.md §2.5 as pure functions over a mapped report.

Each check returns one CheckResult with a stable id: FAIL when a rule is broken on cells that are all present,
UNCERTAIN when it depends on a missing cell (blank, "/", "—": never read as 0), NOT_ASSESSABLE when the table or
the data to compare with is not there, PASS otherwise. Thresholds are data (data/annual_report_checks.toml may
override the defaults in `Thresholds`).
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.annual_reports import format as fmt
from core.annual_reports.mapping import missing_parts, normalize
from core.annual_reports.model import CheckResult, MappedReport, Value
from core.annual_reports.vocabulary import (
    ERROR,
    FAIL,
    FORMAT_2019,
    FORMAT_2021,
    NOT_ASSESSABLE,
    NOTE,
    PASS,
    UNCERTAIN,
    WARNING,
)
from core.registry.vocabulary import UNIT_TYPES

_EPS = 1e-6


@dataclass(frozen=True)
class Thresholds:
    similarity: float = 0.8  # TXT-3: share of the text's 5-character pieces found in the earlier report
    jump_high: float = 5.0  # YOY-1
    jump_low: float = 0.2


@dataclass(frozen=True)
class LedgerFigures:
    """The unit's 依申请公开 ledger for the report year (LED-1)."""

    received: int
    open_at_year_end: int
    outcomes: dict[str, int] = field(default_factory=dict)  # requests vocabulary OUTCOMES → replied in the year


@dataclass(frozen=True)
class CheckContext:
    unit_type: str | None = None
    published_on: date | None = None  # when the report was published / received
    due_on: date | None = None  # PUB-1 deadline (31 Jan of the next year by default)
    previous: MappedReport | None = None  # the same unit's report of the year before
    ledger: LedgerFigures | None = None
    items: dict[str, int] | None = None  # LED-2: table 二 row key → items published that year in mapped columns
    thresholds: Thresholds = Thresholds()


# ---- helpers ----------------------------------------------------------------------------------------------


def cell_ref(v: Value, fmt_: str = FORMAT_2021) -> str:
    """Where a value is, for people: 表三 （七）总计/总计（第2页 表1 第25行第9列）."""
    row = fmt.row_label(v.table, v.row)
    return f"表{v.table} {row}/{fmt.column_label(v.table, v.column, fmt_)}（{v.where}）"


def _n(x: float) -> str:
    return str(int(x)) if abs(x - round(x)) < _EPS else f"{x:g}"


@dataclass
class _Term:
    """One side of an identity: its values (None = cell absent from the table)."""

    values: list[Value | None]

    @property
    def absent(self) -> bool:
        return any(v is None for v in self.values)

    @property
    def missing(self) -> list[Value]:
        return [v for v in self.values if v is not None and v.missing]

    @property
    def total(self) -> float:
        return sum(v.number or 0 for v in self.values if v is not None)


def _identity(
    check_id: str,
    severity: str,
    items: Iterable[tuple[str, Sequence[Value | None], Sequence[Value | None]]],
    fmt_: str,
    rule: str,
) -> CheckResult:
    """Each item: (what, left cells, right cells) with sum(left) == sum(right)."""
    failures, uncertain, absent, cells = [], [], 0, []
    expected, found = [], []
    count = 0
    for what, left, right in items:
        count += 1
        lhs, rhs = _Term(list(left)), _Term(list(right))
        if lhs.absent or rhs.absent:
            absent += 1
            continue
        if lhs.missing or rhs.missing:
            uncertain.append(what)
            cells += [cell_ref(v, fmt_) for v in (*lhs.missing, *rhs.missing)]
            continue
        if abs(lhs.total - rhs.total) > _EPS:
            failures.append(what)
            expected.append(f"{what} {_n(rhs.total)}")
            found.append(f"{what} {_n(lhs.total)}")
            cells += [cell_ref(v, fmt_) for v in (*left, *right) if v is not None]
    if failures:
        return CheckResult(
            check_id,
            FAIL,
            severity,
            f"{rule}不成立：{'、'.join(failures)}",
            "；".join(expected),
            "；".join(found),
            tuple(cells),
        )
    if uncertain:
        return CheckResult(
            check_id,
            UNCERTAIN,
            severity,
            f"{rule}：{'、'.join(uncertain)}有空白或“/”单元格，无法核对",
            cells=tuple(dict.fromkeys(cells)),
        )
    if count == 0 or absent == count:
        return CheckResult(check_id, NOT_ASSESSABLE, severity, f"{rule}：报告中没有找到相关表格或行")
    note = f"（{absent}项缺行未核对）" if absent else ""
    return CheckResult(check_id, PASS, severity, f"{rule}成立{note}")


def _t3_columns(report: MappedReport) -> list[str]:
    return [c.key for c in fmt.T3_COLUMNS]


def _col_label(key: str) -> str:
    return fmt.column_label("三", key) + "列"


def _t3(report: MappedReport, row: str, column: str) -> Value | None:
    return report.get("三", row, column)


# ---- table 三 ----------------------------------------------------------------------------------------------


def t3_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    items = [
        (
            _col_label(c),
            [_t3(report, "new", c), _t3(report, "carried_in", c)],
            [_t3(report, "total", c), _t3(report, "carried_out", c)],
        )
        for c in _t3_columns(report)
    ]
    return _identity("T3-1", ERROR, items, report.format, "本年新收 + 上年结转 = 办理结果总计 + 结转下年度")


def t3_2(report: MappedReport, ctx: CheckContext) -> CheckResult:
    rows = fmt.t3_result_rows(report.format)
    if report.format == FORMAT_2021 and "other" in report.rows_of("三"):
        rows = (*rows[:-3], "other")  # a single (六) row written the 2019 way
    items = [(_col_label(c), [_t3(report, "total", c)], [_t3(report, r, c) for r in rows]) for c in _t3_columns(report)]
    return _identity("T3-2", ERROR, items, report.format, "（七）总计 = 各项办理结果之和")


def t3_3(report: MappedReport, ctx: CheckContext) -> CheckResult:
    rows = sorted(report.rows_of("三"), key=_t3_order)
    parts = ["natural", *fmt.T3_ORG_COLUMNS]
    items = [
        (f"“{fmt.row_label('三', r)}”行", [_t3(report, r, "total")], [_t3(report, r, c) for c in parts]) for r in rows
    ]
    return _identity("T3-3", ERROR, items, report.format, "每行 总计 = 自然人 + 五类法人或其他组织")


def _t3_order(key: str) -> int:
    order = [r.key for r in fmt.T3_ROWS]
    return order.index(key) if key in order else len(order)


def t3_4(report: MappedReport, ctx: CheckContext) -> CheckResult:
    if not report.has_subtotal_column:
        return CheckResult(
            "T3-4", NOT_ASSESSABLE, ERROR, "表三没有“法人或其他组织小计”列（官方格式本无此列），不需核对"
        )
    rows = sorted(report.rows_of("三"), key=_t3_order)
    items = [
        (
            f"“{fmt.row_label('三', r)}”行",
            [_t3(report, r, fmt.T3_SUBTOTAL_COLUMN.key)],
            [_t3(report, r, c) for c in fmt.T3_ORG_COLUMNS],
        )
        for r in rows
    ]
    return _identity("T3-4", ERROR, items, report.format, "法人或其他组织小计 = 五类之和")


def t3_5(report: MappedReport, ctx: CheckContext) -> CheckResult:
    if not report.subtotal_rows:
        return CheckResult(
            "T3-5", NOT_ASSESSABLE, ERROR, "表三没有（三）至（六）的小计行（官方格式本无小计行），不需核对"
        )
    items = []
    for sub in report.subtotal_rows:
        group = sub.removesuffix("_sub")
        members = [r.key for r in fmt.T3_ROWS if r.group == group]
        for c in _t3_columns(report):
            items.append(
                (
                    f"{fmt.row_label('三', sub)}{_col_label(c)}",
                    [_t3(report, sub, c)],
                    [_t3(report, m, c) for m in members],
                )
            )
    return _identity("T3-5", ERROR, items, report.format, "小计行 = 其下各项之和")


# ---- table 四 ----------------------------------------------------------------------------------------------


def t4_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    items = [
        (
            name,
            [report.get("四", g, "total")],
            [report.get("四", g, c) for c in ("upheld", "corrected", "other", "pending")],
        )
        for g, name in fmt.T4_GROUPS
    ]
    return _identity("T4-1", ERROR, items, report.format, "表四各组 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结")


_QUOTES: dict[str, tuple[str, ...]] = {
    # what the text says → regular expressions for the number it quotes
    "new": (
        r"(?:本年(?:度)?)?(?:新)?收到[^。；，,0-9]{0,12}?申请[^。；，,0-9]{0,4}?(\d+)\s*[件个]",
        r"新收[^。；，,0-9]{0,14}?(\d+)\s*[件个]",
    ),
    "carried_in": (r"上年(?:度)?结转[^。；，,0-9]{0,10}?(\d+)\s*[件个]",),
    "carried_out": (r"结转(?:至)?下(?:一)?年度?[^。；，,0-9]{0,8}?(\d+)\s*[件个]",),
    "closed": (r"(?:已)?办结[^。；，,0-9]{0,8}?(\d+)\s*[件个]",),
    "open": (r"予以公开[^。；，,0-9部]{0,6}?(\d+)\s*[件个]",),
    "review": (r"行政复议[^。；，,0-9]{0,8}?(\d+)\s*[件个起]",),
    "suit": (r"行政诉讼[^。；，,0-9]{0,8}?(\d+)\s*[件个起]",),
}
_QUOTE_LABELS = {
    "new": "本年新收申请",
    "carried_in": "上年结转",
    "carried_out": "结转下年度",
    "closed": "办结",
    "open": "予以公开",
    "review": "行政复议",
    "suit": "行政诉讼",
}


def quoted_numbers(text: str) -> dict[str, int]:
    """The numbers 总体情况 quotes, by what they count (the first mention of each)."""
    found: dict[str, int] = {}
    flat = normalize(text)
    flat = re.sub(r"(\d),(\d)", r"\1\2", flat)
    for key, patterns in _QUOTES.items():
        for pattern in patterns:
            match = re.search(pattern, flat)
            if match:
                found[key] = int(match.group(1))
                break
    return found


def _table_figure(report: MappedReport, key: str) -> tuple[float | None, list[Value]]:
    """(the table's figure for a quoted key, the cells it is made of); None when a cell is missing/absent."""
    if key in ("new", "carried_in", "carried_out", "open"):
        cells = [report.get("三", key, "total")]
    elif key == "closed":
        cells = [report.get("三", "total", "total")]
    elif key == "review":
        cells = [report.get("四", "review", "total")]
    else:
        cells = [report.get("四", "suit_direct", "total"), report.get("四", "suit_after", "total")]
    present = [c for c in cells if c is not None]
    if len(present) < len(cells) or any(c.missing for c in present):
        return None, present
    return sum(c.number or 0 for c in present), present


def txt_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    text = report.sections.get("一", "") or report.text
    quoted = quoted_numbers(text)
    if not quoted:
        return CheckResult("TXT-1", NOT_ASSESSABLE, WARNING, "总体情况中没有引用表格中的申请、复议、诉讼数字")
    comparisons = []
    for key, said in quoted.items():
        figure, used = _table_figure(report, key)
        comparisons.append((_QUOTE_LABELS[key], figure, float(said), [cell_ref(c, report.format) for c in used]))
    return _against(
        "TXT-1",
        comparisons,
        ("表格", "正文"),
        "正文引用的数字与表格不一致：",
        "正文引用了{}，但表格中对应单元格空白或缺失",
        f"正文引用的 {len(quoted)} 个数字与表格一致",
    )


def _against(
    check_id: str,
    comparisons: list[tuple[str, float | None, float, list[str]]],
    sides: tuple[str, str],
    fail: str,
    unsure: str,
    ok: str,
) -> CheckResult:
    """Table figures against figures from elsewhere (the text, a ledger): (what, ours or None, theirs, cells).

    `sides` names (what `expected` shows, what `found` shows); the table figure is ours."""
    wrong, blank, cells, expected, found = [], [], [], [], []
    for what, ours, theirs, refs in comparisons:
        if ours is None:
            blank.append(what)
        elif abs(ours - theirs) > _EPS:
            wrong.append(what)
            first, second = (ours, theirs) if sides[0] == "表格" else (theirs, ours)
            expected.append(f"{what} {_n(first)}（{sides[0]}）")
            found.append(f"{what} {_n(second)}（{sides[1]}）")
            cells += refs
    if wrong:
        return CheckResult(
            check_id, FAIL, WARNING, fail + "、".join(wrong), "；".join(expected), "；".join(found), tuple(cells)
        )
    if blank:
        return CheckResult(check_id, UNCERTAIN, WARNING, unsure.format("、".join(blank)))
    return CheckResult(check_id, PASS, WARNING, ok)


def t4_2(report: MappedReport, ctx: CheckContext) -> CheckResult:
    said = quoted_numbers(report.sections.get("一", "") or report.text).get("suit")
    if said is None:
        return CheckResult("T4-2", NOT_ASSESSABLE, NOTE, "正文未引用行政诉讼总数")
    figure, used = _table_figure(report, "suit")
    if figure is None:
        return CheckResult("T4-2", UNCERTAIN, NOTE, "正文引用了行政诉讼总数，表四对应单元格空白或缺失")
    if abs(figure - said) > _EPS:
        return CheckResult(
            "T4-2",
            FAIL,
            NOTE,
            "正文的行政诉讼总数 ≠ 未经复议直接起诉总计 + 复议后起诉总计",
            _n(figure),
            str(said),
            tuple(cell_ref(c, report.format) for c in used),
        )
    return CheckResult("T4-2", PASS, NOTE, "正文的行政诉讼总数与表四一致")


# ---- across years -------------------------------------------------------------------------------------------


def x_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    prev = ctx.previous
    if prev is None:
        return CheckResult("X-1", NOT_ASSESSABLE, ERROR, "没有该单位上一年度的报告，无法核对结转数")
    failures, unsure, cells, expected, found = [], [], [], [], []
    for c in _t3_columns(report):
        now, before = _t3(report, "carried_in", c), prev.get("三", "carried_out", c)
        if now is None or before is None:
            continue
        if now.missing or before.missing:
            unsure.append(_col_label(c))
            continue
        if abs((now.number or 0) - (before.number or 0)) > _EPS:
            failures.append(_col_label(c))
            expected.append(f"{_col_label(c)} {_n(before.number or 0)}")
            found.append(f"{_col_label(c)} {_n(now.number or 0)}")
            cells += [cell_ref(now, report.format), f"上年报告 {cell_ref(before, prev.format)}"]
    if failures:
        return CheckResult(
            "X-1",
            FAIL,
            ERROR,
            f"本年“上年结转”≠ 上年报告“结转下年度”：{'、'.join(failures)}",
            "；".join(expected),
            "；".join(found),
            tuple(cells),
        )
    if unsure:
        return CheckResult("X-1", UNCERTAIN, ERROR, f"结转数有空白单元格：{'、'.join(unsure)}")
    if _t3(report, "carried_in", "total") is None or prev.get("三", "carried_out", "total") is None:
        return CheckResult("X-1", NOT_ASSESSABLE, ERROR, "本年或上年报告缺少结转行")
    return CheckResult("X-1", PASS, ERROR, "本年“上年结转”与上年报告“结转下年度”一致")


def x_2(report: MappedReport, ctx: CheckContext) -> CheckResult:
    prev = ctx.previous
    if report.format != FORMAT_2021:
        return CheckResult("X-2", NOT_ASSESSABLE, WARNING, "只适用于2021年格式")
    if prev is None or prev.format != FORMAT_2021:
        return CheckResult("X-2", NOT_ASSESSABLE, WARNING, "没有该单位上一年度按2021年格式填报的报告")
    items = [
        (
            fmt.row_label("二", r),
            [report.get("二", r, "in_force")],
            [prev.get("二", r, "in_force"), report.get("二", r, "issued")],
        )
        for r in ("rules", "normative")
    ]
    # repealed documents are subtracted: move them to the left side of the identity
    items = [
        (w, [*left, report.get("二", r, "repealed")], right)
        for (w, left, right), r in zip(items, ("rules", "normative"))
    ]
    result = _identity("X-2", WARNING, items, report.format, "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止")
    if result.status == FAIL:
        result = CheckResult(
            result.check_id,
            result.status,
            result.severity,
            result.message + "（机构改革或文件清理时可能合理，请核实）",
            "左右两边：" + result.expected,
            result.found,
            result.cells,
        )
    return result


def x_3(report: MappedReport, ctx: CheckContext) -> CheckResult:
    if report.format != FORMAT_2019:
        return CheckResult("X-3", NOT_ASSESSABLE, WARNING, "只适用于2019年试行格式")
    bad, unsure, cells = [], [], []
    for r in ("rules", "normative"):
        made, published, total = (report.get("二", r, c) for c in ("made", "published", "public_total"))
        for small, big, what in ((published, made, "新公开 ≤ 新制作"), (published, total, "新公开 ≤ 对外公开总数")):
            if small is None or big is None:
                continue
            if small.missing or big.missing:
                unsure.append(f"{fmt.row_label('二', r)} {what}")
            elif (small.number or 0) > (big.number or 0) + _EPS:
                bad.append(f"{fmt.row_label('二', r)} {what}（{_n(small.number or 0)} > {_n(big.number or 0)}）")
                cells += [cell_ref(small, report.format), cell_ref(big, report.format)]
    if bad:
        return CheckResult("X-3", FAIL, WARNING, "表二数量关系不合理：" + "；".join(bad), cells=tuple(cells))
    if unsure:
        return CheckResult("X-3", UNCERTAIN, WARNING, "表二有空白单元格：" + "；".join(unsure))
    if not report.has_table("二"):
        return CheckResult("X-3", NOT_ASSESSABLE, WARNING, "报告中没有找到表二")
    return CheckResult("X-3", PASS, WARNING, "新公开数量不超过新制作数量与对外公开总数量")


# ---- values -------------------------------------------------------------------------------------------------


def _column_spec(report: MappedReport, v: Value) -> fmt.ColumnSpec | None:
    if v.table == "二":
        return next((c for c in fmt.T2_COLUMNS[report.format].get(v.row, ()) if c.key == v.column), None)
    return None


def v_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    bad = []
    for v in report.values.values():
        spec = _column_spec(report, v)
        if v.invalid:
            bad.append((v, "不是数字"))
        elif v.number is None:
            continue
        elif v.number < 0 and not (spec and spec.signed):
            bad.append((v, "为负数"))
        elif abs(v.number - round(v.number)) > _EPS and not (spec and spec.decimal):
            bad.append((v, "不是整数"))
    if not report.values:
        return CheckResult("V-1", NOT_ASSESSABLE, ERROR, "报告中没有找到表格数字")
    if bad:
        return CheckResult(
            "V-1",
            FAIL,
            ERROR,
            f"{len(bad)} 个单元格不是非负整数（只有金额可为小数）",
            "非负整数",
            "；".join(f"“{v.raw}”{why}" for v, why in bad[:10]),
            tuple(cell_ref(v, report.format) for v, _ in bad),
        )
    return CheckResult("V-1", PASS, ERROR, "所有数字格均为非负整数（金额除外）")


def v_2(report: MappedReport, ctx: CheckContext) -> CheckResult:
    missing = [v for v in report.values.values() if v.missing and not v.invalid]
    if not report.values:
        return CheckResult("V-2", NOT_ASSESSABLE, WARNING, "报告中没有找到表格数字")
    if missing:
        return CheckResult(
            "V-2",
            UNCERTAIN,
            WARNING,
            f"{len(missing)} 个单元格空白或填“/”“—”，按缺失处理（未当作0），应填写数字（没有的填0）",
            "数字",
            "；".join(dict.fromkeys(f"“{v.raw}”" if v.raw else "空白" for v in missing)),
            tuple(cell_ref(v, report.format) for v in missing),
        )
    return CheckResult("V-2", PASS, WARNING, "没有空白或“/”单元格")


def v_3(report: MappedReport, ctx: CheckContext) -> CheckResult:
    if ctx.unit_type is None:
        return CheckResult("V-3", NOT_ASSESSABLE, WARNING, "单位类型未知")
    if ctx.unit_type not in UNIT_TYPES:
        return CheckResult("V-3", NOT_ASSESSABLE, WARNING, f"单位类型“{ctx.unit_type}”不在登记的类型中")
    cells = [v for (t, r, _), v in report.values.items() if t == "二" and r == "rules"]
    if not cells:
        return CheckResult("V-3", NOT_ASSESSABLE, WARNING, "表二没有“规章”行")
    positive = [v for v in cells if v.number and v.number > 0 and v.column != "change"]
    if positive:
        return CheckResult(
            "V-3",
            FAIL,
            WARNING,
            f"{ctx.unit_type}不制定规章（规章由国务院部门和省、设区的市人民政府制定），规章数应为0",
            "0",
            "；".join(f"{fmt.column_label('二', v.column, report.format)} {v.raw}" for v in positive),
            tuple(cell_ref(v, report.format) for v in positive),
        )
    if any(v.missing for v in cells):
        return CheckResult("V-3", UNCERTAIN, WARNING, "“规章”行有空白单元格")
    return CheckResult("V-3", PASS, WARNING, "规章数为0")


def v_4(report: MappedReport, ctx: CheckContext) -> CheckResult:
    if report.year is None:
        return CheckResult("V-4", NOT_ASSESSABLE, WARNING, "报告年度未识别")
    should = fmt.format_for_year(report.year)
    names = {
        FORMAT_2021: "2021年格式（国办公开办函〔2021〕30号）",
        FORMAT_2019: "2019年试行格式（国办公开办函〔2019〕60号）",
    }
    if report.format != should:
        return CheckResult(
            "V-4", FAIL, WARNING, f"{report.year}年度报告应使用{names[should]}", names[should], names[report.format]
        )
    return CheckResult("V-4", PASS, WARNING, f"使用{names[should]}")


def completeness(report: MappedReport, ctx: CheckContext) -> CheckResult:
    parts = missing_parts(report)
    if parts:
        shown = "、".join(parts[:8]) + ("等" if len(parts) > 8 else "")
        return CheckResult(
            "CMP-1",
            FAIL,
            ERROR,
            f"报告缺少 {len(parts)} 处表格内容：{shown}",
            "完整的表二、表三、表四",
            f"缺 {len(parts)} 处",
        )
    return CheckResult("CMP-1", PASS, ERROR, "表二、表三、表四齐全")


# ---- text ---------------------------------------------------------------------------------------------------

_EMPTY_SECTION = re.compile(r"^(无|没有|暂无|无。|/|—)*$")


def txt_2(report: MappedReport, ctx: CheckContext) -> CheckResult:
    text = normalize(report.sections.get("五", ""))
    if not text or _EMPTY_SECTION.match(text.rstrip("。")):
        return CheckResult(
            "TXT-2",
            FAIL,
            WARNING,
            "第五部分“存在的主要问题及改进情况”空缺或只写“无”",
            "具体的问题和改进措施",
            report.sections.get("五", "") or "（空）",
        )
    return CheckResult("TXT-2", PASS, WARNING, "第五部分写明了存在的问题及改进情况")


def _pieces(text: str, n: int = 5) -> set[str]:
    flat = re.sub(r"[\d\W_]", "", normalize(text))
    return {flat[i : i + n] for i in range(max(0, len(flat) - n + 1))}


def similarity(text: str, earlier: str) -> float:
    """Share of this text's 5-character pieces (digits and punctuation removed) that also occur in the earlier."""
    now, then = _pieces(text), _pieces(earlier)
    return len(now & then) / len(now) if now else 0.0


def txt_3(report: MappedReport, ctx: CheckContext) -> CheckResult:
    prev = ctx.previous
    if prev is None or not prev.text or not report.text:
        return CheckResult("TXT-3", NOT_ASSESSABLE, WARNING, "没有该单位上一年度报告的正文，无法比对")
    share = similarity(report.text, prev.text)
    limit = ctx.thresholds.similarity
    if share >= limit:
        return CheckResult(
            "TXT-3",
            FAIL,
            WARNING,
            f"正文与上一年度报告重复 {share:.0%}（达到 {limit:.0%}），疑似照搬",
            f"< {limit:.0%}",
            f"{share:.0%}",
        )
    return CheckResult("TXT-3", PASS, WARNING, f"正文与上一年度报告重复 {share:.0%}")


def pub_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    if report.year is None:
        return CheckResult("PUB-1", NOT_ASSESSABLE, ERROR, "报告年度未识别")
    due = ctx.due_on or date(report.year + 1, 1, 31)
    day = ctx.published_on or report.dated
    if day is None:
        return CheckResult("PUB-1", UNCERTAIN, ERROR, "不知道报告的公开日期", f"不晚于 {due:%Y-%m-%d}")
    source = "公开/报送日期" if ctx.published_on else "落款日期"
    if day > due:
        return CheckResult(
            "PUB-1",
            FAIL,
            ERROR,
            f"{source} {day:%Y-%m-%d} 晚于 {due:%Y-%m-%d}（条例第四十九条）",
            f"不晚于 {due:%Y-%m-%d}",
            f"{day:%Y-%m-%d}",
        )
    return CheckResult("PUB-1", PASS, ERROR, f"{source} {day:%Y-%m-%d}，未晚于 {due:%Y-%m-%d}")


# ---- the tool's own ledgers ----------------------------------------------------------------------------------

_OUTCOME_ROWS = {
    "予以公开": ("open",),
    "部分公开": ("partial",),
    "不予公开": tuple(f"deny_{i}" for i in range(1, 9)),
    "无法提供": tuple(f"cannot_{i}" for i in range(1, 4)),
    "不予处理": tuple(f"noproc_{i}" for i in range(1, 6)),
    "其他处理": ("other", "other_1", "other_2", "other_3"),
}


def led_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    ledger = ctx.ledger
    if ledger is None:
        return CheckResult("LED-1", NOT_ASSESSABLE, WARNING, "看板中没有该单位该年度的依申请公开台账")
    items: list[tuple[str, list[Value | None], int]] = [
        ("本年新收", [_t3(report, "new", "total")], ledger.received),
        ("结转下年度", [_t3(report, "carried_out", "total")], ledger.open_at_year_end),
    ]
    for outcome, rows in _OUTCOME_ROWS.items():
        present = [v for r in rows if (v := _t3(report, r, "total")) is not None]
        if present:
            items.append((outcome, list(present), ledger.outcomes.get(outcome, 0)))
    comparisons = []
    for what, values, count in items:
        if any(v is None for v in values):
            continue
        present = [v for v in values if v is not None]
        ours = None if any(v.missing for v in present) else sum(v.number or 0 for v in present)
        comparisons.append((what, ours, float(count), [cell_ref(v, report.format) for v in present]))
    return _against(
        "LED-1",
        comparisons,
        ("台账", "报告"),
        "报告表三与看板依申请公开台账不一致：",
        "表三对应单元格空白：{}",
        "表三与看板依申请公开台账一致",
    )


# LED-2: which column of a table 二 row the items ledger counts (the documents or decisions made public)
LED2_COLUMNS = {
    FORMAT_2021: {"normative": "issued", "license": "decisions", "penalty": "decisions"},
    FORMAT_2019: {"normative": "published", "license": "decisions", "penalty": "decisions"},
}


def led_2(report: MappedReport, ctx: CheckContext) -> CheckResult:
    counts = ctx.items or {}
    columns = LED2_COLUMNS.get(report.format, {})
    mapped = [row for row in columns if row in counts]
    if not mapped:
        return CheckResult("LED-2", NOT_ASSESSABLE, WARNING, "看板中没有该单位规范性文件、行政许可或行政处罚栏目的信息")
    comparisons = []
    for row in mapped:
        v = report.get("二", row, columns[row])
        what = f"{fmt.row_label('二', row)}{fmt.column_label('二', columns[row], report.format)}"
        ours = None if v is None or v.missing or v.number is None else v.number
        comparisons.append((what, ours, float(counts[row]), [cell_ref(v, report.format)] if v is not None else []))
    return _against(
        "LED-2",
        comparisons,
        ("台账", "报告"),
        "报告表二与看板栏目信息条数不一致：",
        "表二对应单元格空白：{}",
        "表二与看板栏目信息条数一致",
    )


def yoy_1(report: MappedReport, ctx: CheckContext) -> CheckResult:
    prev = ctx.previous
    if prev is None:
        return CheckResult("YOY-1", NOT_ASSESSABLE, NOTE, "没有该单位上一年度的报告")
    jumps, cells = [], []
    high, low = ctx.thresholds.jump_high, ctx.thresholds.jump_low
    for key, now in report.values.items():
        before = prev.values.get(key)
        if before is None or now.missing or before.missing or key[2] == "change":
            continue
        a, b = now.number or 0, before.number or 0
        if b >= 1 and a >= 0 and (a > b * high or a < b * low) and max(a, b) >= 5:
            jumps.append(
                f"{fmt.row_label(key[0], key[1])}/{fmt.column_label(key[0], key[2], report.format)} {_n(b)}→{_n(a)}"
            )
            cells.append(cell_ref(now, report.format))
    if jumps:
        return CheckResult(
            "YOY-1",
            FAIL,
            NOTE,
            f"与上年相比变化超过{high:g}倍或不足{low:g}倍：" + "；".join(jumps[:8]),
            f"{low:g}～{high:g}倍",
            "；".join(jumps[:8]),
            tuple(cells),
        )
    return CheckResult("YOY-1", PASS, NOTE, "与上年相比没有异常跳变")


CHECKS: dict[str, tuple[str, Callable[[MappedReport, CheckContext], CheckResult]]] = {
    # id → (what it checks, the function); the order is the order of the page and the 审查意见
    "CMP-1": ("报告完整性", completeness),
    "T3-1": ("表三 新收+结转=总计+结转下年", t3_1),
    "T3-2": ("表三 总计=各办理结果之和", t3_2),
    "T3-3": ("表三 每行总计=各申请人之和", t3_3),
    "T3-4": ("表三 法人小计=五类之和", t3_4),
    "T3-5": ("表三 小计行=其下各项之和", t3_5),
    "T4-1": ("表四 总计=各结果之和", t4_1),
    "T4-2": ("正文诉讼总数=表四两组总计之和", t4_2),
    "X-1": ("上年结转=上年报告结转下年度", x_1),
    "X-2": ("现行有效件数跨年衔接", x_2),
    "X-3": ("新公开≤新制作、≤对外公开总数", x_3),
    "V-1": ("数字为非负整数", v_1),
    "V-2": ("空白、“/”单元格", v_2),
    "V-3": ("县直部门、乡镇不应有规章", v_3),
    "V-4": ("格式与年度相符", v_4),
    "TXT-1": ("正文数字与表格一致", txt_1),
    "TXT-2": ("第五部分不空缺", txt_2),
    "TXT-3": ("与上年报告正文重复度", txt_3),
    "PUB-1": ("按期公开（1月31日前）", pub_1),
    "LED-1": ("与看板依申请台账一致", led_1),
    "LED-2": ("表二与看板栏目信息一致", led_2),
    "YOY-1": ("与上年相比异常跳变", yoy_1),
}


def run_checks(report: MappedReport, ctx: CheckContext | None = None) -> list[CheckResult]:
    """Every check on one report, in CHECKS order."""
    ctx = ctx or CheckContext()
    return [check(report, ctx) for _, check in CHECKS.values()]
