"""The demo stores the previous year's annual reports through the real importer: most on time and clean, the
planted late, wrong and missing ones found by the real checks (issue 13)."""

from datetime import date

import pytest

from core.accounts.vocabulary import IMPORT_FILE
from core.annual_reports.queries import report_status
from core.annual_reports.vocabulary import LATE, MISSING, ON_TIME
from core.storage.db import fetch_rows, opened
from core.storage.scope import UnitScope
from demo.annual_reports import report_year
from loaders.demo import build_demo_database

DAY = date(2026, 12, 1)


def test_the_report_year_is_the_last_one_whose_deadline_has_passed():
    assert report_year(date(2026, 12, 1)) == 2025
    assert report_year(date(2027, 1, 31)) == 2025  # the 2026 reports are still due today
    assert report_year(date(2027, 2, 1)) == 2026


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_database(path, DAY)
    with opened(path) as con:
        status = report_status(con, UnitScope(), 2025, DAY)
        audit = fetch_rows(
            con, "SELECT login, object FROM audit_log WHERE action = ? AND object LIKE '年度报告%'", [IMPORT_FILE]
        )
        failed = fetch_rows(
            con, "SELECT check_id, count(*) FROM annual_report_checks WHERE status = 'fail' GROUP BY ALL ORDER BY 1"
        )
    return status, audit, failed


def test_most_units_published_on_time_a_few_late_a_few_not_at_all(demo):
    status, audit, _ = demo
    states = status["state"].value_counts().to_dict()
    assert len(status) == 46 and states == {ON_TIME: 40, LATE: 3, MISSING: 3}
    late = status.loc[status["state"] == LATE, "received_on"]
    assert all(date(2026, 2, 1) <= d.date() <= date(2026, 2, 10) for d in late)
    assert len(audit) == 43 and {login for login, _ in audit} == {"demo_office"}  # imported, audited


def test_the_real_checks_find_exactly_the_planted_faults(demo):
    status, _, failed = demo
    assert dict(failed) == {"PUB-1": 3, "T3-2": 1, "T3-3": 1, "T4-1": 1, "TXT-1": 2}
    received = status.loc[status["state"].isin([ON_TIME, LATE])]
    clean = received.loc[received["fails"] == 0]
    assert len(clean) == 43 - 3 - 4 and (clean["state"] == ON_TIME).all()
    assert set(received.loc[received["state"] == LATE, "main_problems"].str[:5]) == {"PUB-1"}
    assert (received["uncertain"] > 0).sum() == 1  # the one with "/" in its table 三
