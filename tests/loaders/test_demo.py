"""The embedded demo: built from the committed sample ledgers on first start, every row accounted for."""

import pytest

from core.config import REPO_ROOT
from core.storage.db import fetch_rows, fetch_value, opened
from loaders.demo import build_demo_database, sample_files
from loaders.pipeline import import_file
from tests.apphelpers import app_as
from ui import strings

ROOT = REPO_ROOT
TABLES = (
    "units",
    "unit_aliases",
    "site_columns",
    "items",
    "findings",
    "finding_history",
    "requests",
    "annual_report_cells",
    "quarantine",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    reports = build_demo_database(path)
    return path, reports


def _snapshot(con) -> dict[str, list]:
    return {
        t: sorted(map(str, fetch_rows(con, f"SELECT * EXCLUDE (row_hash) FROM {t}")))
        if t not in ("unit_aliases", "finding_history", "quarantine")
        else sorted(map(str, fetch_rows(con, f"SELECT * FROM {t}")))
        for t in TABLES
    }


def test_every_sample_row_is_accounted_for(demo):
    _, reports = demo
    assert len(reports) == len(sample_files()) == 25
    for r in reports:
        assert r.loaded + r.updated + r.duplicate + r.rejected == r.rows, r.file
    by_file = {r.file: r for r in reports}
    assert by_file["01_单位名录.xlsx"].loaded == 48
    assert by_file["02_栏目目录.xlsx"].sheets_skipped == ["说明"]
    assert by_file["03_发布台账_2026-05.xlsx"].duplicate == 1
    assert by_file["03_发布台账_2026-07.xlsx"].updated == 3
    assert by_file["06_年度报告_县应急管理局_2025.xlsx"].loaded == 31


def test_planted_bad_rows_are_quarantined_with_chinese_reasons(demo):
    path, _ = demo
    with opened(path) as con:
        reasons = {
            (f, r): reason
            for f, r, reason in fetch_rows(
                con, "SELECT file_name, row_number, reason FROM quarantine WHERE resolved_import_id IS NULL"
            )
        }
    assert len(reasons) == 10
    assert reasons[("03_发布台账_2025-10.xls", 45)] == "单位未登记: 县档案馆"
    assert reasons[("03_发布台账_2026-03.xlsx", 38)] == "日期无法识别: 2026-13-45"
    assert reasons[("03_发布台账_2025-12.csv", 125)] == "缺少发布日期"
    assert reasons[("03_发布台账_2026-06.xlsx", 145)] == "缺少标题"


def test_findings_history_comes_from_successive_ledgers(demo):
    path, _ = demo
    with opened(path) as con:
        imports_per_finding = fetch_value(
            con,
            """
            SELECT max(n) FROM (SELECT finding_id, count(DISTINCT import_id) AS n FROM finding_history GROUP BY 1)""",
        )
        states = dict(fetch_rows(con, "SELECT status, count(*) FROM findings GROUP BY 1"))
    assert imports_per_finding >= 3
    assert set(states) == {"未整改", "整改中", "已整改", "无法整改"}


def test_importing_every_sample_again_changes_nothing(demo, tmp_path):
    path, _ = demo
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(path.read_bytes())
    with opened(copy) as con:
        before = _snapshot(con)
        reports = [import_file(con, f.read_bytes(), f.name) for f in sample_files()]
        after = _snapshot(con)
    assert before == after
    assert all(r.loaded == 0 and r.updated == 0 for r in reports)


def test_first_start_builds_the_demo_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "dashboard.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = app_as(timeout=180).run()
    assert not at.exception
    assert path.exists()
    assert strings.DEMO_BANNER in [i.value for i in at.info]
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics[strings.KPI_ITEMS]) > 0


def test_overdue_lists_match_the_generators_hand_count(demo):
    """demo/generate_samples.py prints its own count: 32 findings open and overdue on 2026-11-20, and the
    requests QY-2026-029 (due 10-26) and QY-2026-034 (due 11-09) open past their due dates."""
    from datetime import date

    from core.calendar.workdays import load_calendar
    from core.rectification.queries import findings
    from core.rectification.rules import judge_findings
    from core.requests.deadlines import judge_requests
    from core.requests.queries import requests_received
    from core.storage.scope import UnitScope

    path, _ = demo
    calendar, day = load_calendar(), date(2026, 11, 20)
    with opened(path) as con:
        judged = judge_findings(findings(con, UnitScope()), day, calendar)
        requests = judge_requests(requests_received(con, UnitScope(), date(2026, 1, 1), day), day, calendar)
    assert int(judged["is_overdue"].sum()) == 32
    overdue = requests.loc[requests["state"] == "逾期未答复"]
    assert sorted(zip(overdue["request_no"], overdue["due_on"].astype(str))) == [
        ("QY-2026-029", "2026-10-26"),
        ("QY-2026-034", "2026-11-09"),
    ]
