"""Bytes of a ledger file → sheets of raw cell rows; refuses what is not a spreadsheet.

Never imports streamlit, pandas or duckdb. Excel goes through python-calamine (≈8× faster than openpyxl), after
the cheap checks of loaders.precheck; callers reading untrusted Excel files do it in the child process of
loaders.sandbox. CSV goes through the csv module after detecting UTF-8 (with or without BOM), UTF-16 or
GBK/GB18030, as Chinese Excel/WPS writes it; a web page or tab-separated text saved as .xls is read too (Excel
and WPS open those).
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.errors import LedgerFormatError
from loaders.html_table import tables_from_html
from loaders.limits import Limits, load_limits

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
ACCEPTED_SUFFIXES = (*EXCEL_SUFFIXES, ".csv")
# The same list as the upload widget wants it (no dots).
UPLOAD_TYPES = tuple(s.lstrip(".") for s in ACCEPTED_SUFFIXES)
_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HINT = "请上传 .xlsx / .xls / .csv 台账；若为加密或损坏的文件，请在 Excel/WPS 中另存为 .xlsx 后重试。"
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BM")
_WEB_PAGE = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|table|style)\b", re.IGNORECASE | re.DOTALL
)
_XML_SPREADSHEET = "urn:schemas-microsoft-com:office:spreadsheet"
_MB = 1024 * 1024


@dataclass
class RawSheet:
    """One sheet as rows of cell values ('' for empty), merged ranges already filled in."""

    name: str
    rows: list[list[Any]]


@dataclass
class RawWorkbook:
    file_name: str
    file_format: str  # xlsx / xls / csv
    encoding: str = ""  # for CSV: utf-8, utf-8-sig, utf-16, gb18030
    sheets: list[RawSheet] = field(default_factory=list)


def is_excel(data: bytes) -> bool:
    """A zip (xlsx/xlsm) or an OLE compound file (xls): the formats read by native code (python-calamine)."""
    return data.startswith(_ZIP_MAGIC) or data.startswith(_CFB_MAGIC)


def read_ledger(data: bytes, file_name: str, limits: Limits | None = None, precheck: bool = True) -> RawWorkbook:
    """Read every sheet of a ledger file. Raises LedgerFormatError for anything that is not one.

    `precheck=False` only for the reader child, whose parent runs loaders.precheck alongside it."""
    if not data:
        raise LedgerFormatError(f"文件为空: {file_name}", _HINT)
    limits = limits or load_limits()
    if len(data) > limits.max_file_mb * _MB:
        raise LedgerFormatError(
            f"文件超出导入限制（大于 {limits.max_file_mb} MB），未读取: {file_name}",
            "请按月或按单位拆分台账后分别导入；如确需导入大文件，请联系管理员调整导入限制。",
        )
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if is_excel(data):
        return _read_excel(data, file_name, limits, precheck)
    if suffix in EXCEL_SUFFIXES:
        return _read_disguised(data, file_name, suffix, limits)
    if suffix not in ("", ".csv", ".txt"):
        raise LedgerFormatError(f"不支持的文件类型 {suffix}: {file_name}", _HINT)
    return _read_csv(data, file_name, limits)


def _looks_binary(data: bytes) -> bool:
    """Known binary formats, or NUL bytes in more than 1 % of the file (a few stray NULs are text to clean)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16: every other byte is NUL
    return data.startswith(_BINARY_MAGIC) or data.count(b"\x00") * 100 > len(data)


def _read_disguised(data: bytes, file_name: str, suffix: str, limits: Limits) -> RawWorkbook:
    """Text under an Excel name: a web page (HTML table) or tab-separated text is read; anything else refused."""
    not_excel = f"文件扩展名为 {suffix}，但内容不是 Excel 工作簿: {file_name}"
    if _looks_binary(data):
        raise LedgerFormatError(not_excel, _HINT)
    try:
        text, encoding = _decode(data, file_name)
    except LedgerFormatError as exc:
        raise LedgerFormatError(not_excel, _HINT) from exc
    if _XML_SPREADSHEET in text[:4096]:
        raise LedgerFormatError(
            f"文件是“XML 电子表格 2003”格式，不是 Excel 工作簿: {file_name}",
            "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。",
        )
    if _WEB_PAGE.match(text[:4096]):
        tables = tables_from_html(text)
        if not tables:
            raise LedgerFormatError(
                f"文件是网页（HTML），其中没有表格: {file_name}", "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"
            )
        sheets = [
            RawSheet(f"网页表格{i + 1}" if len(tables) > 1 else "网页表格", rows) for i, rows in enumerate(tables)
        ]
        return RawWorkbook(file_name, "html", encoding, sheets)
    if "\t" not in text[:_SAMPLE_CHARS]:
        raise LedgerFormatError(
            f"文件是文本文件，不是 Excel 工作簿，也不是制表符分隔的表格: {file_name}",
            "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。",
        )
    return _read_csv(data, file_name, limits, fmt="text")


def _read_excel(data: bytes, file_name: str, limits: Limits, precheck: bool = True) -> RawWorkbook:
    """Every sheet whole: the runs of excel_chunks put together."""
    return gathered(file_name, excel_format(data), excel_chunks(data, file_name, limits, precheck))


def gathered(file_name: str, file_format: str, runs: Iterable[tuple[int, str, list[list[Any]]]]) -> RawWorkbook:
    """The workbook whose sheets are the (sheet index, name, rows) runs put together, in order."""
    sheets: dict[int, RawSheet] = {}
    for index, name, rows in runs:
        sheets.setdefault(index, RawSheet(name, [])).rows.extend(rows)
    return RawWorkbook(file_name, file_format, "", list(sheets.values()))


def excel_format(data: bytes) -> str:
    return "xls" if data.startswith(_CFB_MAGIC) else "xlsx"


FIRST_CHUNK_ROWS = 1_000  # holds the header search (loaders.kinds): the parent starts validating at once
CHUNK_ROWS = 20_000


def excel_chunks(
    data: bytes, file_name: str, limits: Limits, precheck: bool = True
) -> Iterator[tuple[int, str, list[list[Any]]]]:
    """(sheet index, sheet name, rows) for every sheet in order, each sheet as one or more runs of consecutive
    rows (at least one, empty for an empty sheet), merged ranges filled in. The reader child sends each run as it
    is made, so that the parent validates the first rows while the child still converts the rest (issue 9,
    import speed). Rows are as `to_python(skip_empty_area=False)` gives them: counted from A1."""
    from python_calamine import CalamineWorkbook  # imported here: the CLI parent never reads Excel itself

    from loaders.precheck import check_xlsx

    if excel_format(data) == "xlsx" and precheck:
        check_xlsx(data, file_name, limits)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            for rows in _row_runs(sheet):
                yield index, name, rows
    except Exception as exc:  # calamine raises several unrelated types for broken/encrypted files
        raise LedgerFormatError(f"无法读取 Excel 文件（可能已加密或已损坏）: {file_name}", _HINT) from exc


def _row_runs(sheet: Any) -> Iterator[list[list[Any]]]:
    """The sheet's rows from A1 in runs of FIRST_CHUNK_ROWS, then CHUNK_ROWS (smaller near the end, _run_size),
    merged ranges filled in.

    iter_rows (python-calamine 0.9) gives the rows from the first but the columns from the used range's first:
    the columns left of it are put back empty, as to_python(skip_empty_area=False) has them, because merged
    ranges are counted from A1 (tests/loaders/test_read.py compares the two)."""
    left = sheet.start[1] if sheet.start else 0
    expected = sheet.end[0] + 1 if sheet.end else 0  # rows from A1; only ever used to size the runs
    merged = _Merged(sheet.merged_cell_ranges or [])
    run: list[list[Any]] = []
    size, first = FIRST_CHUNK_ROWS, 0
    for row in sheet.iter_rows():
        run.append([*[""] * left, *row] if left else row)
        if len(run) >= size:
            merged.fill(run, first)
            yield run
            first += len(run)
            run, size = [], _run_size(expected - first)
    if run or not first:
        merged.fill(run, first)
        yield run


def _run_size(left: int) -> int:
    """CHUNK_ROWS, but half of the rows still to come near the sheet's end (at least FIRST_CHUNK_ROWS): the
    parent validates the last run after the child has finished, so the last runs are made small (issue 9,
    import speed)."""
    return max(FIRST_CHUNK_ROWS, min(CHUNK_ROWS, left // 2))


class _Merged:
    """Merged ranges ((r0, c0), (r1, c1)), filled run by run with the value of their top-left cell, which lies in
    the run or in an earlier one (kept from there)."""

    def __init__(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
        self.ranges = ranges
        self.values: dict[int, Any] = {}  # range index → its top-left cell's value, once seen

    def fill(self, run: list[list[Any]], first: int) -> None:
        end = first + len(run)
        for n, ((r0, c0), (r1, c1)) in enumerate(self.ranges):
            if r1 < first or r0 >= end:
                continue
            if first <= r0 and c0 < len(run[r0 - first]):
                self.values[n] = run[r0 - first][c0]
            if n not in self.values:
                continue  # the top-left cell is outside the sheet's rows: nothing to copy
            value = self.values[n]
            for r in range(max(r0, first), min(r1, end - 1) + 1):
                row = run[r - first]
                for c in range(c0, min(c1, len(row) - 1) + 1):
                    row[c] = value


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    """Text and the encoding it was found in; GB18030 is the superset of GBK that Chinese Windows writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise LedgerFormatError(f"无法识别文件编码（既不是 UTF-8 也不是 GBK）: {file_name}", _HINT) from exc


_DELIMITERS = ("\t", ",", ";", "，")  # in order of preference when two fit equally well
_SAMPLE_RECORDS = 200
_SAMPLE_CHARS = 256 * 1024


def _guess_delimiter(text: str) -> str:
    """The delimiter under which most of the first records share one field count (> 1).

    csv.Sniffer is not used: title rows, 填报单位 lines and footers above/below the table have other field
    counts than the table, which makes it give up (tab-separated exports then came out as one column).
    """
    sample = text[:_SAMPLE_CHARS]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts: dict[int, int] = {}
        try:
            for n, record in enumerate(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)):
                if n >= _SAMPLE_RECORDS:
                    break
                width = len(record)  # Excel/WPS pad every row to the table's width
                if width > 1:
                    counts[width] = counts.get(width, 0) + 1
        except csv.Error:
            continue
        if not counts:
            continue
        width, lines = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = (lines, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, file_name: str, limits: Limits, fmt: str = "csv") -> RawWorkbook:
    """CSV (or tab-separated text). CR-only line ends and bare CRs are line ends, as Excel reads them; a stray NUL
    is text that clean_text removes (the same wherever it sits); a mostly-NUL file is binary and refused."""
    if _looks_binary(data):
        raise LedgerFormatError(f"文件不是表格（含二进制内容）: {file_name}", _HINT)
    text, encoding = _decode(data, file_name)
    limit = limits.max_cell_kb * 1024
    csv.field_size_limit(limit)  # process-wide, and the same value for every file: the limit is the setting
    delimiter = _guess_delimiter(text)
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise LedgerFormatError(
                f"文件超出导入限制，未读取: {file_name}：有单元格内容超过 {limits.max_cell_kb} KB",
                "请检查是否误把整篇文章或其他文件粘贴进了单元格。",
            ) from exc
        raise LedgerFormatError(
            f"CSV 文件格式有误（{exc}），未读取: {file_name}", "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"
        ) from exc
    return RawWorkbook(file_name, fmt, encoding, [RawSheet("CSV", rows)])
