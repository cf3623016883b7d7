"""Issue 9's smaller items, one behaviour each: limits file, date window against the import day, default month,
lock timeout as a JSON line, invisible characters shown in reasons, the cleaning migration, exports that never
fail on a stored control character."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from core.errors import LedgerFormatError
from core.storage.migrations import migrate
from exports.documents import NoticeFinding, OfficeInfo, RectificationNotice, docx_text_structure, notice_docx
from exports.tables import table_xlsx
from loaders.limits import DateWindow, Limits, LimitsConfigError, load_limits
from loaders.normalize import CellError, parse_date, visible
from loaders.pipeline import import_file
from loaders.read import read_ledger
from loaders.sandbox import read_untrusted
from tests.apphelpers import new_database
from tests.ledgers import ITEMS_HEADER, csv_bytes, item, registry_sheets, write_xlsx
from tests.loaders.hostile import GOOD, raw_xlsx, sheet_xml
from ui.components import default_month

ROOT = Path(__file__).resolve().parents[2]
IMPORT_DAY = date(2026, 10, 20)


@pytest.fixture
def con(tmp_path):
    connection = new_database(tmp_path / "d.duckdb")
    path = write_xlsx(tmp_path / "单位名录.xlsx", registry_sheets())
    import_file(connection, path.read_bytes(), path.name)
    yield connection
    connection.close()


def _import_items(con, rows, name="台账.csv", today=IMPORT_DAY):
    return import_file(con, csv_bytes([ITEMS_HEADER, *rows]), name, today=today)


def test_limits_file_overrides_defaults_and_refuses_unknown_keys(tmp_path):
    path = tmp_path / "limits.toml"
    path.write_text("max_cell_kb = 8\nearliest_date = 2010-01-01\n", encoding="utf-8")
    limits = load_limits(path)
    assert (limits.max_cell_kb, limits.earliest_date, limits.max_rows) == (8, date(2010, 1, 1), Limits().max_rows)
    path.write_text("max_cel_kb = 8\n", encoding="utf-8")
    with pytest.raises(LimitsConfigError, match="未知的项目: max_cel_kb"):
        load_limits(path)


def test_date_window_is_judged_against_the_import_day_passed_in(con):
    rows = [
        item(title="明天", published="2026-10-21"),
        item(title="一月后", published="2026-11-19"),
        item(title="太远", published="2026-11-25"),
        item(title="太早", published="1999-12-31"),
    ]
    report = _import_items(con, rows)
    assert (report.loaded, report.rejected) == (2, 2)
    reasons = sorted(p.reason for p in report.problems)
    assert reasons == [
        "发布日期不在合理范围: 1999-12-31（应在 2000-01-01 至 2026-11-20 之间）",
        "发布日期不在合理范围: 2026-11-25（应在 2000-01-01 至 2026-11-20 之间）",
    ]
    later = _import_items(con, [item(title="太远", published="2026-11-25")], "再导入.csv", today=date(2026, 11, 30))
    assert later.loaded == 1


def test_window_defaults_come_from_limits():
    window = DateWindow.for_day(IMPORT_DAY, Limits(future_margin_days=1))
    assert (window.earliest, window.latest) == (date(2000, 1, 1), date(2026, 10, 21))


@pytest.mark.parametrize(
    "value, reason",
    [
        (0.0, "日期为0（空白日期单元格）"),
        ("00:00:00", "日期为0（空白日期单元格）"),
        ("1899-12-30", "日期为0（空白日期单元格）"),
        (date(1900, 2, 28), "日期无法识别: Excel 日期序号 60（1900-02-28，多为误填的数字）"),
        ("09:30", "只有时间没有日期: 09:30"),
    ],
)
def test_serials_zero_and_sixty_and_time_cells_never_become_dates(value, reason):
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert caught.value.reason == reason


def test_default_month_is_the_newest_not_after_today():
    months = ["2062-11", "2026-12", "2026-11", "2026-10"]
    assert default_month(months, date(2026, 11, 23)) == "2026-11"
    assert default_month(months, date(2026, 12, 1)) == "2026-12"
    assert default_month(["2062-11"], date(2026, 11, 23)) == "2062-11"


def test_a_reason_shows_an_invisible_character_by_code(con):
    report = _import_items(con, [item(unit="县教育\u00ad局")])
    assert report.problems[0].reason == "单位未登记: 县教育[U+00AD]局（含不可见字符 U+00AD）"
    assert visible("普通文字") == "普通文字"


def test_zero_width_and_controls_are_removed_with_a_row_note_in_csv_and_excel_alike(con, tmp_path):
    csv_report = _import_items(con, [item(unit="县应急\u200b管理局", title="含\x00空\x1b字符")])
    path = write_xlsx(
        tmp_path / "x.xlsx", {"S": [ITEMS_HEADER, item(unit="县应急\u200b管理局", title="双向\u202e标题")]}
    )
    xlsx_report = import_file(con, path.read_bytes(), path.name, today=IMPORT_DAY)
    assert csv_report.loaded == xlsx_report.loaded == 1
    assert {p.reason for p in csv_report.cleaned} == {
        "单位: 已删除不可见字符 U+200B",
        "标题: 已删除不可见字符 U+0000、U+001B",
    }
    assert {p.reason for p in xlsx_report.cleaned} == {"单位: 已删除不可见字符 U+200B", "标题: 已删除不可见字符 U+202E"}
    titles = {r[0] for r in con.execute("SELECT title FROM items").fetchall()}
    assert titles == {"含空字符", "双向标题"}


def test_two_columns_headed_alike_quarantine_rows_where_they_disagree(con):
    rows = [
        [*ITEMS_HEADER, "发布日期"],
        [*item(title="不一致"), "2026-10-09"],
        [*item(title="一致"), "2026-10-08"],
        [*item(title="第二列空"), ""],
    ]
    report = import_file(con, csv_bytes(rows), "两列.csv", today=IMPORT_DAY)
    assert (report.loaded, report.rejected) == (2, 1)
    assert (
        report.problems[0].reason == "表头“发布日期”有两列（第 4 列和第 8 列），两列的值不一致: 2026-10-08 / 2026-10-09"
    )


def test_web_page_saved_as_xls_is_read_with_colspan_filled():
    html = (
        "<html><body><table><tr><td colspan='7'>XX县发布台账</td></tr><tr>"
        + "".join(f"<th>{h}</th>" for h in ITEMS_HEADER)
        + "</tr><tr>"
        + "".join(f"<td>{v}</td>" for v in item())
        + "</tr></table></body></html>"
    )
    book = read_ledger(html.encode("gbk"), "导出.xls")
    assert book.file_format == "html" and book.sheets[0].rows[0] == ["XX县发布台账"] * 7
    assert book.sheets[0].rows[2][0] == "县应急管理局"


def test_encoding_refusal_names_the_file():
    with pytest.raises(LedgerFormatError, match="无法识别文件编码.*: 乱码.csv"):
        read_ledger(b"a,b\n\xff\xff\xff\n", "乱码.csv")


def test_reader_child_refuses_past_its_limits_and_reads_within_them(tmp_path):
    data = raw_xlsx(
        tmp_path / "wide.xlsx",
        sheet_xml(GOOD, extra_cells='<row r="9"><c r="AB9" t="inlineStr"><is><t>x</t></is></c></row>'),
    )
    assert read_untrusted(data, "wide.xlsx").sheets[0].rows[1][2] == "正常的一条"
    with pytest.raises(LedgerFormatError, match="列数超过 20 列.*wide.xlsx|wide.xlsx.*列数超过 20 列"):
        read_untrusted(data, "wide.xlsx", Limits(max_columns=20))


def test_a_calamine_abort_past_the_pre_checks_costs_only_that_file(tmp_path):
    """With the grid checks switched off, the stray XFD1048576 cell makes calamine ask for 512 GiB: the child
    aborts under its RLIMIT_AS and this process gets a refusal naming the file."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>'
    data = raw_xlsx(tmp_path / "far.xlsx", sheet_xml(GOOD, extra_cells=far))
    no_grid_checks = Limits(max_columns=16384, max_cells=2**62)
    with pytest.raises(LedgerFormatError, match=r"读取文件时超出内存上限（\d+ MB），未导入: far.xlsx"):
        read_untrusted(data, "far.xlsx", no_grid_checks)


def test_lock_timeout_prints_a_json_line_per_file(tmp_path):
    db = tmp_path / "d.duckdb"
    new_database(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    try:
        path = tmp_path / "a.csv"
        path.write_bytes(csv_bytes([ITEMS_HEADER, item()]))
        result = subprocess.run(
            [sys.executable, "-m", "loaders", "import", str(path), "--db", str(db), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "DASHBOARD_LOCK_WAIT": "0.5"},
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
    assert result.returncode == 3
    line = json.loads(result.stdout.splitlines()[0])
    assert line["file"] == "a.csv" and "数据库文件正被其他程序占用" in line["error"]


def test_cleaning_migration_fixes_values_stored_before_and_keeps_reimports_duplicate(tmp_path):
    con = new_database(tmp_path / "old.duckdb")
    con.execute("DELETE FROM _migrations WHERE name = 'm007_clean_stored_text'")
    path = write_xlsx(tmp_path / "单位名录.xlsx", registry_sheets())
    import_file(con, path.read_bytes(), path.name)
    import_file(con, csv_bytes([ITEMS_HEADER, item(title="干净的标题")]), "a.csv", today=IMPORT_DAY)
    con.execute("UPDATE items SET title = 'X\x01脏\u200b的标题', row_key = replace(row_key, '干净', 'X\x01脏\u200b')")
    assert migrate(con) == ["m007_clean_stored_text"]
    assert con.execute("SELECT title FROM items").fetchall() == [("X脏的标题",)]
    again = import_file(con, csv_bytes([ITEMS_HEADER, item(title="X脏的标题")]), "b.csv", today=IMPORT_DAY)
    assert (again.loaded, again.updated, again.duplicate) == (0, 0, 1)
    con.close()


def test_exports_never_fail_on_a_stored_control_character():
    frame = pd.DataFrame({"标题": ["坏\x01字符\x1b[31m", "好"]})
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(frame, "表\x00"))).active
    assert sheet["A3"].value == "坏字符[31m"  # row 1 is the title, row 2 the header
    office = OfficeInfo("清源县", "清源县政务公开工作领导小组办公室", "清源县政务公开办", "清公开办", "联系人")
    finding = NoticeFinding(
        "F\x001", "网上巡查", date(2026, 10, 1), "内容\x1b错误", "描述\x0b有控制符", None, "未整改", 0
    )
    data = notice_docx(
        RectificationNotice(office, "县教育\x01局", "清公开办〔2026〕1号", date(2026, 11, 2), "2026年10月", (finding,))
    )
    text = " ".join(part[1] for part in docx_text_structure(data))
    assert "县教育局" in text and "\x01" not in text
