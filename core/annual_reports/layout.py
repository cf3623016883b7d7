"""A stored report's tables drawn again as the unit printed them, with the cells a check involves marked
(issue 13 item 5), and the year-on-year figures of one unit. Plain pandas over `report_values` rows.

A check names its cells for people (checks.cell_ref: "表三 （七）总计/总计（第2页 表1 第25行第9列）"); the part in
the last brackets is the cell's stored location, which is how a cell is found again here — the labels may be
clipped or re-numbered in the report, the location is exact.
"""

import re

import pandas as pd

from core.annual_reports import format as fmt
from core.annual_reports.vocabulary import FORMAT_2021

BLANK = "（空）"  # a cell the report left empty (stays missing, never 0)
_LOCATION = re.compile(r"（([^（）]*)）\s*$")
_NUMBERS = re.compile(r"\d+")
# the figures a reader compares with last year: (table, row, column, label)
YEAR_FIGURES = (
    ("三", "new", "total", "本年新收政府信息公开申请数量"),
    ("三", "carried_in", "total", "上年结转政府信息公开申请数量"),
    ("三", "total", "total", "总计（办理结果）"),
    ("三", "carried_out", "total", "结转下年度继续办理"),
    ("四", "review", "total", "行政复议总计"),
    ("四", "suit_direct", "total", "未经复议直接起诉总计"),
    ("四", "suit_after", "total", "复议后起诉总计"),
)


def cell_locations(cells: list[str]) -> set[str]:
    """The stored locations named by a check's cells (the text in each one's last brackets)."""
    return {found.group(1) for cell in cells if (found := _LOCATION.search(cell))}


def _reading_order(location: str) -> tuple[int, ...]:
    """Page, table, row, cell as numbers: "第2页 表1 第25行第9列" → (2, 1, 25, 9); the order the report has."""
    return tuple(int(n) for n in _NUMBERS.findall(location))


def report_table(
    values: pd.DataFrame, table_no: str, report_format: str = FORMAT_2021
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One table of one unit's report as printed: a row per report row (its national label), a column per
    column label, each cell its raw text (BLANK when the report left it empty, "" when the row has no such
    column, as 表二's rows differ). Also the cells' locations, same shape, for marking."""
    rows = values.loc[values["table_no"] == table_no].copy()
    if rows.empty:
        return pd.DataFrame(), pd.DataFrame()
    rows["order"] = [_reading_order(str(w)) for w in rows["location"]]
    rows = rows.sort_values("order", kind="stable")
    row_labels = list(dict.fromkeys(fmt.row_label(table_no, r) for r in rows["row_key"]))
    column_labels = list(dict.fromkeys(fmt.column_label(table_no, c, report_format) for c in rows["col_key"]))
    shown = pd.DataFrame("", index=row_labels, columns=column_labels, dtype=object)
    where = pd.DataFrame("", index=row_labels, columns=column_labels, dtype=object)
    for row_key, col_key, raw, location in rows[["row_key", "col_key", "raw", "location"]].itertuples(index=False):
        row, column = fmt.row_label(table_no, row_key), fmt.column_label(table_no, col_key, report_format)
        shown.loc[row, column] = str(raw).strip() or BLANK
        where.loc[row, column] = str(location)
    return shown, where


def marked(where: pd.DataFrame, locations: set[str]) -> pd.DataFrame:
    """True for the cells of `where` (report_table's locations) that a check involves."""
    return where.isin(list(locations)) if locations else where.map(lambda _: False)


def year_on_year(this_year: pd.DataFrame, last_year: pd.DataFrame) -> pd.DataFrame:
    """The main figures of two years' reports of one unit side by side (None where a report lacks the cell or
    left it blank — never 0), with the change. Columns: figure, previous_year, this_year, change."""

    def figure(values: pd.DataFrame, table: str, row: str, column: str) -> float | None:
        hit = values.loc[(values["table_no"] == table) & (values["row_key"] == row) & (values["col_key"] == column)]
        return None if hit.empty or pd.isna(hit["value"].iloc[0]) else float(hit["value"].iloc[0])

    lines = []
    for table, row, column, label in YEAR_FIGURES:
        now, before = figure(this_year, table, row, column), figure(last_year, table, row, column)
        change = None if now is None or before is None else now - before
        lines.append({"figure": f"表{table} {label}", "previous_year": before, "this_year": now, "change": change})
    return pd.DataFrame(lines)
