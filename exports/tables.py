"""A page's table as a styled .xlsx download: Chinese header, frozen first row, widths, number formats.

Never imports streamlit. Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or
carriage return) is written as plain text with Excel's quote prefix, so a ledger title can never execute.
"""

import io
import re
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (openpyxl and python-docx raise on them) plus unpaired surrogates. Imports strip
# them since issue 9, but a value stored earlier must not stop a download or the month's documents.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an .xlsx/.docx cannot contain."""
    return _XML_ILLEGAL.sub("", text) if not text.isprintable() else text


_HEADER_FILL = PatternFill("solid", fgColor="B71C1C")


def safe_cell_value(value: object) -> object:
    """The value to write; None for missing values (pandas NA, NaN, NaT)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return xml_safe(value)
    return value


def table_xlsx(frame: pd.DataFrame, sheet_title: str, labels: dict[str, str] | None = None) -> bytes:
    """`frame` as a one-sheet workbook; `labels` renames columns to the Chinese headers shown on the page."""
    wb = Workbook()
    ws = wb.active
    # Excel refuses []:*?/\ in a sheet name, and a unit's name may hold them (issue 9: 发布统计 crashed)
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", xml_safe(sheet_title))[:31] or "Sheet"
    headers = [xml_safe(str((labels or {}).get(c, c))) for c in frame.columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in frame.itertuples(index=False):
        ws.append([safe_cell_value(v) for v in row])
    widths = [max(4, len(str(h))) * 2 for h in headers]
    for row in ws.iter_rows(min_row=2):
        for i, cell in enumerate(row):
            _format(cell)
            widths[i] = max(widths[i], min(60, len(str(cell.value or "")) * 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _format(cell) -> None:
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm" if (value.hour, value.minute) != (0, 0) else "yyyy-mm-dd"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, float):
        cell.number_format = "0.00"
