"""Bytes of a ledger file → sheets of raw cell rows; refuses what is not a spreadsheet.

Never imports streamlit. Excel goes through python-calamine (≈8× faster than openpyxl); CSV through the csv
module after detecting UTF-8 (with or without BOM), UTF-16 or GBK/GB18030, as Chinese Excel/WPS writes it.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from core.errors import LedgerFormatError

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
ACCEPTED_SUFFIXES = (*EXCEL_SUFFIXES, ".csv")
# The same list as the upload widget wants it (no dots).
UPLOAD_TYPES = tuple(s.lstrip(".") for s in ACCEPTED_SUFFIXES)
_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HINT = "请上传 .xlsx / .xls / .csv 台账；若为加密或损坏的文件，请在 Excel/WPS 中另存为 .xlsx 后重试。"


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


def read_ledger(data: bytes, file_name: str) -> RawWorkbook:
    """Read every sheet of a ledger file. Raises LedgerFormatError for anything that is not one."""
    if not data:
        raise LedgerFormatError(f"文件为空: {file_name}", _HINT)
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_CFB_MAGIC):
        return _read_excel(data, file_name)
    if suffix in EXCEL_SUFFIXES:
        raise LedgerFormatError(f"文件扩展名为 {suffix}，但内容不是 Excel 工作簿: {file_name}", _HINT)
    if suffix not in ("", ".csv", ".txt"):
        raise LedgerFormatError(f"不支持的文件类型 {suffix}: {file_name}", _HINT)
    return _read_csv(data, file_name)


def _read_excel(data: bytes, file_name: str) -> RawWorkbook:
    fmt = "xls" if data.startswith(_CFB_MAGIC) else "xlsx"
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [_sheet_rows(workbook, i, name) for i, name in enumerate(workbook.sheet_names)]
    except Exception as exc:  # calamine raises several unrelated types for broken/encrypted files
        raise LedgerFormatError(f"无法读取 Excel 文件（可能已加密或已损坏）: {file_name}", _HINT) from exc
    return RawWorkbook(file_name, fmt, "", sheets)


def _sheet_rows(workbook: CalamineWorkbook, index: int, name: str) -> RawSheet:
    sheet = workbook.get_sheet_by_index(index)
    rows = sheet.to_python(skip_empty_area=False)  # a list of lists: filled in place, not copied
    merged = sheet.merged_cell_ranges or []
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value
    return RawSheet(name, rows)


def _decode(data: bytes) -> tuple[str, str]:
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
        raise LedgerFormatError("无法识别文件编码（既不是 UTF-8 也不是 GBK）", _HINT) from exc


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
            for n, record in enumerate(csv.reader(io.StringIO(sample), delimiter=delimiter)):
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


def _read_csv(data: bytes, file_name: str) -> RawWorkbook:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LedgerFormatError(f"文件不是表格（含二进制内容）: {file_name}", _HINT)
    text, encoding = _decode(data)
    delimiter = _guess_delimiter(text)
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return RawWorkbook(file_name, "csv", encoding, [RawSheet("CSV", rows)])
