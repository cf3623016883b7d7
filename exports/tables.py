"""Tables as styled .xlsx: a title row (what, which month, 统计截至), a styled header repeated on every printed
page, autofilter, frozen panes, A4 landscape fitted to the page width, widths and number formats (issue 12).

Never imports streamlit. Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or
carriage return) is written as plain text with Excel's quote prefix, so a ledger title can never execute.
"""

import io
import re
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (openpyxl and python-docx raise on them) plus unpaired surrogates. Imports strip
# them since issue 9, but a value stored earlier must not stop a download or the month's documents.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an .xlsx/.docx cannot contain."""
    return _XML_ILLEGAL.sub("", text) if not text.isprintable() else text


_HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
_THIN = Side(style="thin", color="999999")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_MAX_WIDTH = 60  # characters; longer text wraps inside the column
RANKING_LABELS = {
    "rank": "名次",
    "unit_name": "单位",
    "unit_type": "单位类型",
    "base": "基础分",
    "deductions": "扣分",
    "bonuses": "加分",
    "score": "得分",
    "grade": "等次",
    "movement": "较上月名次",
    "main": "主要扣分项",
}
LINE_LABELS = {
    "unit_name": "单位",
    "indicator": "考核指标",
    "rule_name": "扣分/加分项",
    "count": "处数",
    "points": "每处分值",
    "amount": "分值",
    "evidence": "具体情况",
}


def safe_cell_value(value: object) -> object:
    """The value to write; None for missing values (pandas NA, NaN, NaT)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return xml_safe(value)
    return value


def table_xlsx(
    frame: pd.DataFrame, sheet_title: str, labels: dict[str, str] | None = None, as_of: date | None = None
) -> bytes:
    """`frame` as a one-sheet workbook titled `sheet_title` (row 1, with 统计截至 when given), Chinese headers
    (`labels` renames columns) in row 2, data from row 3."""
    wb = Workbook()
    write_sheet(wb.active, frame, sheet_title, labels or {}, as_of)
    return _save(wb)


def ranking_workbook(ranking: pd.DataFrame, lines: pd.DataFrame, month_label: str, as_of: date) -> bytes:
    """The ranking workbook: one sheet per group (columns as on the page, 较上月 in words) and a last sheet with
    every scored line and its evidence. `ranking` is core.ranking.view.ranking_table, `lines` its lines_table."""
    wb = Workbook()
    wb.remove(wb.active)
    for group, rows in ranking.groupby("group_name", sort=False):
        ws = wb.create_sheet(str(group).replace("/", "、"))
        write_sheet(ws, rows.drop(columns=["group_name"]), f"{month_label}{group}考核排名", RANKING_LABELS, as_of)
    ws = wb.create_sheet("扣分加分明细")
    write_sheet(ws, lines, f"{month_label}考核扣分加分明细", LINE_LABELS, as_of)
    return _save(wb)


def write_sheet(ws: Worksheet, frame: pd.DataFrame, title: str, labels: dict[str, str], as_of: date | None) -> None:
    """Fill one worksheet: title row, header, typed and formula-safe rows, print and view settings."""
    # Excel refuses []:*?/\ in a sheet name, and a unit's name may hold them (issue 9: 发布统计 crashed)
    ws.title = (
        re.sub(r"[\[\]:*?/\\]", "_", xml_safe(ws.title if ws.title not in ("Sheet", "") else title))[:31] or "Sheet"
    )
    headers = [xml_safe(str(labels.get(c, c))) for c in frame.columns]
    columns = max(1, len(headers))
    ws.append([xml_safe(title) + (f"（统计截至{as_of.year}年{as_of.month}月{as_of.day}日）" if as_of else "")])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    ws.row_dimensions[1].height = 30
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.border = _GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in frame.itertuples(index=False):
        ws.append([safe_cell_value(v) for v in row])
    widths = [max(4.0, _width(h)) for h in headers]
    for row in ws.iter_rows(min_row=3):
        for i, cell in enumerate(row):
            _format(cell)
            cell.border = _GRID
            widths[i] = max(widths[i], min(_MAX_WIDTH, _width(cell.value)))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(_MAX_WIDTH, width + 2)
        if width >= _MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    _print_settings(ws, columns, ws.max_row)


def _print_settings(ws: Worksheet, columns: int, last_row: int) -> None:
    """Frozen title+header, autofilter, header repeated on each printed page, A4 landscape one page wide."""
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(columns)}{max(last_row, 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _width(value: object) -> float:
    """Display width in Excel's character units: Chinese characters count two."""
    text = (
        value.strftime("%Y-%m-%d") if isinstance(value, (date, datetime)) else str(value if value is not None else "")
    )
    return float(sum(1 if ord(ch) < 128 else 2 for ch in text))


def _format(cell) -> None:
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm" if (value.hour, value.minute) != (0, 0) else "yyyy-mm-dd"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        cell.number_format = "0"
    elif isinstance(value, float):
        cell.number_format = "0.00"


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
