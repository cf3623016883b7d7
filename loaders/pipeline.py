"""One ledger file → one transaction: find each sheet's header, validate its rows, write, quarantine the rest.

Never imports streamlit. A file that cannot be read, or has no recognisable header anywhere, raises
LedgerFormatError before anything is written.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from core.calendar.workdays import WorkdayCalendar, load_calendar
from core.errors import LedgerFormatError
from core.registry.categories import guess_category
from core.storage.db import transaction
from loaders import annual_report, unit_scope, write
from loaders.kinds import HEADER_ROWS, KIND_ORDER, Header, find_header
from loaders.limits import DateWindow
from loaders.normalize import clean_name, clean_text
from loaders.read import RawSheet, RawWorkbook
from loaders.registry import Registry, write_contacts
from loaders.report import FileReport, RowProblem
from loaders.sandbox import PendingRead, start_read
from loaders.validate import VALIDATORS, SheetRows, Validated, merged

_FOOTER_PREFIXES = (
    "合计",
    "总计",
    "小计",
    "填表人",
    "填报人",
    "审核人",
    "填报日期",
    "制表人",
    "制表",
    "负责人",
    "联系电话",
    "联系人",
    "备注:",
    "说明:",
    "注:",
)  # compared after NFKC (：→:)
_FOOTER_STARTS = tuple({p[0] for p in _FOOTER_PREFIXES})  # a first cell starting so takes the careful path
_INTERPRETATION_CATEGORY = "政策解读类"
_NUMBER_TYPES = frozenset((int, float))  # exact types: a bool is not a 序号
_BLOCK_ROWS = 1_000  # sheet_rows judges the rows a block at a time


@dataclass(frozen=True)
class Checker:
    """What validating a sheet needs, taken from the database before the file is read. Given one, parse_file
    validates each run of rows while the reader child still reads the rest (issue 9, import speed)."""

    registry: Registry
    calendar: WorkdayCalendar
    window: DateWindow

    @classmethod
    def of(
        cls, con: duckdb.DuckDBPyConnection, today: date | None = None, calendar: WorkdayCalendar | None = None
    ) -> "Checker":
        return cls(Registry(con), calendar or load_calendar(), DateWindow.for_day(today or date.today()))


@dataclass
class CheckedSheet:
    """A sheet validated while it was read, against `checker`; write_file takes the result as it is only while
    the registry is still what the checker read (an earlier sheet or file of the same run may have added to it)."""

    checker: Checker
    header: Header
    row_numbers: list[int]
    headers: list[str]
    raw_rows: list[list[Any]]
    validated: Validated

    def holds(self, registry: Registry, window: DateWindow, header: Header) -> bool:
        return (registry, window, header) == (self.checker.registry, self.checker.window, self.header)


@dataclass
class ParsedFile:
    """A file that was read and has at least one recognisable table; nothing written yet."""

    file_name: str
    sha256: str
    encoding: str
    sheets: list[tuple[RawSheet, Header]]
    skipped: list[str]
    annual: annual_report.AnnualReport | None
    checked: list[CheckedSheet | None] = field(default_factory=list)  # aligned with `sheets` when given

    @property
    def order(self) -> int:
        """Position in KIND_ORDER of its first kind: registries are written before what refers to them."""
        kinds = [h.kind for _, h in self.sheets] or ["annual_report"]
        return min(KIND_ORDER.index(k) for k in kinds)

    def tables(self) -> Iterator[tuple[RawSheet, Header, CheckedSheet | None]]:
        """Each table with its validation done while reading (None when there is none)."""
        checked = self.checked or [None] * len(self.sheets)
        return ((sheet, header, check) for (sheet, header), check in zip(self.sheets, checked))


def parse_file(data: bytes, file_name: str, kind: str | None = None, checker: Checker | None = None) -> ParsedFile:
    """Read a file (Excel in a child process, see loaders.sandbox) and find its tables; LedgerFormatError when
    there is nothing to import. With a `checker`, an Excel file's sheets are validated as they are read."""
    return parse_started(start_read(data, file_name), data, kind, checker)


def parse_started(
    started: PendingRead | RawWorkbook, data: bytes, kind: str | None = None, checker: Checker | None = None
) -> ParsedFile:
    """parse_workbook of what loaders.sandbox.start_read began: a child's runs of rows are validated one by one
    as they arrive when a `checker` is given, else gathered first."""
    if isinstance(started, RawWorkbook):
        return parse_workbook(started, data, kind)
    if checker is None:
        return parse_workbook(started.result(), data, kind)
    being_read: dict[int, _SheetBeingRead] = {}
    for index, name, rows in started.runs():
        if index not in being_read:
            being_read[index] = _SheetBeingRead(name, kind, checker)
        being_read[index].add(rows)
    workbook = RawWorkbook(started.file_name, started.file_format, "", [s.sheet for s in being_read.values()])
    return parse_workbook(workbook, data, kind, [s.finish() for s in being_read.values()])


class _SheetBeingRead:
    """One sheet as its runs of rows arrive: the header is looked for once the top rows are in, then the rows
    below it are validated run by run (sheet_rows and the validators judge each row on its own; a memo shared by
    the runs converts each distinct value once per sheet, as for a sheet validated whole)."""

    def __init__(self, name: str, kind: str | None, checker: Checker) -> None:
        self.sheet = RawSheet(name, [])
        self.kind = kind
        self.checker = checker
        self.header: Header | None = None
        self.looked = False
        self.next_row = 0  # the first row not yet validated
        self.headers: list[str] = []
        self.memo: dict[str, dict] = {}  # each distinct value converted once for the sheet (validate.SheetRows)
        self.parts: list[tuple[list[int], list[list[Any]], Validated]] = []

    def add(self, rows: list[list[Any]]) -> None:
        self.sheet.rows.extend(rows)
        if not self.looked and len(self.sheet.rows) >= HEADER_ROWS:
            self._look()
        if self.header is not None:
            self._validate_new_rows()

    def finish(self) -> CheckedSheet | None:
        if not self.looked:
            self._look()
            if self.header is not None:
                self._validate_new_rows()
        if self.header is None or not self.parts:
            return None
        numbers = [n for part in self.parts for n in part[0]]
        raw = [row for part in self.parts for row in part[1]]
        return CheckedSheet(self.checker, self.header, numbers, self.headers, raw, merged([p[2] for p in self.parts]))

    def _look(self) -> None:
        self.looked = True
        self.header = find_header(self.sheet.rows, self.kind) if self.kind != "annual_report" else None
        if self.header is not None:
            self.next_row = self.header.row_index + 1

    def _validate_new_rows(self) -> None:
        assert self.header is not None
        end = len(self.sheet.rows)
        rows, self.headers, raw = sheet_rows(self.sheet, self.header, self.next_row, end)
        self.next_row = end
        rows.memo = self.memo
        if rows.row_numbers:
            c = self.checker
            self.parts.append(
                (rows.row_numbers, raw, VALIDATORS[self.header.kind](rows, c.registry, c.calendar, c.window))
            )


def parse_workbook(
    workbook: RawWorkbook, data: bytes, kind: str | None = None, checks: list[CheckedSheet | None] | None = None
) -> ParsedFile:
    """Find the tables of a workbook already read from `data`; LedgerFormatError when there is nothing to import.
    `checks`, aligned with the workbook's sheets, are their validations done while reading."""
    file_name = workbook.file_name
    found: list[tuple[RawSheet, Header, CheckedSheet | None]] = []
    skipped: list[str] = []
    for sheet, check in zip(workbook.sheets, checks or [None] * len(workbook.sheets)):
        header = find_header(sheet.rows, kind) if kind != "annual_report" else None
        if header:
            found.append((sheet, header, check))
        else:
            skipped.append(sheet.name)
    annual = None
    if not found and kind in (None, "annual_report"):
        annual = annual_report.parse_workbook(workbook)
    if not found and annual is None:
        raise LedgerFormatError(
            f"没有找到可识别的表头: {file_name}",
            "表头应包含规定的列名（如 单位、栏目、标题、发布日期）；可下载导入模板对照。",
        )
    found.sort(key=lambda triple: KIND_ORDER.index(triple[1].kind))
    sha = hashlib.sha256(data).hexdigest()
    sheets = [(sheet, header) for sheet, header, _ in found]
    checked = [check for _, _, check in found]
    return ParsedFile(file_name, sha, workbook.encoding, sheets, [] if annual else skipped, annual, checked)


def write_file(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedFile,
    source: str = "cli",
    calendar: WorkdayCalendar | None = None,
    today: date | None = None,
    allowed_units: unit_scope.UnitLimit = None,
    uploaded_by: str = "",
) -> FileReport:
    """Write a parsed file in one transaction; every data row ends loaded/updated/duplicate/rejected.

    `today` is the import day that the plausible-date window is judged against (default: the real today).
    `allowed_units`: a liaison's units — rows naming any other unit are quarantined (loaders.unit_scope);
    None for the office. `uploaded_by` (a login) and the limit are stored on the batch.
    """
    checker = next((c.checker for c in parsed.checked if c is not None), None)
    calendar = calendar or (checker.calendar if checker else load_calendar())
    window = DateWindow.for_day(today or date.today())
    report = FileReport(parsed.file_name, encoding=parsed.encoding, sheets_skipped=list(parsed.skipped))
    with transaction(con):
        report.import_id = write.start_import(con, parsed.file_name, parsed.sha256, source)
        unit_scope.remember(con, report.import_id, uploaded_by, allowed_units)
        earlier = write.earlier_import_of(con, parsed.sha256, report.import_id)
        if earlier is not None:
            _count_as_already_imported(con, parsed, report, earlier)
        elif parsed.annual is not None:
            unit_id = Registry(con).unit_id(parsed.annual.unit_name)
            unit_scope.check_annual_report(con, unit_id, parsed.annual.unit_name, allowed_units)
            annual_report.write_report(con, parsed.annual, report, parsed.sha256)
        for sheet, header, checked in parsed.tables() if earlier is None else []:
            entries = import_sheet(con, sheet, header, report, calendar, window, allowed_units, checked)
            write.quarantine(con, report.import_id, report.file, parsed.sha256, entries)
        report.kind = ",".join(dict.fromkeys(h.kind for _, h in parsed.sheets)) or report.kind
        write.finish_import(
            con, report.import_id, report.kind, outcome_counts(report), report.sheets_read, report.sheets_skipped
        )
    return report


def _count_as_already_imported(
    con: duckdb.DuckDBPyConnection, parsed: ParsedFile, report: FileReport, earlier: int
) -> None:
    """The very same file again: nothing is written; its rows are duplicates, or still rejected.

    Why not compare row by row: ledgers such as 问题清单 re-list rows with newer states, so replaying an
    older file after a newer one would turn statuses back. Byte-identical means already imported.
    """
    rows = sum(len(sheet_rows(sheet, header)[0].row_numbers) for sheet, header in parsed.sheets)
    if parsed.annual is not None:
        rows += len({(c.sheet, c.row_number) for c in parsed.annual.cells})
    rejected = write.open_quarantine_of_file(con, parsed.sha256)
    report.add("rejected", rejected)
    report.add("duplicate", rows - rejected)
    report.sheets_read = [sheet.name for sheet, _ in parsed.sheets]
    report.already_imported_as = earlier


def import_file(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    source: str = "cli",
    calendar: WorkdayCalendar | None = None,
    today: date | None = None,
    allowed_units: unit_scope.UnitLimit = None,
    uploaded_by: str = "",
) -> FileReport:
    """Import one file in one transaction and report every row's outcome (see write_file for the unit limit)."""
    parsed = parse_file(data, file_name, kind, Checker.of(con, today, calendar))
    return write_file(con, parsed, source, calendar, today, allowed_units, uploaded_by)


def outcome_counts(report: FileReport) -> dict[str, int]:
    return {k: getattr(report, k) for k in ("rows", "loaded", "updated", "duplicate", "rejected")}


def _first_text(row: list[Any]) -> str | None:
    """The first non-empty cell as stripped text; None for a blank row."""
    for cell in row:
        if cell is None or cell == "":
            continue
        if isinstance(cell, str):
            text = cell.strip(" \t\r\n\u3000")
            if not text:
                continue
            return text
        return str(cell)
    return None


def _plainly_data(head: Any, first_header: str) -> bool:
    """A first cell that is a number (序号) or plain text that no footer or header starts with: a data row.

    Decides most rows of a large ledger without scanning them; anything unusual takes the careful path.
    """
    if isinstance(head, (int, float)) and not isinstance(head, bool):
        return True
    return (
        isinstance(head, str)
        and head != ""
        and head != first_header
        and " " not in head
        and "\u3000" not in head
        and not head.startswith(_FOOTER_STARTS)
    )


def _plain_heads(heads: list[Any], first_header: str) -> bool:
    """_plainly_data for every one of `heads`, decided by a few C passes over the whole list: all numbers (序号),
    or all plain text. A mix of the two takes the careful path."""
    kinds = set(map(type, heads))
    if kinds <= _NUMBER_TYPES:
        return True
    if kinds != {str}:
        return False
    joined = "".join(heads)
    return (
        "" not in heads
        and first_header not in heads
        and " " not in joined
        and "\u3000" not in joined
        and not any(map(str.startswith, heads, repeat(_FOOTER_STARTS)))
    )


def _plain_block(block: list[list[Any]], width: int, mapped: list[int], first_header: str) -> bool:
    """Rows that the careful path would all keep as they are: each at full width, its first cell plainly data,
    and one mapped column with a value in every row (so no row is an empty template row)."""
    if not block or min(map(len, block)) < width:
        return False
    if not _plain_heads(list(map(itemgetter(0), block)), first_header):
        return False
    for col in mapped:
        cells = list(map(itemgetter(col), block))
        if "" not in cells and None not in cells:
            return True
    return False


def _has_field_value(row: list[Any], mapped: list[int]) -> bool:
    for col in mapped:
        if col < len(row):
            cell = row[col]
            if cell != "" and cell is not None:
                return True
    return False


def sheet_rows(
    sheet: RawSheet, header: Header, start: int | None = None, stop: int | None = None
) -> tuple[SheetRows, list[str], list[list[Any]]]:
    """The data rows below the header (blank, 合计 and 填表人 lines skipped), their header texts and raw cells;
    only rows start..stop-1 (0-based) when given, as a sheet being read is validated run by run.

    Taken a block of rows at a time: a block that _plain_block finds plain (nearly every block of a large
    ledger) is kept whole, the others row by row (_careful_rows); 100k rows 60 → 31–36 ms (issue 9, import speed)."""
    header_cells = sheet.rows[header.row_index]
    above = sheet.rows[header.row_index - 1] if header.row_index > 0 else []
    # a two-row header leaves some lower cells empty: their text is the cell above (merged or not)
    headers = [clean_text(c) or (clean_text(above[i]) if i < len(above) else "") for i, c in enumerate(header_cells)]
    first_header = next((h for h in headers if h), "")
    width = max([*header.columns.values(), *(c for cols in header.repeated.values() for c in cols)]) + 1
    mapped = sorted(header.columns.values())
    numbers: list[int] = []
    kept: list[list[Any]] = []
    first = header.row_index + 1 if start is None else start
    end = len(sheet.rows) if stop is None else stop
    for begin in range(first, end, _BLOCK_ROWS):
        block = sheet.rows[begin : min(begin + _BLOCK_ROWS, end)]
        if _plain_block(block, width, mapped, first_header):
            numbers += range(begin + 1, begin + len(block) + 1)
            kept += block
        else:
            for number, row in _careful_rows(block, begin, headers, first_header, width, mapped):
                numbers.append(number)
                kept.append(row)
    # one list per mapped column; zip(*kept) would build every column through 100k iterators (issue 9, speed)
    values = {name: [row[col] for row in kept] for name, col in header.columns.items()}
    conflicts = _repeated_column_conflicts(header, headers, kept)
    return SheetRows(header.kind, numbers, values, [], conflicts), headers, kept


def _careful_rows(
    block: list[list[Any]], begin: int, headers: list[str], first_header: str, width: int, mapped: list[int]
) -> Iterator[tuple[int, list[Any]]]:
    """The data rows of `block` (rows begin.. of the sheet) judged one by one: (1-based row number, the row
    padded to `width`)."""
    for offset, row in enumerate(block):
        head = row[0] if row else ""
        if not _plainly_data(head, first_header):
            first = _first_text(row)
            if first is None or clean_name(first).startswith(_FOOTER_PREFIXES):
                continue
            if first == first_header and [clean_text(c) for c in row[: len(headers)]] == headers:
                continue  # the header repeated on every printed page
        if not _has_field_value(row, mapped):
            continue  # only a pre-printed 序号 or an unmapped note: an empty template row, not data
        yield begin + offset + 1, (row if len(row) >= width else [*row, *[""] * (width - len(row))])


def _repeated_column_conflicts(header: Header, headers: list[str], kept: list[list[Any]]) -> dict[int, str]:
    """Rows whose two columns headed alike (two 发布日期) disagree: quarantined rather than silently taking the
    first (issue 9). Equal values, or a blank repeat (a merged header cell filled across), are no conflict."""
    conflicts: dict[int, str] = {}
    for name, extra in header.repeated.items():
        first = header.columns[name]
        for position, row in enumerate(kept):
            here = clean_text(row[first])
            for col in extra:
                there = clean_text(row[col])
                if there and there != here:
                    conflicts.setdefault(
                        position,
                        f"表头“{headers[first]}”有两列（第 {first + 1} 列和第 {col + 1} 列），"
                        f"两列的值不一致: {here or '（空）'} / {there}",
                    )
    return conflicts


def import_sheet(
    con: duckdb.DuckDBPyConnection,
    sheet: RawSheet,
    header: Header,
    report: FileReport,
    calendar: WorkdayCalendar,
    window: DateWindow,
    allowed_units: unit_scope.UnitLimit = None,
    checked: CheckedSheet | None = None,
) -> list[tuple[str, int, str, dict[str, Any], str]]:
    """Validate (unless `checked` still holds) and write one sheet; returns the rejected rows as quarantine entries.

    Rows outside `allowed_units` are rejected before anything of the sheet is written."""
    report.sheets_read.append(sheet.name)
    registry = Registry(con)
    if checked is not None and checked.holds(registry, window, header):
        row_numbers, headers, raw_rows, validated = (
            checked.row_numbers,
            checked.headers,
            checked.raw_rows,
            checked.validated,
        )
    else:
        rows, headers, raw_rows = sheet_rows(sheet, header)
        row_numbers = rows.row_numbers
        validated = VALIDATORS[header.kind](rows, registry, calendar, window)
    report.cleaned += [RowProblem(sheet.name, row_number, note) for row_number, note in validated.notes]
    in_scope, outside = unit_scope.split_by_scope(con, header.kind, validated.records, allowed_units)
    rejected = [*validated.rejected, *outside]
    records, more_rejected = PREPARERS[header.kind](con, in_scope, registry, report)
    rejected += more_rejected
    outcomes = write.upsert(con, header.kind, records, report.batch) if len(records) else {}
    if header.kind == "units":
        write.add_aliases(con, _alias_pairs(records), report.batch)
        write_contacts(con, records, report.batch)
    for outcome, n in outcomes.items():
        report.add(outcome, n)
    by_number = dict(zip(row_numbers, raw_rows))
    entries = []
    for row_number, reason in sorted(rejected):
        raw = {h or f"第{i + 1}列": v for i, (h, v) in enumerate(zip(headers, by_number[row_number])) if v != ""}
        entries.append((sheet.name, row_number, header.kind, raw, reason))
        report.problems.append(RowProblem(sheet.name, row_number, reason))
        report.add("rejected")
    return entries


def _prepare_units(con, records: pd.DataFrame, registry: Registry, report: FileReport):
    rejected = []
    keep = []
    for i, rec in enumerate(records.itertuples(index=False)):
        own = registry.unit_id(rec.name)
        clash = next((a for a in rec.aliases if registry.unit_id(a) not in (None, own)), None)
        if clash:
            rejected.append((rec.row_number, f"别名已登记给其他单位: {clash}"))
        else:
            keep.append(i)
    frame = records.iloc[keep].copy()
    frame["sort_order"] = frame["order"]
    return frame, rejected


def _alias_pairs(records: pd.DataFrame) -> list[tuple[str, str]]:
    return [(rec.name, alias) for rec in records.itertuples(index=False) for alias in rec.aliases]


def _prepare_columns(con, records: pd.DataFrame, registry: Registry, report: FileReport):
    frame = records.rename(columns={"column": "name"})
    frame["registered"] = True
    return frame, []


def _prepare_items(con, records: pd.DataFrame, registry: Registry, report: FileReport):
    """Resolve columns, registering unknown ones as 未登记栏目 with a category guessed from their name.

    Each distinct (unit, column) pair is looked up once (a 100k-row ledger has a few hundred) and the ids are
    spread to the rows by their factorize codes: per-row dict look-ups and lists cost 0.06 s of a 100k-row
    import, a pandas merge on the two keys four times that (issue 9, import speed)."""
    codes, units, names = _distinct_pairs(records["unit_id"].to_numpy(dtype=np.int64), records["column"])
    missing = [key for key in zip(units, names) if key not in registry.columns]
    if missing:
        new = pd.DataFrame(
            {
                "row_number": range(len(missing)),
                "unit_id": [u for u, _ in missing],
                "name": [c for _, c in missing],
                "category": [guess_category(c) for _, c in missing],
                "max_interval_days": None,
                "registered": False,
                "registered_on": None,
            }
        )
        write.upsert(con, "columns", new, report.batch)
        report.unregistered_columns += [c for _, c in missing]
        registry = Registry(con)
    pair_ids = np.array([registry.columns[key] for key in zip(units, names)], dtype=np.int64)
    interpretation_columns = set(registry.column_ids_in_category(_INTERPRETATION_CATEGORY))
    pair_interprets = np.array([column_id in interpretation_columns for column_id in pair_ids.tolist()], dtype=bool)
    flagged = records["is_interpretation"].to_numpy(dtype=bool)  # parse_bool: True/False (None counts as False)
    frame = records.assign(
        unit_id=records["unit_id"].to_numpy(dtype=np.int64),
        column_id=pair_ids[codes],
        is_interpretation=flagged | pair_interprets[codes],
    )
    return frame, []


def _distinct_pairs(unit_ids: np.ndarray, names: pd.Series) -> tuple[np.ndarray, list[int], list[str]]:
    """Each row's code among the distinct (unit id, column name) pairs, and those pairs' units and names, in
    the order they first appear (the order unknown columns are registered in)."""
    name_codes, distinct_names = pd.factorize(names)
    unit_codes, distinct_units = pd.factorize(unit_ids)
    width = max(len(distinct_names), 1)  # a pair as one number: unit code * width + name code
    codes, pairs = pd.factorize(unit_codes.astype(np.int64) * width + name_codes)
    units = distinct_units[pairs // width].tolist()
    return codes, units, [distinct_names[i] for i in (pairs % width).tolist()]


def _prepare_findings(con, records: pd.DataFrame, registry: Registry, report: FileReport):
    frame = records.copy()
    frame["finding_no"] = frame["finding_no"].replace("", None)
    return frame, []


def _prepare_requests(con, records: pd.DataFrame, registry: Registry, report: FileReport):
    return records, []


PREPARERS = {
    "units": _prepare_units,
    "columns": _prepare_columns,
    "items": _prepare_items,
    "findings": _prepare_findings,
    "requests": _prepare_requests,
}
