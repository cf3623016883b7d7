"""Finding due dates judged on read from the stored 整改时限 and the calendar in force (issue 10, defects 2 and 6),
and a failed 回头看 that reopens a finding only from its day (item 12). Hand counts in the comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from core.calendar.workdays import load_calendar
from core.frames import dates
from core.rectification.queries import findings
from core.rectification.rules import judge_findings, state_as_of
from core.storage.migrations import MIGRATIONS, migrate
from core.storage.scope import UnitScope
from tests.database import import_bytes
from tests.ledgers import FINDINGS_HEADER, finding, registry_sheets, write_csv, write_xlsx
from tests.loaders.helpers import previous_importer


def _holidays(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text("date,kind,name\n" + rows, encoding="utf-8")
    return path


def _county_with_findings(con: duckdb.DuckDBPyConnection, tmp_path: Path, *rows: list) -> None:
    import_bytes(con, write_xlsx(tmp_path / "名录.xlsx", registry_sheets()))
    report = import_bytes(con, write_csv(tmp_path / "问题清单.csv", [FINDINGS_HEADER, *rows]))
    assert report.loaded == len(rows) and report.rejected == 0, report


def _judged(con: duckdb.DuckDBPyConnection, as_of: date, holidays: Path) -> dict:
    judged = judge_findings(findings(con, UnitScope()), as_of, load_calendar(holidays))
    return {r.finding_no: r for r in judged.itertuples()}


def test_due_date_follows_the_calendar_entered_after_the_import(con: duckdb.DuckDBPyConnection, tmp_path: Path):
    _county_with_findings(
        con,
        tmp_path,
        finding(no="A", found="2026-12-20", deadline="10个工作日"),
        finding(no="B", found="2027-09-28", deadline="5个工作日"),
        finding(no="C", found="2026-09-20", deadline="2026年11月30日"),
    )
    assert con.execute("SELECT count(*) FROM findings WHERE due_on IS NOT NULL").fetchone() == (1,)  # only C's date
    no_2027 = _holidays(tmp_path, "h0.csv", "2026-10-01,休,国庆节\n")
    # A, found Sun 2026-12-20: 12-21..25 (5), 12-28..31 (9), 2027-01-01 元旦 (fixed-date holiday, 放假办法 第二条)
    # skipped even without 2027 data, 01-04 (10) → 2027-01-04, an estimate. (The old Mon–Fri fallback said 01-01.)
    # B, found Tue 2027-09-28: 09-29, 09-30 (2); 10-01..03 fixed 国庆 days; 10-04, 05, 06 (5) → 10-06, estimated.
    before = _judged(con, date(2027, 12, 31), no_2027)
    assert (before["A"].due_on, before["A"].due_uses_fallback) == (date(2027, 1, 4), True)
    assert (before["B"].due_on, before["B"].due_uses_fallback) == (date(2027, 10, 6), True)
    assert (before["C"].due_on, before["C"].due_uses_fallback) == (date(2026, 11, 30), False)
    # the office enters 2027: 元旦 01-01, and (a hypothetical arrangement, for the test) 国庆 10-01..07
    entered = _holidays(
        tmp_path,
        "h1.csv",
        "2027-01-01,休,元旦\n" + "".join(f"2027-10-0{d},休,国庆节\n" for d in range(1, 8)),
    )
    after = _judged(con, date(2027, 12, 31), entered)
    # A: same day 2027-01-04, now official; judged on 01-04 it is due that day, not overdue
    on_due_day = _judged(con, date(2027, 1, 4), entered)["A"]
    assert (on_due_day.due_on, on_due_day.due_uses_fallback, on_due_day.is_overdue) == (date(2027, 1, 4), False, False)
    assert _judged(con, date(2027, 1, 5), entered)["A"].is_overdue
    # B: 09-29, 09-30 (2); 10-01..07 rest; 10-08 (3); 10-11, 10-12 (5) → 2027-10-12 — no re-import needed
    assert (after["B"].due_on, after["B"].due_uses_fallback) == (date(2027, 10, 12), False)


def test_a_period_in_days_ending_in_national_day_moves_to_the_next_working_day(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
):
    # 民法典 第二百零三条: found Sun 2026-09-20 + 15天 → 2026-10-05 (国庆 10-01..07) → Thu 2026-10-08
    _county_with_findings(con, tmp_path, finding(no="D", found="2026-09-20", deadline="15天"))
    judged = _judged(con, date(2026, 10, 8), Path("data/holidays.csv"))
    assert judged["D"].due_on == date(2026, 10, 8) and not judged["D"].is_overdue
    assert _judged(con, date(2026, 10, 9), Path("data/holidays.csv"))["D"].days_overdue == 1


# the findings columns of the m006 release (its importer wrote these, and hashed them)
_M006_FINDING_COLUMNS = (
    "finding_no", "inspection", "found_on", "unit_id", "problem_type", "description", "deadline", "due_on",
    "due_uses_fallback", "status", "rectified_on", "rectification_note", "review",
)  # fmt: skip


def test_migration_clears_computed_due_dates_and_keeps_rows_duplicates(tmp_path: Path, monkeypatch):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    migrate(con, until=MIGRATIONS[5][0])  # a database of the previous release (m006)
    with monkeypatch.context() as old_release:  # filled by that release's importer: only the m006 columns
        previous_importer(old_release, "findings", _M006_FINDING_COLUMNS)
        _county_with_findings(
            con,
            tmp_path,
            finding(no="A", found="2026-12-20", deadline="10个工作日"),
            finding(no="C", deadline="2026-11-30"),
        )
    # what the previous importer stored: A's date computed with the Mon–Fri fallback, flagged
    values = ", ".join(_M006_FINDING_COLUMNS)
    con.execute("UPDATE findings SET due_on = DATE '2027-01-01', due_uses_fallback = TRUE WHERE finding_no = 'A'")
    con.execute(f"UPDATE findings SET due_uses_fallback = FALSE, row_hash = CAST(hash({values}) AS VARCHAR)")
    migrate(con)  # m007…m012, as the app does at start before any import
    stored = con.execute("SELECT finding_no, due_on, due_uses_fallback FROM findings ORDER BY 1").fetchall()
    assert stored == [("A", None, None), ("C", date(2026, 11, 30), None)]
    # the same rows in another file (its bytes differ) are duplicates, not updates
    again = write_csv(
        tmp_path / "问题清单-复制.csv",
        [FINDINGS_HEADER, finding(no="A", found="2026-12-20"), finding(no="C", deadline="2026-11-30"), []],
    )
    report = import_bytes(con, again)
    assert (report.loaded, report.updated, report.duplicate) == (0, 0, 2), report
    columns = [r[0] for r in con.execute("DESCRIBE findings_prev").fetchall()]
    assert columns[-1] == "replaced_by_import" and "reviewed_on" in columns
    con.close()


def test_failed_review_reopens_only_from_its_day():
    # rectified 09-30, 回头看 on 11-10 failed: still 已整改 on 10-31 (October stays as it was), 整改中 from 11-10
    assert state_as_of("已整改", date(2026, 9, 30), "未通过", date(2026, 10, 31), date(2026, 11, 10)) == "已整改"
    assert state_as_of("已整改", date(2026, 9, 30), "未通过", date(2026, 11, 10), date(2026, 11, 10)) == "整改中"
    assert state_as_of("已整改", date(2026, 9, 30), "未通过", date(2026, 10, 31)) == "整改中"  # day unknown


def test_review_day_defaults_to_the_import_that_first_recorded_it(con: duckdb.DuckDBPyConnection, tmp_path: Path):
    _county_with_findings(con, tmp_path, finding(no="E", status="已整改", rectified="2026-10-10", review="未通过"))
    con.execute("UPDATE finding_history SET changed_at = TIMESTAMP '2026-11-12 09:00:00'")  # imported on 11-12
    stored = findings(con, UnitScope())
    assert dates(stored["reviewed_on"]) == [date(2026, 11, 12)]
    # found 09-28 + 10个工作日 → 10-16, rectified 10-10; judged 10-31 it is closed, judged 11-20 open and overdue
    october = judge_findings(stored, date(2026, 10, 31), load_calendar())
    assert october["state"].tolist() == ["已整改"] and not october["is_overdue"].any()
    november = judge_findings(stored, date(2026, 11, 20), load_calendar())
    assert november["state"].tolist() == ["整改中"] and november["days_overdue"].tolist() == [35]  # 10-16 → 11-20
    con.execute("UPDATE findings SET reviewed_on = DATE '2026-11-25'")  # a ledger that carries 回头看日期
    assert judge_findings(findings(con, UnitScope()), date(2026, 11, 20), load_calendar())["state"].tolist() == [
        "已整改"
    ]
