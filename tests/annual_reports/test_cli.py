"""`python -m loaders import REPORT…` and `annual-check` as cron jobs and units run them: real subprocesses, real
files (Word, web page, a .doc), a real database file."""

import json
import os
import subprocess
import sys

import pytest

from core.annual_reports.vocabulary import FAIL, STATUS_LABELS
from core.config import REPO_ROOT
from core.storage.db import connect, fetch_rows
from tests.annual_reports import render
from tests.annual_reports.fixtures import report_items, tables_2021, variant
from tests.apphelpers import load, new_database, write_csv


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DASHBOARD_TODAY": "2026-01-20"}
    env.pop("DASHBOARD_DB", None)
    command = [sys.executable, "-m", "loaders", *args]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=180)


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture
def county(tmp_path):
    db = tmp_path / "county.duckdb"
    con = new_database(db)
    units = [["县应急管理局", "县直部门"], ["县教育局", "县直部门"]]
    load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], units))
    con.close()
    return db


def test_import_routes_published_reports_and_audits_each(county, tmp_path):
    (tmp_path / "应急.docx").write_bytes(render.docx_bytes(report_items(tables_2021())))
    page = render.html_bytes(report_items(variant(unit="清源县教育局")), encoding="gbk")
    (tmp_path / "教育.html").write_bytes(page)
    (tmp_path / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    names = [str(tmp_path / n) for n in ("应急.docx", "教育.html", "旧版.doc")]
    done = run("import", *names, "--db", str(county), "--json")
    assert done.returncode == 2, done.stderr  # one file could not be read; the others went in
    out = {line["file"]: line for line in lines(done.stdout)}
    assert out["应急.docx"]["kind"] == "annual_report" and out["应急.docx"]["year"] == 2025
    assert out["教育.html"]["unit"] == "清源县教育局" and out["教育.html"]["complete"] is True
    checks = {c["id"]: c for c in out["应急.docx"]["checks"]}
    assert checks["T3-1"]["status"] == "pass" and set(checks["T3-1"]) >= {"expected", "found", "severity", "message"}
    assert "另存为 .docx" in out["旧版.doc"]["error"]
    con = connect(county)
    try:
        stored = fetch_rows(con, "SELECT u.name, a.received_on FROM annual_reports a JOIN units u USING (unit_id)")
        audit = fetch_rows(con, "SELECT action, object, outcome FROM audit_log WHERE object LIKE '%年度报告%'")
    finally:
        con.close()
    assert sorted(n for n, _ in stored) == ["县应急管理局", "县教育局"]
    assert {str(d) for _, d in stored} == {"2026-01-20"}  # received on the configured day
    assert len(audit) == 3 and sum("旧版.doc" in a[1] for a in audit) == 1
    assert [a[2] for a in audit if "旧版.doc" in a[1]] != [a[2] for a in audit if "应急.docx" in a[1]]


def test_annual_check_reports_a_draft_without_storing_it(tmp_path):
    t = tables_2021()
    t["t3"]["carried_out"] = [
        t["t3"]["carried_out"][0] + 2,
        *t["t3"]["carried_out"][1:6],
        t["t3"]["carried_out"][6] + 2,
    ]
    draft = tmp_path / "草稿.docx"
    draft.write_bytes(render.docx_bytes(report_items(t)))
    db = tmp_path / "none.duckdb"
    done = run("annual-check", str(draft), "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr  # read: exit 0 whatever the checks found
    (line,) = lines(done.stdout)
    assert line["file"] == "草稿.docx" and line["format"] == "2021" and line["unit"] == "清源县应急管理局"
    t3_1 = next(c for c in line["checks"] if c["id"] == "T3-1")
    assert t3_1["status"] == "fail" and t3_1["expected"] and t3_1["found"] != t3_1["expected"]
    assert not db.exists()  # nothing stored, no database made
    plain = run("annual-check", str(draft), "--db", str(db))
    assert plain.returncode == 0 and "已检查（未保存）" in plain.stdout
    rows = {row.split()[0]: row.split()[1] for row in plain.stdout.splitlines()[1:]}
    assert rows["T3-1"] == STATUS_LABELS[FAIL] == "不通过" and rows["T4-1"] == "通过"  # the page's words
    assert not any(word in plain.stdout for word in ("fail", "pass", "uncertain", "not_assessable"))
    assert (
        "2021年格式" in plain.stdout and f"{sum(c['status'] == FAIL for c in line['checks'])} 项不通过" in plain.stdout
    )
    unreadable = run("annual-check", str(tmp_path / "缺失.pdf"), "--db", str(db), "--json")
    assert unreadable.returncode == 2 and "缺失.pdf" in lines(unreadable.stdout)[0]["error"]
