"""The county summary table (.xlsx) and `python -m exports annual YEAR`: real reports imported into a real database
file, the workbook and the 审查意见 opened back, the audit entries read from the file."""

import io
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest
from openpyxl import load_workbook

from core.accounts.identity import User
from core.accounts.vocabulary import EXPORT_DOCUMENT, OFFICE
from core.annual_reports.queries import decide_as
from core.annual_reports.vocabulary import DISMISSED
from core.config import REPO_ROOT
from core.storage.db import connect, fetch_rows
from core.storage.scope import UnitScope
from exports.annual_summary import summary_file_name, summary_xlsx
from exports.documents import docx_text_structure
from loaders.annual_report import import_report
from tests.accounts.helpers import add_role_users
from tests.annual_reports import render
from tests.annual_reports.fixtures import report_items, tables_2021, variant
from tests.apphelpers import load, new_database, write_csv

OFFICER = User(1, "wang", "王五", OFFICE)
DAY = date(2026, 2, 10)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """县应急管理局 on time with T3-1 and TXT-1 failing (TXT-1 dismissed by the office), 县教育局 late, 甲镇 missing."""
    folder = tmp_path_factory.mktemp("county")
    con = new_database(folder / "county.duckdb")
    units = [["县应急管理局", "县直部门"], ["县教育局", "县直部门"], ["甲镇", "乡镇"]]
    load(con, write_csv(folder / "u.csv", ["单位名称", "单位类型"], units))
    t = tables_2021()
    t["t3"]["carried_out"] = [
        t["t3"]["carried_out"][0] + 2,
        *t["t3"]["carried_out"][1:6],
        t["t3"]["carried_out"][6] + 2,
    ]
    import_report(con, OFFICER, render.docx_bytes(report_items(t)), "应急.docx", date(2026, 1, 20))
    late = render.docx_bytes(report_items(variant(unit="清源县教育局")))
    import_report(con, OFFICER, late, "教育.docx", date(2026, 2, 3))
    ids = dict(fetch_rows(con, "SELECT name, unit_id FROM units"))
    decide_as(con, OFFICER, ids["县应急管理局"], 2025, "TXT-1", DISMISSED, "正文口径为自然人，已电话核实")
    add_role_users(con, "县教育局")
    con.close()
    return folder / "county.duckdb", ids


@pytest.fixture
def county(built, tmp_path):
    path, ids = built
    shutil.copy(path, tmp_path / "county.duckdb")
    return tmp_path / "county.duckdb", ids


def _texts(path) -> list[str]:
    return [t for _, t, _, _ in docx_text_structure(path.read_bytes())]


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[2]]
    return [dict(zip(header, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=3)]


def test_the_summary_has_one_row_per_unit_with_receipt_checks_and_decisions(county):
    path, _ = county
    con = connect(path)
    try:
        wb = load_workbook(io.BytesIO(summary_xlsx(con, UnitScope(assessed_only=False), 2025, DAY)))
    finally:
        con.close()
    ws = wb["汇总"]
    assert "2025年度" in ws["A1"].value and "统计截至2026年2月10日" in ws["A1"].value
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:L5" and ws["A2"].fill.fgColor.rgb.endswith("B71C1C")
    rows = {r["单位"]: r for r in _rows(ws)}
    assert list(rows) == ["县应急管理局", "县教育局", "甲镇"]
    emergency, education, town = rows["县应急管理局"], rows["县教育局"], rows["甲镇"]
    assert emergency["报送情况"] == "按期报送" and emergency["公开（报送）日期"].date() == date(2026, 1, 20)
    assert emergency["格式"] == "2021年格式" and emergency["表格齐全"] == "是"
    assert (emergency["不通过"], emergency["不予采纳"], emergency["待更正"]) == (2, 1, 1)
    assert emergency["主要问题"].startswith("T3-1：") and "TXT-1" not in emergency["主要问题"]  # dismissed
    assert education["报送情况"] == "逾期报送" and "PUB-1" in education["主要问题"]
    assert town["报送情况"] == "逾期未报送" and town["公开（报送）日期"] == "—" and town["不通过"] == "—"
    details = _rows(wb["问题明细"])
    txt = next(r for r in details if r["单位"] == "县应急管理局" and r["编号"] == "TXT-1")
    assert txt["结果"] == "不通过" and txt["办公室意见"] == "不予采纳" and "电话核实" in txt["意见理由"]
    assert {r["单位"] for r in details} == {"县应急管理局", "县教育局"}


def test_a_liaisons_summary_holds_only_his_unit(county):
    path, ids = county
    con = connect(path)
    try:
        data = summary_xlsx(con, UnitScope(assessed_only=False, unit_ids=(ids["县教育局"],)), 2025, DAY)
    finally:
        con.close()
    wb = load_workbook(io.BytesIO(data))
    assert [r["单位"] for r in _rows(wb["汇总"])] == ["县教育局"]
    assert {r["单位"] for r in _rows(wb["问题明细"])} == {"县教育局"}


def _export(path, out, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_DB", "DASHBOARD_TODAY")}
    command = [sys.executable, "-m", "exports", "annual", *extra, "--out", str(out), "--db", str(path)]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_cli_writes_the_summary_and_each_received_units_review_audited(county, tmp_path):
    path, _ = county
    out = tmp_path / "out"
    done = _export(path, out, "2025", "--today", "2026-02-10")
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    reviews = ["县应急管理局2025年度报告审查意见.docx", "县教育局2025年度报告审查意见.docx"]
    assert names == sorted([summary_file_name(2025), *reviews])  # 甲镇 sent nothing: no review
    assert sorted(done.stdout.split()) == sorted(str(out / n) for n in names)
    emergency = _texts(out / reviews[0])
    assert any("关于县应急管理局2025年" in t for t in emergency) and any("T3-1" in t for t in emergency)
    assert not any("TXT-1" in t for t in emergency)  # the office dismissed it
    assert any("PUB-1" in t for t in _texts(out / reviews[1]))
    summary = load_workbook(out / summary_file_name(2025))["汇总"]
    assert len(_rows(summary)) == 3
    con = connect(path)
    try:
        audit = fetch_rows(
            con, "SELECT login, object, outcome FROM audit_log WHERE action = ? ORDER BY entry_id", [EXPORT_DOCUMENT]
        )
    finally:
        con.close()
    assert sorted(o.split("（")[0] for _, o, _ in audit) == names
    assert all(login.startswith("cli:") and "2025年度报告审查" in o for login, o, _ in audit)


def test_the_cli_as_a_liaison_writes_only_his_units_files(county, tmp_path):
    path, _ = county
    out = tmp_path / "own"
    done = _export(path, out, "2025", "--today", "2026-02-10", "--as", "t_liaison")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [summary_file_name(2025), "县教育局2025年度报告审查意见.docx"]
    )
    assert [r["单位"] for r in _rows(load_workbook(out / summary_file_name(2025))["汇总"])] == ["县教育局"]
    refused = _export(path, out, "25")
    assert refused.returncode == 1 and "四位年份" in refused.stderr
