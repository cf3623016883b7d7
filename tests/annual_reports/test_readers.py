"""The same report as .docx (merged cells), .html (rowspan/colspan, GBK and UTF-8), .pdf (LibreOffice, the table
crossing pages), .xlsx, `|` text and PDF-like layout text, read back through the real loader (child process):
the cells and the check results agree across formats; refusals name the file."""

import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from core.accounts.identity import User
from core.accounts.vocabulary import OFFICE
from core.annual_reports.checks import run_checks
from core.annual_reports.mapping import map_document
from core.annual_reports.vocabulary import FORMAT_2019, PASS, UNCERTAIN
from core.errors import LedgerFormatError
from core.storage.db import fetch_rows
from loaders.annual_read import read_untrusted_report
from loaders.annual_report import import_report
from tests.annual_reports import render
from tests.annual_reports.fixtures import as_document, report_items, tables_2021
from tests.apphelpers import load, new_database, write_csv

SEED = Path(__file__).parent / "fixtures" / "seed_004_annual_report.txt"  # a copy of seed 004: CI has no ../shared


def _xlsx(items) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for kind, content in items:
        for row in [[content]] if kind == "p" else content:
            sheet.append([int(c) if c.isdigit() else c for c in row])
    path = Path("/tmp") / f"annual-{id(items)}.xlsx"
    book.save(path)
    data = path.read_bytes()
    path.unlink()
    return data


def _files(tables, folder: Path) -> dict[str, bytes]:
    items = report_items(tables)
    docx = render.docx_bytes(items, filler=30)
    return {
        "report.docx": docx,
        "report.html": render.html_bytes(items, "gbk"),
        "report_utf8.htm": render.html_bytes(items, "utf-8"),
        "report.pdf": render.pdf_from_docx(docx, folder),
        "report.xlsx": _xlsx(items),
        "report_pipes.txt": render.pipe_text(items),
        "report_layout.txt": render.layout_text(items),
    }


@pytest.fixture(scope="module")
def consistent(tmp_path_factory):
    return _files(tables_2021(), tmp_path_factory.mktemp("consistent"))


@pytest.fixture(scope="module")
def blank_totals(tmp_path_factory):
    t = tables_2021()
    for key in ("open", "partial", "deny_4"):
        t["t3"][key][6] = None
    return _files(t, tmp_path_factory.mktemp("blank"))


NAMES = [
    "report.docx",
    "report.html",
    "report_utf8.htm",
    "report.pdf",
    "report.xlsx",
    "report_pipes.txt",
    "report_layout.txt",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_format_reads_the_same_cells_and_check_results(consistent, name):
    expected = map_document(as_document(tables_2021()))
    read = map_document(read_untrusted_report(consistent[name], name))
    assert (read.unit_name, read.year, read.format, read.dated) == ("清源县应急管理局", 2025, "2021", expected.dated)
    assert {k: (v.number, v.raw) for k, v in read.values.items()} == {
        k: (v.number, v.raw) for k, v in expected.values.items()
    }
    assert [(r.check_id, r.status) for r in run_checks(read)] == [(r.check_id, r.status) for r in run_checks(expected)]
    assert all(v.where for v in read.values.values())


def test_the_pdf_table_crosses_a_page_and_keeps_page_locations(consistent):
    read = map_document(read_untrusted_report(consistent["report.pdf"], "report.pdf"))
    pages = {v.where.split(" ")[0] for (t, _, _), v in read.values.items() if t == "三"}
    assert len(pages) >= 2, pages


@pytest.mark.parametrize("name", NAMES)
def test_blank_totals_stay_missing_in_every_format(blank_totals, name):
    read = map_document(read_untrusted_report(blank_totals[name], name))
    cell = read.get("三", "open", "total")
    assert cell is not None and cell.number is None and cell.raw in ("", "/")
    results = {r.check_id: r.status for r in run_checks(read)}
    assert results["T3-2"] == UNCERTAIN and results["T3-3"] == UNCERTAIN and results["T3-1"] == PASS


def test_the_seed_report_2019_trial_format_as_text():
    data = SEED.read_bytes()
    report = map_document(read_untrusted_report(data, "鞍山市应急管理局2020年报.txt"))
    assert (report.unit_name, report.year, report.format) == ("鞍山市应急管理局", 2020, FORMAT_2019)
    assert report.get("二", "procurement", "amount").number == 689380
    assert report.get("二", "penalty", "change").raw == "8"
    assert report.get("三", "other", "total").number == 0  # (六)其他处理 is one row in the trial format
    assert report.get("四", "suit_after", "total").number == 0
    results = {r.check_id: r for r in run_checks(report)}
    for check in ("CMP-1", "T3-1", "T3-2", "T3-3", "T4-1", "V-1", "V-2", "V-4", "X-3", "PUB-1", "TXT-2"):
        assert results[check].status == PASS, (check, results[check].message)


def test_old_word_files_are_refused_asking_to_save_as_docx():
    with pytest.raises(LedgerFormatError) as caught:
        read_untrusted_report(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "教育局年报.doc")
    assert "教育局年报.doc" in caught.value.message and "另存为 .docx" in caught.value.hint
    with pytest.raises(LedgerFormatError) as caught:
        read_untrusted_report(b"anything", "教育局年报.wps")
    assert "另存为 .docx" in caught.value.hint


def test_a_pdf_without_a_text_layer_is_refused_asking_for_word_or_web(tmp_path):
    blank = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(LedgerFormatError) as caught:
        read_untrusted_report(blank, "扫描件.pdf")
    assert "扫描件.pdf" in caught.value.message and "文字层" in caught.value.message
    assert "Word" in caught.value.hint


def test_a_pdf_whose_text_is_cid_codes_is_refused_and_nothing_is_stored(consistent, tmp_path):
    """The LibreOffice PDF of the report with its fonts' ToUnicode maps taken out (what some PDF makers write):
    the glyphs are drawn, but the text layer extracts as (cid:NNN). Refused in Chinese naming the file."""
    pdf = consistent["report.pdf"]
    assert pdf.count(b"/ToUnicode") >= 1
    stripped = re.sub(rb"/ToUnicode\s*\d+\s+0\s+R", lambda m: b" " * len(m.group()), pdf)  # offsets kept
    with pdfplumber.open(io.BytesIO(stripped)) as opened:
        texts = [c["text"] for page in opened.pages for c in page.chars]
    assert texts and all(re.fullmatch(r"\(cid:\d+\)", t) for t in texts)  # the shape this test is about
    con = new_database(tmp_path / "county.duckdb")
    load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], [["县应急管理局", "县直部门"]]))
    before = fetch_rows(con, "SELECT count(*) FROM audit_log")
    with pytest.raises(LedgerFormatError) as caught:
        import_report(con, User(1, "wang", "王五", OFFICE), stripped, "应急局年报.pdf", date(2026, 1, 20))
    assert "应急局年报.pdf" in caught.value.message and "没有可用的文字层" in caught.value.message
    assert "Word" in caught.value.hint and "网页" in caught.value.hint
    for table in ("annual_reports", "annual_report_values", "annual_report_checks"):
        assert fetch_rows(con, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert fetch_rows(con, "SELECT count(*) FROM audit_log") == before
    con.close()


def test_a_broken_docx_is_refused_naming_the_file():
    with pytest.raises(LedgerFormatError) as caught:
        read_untrusted_report(b"PK\x03\x04 not really a zip", "坏文件.docx")
    assert "坏文件.docx" in caught.value.message


def test_layout_text_with_a_vertical_label_and_a_one_word_section():
    from loaders.annual_read import text_blocks

    text = "三\n、\n本\n年\n度\n办\n理\n结\n果  （一）予以公开 1 0 0 0 0 0 1\n- 2 -\n五、存在的主要问题及改进情况\n无\n六、其他"
    blocks = text_blocks(text)
    assert [b.text for b in blocks] == [
        "三、本年度办理结果（一）予以公开1000001",
        "五、存在的主要问题及改进情况",
        "无",
        "六、其他",
    ]
    assert blocks[2].paragraph and blocks[0].cells[-1].where == "第9行第9栏"


def test_the_committed_sample_workbook_reads_through_the_new_mapping():
    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "06_年度报告_县应急管理局_2025.xlsx"
    report = map_document(read_untrusted_report(sample.read_bytes(), sample.name))
    assert (report.unit_name, report.year, report.format) == ("清源县应急管理局", 2025, "2021")
    results = {r.check_id: r.status for r in run_checks(report)}
    assert results["CMP-1"] == PASS and results["T3-1"] == PASS and results["T4-1"] == PASS
    assert report.get("三", "new", "total").where.endswith(tuple("0123456789"))  # sheet!cell
