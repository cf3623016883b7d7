"""Annual reports on government information disclosure → cells (unit, year, table, row, column, value).

`parse_report` reads a report as published (.docx/.html/.pdf/.xlsx/.txt, loaders.annual_read) and maps it onto
the national format (core.annual_reports); the rest stores an Excel layout's or `|` text's cells as before.

Never imports streamlit. Accepted as a workbook laid out like the published tables (one table per sheet, or
several below each other) or as the text of a published report whose tables are written with `|`.
Labels are kept as written; matching them to the national format's rows is the cross-check's job.
Blank, "/", "—" cells are kept as missing (value NULL, raw text kept), never silently as 0.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from core.accounts.actions import person
from core.accounts.audit import audited
from core.accounts.identity import PermissionDeniedError, User
from core.accounts.vocabulary import IMPORT, IMPORT_FILE
from core.annual_reports.checks import CheckContext, run_checks
from core.annual_reports.mapping import map_document
from core.annual_reports.model import CheckResult, MappedReport
from core.annual_reports.queries import check_context, store_report
from core.annual_reports.vocabulary import FAIL
from core.errors import LedgerFormatError
from loaders import write
from loaders.annual_read import read_untrusted_report
from loaders.normalize import clean_name, clean_text
from loaders.read import RawSheet, RawWorkbook
from loaders.registry import Registry
from loaders.report import FileReport, RowProblem

_TITLE_RE = re.compile(r"^(.+?)(\d{4})年度?政府信息公开(?:工作)?年度?报告")
_TABLE_RE = re.compile(r"^([一二三四五六])、")
_MISSING = {"", "/", "-", "—", "--", "——", "无"}
_MARKERS = ("本年新收政府信息公开申请数量", "主动公开政府信息情况", "行政复议", "本年制发件数", "处理决定数量")


@dataclass
class AnnualCell:
    table_no: str
    row_label: str
    col_label: str
    value: float | None
    raw: str
    sheet: str
    row_number: int


@dataclass
class AnnualReport:
    unit_name: str
    year: int
    cells: list[AnnualCell] = field(default_factory=list)


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("万元", "").replace("元", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _is_value(text: str) -> bool:
    return text in _MISSING or _number(text) is not None


def _title(sheets: list[RawSheet], file_name: str) -> tuple[str, int] | None:
    texts = [clean_name(c) for s in sheets for r in s.rows[:5] for c in r if isinstance(c, str)]
    for text in [*texts, clean_name(file_name)]:
        match = _TITLE_RE.search(text)
        if match:
            return match.group(1), int(match.group(2))
    match = re.search(r"年度报告_(.+?)_(\d{4})", file_name)
    return (match.group(1), int(match.group(2))) if match else None


def _fill_right(cells: list[str]) -> list[str]:
    """A text table writes a merged group header once, then empty cells: carry it right (not into column 0)."""
    filled, last = list(cells), ""
    for j in range(1, len(filled)):
        last = filled[j] or last
        filled[j] = last
    return filled


def _table_cells(sheet: RawSheet, default_table: str, text_table: bool = False) -> list[AnnualCell]:
    """Cells of the tables on one sheet: header rows give column labels, leading text cells row labels."""
    cells: list[AnnualCell] = []
    table, header_rows = default_table, list[list[str]]()
    for index, row in enumerate(sheet.rows):
        texts = [clean_name(c) if not isinstance(c, (int, float)) else clean_text(c) for c in row]
        filled = [t for t in texts if t]
        if not filled or _TITLE_RE.search("".join(filled)):
            continue
        heading = _TABLE_RE.match(filled[0])
        if heading and len(set(filled)) == 1:
            table, header_rows = heading.group(1), []
            continue
        first_value = next((j for j, t in enumerate(texts) if t and _number(t) is not None), None)
        if first_value is None or first_value == 0:
            if not any(_number(t) is not None for t in texts if t):
                header_rows.append(_fill_right(texts) if text_table else texts)
            continue
        row_label = "".join(dict.fromkeys(t for t in texts[:first_value] if t))
        for j in range(first_value, len(texts)):
            col_label = "/".join(dict.fromkeys(h[j] for h in header_rows if j < len(h) and h[j]))
            if not col_label or not _is_value(texts[j]):
                continue
            cells.append(AnnualCell(table, row_label, col_label, _number(texts[j]), texts[j], sheet.name, index + 1))
    return cells


def _split_text_tables(sheet: RawSheet) -> RawSheet:
    """A report pasted as text: lines with `|` become rows; other lines stay single cells (headings)."""
    rows = []
    for row in sheet.rows:
        line = ",".join(str(c) for c in row)
        rows.append([c.strip() for c in line.strip("|").split("|")] if "|" in line else [line])
    return RawSheet(sheet.name, rows)


def parse_workbook(workbook: RawWorkbook) -> AnnualReport | None:
    """The report's unit, year and cells, or None when the file is not an annual report."""
    sheets = workbook.sheets
    if workbook.file_format == "csv":
        sheets = [_split_text_tables(s) for s in sheets]
    text = "".join(clean_name(c) for s in sheets for r in s.rows for c in r if isinstance(c, str))
    if not any(m in text for m in _MARKERS):
        return None
    title = _title(sheets, workbook.file_name)
    if title is None:
        return None
    report = AnnualReport(*title)
    for sheet in sheets:
        heading = _TABLE_RE.match(clean_name(sheet.name))
        report.cells += _table_cells(sheet, heading.group(1) if heading else "", workbook.file_format == "csv")
    return report if report.cells else None


def write_report(con: duckdb.DuckDBPyConnection, report: AnnualReport, file_report: FileReport, sha: str) -> None:
    """Store the cells (one data row per table row) or quarantine them all when the unit is not registered."""
    file_report.kind = "annual_report"
    file_report.sheets_read = sorted({c.sheet for c in report.cells})
    unit_id = Registry(con).unit_id(report.unit_name)
    rows: dict[tuple[str, int], list[AnnualCell]] = {}
    for cell in report.cells:
        rows.setdefault((cell.sheet, cell.row_number), []).append(cell)
    if unit_id is None:
        entries = []
        for (sheet, number), cells in rows.items():
            reason = f"单位未登记: {report.unit_name}"
            raw: dict[str, Any] = {"行": cells[0].row_label} | {c.col_label: c.raw for c in cells}
            entries.append((sheet, number, "annual_report", raw, reason))
            file_report.problems.append(RowProblem(sheet, number, reason))
            file_report.add("rejected")
        write.quarantine(con, file_report.batch, file_report.file, sha, entries)
        return
    sheet_order = {name: i for i, name in enumerate(dict.fromkeys(c.sheet for c in report.cells))}
    frame = pd.DataFrame(
        [
            {
                # the cells of one spreadsheet row share its number, so the row is counted once
                "row_number": sheet_order[c.sheet] * 1_000_000 + c.row_number,
                "unit_id": unit_id,
                "year": report.year,
                "table_no": c.table_no,
                "row_label": c.row_label,
                "col_label": c.col_label,
                "value": c.value,
                "raw": c.raw,
            }
            for c in report.cells
        ]
    )
    for outcome, n in write.upsert(con, "annual_report", frame, file_report.batch).items():
        file_report.add(outcome, n)


def parse_report(data: bytes, file_name: str, unit_hint: str = "", year_hint: int | None = None) -> MappedReport:
    """Read a published report (any format of loaders.annual_read, in a capped child process) and map it onto
    the national format. LedgerFormatError (naming the file) when it cannot be read or holds no report table."""
    report = map_document(read_untrusted_report(data, file_name), unit_hint, year_hint)
    if not report.values:
        raise LedgerFormatError(
            f"文件中没有找到年度报告的表格（表二、表三、表四）: {file_name}",
            "请上传按国务院办公厅格式编写的政府信息公开工作年度报告（Word、网页、PDF 或 Excel）。",
        )
    return report


@dataclass
class CheckedReport:
    """A report read, mapped and checked; `unit_id` is None when its unit is not registered."""

    report: MappedReport
    results: list[CheckResult]
    unit_id: int | None
    sha256: str


def check_report(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    published_on: date | None = None,
    unit_id: int | None = None,
) -> CheckedReport:
    """Read and check a report without storing it (a unit's draft, `annual-check`): nothing is written."""
    report = parse_report(data, file_name)
    unit_id = unit_id or Registry(con).unit_id(report.unit_name)
    if report.year is None:
        raise LedgerFormatError(
            f"没有识别出年度报告的年度: {file_name}", "报告标题应写明“XX单位20XX年政府信息公开工作年度报告”。"
        )
    ctx = check_context(con, unit_id, report.year, published_on) if unit_id else CheckContext(published_on=published_on)
    return CheckedReport(report, run_checks(report, ctx), unit_id, hashlib.sha256(data).hexdigest())


def import_report(
    con: duckdb.DuckDBPyConnection,
    user: User,
    data: bytes,
    file_name: str,
    published_on: date,
    unit_id: int | None = None,
) -> CheckedReport:
    """Check and store a unit's report of a year (replacing an earlier one), audited in the same transaction.
    Refused (nothing written, the message naming the file) when it cannot be read, its unit is not registered,
    or the person may not import it."""
    checked = check_report(con, data, file_name, published_on, unit_id)
    report = checked.report
    if checked.unit_id is None:
        raise LedgerFormatError(
            f"年度报告的单位“{report.unit_name or '未识别'}”未登记，未导入: {file_name}",
            "请先在单位名录中登记该单位（或别名），或在上传时选择单位。",
        )
    found = checked.unit_id
    summary = f"{report.year}年度，{sum(r.status == FAIL for r in checked.results)}项不通过"
    audited(
        con,
        user,
        IMPORT,
        IMPORT_FILE,
        f"年度报告 {file_name}（sha256 {checked.sha256[:12]}）",
        lambda: _store_own(con, user, found, checked, published_on, file_name),
        after=summary,
    )
    return checked


def _store_own(
    con: duckdb.DuckDBPyConnection, user: User, unit_id: int, checked: CheckedReport, published_on: date, name: str
) -> None:
    """A unit's liaison may import his own units' reports only (issue 11); the office imports any unit's."""
    if user.is_scoped and unit_id not in user.unit_ids:
        raise PermissionDeniedError(
            f"年度报告“{name}”属于{checked.report.unit_name or '其他单位'}，不是您负责的单位，未导入。",
            "请由该单位联络员或县政务公开办导入。",
        )
    store_report(con, unit_id, checked.report, checked.results, checked.sha256, published_on, person(user))
