"""The demo county's annual reports, written as the web pages units publish (2021 national format, drawn from
core.annual_reports.format) from the figures of the demo's own ledgers, with the usual faults planted.

Never imports streamlit. Pure: figures in, (file name, bytes, publication day) out; loaders.demo imports them
through the real report importer, so every check the page shows was computed.
"""

import html
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.annual_reports.format import T2_COLUMNS, T2_ROWS, T3_COLUMNS, T3_GROUPS, T3_RESULT_ROWS_2021, T3_ROWS
from core.annual_reports.vocabulary import FORMAT_2021

SEED = 2013
# faults planted (unit position in registry order → fault); the rest publish clean reports on time
FAULTS = {
    3: "late",
    11: "late",
    19: "late",
    6: "table_error",  # 表四 行政复议 总计 ≠ its four results (T4-1)
    14: "row_error",  # 表三 予以公开 自然人 +1, its 总计 unchanged (T3-2, T3-3)
    9: "text_contradicts",  # 总体情况 quotes another 本年新收 than table 三 (TXT-1)
    22: "text_contradicts",
    17: "blank_cells",  # "/" in table 三 cells (V-2, UNCERTAIN)
    8: "missing",
    25: "missing",
    33: "missing",
}
_T3_ORDER = ("new", "carried_in", *T3_RESULT_ROWS_2021, "total", "carried_out")
_T3_LABELS = {r.key: r for r in T3_ROWS}
_APPLICANTS = tuple(c.key for c in T3_COLUMNS if c.key != "total")


def report_year(today: date) -> int:
    """The last year whose report deadline (31 January of the next year) has passed on `today`."""
    return today.year - 1 if today > date(today.year, 1, 31) else today.year - 2


@dataclass
class DemoUnit:
    name: str
    unit_type: str
    table_three: dict[tuple[str, str], int]  # core.annual_reports.queries.ledger_table_three
    items: dict[str, int] = field(default_factory=dict)  # core.annual_reports.queries.item_figures


def _t3(unit: DemoUnit, fault: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for key in _T3_ORDER:
        if key == "total":
            numbers = [sum(unit.table_three.get((r, c), 0) for r in T3_RESULT_ROWS_2021) for c in _APPLICANTS]
        else:
            numbers = [unit.table_three.get((key, c), 0) for c in _APPLICANTS]
        rows[key] = [str(n) for n in [*numbers, sum(numbers)]]
    if fault == "row_error":
        rows["open"][0] = str(int(rows["open"][0]) + 1)
    if fault == "blank_cells":
        for key in ("deny_1", "deny_2", "cannot_3"):
            rows[key][1:6] = ["/"] * 5
    return rows


def _t2(unit: DemoUnit, r: random.Random) -> list[list[str]]:
    counts = {"normative": unit.items.get("normative", r.randint(0, 3)), "license": unit.items.get("license", 0)}
    counts["penalty"] = unit.items.get("penalty", 0)
    values = {
        "rules": ["0", "0", "0"],
        "normative": [str(counts["normative"]), "0", str(counts["normative"] + r.randint(2, 12))],
        "license": [str(counts["license"])],
        "penalty": [str(counts["penalty"])],
        "enforcement": [str(r.choice((0, 0, 1, 2)))],
        "fees": ["0"],
    }
    grid = []
    for item, rows in (
        ("（一）", ("rules", "normative")),
        ("（五）", ("license",)),
        ("（六）", ("penalty", "enforcement")),
    ):
        columns = T2_COLUMNS[FORMAT_2021][rows[0]]
        grid += [[f"第二十条第{item}项"] * 4, ["信息内容", *[c.label for c in columns] * (3 // len(columns))]]
        grid += [[_label(row), *values[row] * (3 // len(values[row]))] for row in rows]
    grid += [
        ["第二十条第（八）项"] * 4,
        ["信息内容", *["本年收费金额（单位：万元）"] * 3],
        ["行政事业性收费", *["0"] * 3],
    ]
    return grid


def _label(key: str) -> str:
    return next(r.label for r in T2_ROWS if r.key == key)


def _t3_grid(rows: dict[str, list[str]]) -> list[list[str]]:
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    grid = [
        [note] * 3 + ["申请人情况"] * 7,
        [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
        [note] * 3 + [c.label for c in T3_COLUMNS],
    ]
    for key, numbers in rows.items():
        spec = _T3_LABELS[key]
        if key in ("new", "carried_in", "carried_out"):
            labels = [spec.label] * 3
        elif spec.group:
            labels = ["三、本年度办理结果", T3_GROUPS[spec.group].label, spec.label]
        else:
            labels = ["三、本年度办理结果", spec.label, spec.label]
        grid.append(labels + numbers)
    return grid


def _t4(fault: str, r: random.Random) -> list[str]:
    review = [r.choice((0, 0, 1)), 0, 0, 0]
    numbers = [*review, sum(review) + (1 if fault == "table_error" else 0), *[0] * 10]
    return [str(n) for n in numbers]


def _page(unit: DemoUnit, year: int, fault: str, dated: date, r: random.Random) -> bytes:
    t3 = _t3(unit, fault)
    t4 = _t4(fault, r)
    new = int(t3["new"][6]) + (3 if fault == "text_contradicts" else 0)
    overall = (
        f"{year}年，我单位认真贯彻《中华人民共和国政府信息公开条例》，全面推进决策、执行、管理、服务、结果公开。"
        f"本年度共收到政府信息公开申请{new}件，上年结转{t3['carried_in'][6]}件，办结{t3['total'][6]}件，"
        f"结转下年度{t3['carried_out'][6]}件；发生政府信息公开行政复议{t4[4]}件、行政诉讼0件。"
    )
    problems = ["（一）部分栏目信息更新不够及时，内容不够丰富。", "（二）工作人员业务能力有待提高，将加强培训。"]
    parts = [f"<h1>{unit.name}{year}年政府信息公开工作年度报告</h1>", "<p>一、总体情况</p>", f"<p>{overall}</p>"]
    parts += ["<p>二、主动公开政府信息情况</p>", _table(_t2(unit, r)), "<p>三、收到和处理政府信息公开申请情况</p>"]
    parts += [_table(_t3_grid(t3)), "<p>四、政府信息公开行政复议、行政诉讼情况</p>"]
    groups = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4_grid = [["行政复议"] * 5 + ["行政诉讼"] * 10, ["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5]
    parts += [_table([*t4_grid, groups * 3, t4]), "<p>五、存在的主要问题及改进情况</p>"]
    parts += [f"<p>{p}</p>" for p in problems]
    parts += ["<p>六、其他需要报告的事项</p>", "<p>本年度未收取信息处理费。</p>"]
    parts += [f"<p>{unit.name}</p>", f"<p>{dated.year}年{dated.month}月{dated.day}日</p>"]
    head = '<html><head><meta charset="utf-8"><title>年度报告</title></head><body>'
    return (head + "".join(parts) + "</body></html>").encode("utf-8")


def _table(grid: list[list[str]]) -> str:
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in grid)
    return f'<table border="1">{rows}</table>'


def demo_reports(units: list[DemoUnit], today: date) -> list[tuple[str, bytes, date]]:
    """(file name, the report page, the day it was published) for every unit that published, in `units` order:
    most on time (12–30 January), FAULTS' late ones in early February, FAULTS' missing ones left out."""
    year = report_year(today)
    r = random.Random(SEED)
    reports = []
    for position, unit in enumerate(units):
        fault = FAULTS.get(position, "")
        if fault == "missing":
            continue
        deadline = date(year + 1, 1, 31)
        published = (
            deadline + timedelta(days=r.randint(2, 9)) if fault == "late" else date(year + 1, 1, r.randint(12, 30))
        )
        published = min(published, today)
        dated = published - timedelta(days=r.randint(0, 3))
        reports.append((f"{unit.name}{year}年度报告.html", _page(unit, year, fault, dated, r), published))
    return reports
