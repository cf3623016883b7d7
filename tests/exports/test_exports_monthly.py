"""The month's documents opened back: bulletin ranking = scores, notices = each unit's open findings, workbook."""

import io
import shutil
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from core.calendar.workdays import load_calendar
from core.config import REPO_ROOT
from core.ranking.view import month_facts, ranking_view
from core.registry.office import load_office
from exports.monthly import month_documents
from tests.apphelpers import new_database, small_county

ROOT = REPO_ROOT
CAL = load_calendar()
TODAY = date(2026, 11, 23)


@pytest.fixture
def documents(tmp_path):
    con = new_database(tmp_path / "county.duckdb")
    small_county(con, tmp_path)
    view = ranking_view(con, "2026-10", TODAY, CAL)
    docs = month_documents(con, view, load_office(), CAL, month_facts(con, view.scores, TODAY), TODAY)
    con.close()
    return view, docs


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_bulletin_ranking_tables_match_the_scores(documents):
    view, docs = documents
    doc = Document(io.BytesIO(docs.bulletin))
    ranking_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "名次"]  # 附件1, one per group
    rows = [[c.text for c in row.cells] for t in ranking_tables for row in t.rows]
    body = [r for r in rows if r and r[0].isdigit()]
    # (rank, unit, score, grade) as scored: departments 丙 92 / 甲 89, then 乙镇 91
    assert [(r[0], r[1], r[2], r[3]) for r in body] == [
        ("1", "县丙局", "92", "优秀"),
        ("2", "县甲局", "89", "良好"),
        ("1", "乙镇", "91", "优秀"),
    ]
    text = _text(docs.bulletin)
    assert "关于2026年10月全县政务公开工作情况的通报" in text.replace("\n", "")
    assert "清公开办〔2026〕1号" in text and "全县共主动公开政府信息3条" in text  # the register's first
    assert "数据统计截至2026年10月31日" in text and "…" not in text


def test_each_notice_lists_exactly_the_units_open_findings(documents):
    view, docs = documents
    names = zipfile.ZipFile(io.BytesIO(docs.notices_zip)).namelist()
    assert sorted(names) == ["整改通知书_乙镇.docx", "整改通知书_县甲局.docx"]  # 丙 has no finding
    by_unit = {n.unit_name: n for n in docs.notices}
    assert [f.finding_no for f in by_unit["县甲局"].findings] == ["F1"]  # F3 is rectified
    assert [(f.finding_no, str(f.due_on)) for f in by_unit["乙镇"].findings] == [("F2", "2026-11-30")]
    # counted to the set's 统计截至 10-31 like the bulletin, not to the issue day 11-23: F1 (due 10-22) is 9 days over
    assert [(f.state, f.days_overdue) for f in by_unit["县甲局"].findings] == [("未整改", 9)]
    assert {n.as_of for n in docs.notices} == {view.scores.as_of} == {date(2026, 10, 31)}
    archive = zipfile.ZipFile(io.BytesIO(docs.notices_zip))
    rows = [
        [c.text for c in r.cells]
        for t in Document(io.BytesIO(archive.read("整改通知书_县甲局.docx"))).tables
        for r in t.rows
    ]
    assert [
        "1",
        "F1",
        "网上巡查",
        "2026-10-09",
        "栏目更新不及时",
        "通知公告超期",
        "2026-10-22",
        "未整改（逾期9天）",
    ] in rows
    assert "错别字" not in _text(archive.read("整改通知书_县甲局.docx"))  # another unit's finding


def test_ranking_workbook_matches_the_scores(documents):
    view, docs = documents
    wb = load_workbook(io.BytesIO(docs.ranking))
    assert wb.sheetnames[-1] == "扣分加分明细" and len(wb.sheetnames) == 3
    rows = []
    for ws in wb.worksheets[:-1]:
        assert "统计截至2026年10月31日" in ws["A1"].value and ws.freeze_panes == "A3"
        header = [c.value for c in ws[2]]
        rows += [dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(min_row=3)]
    assert [(r["单位"], r["得分"], r["名次"]) for r in rows] == [("县丙局", 92, 1), ("县甲局", 89, 2), ("乙镇", 91, 1)]
    assert all(r["较上月名次"] in ("—", "持平") or r["较上月名次"][0] in "升降" for r in rows)


def test_cli_writes_the_month_into_a_folder(tmp_path):
    con = new_database(tmp_path / "county.duckdb")
    small_county(con, tmp_path)
    con.close()
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "exports",
            "month",
            "2026-10",
            "--out",
            str(out),
            "--db",
            str(tmp_path / "county.duckdb"),
            "--today",
            "2026-11-23",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {"2026年10月政务公开工作通报.docx", "2026年10月整改通知书.zip", "2026年10月考核排名.xlsx"} <= names
    if shutil.which("chromium"):  # the printable ranking, the same document as the page's 打印/导出PDF
        assert (out / "2026年10月考核排名.pdf").read_bytes().startswith(b"%PDF")
    refused = subprocess.run(
        [sys.executable, "-m", "exports", "month", "2026-13", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1 and "YYYY-MM" in refused.stderr
