"""loaders.read: every file format of the contract becomes sheets of raw rows; anything else is refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from core.errors import LedgerFormatError
from loaders.kinds import find_header
from loaders.read import read_ledger
from tests.ledgers import ITEMS_HEADER, csv_bytes, item, items_sheet, write_csv, write_xls, write_xlsx

RARE = "𠮷"  # U+20BB7: in GB18030 (4 bytes) but not in GBK
TITLE_WITH_COMMA = "关于做好国庆、中秋期间，安全生产工作的通知"


def read(path: Path):
    return read_ledger(path.read_bytes(), path.name)


def _header_row(rows: list[list]) -> int:
    header = find_header(rows)
    assert header is not None and header.kind == "items"
    return header.row_index


# --- Excel ------------------------------------------------------------------------------------------------


def test_xlsx_every_sheet_is_returned_by_name_in_order(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "台账.xlsx",
        {
            "9月": items_sheet(item(title="九月")),
            "10月": items_sheet(item(title="十月")),
            "说明": [["本表由各单位每月5日前报送"]],
        },
    )
    book = read(path)
    assert book.file_format == "xlsx"
    assert [s.name for s in book.sheets] == ["9月", "10月", "说明"]
    assert book.sheets[0].rows[4][2] == "九月"
    assert book.sheets[1].rows[4][2] == "十月"


def test_xlsx_merged_title_cell_is_filled_across_its_range(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "台账.xlsx", {"S": items_sheet(item())}, merges={"S": ["A1:G1"]})
    rows = read(path).sheets[0].rows
    assert rows[0] == ["XX县政府信息公开发布台账(2026年10月)"] * 7


def test_xlsx_vertically_merged_header_cell_is_filled_down(tmp_path: Path) -> None:
    rows = [
        ["单位", "栏目", "信息", "", ""],
        ["", "", "标题", "发布日期", "链接"],
        ["县教育局", "教育动态", "t", "2026-10-08", ""],
    ]
    path = write_xlsx(tmp_path / "台账.xlsx", {"S": rows}, merges={"S": ["A1:A2", "B1:B2", "C1:E1"]})
    got = read(path).sheets[0].rows
    assert got[0][:5] == ["单位", "栏目", "信息", "信息", "信息"]
    assert got[1][:5] == ["单位", "栏目", "标题", "发布日期", "链接"]


def test_xlsx_date_cells_come_back_as_dates_and_numbers_as_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "台账.xlsx",
        {
            "S": [
                ITEMS_HEADER,
                item(published=date(2026, 10, 8)),
                item(published=datetime(2026, 10, 8, 9, 30)),
                item(published=46303),
            ]
        },
    )
    rows = read(path).sheets[0].rows
    assert rows[1][3] == date(2026, 10, 8)
    assert rows[2][3] == datetime(2026, 10, 8, 9, 30)
    assert rows[3][3] == 46303


def test_xlsx_read_in_runs_equals_the_whole_sheet_read_at_once(tmp_path: Path) -> None:
    """excel_chunks (runs of rows the reader child sends while it reads) against python-calamine's whole-sheet
    read from A1: a table starting at C4, a merged title, a merged range across two runs, an empty sheet."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from loaders.limits import load_limits
    from loaders.read import FIRST_CHUNK_ROWS, excel_chunks

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws["C4"] = "清源县发布台账"
    ws.merge_cells("C4:F4")
    for r in range(5, FIRST_CHUNK_ROWS + 600):
        ws.cell(r, 3, f"标题{r}")
        ws.cell(r, 5, r)
    ws["D900"] = "跨块合并"
    ws.merge_cells(f"D900:D{FIRST_CHUNK_ROWS + 200}")
    wb.create_sheet("空表")
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()

    whole = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    expected = whole.to_python(skip_empty_area=False)
    for (r0, c0), (r1, c1) in whole.merged_cell_ranges:
        for r in range(r0, r1 + 1):
            for c in range(c0, min(c1, len(expected[r]) - 1) + 1):
                expected[r][c] = expected[r0][c0]
    runs = list(excel_chunks(data, "台账.xlsx", load_limits()))
    assert [(index, name) for index, name, _ in runs] == [(0, "台账"), (0, "台账"), (1, "空表")]
    assert [len(rows) for *_, rows in runs][0] == FIRST_CHUNK_ROWS
    assert [row for _, _, rows in runs[:2] for row in rows] == expected
    assert expected[FIRST_CHUNK_ROWS + 100][3] == "跨块合并" and expected[3][4] == "清源县发布台账"
    assert runs[2][2] == []


def test_xlsm_named_workbook_is_read_as_excel(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "台账.xlsm", {"S": items_sheet(item(title="宏工作簿"))})
    book = read(path)
    assert book.file_format == "xlsx"
    assert book.sheets[0].rows[4][2] == "宏工作簿"


def test_xls_written_by_xlwt_is_read_with_dates_and_merged_title(tmp_path: Path) -> None:
    rows = items_sheet(item(title="旧版Excel", published=date(2026, 10, 8)))
    path = write_xls(tmp_path / "台账.xls", {"十月": rows, "说明": [["说明文字"]]}, merges={"十月": [(0, 0, 0, 6)]})
    book = read(path)
    assert book.file_format == "xls"
    assert [s.name for s in book.sheets] == ["十月", "说明"]
    got = book.sheets[0].rows
    assert got[0] == ["XX县政府信息公开发布台账(2026年10月)"] * 7
    assert got[4][2] == "旧版Excel"
    assert got[4][3] in (date(2026, 10, 8), datetime(2026, 10, 8))
    assert _header_row(got) == 3


def test_xlsx_sheet_name_is_not_trusted_for_format_content_is(tmp_path: Path) -> None:
    # an .xls file that is really an xlsx (WPS "save as" mistakes) is still read
    path = write_xlsx(tmp_path / "台账.xls", {"S": items_sheet(item(title="其实是xlsx"))})
    assert read(path).sheets[0].rows[4][2] == "其实是xlsx"


# --- CSV encodings and delimiters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_csv_in_each_chinese_encoding_is_decoded(tmp_path: Path, encoding: str, expected: str) -> None:
    path = write_csv(tmp_path / f"台账_{encoding}.csv", items_sheet(item(title=TITLE_WITH_COMMA)), encoding)
    book = read(path)
    assert book.file_format == "csv" and book.encoding == expected
    rows = book.sheets[0].rows
    assert rows[0] == ["XX县政府信息公开发布台账(2026年10月)"]  # no BOM glued to the first cell
    assert rows[3] == ITEMS_HEADER
    assert rows[4][:4] == ["县应急管理局", "通知公告", TITLE_WITH_COMMA, "2026-10-08"]


def test_gbk_csv_is_decoded(tmp_path: Path) -> None:
    data = csv_bytes([ITEMS_HEADER, item(unit="桥头镇", column="乡镇动态", title="桥头镇召开防汛工作会议")], "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    rows = read_ledger(data, "桥头镇.csv").sheets[0].rows
    assert rows[1][:3] == ["桥头镇", "乡镇动态", "桥头镇召开防汛工作会议"]


def test_gb18030_csv_keeps_character_outside_gbk(tmp_path: Path) -> None:
    title = f"关于{RARE}家村道路改造的公示"
    with pytest.raises(UnicodeEncodeError):
        title.encode("gbk")
    path = write_csv(tmp_path / "gb18030.csv", [ITEMS_HEADER, item(title=title)], "gb18030")
    assert read(path).sheets[0].rows[1][2] == title


def test_utf8_bom_header_cell_has_no_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [ITEMS_HEADER, item()], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read(path).sheets[0].rows
    assert rows[0][0] == "单位"
    assert _header_row(rows) == 0


def test_tab_separated_csv_with_title_rows_is_split_on_tabs(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "tab.csv", items_sheet(item(title=TITLE_WITH_COMMA), item(title="第二条")), delimiter="\t"
    )
    rows = read(path).sheets[0].rows
    assert rows[3] == ITEMS_HEADER
    assert rows[4][2] == TITLE_WITH_COMMA
    assert _header_row(rows) == 3


def test_tab_separated_csv_with_ascii_commas_in_titles_stays_tab_split(tmp_path: Path) -> None:
    titles = ["关于A,B两项工作的通知", "关于C,D的通报", "E,F"]
    path = write_csv(tmp_path / "tab.csv", items_sheet(*[item(title=t) for t in titles]), delimiter="\t")
    rows = read(path).sheets[0].rows
    assert [r[2] for r in rows[4:7]] == titles


def test_comma_csv_with_chinese_commas_in_every_title_is_split_on_ascii_commas(tmp_path: Path) -> None:
    titles = ["关于甲，乙的通知", "关于丙，丁的通报", "戊，己", "庚，辛"]
    path = write_csv(tmp_path / "comma.csv", items_sheet(*[item(title=t) for t in titles]))
    rows = read(path).sheets[0].rows
    assert [r[2] for r in rows[4:8]] == titles


def test_utf16_tab_separated_unicode_text_export_is_read(tmp_path: Path) -> None:
    # Excel's "Unicode 文本" export: UTF-16 with BOM, tab-separated
    path = write_csv(tmp_path / "unicode.csv", items_sheet(item(title="Unicode文本")), "utf-16", "\t")
    book = read(path)
    assert book.encoding == "utf-16"
    assert book.sheets[0].rows[4][2] == "Unicode文本"


def test_line_break_inside_quoted_csv_cell_stays_in_one_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "nl.csv", [ITEMS_HEADER, item(title="关于做好\n国庆期间工作的通知"), item(title="二")])
    rows = read(path).sheets[0].rows
    assert len(rows) == 3
    assert rows[1][2] == "关于做好\n国庆期间工作的通知"
    assert rows[2][2] == "二"


# --- refusals ---------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,data",
    [
        ("截图.xlsx", PNG),
        ("压缩包.xlsx", _zip_bytes()),
        ("说明.xlsx", "这是一段说明文字，不是表格。".encode()),
        ("截图.csv", PNG),
        ("空.xlsx", b""),
        ("空.csv", b""),
        ("报告.pdf", b"%PDF-1.4 not a table"),
        ("坏的.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    ],
    ids=["png-as-xlsx", "zip-as-xlsx", "text-as-xlsx", "png-as-csv", "empty-xlsx", "empty-csv", "pdf", "broken-cfb"],
)
def test_non_spreadsheet_is_refused_with_chinese_message(name: str, data: bytes) -> None:
    with pytest.raises(LedgerFormatError) as info:
        read_ledger(data, name)
    assert name in info.value.message
    assert info.value.hint  # tells the clerk what to do
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_runs_get_smaller_near_the_end_of_a_sheet() -> None:
    # the parent validates the last run after the child has finished: half of what is left, down to the first size
    from loaders.read import CHUNK_ROWS, FIRST_CHUNK_ROWS, _run_size

    assert [_run_size(left) for left in (100_000, 2 * CHUNK_ROWS, 9_000, 500, -3)] == [
        CHUNK_ROWS,
        CHUNK_ROWS,
        4_500,
        FIRST_CHUNK_ROWS,
        FIRST_CHUNK_ROWS,
    ]
