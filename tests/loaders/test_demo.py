"""The embedded demo: built from ledgers generated for the build day, every row accounted for, the same story
on any day (issue 10)."""

from datetime import date

import pytest

from core.calendar.workdays import load_calendar
from core.config import REPO_ROOT, SAMPLES_DIR
from core.monitoring.overview import ledger_coverage, overview
from core.storage.db import fetch_rows, fetch_value, opened
from core.storage.scope import UnitScope, month_period
from demo.generate_samples import BASE_DAY
from loaders.__main__ import main as loaders_main
from loaders.demo import build_demo_database, sample_files
from loaders.pipeline import import_file
from tests.apphelpers import app_as
from ui import strings
from ui.state import KEY_MONTH

ROOT = REPO_ROOT
FAR_DAY = date(2027, 3, 15)  # a Monday, in a year whose holidays the office has not entered
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
    """Built for the day data/samples/ was generated for, so its files are those of the committed example set."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    reports = build_demo_database(path, BASE_DAY)
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
    assert len(reports) == len(sample_files(SAMPLES_DIR)) == 25
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
        reports = [import_file(con, f.read_bytes(), f.name) for f in sample_files(SAMPLES_DIR)]
        after = _snapshot(con)
    assert before == after
    assert all(r.loaded == 0 and r.updated == 0 for r in reports)


def test_first_start_builds_the_demo_for_today_and_says_how_far_it_reaches(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "dashboard.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-12-20")
    at = app_as(timeout=180).run()
    assert not at.exception
    assert path.exists()
    assert strings.DEMO_BANNER in [i.value for i in at.info]
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics[strings.KPI_ITEMS]) > 0
    latest = strings.LEDGER_LATEST.format(latest="2026-12-20")
    assert "；".join((latest, strings.MONTH_PARTIAL.format(day=20))) in [c.value for c in at.caption]
    november = app_as(timeout=180)
    november.session_state[KEY_MONTH] = "2026-11"  # a complete month: the latest date only
    november.run()
    assert not november.exception and latest in [c.value for c in november.caption]


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


@pytest.fixture(scope="module")
def far_demo(tmp_path_factory):
    """The demo built from the command line for FAR_DAY, as scripts and checks do."""
    path = tmp_path_factory.mktemp("far") / "demo.duckdb"
    assert loaders_main(["demo", "--db", str(path), "--today", FAR_DAY.isoformat()]) == 0
    return path


def test_demo_built_for_a_far_day_tells_the_same_story(far_demo):
    """On 2027-03-15 the county looks as it did on 2026-11-20: one or two units silent last week (红岩乡 is
    planted), a handful of stale columns (3 planted 通知公告政策文件类 + short-cycle ones), overdue findings, the
    quarantine's 10 bad rows, 15 months of ledgers, nothing dated after the day, and a partial month said so."""
    period = month_period("2027-03", FAR_DAY)
    with opened(far_demo) as con:
        figures = overview(con, period, UnitScope(), load_calendar())
        coverage = ledger_coverage(con, period, UnitScope())
        first, last = fetch_rows(con, "SELECT min(published_on), max(published_on) FROM items")[0]
        quarantined = fetch_value(con, "SELECT count(*) FROM quarantine")
        silent = set(figures.silent_units["unit_name"])
    kpis = figures.kpis
    assert 0 < kpis.units_silent_this_week < kpis.units_in_scope and "红岩乡人民政府" in silent
    # the 3 planted 通知公告政策文件类 columns plus short-cycle ones; after a Spring Festival with fewer working days
    # (2027-03-15: 8, two 14天 columns more than on 2026-11-20) the count moves a little but stays a handful
    assert 4 <= kpis.stale_columns <= 9
    assert kpis.blank_columns == 4
    assert kpis.overdue_findings > 0
    assert quarantined == 10
    assert last <= FAR_DAY and first >= date(2026, 1, 1)
    assert coverage.latest == FAR_DAY and coverage.partial_through == FAR_DAY


def test_demo_command_refuses_to_overwrite_an_existing_database(far_demo, capsys):
    assert loaders_main(["demo", "--db", str(far_demo), "--today", FAR_DAY.isoformat()]) == 1
    assert "--replace" in capsys.readouterr().err


@pytest.mark.parametrize("which", ["demo", "far_demo"])
def test_the_demo_games_the_rhythm_only_where_planted(which, request):
    """Issue 14 item 4: in the month before the demo's day, 2 units crowd into its last 3 working days and 2 units
    re-post (an earlier title, an old 成文日期); in every other month no item is a re-post (a unit's titles are
    distinct) and no unit rushes — except where random weekly publishing happens to reach the line: in the base
    demo 县水利局 in 2026-02 (春节 leaves 5 working days after 02-23; 3 of its 6 items fall in the last 3) and
    县交通运输局 in 2026-08 (5 of 10), both exactly the 50% the rule asks. The rule flags; the office judges."""
    from core.monitoring.gaming import reposts, rush_updates
    from demo.generate_samples import REPOST_OLD, REPOST_SAME, RUSH_UNITS

    built = request.getfixturevalue(which)
    path, day = (built[0], BASE_DAY) if which == "demo" else (built, FAR_DAY)
    last_month = (day.replace(day=1) - date.resolution).strftime("%Y-%m")
    calendar = load_calendar()
    with opened(path) as con:
        months = [m for (m,) in fetch_rows(con, "SELECT DISTINCT strftime(published_on, '%Y-%m') FROM items")]
        for month in sorted(months):
            period = month_period(month, day)
            rushed = set(rush_updates(con, period, UnitScope(), calendar)["unit_name"])
            flagged = reposts(con, period, UnitScope())
            if month == last_month:
                assert rushed == set(RUSH_UNITS)
                assert dict(zip(flagged["unit_name"], zip(flagged["same_title"], flagged["old_draft"]))) == {
                    REPOST_SAME: (True, False),
                    REPOST_OLD: (False, True),
                }
            else:
                natural = {("demo", "2026-02"): {"县水利局"}, ("demo", "2026-08"): {"县交通运输局"}}.get(
                    (which, month), set()
                )
                assert rushed == natural and flagged.empty, month
