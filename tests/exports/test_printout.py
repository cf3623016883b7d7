"""The printed 考核排名 opened back (issue 12 item 1): A4 landscape, both groups, every unit and every deduction line,
the month and 统计截至 in the running header, page numbers; unit names stay text."""

import html
import shutil
import subprocess
from datetime import date

import pytest

from core.calendar.workdays import load_calendar
from core.ranking.view import lines_table, ranking_view
from exports.documents import cn_date
from exports.printout import PAGE_PRINT_DETAIL_CHARS, ranking_pdf, ranking_print_fragment, ranking_print_html
from tests.apphelpers import load, new_database, small_county, write_csv

TODAY = date(2026, 11, 23)
MARKUP_UNIT = "县<b>标签</b>&局"
needs_poppler = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")), reason="needs Chromium and poppler-utils"
)


@pytest.fixture
def view(tmp_path):
    """The hand-made county plus 40 departments that publish nothing (two pages of ranking and many lines)."""
    con = new_database(tmp_path / "county.duckdb")
    small_county(con, tmp_path)
    extra = [[f"县第{i}测试局", "", "县直部门", "是"] for i in range(1, 41)] + [[MARKUP_UNIT, "", "县直部门", "是"]]
    load(con, write_csv(tmp_path / "more.csv", ["单位名称", "简称", "单位类型", "是否纳入考核"], extra))
    result = ranking_view(con, "2026-10", TODAY, load_calendar())
    con.close()
    return result


def _squeezed(text: str) -> str:
    return "".join(text.split())


@needs_poppler
def test_the_pdf_is_a4_landscape_with_every_unit_every_line_header_and_page_numbers(view, tmp_path):
    path = tmp_path / "rank.pdf"
    path.write_bytes(ranking_pdf(view))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split("x"))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages")).split()[-1])
    assert pages >= 3
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    text = _squeezed(raw)
    scores = view.scores.scores
    assert {"县直部门", "乡镇/街道"} <= set(scores["group_name"])
    for name in scores["unit_name"]:  # every unit of both groups (the page cut the table at 19 of 35)
        assert text.count(_squeezed(name)) >= 2, name  # its row in the table and its bar in the chart
    lines = lines_table(view)
    assert len(lines) > 40
    for line in lines.itertuples():  # every scored line with its whole evidence, nothing cut with "…"
        assert _squeezed(f"{line.rule_name}") in text and _squeezed(str(line.evidence)) in text
    sheets = [_squeezed(sheet) for sheet in raw.split("\f") if sheet.strip()]
    assert len(sheets) == pages
    for number, sheet in enumerate(sheets, start=1):  # the running header and the page number on every page
        assert "2026年10月政务公开考核排名统计截至2026年10月31日" in sheet and f"第{number}页，共{pages}页" in sheet
    assert "…" not in text


def test_the_leader_box_names_the_last_unit_and_unit_names_are_escaped(view):
    document = ranking_print_html(view)
    assert "<b>标签</b>" not in document and "县&lt;b&gt;标签&lt;/b&gt;&amp;局" in document
    box = document.split('<div class="boxes">')[1].split("</div></div>")[0]
    last = view.scores.scores.loc[view.scores.scores["group_name"] == "县直部门"].sort_values("rank").iloc[-1]
    assert "末位单位及主要扣分" in box and str(last["unit_name"]).replace("<", "&lt;").split("&")[0] in box


def test_the_page_print_carries_the_details_up_to_its_budget_and_else_names_the_pdf(view):
    """Ctrl+P on the page prints the details while they fit PAGE_PRINT_DETAIL_CHARS (the PDF always holds them)."""
    lines = lines_table(view)
    fragment = ranking_print_fragment(view)
    assert len(fragment) < PAGE_PRINT_DETAIL_CHARS
    for evidence in lines["evidence"]:  # a county's month: every line in the page's print
        assert html.escape(str(evidence), quote=False) in fragment
    short = ranking_print_fragment(view, detail_chars=1000)
    assert f"附：扣分、加分明细（{len(lines)}项）" in short and "完整明细见“打印/导出PDF”生成的考核排名 PDF" in short
    details = fragment.split('<section class="lines">')[1]
    assert "具体情况" in details and "具体情况" not in short  # the details table's own column is gone
    assert len(short) < len(fragment) - len(details) + 300  # nothing of it but its heading and the note
    for name in view.scores.scores["unit_name"]:  # the ranking itself is never left out
        assert html.escape(str(name), quote=False) in short
    assert "完整明细见" not in ranking_print_html(view)  # the PDF's document: all of it


@needs_poppler
def test_the_overview_pdf_is_a4_landscape_with_every_unit_header_and_page_numbers(tmp_path):
    from core.monitoring.overview import overview
    from core.storage.scope import UnitScope, month_period
    from exports.printout import overview_pdf
    from ui.strings import COLUMN_LABELS

    con = new_database(tmp_path / "county.duckdb")
    small_county(con, tmp_path)
    extra = [[f"县第{i}测试局", "", "县直部门", "是"] for i in range(1, 61)]
    load(con, write_csv(tmp_path / "more.csv", ["单位名称", "简称", "单位类型", "是否纳入考核"], extra))
    period = month_period("2026-10", TODAY)
    figures = overview(con, period, UnitScope(), load_calendar())
    con.close()
    path = tmp_path / "overview.pdf"
    path.write_bytes(overview_pdf(figures, period, COLUMN_LABELS))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split("x"))
    assert (round(width), round(height)) == (842, 595)
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages")).split()[-1])
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    text = _squeezed(raw)
    assert len(figures.per_unit) > 60
    for name in figures.per_unit["unit_name"]:  # every unit, not the first screenful
        assert _squeezed(name) in text, name
    sheets = [_squeezed(sheet) for sheet in raw.split("\f") if sheet.strip()]
    assert len(sheets) == pages >= 2
    for number, sheet in enumerate(sheets, start=1):
        assert f"统计截至{_squeezed(cn_date(period.as_of))}" in sheet and f"第{number}页，共{pages}页" in sheet
