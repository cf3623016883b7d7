"""The 补正 / 延迟答复 / 回头看 dates come in through the ledgers (issue 10 item 12), not only through the rules:
a request whose applicant was asked to 补正 is 待补正 and not overdue; a 延迟答复 has its own due date; a failed
回头看 reopens its finding from the ledger's 回头看日期; re-importing the same ledgers changes nothing."""

from datetime import date

import duckdb

from core.calendar.workdays import load_calendar
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.requests.deadlines import judge_requests
from core.requests.queries import requests_received
from core.requests.vocabulary import AWAITING_CORRECTION, OVERDUE
from core.storage.migrations import migrate
from core.storage.scope import UnitScope
from loaders.write import SPECS
from tests.database import import_bytes
from tests.ledgers import FINDINGS_HEADER, REQUESTS_HEADER, finding, registry_sheets, request, write_csv, write_xlsx
from tests.loaders.helpers import previous_importer

CAL = load_calendar()
EXTRA = ["补正告知日期", "补正次数", "延迟答复期限"]
NEW_REQUEST_COLUMNS = {"correction_requested_on", "correction_count", "delayed_due_on"}


def _judged(con, as_of: date):
    stored = requests_received(con, UnitScope(assessed_only=False), date(2026, 1, 1), as_of)
    return judge_requests(stored, as_of, CAL).set_index("request_no")


def test_correction_and_delay_dates_from_the_ledger(registry_con, tmp_path):
    rows = [
        REQUESTS_HEADER + EXTRA,
        # received 09-28, asked to 补正 on 09-30, no correction yet: 待补正 on 11-20, not overdue (due 10-30 else)
        request(no="Q1", received="2026-09-28", replied="", outcome="") + ["2026-09-30", "1", ""],
        # the same without the notice: 20 working days end 10-30, so on 11-20 it is 逾期未答复
        request(no="Q2", received="2026-09-28", replied="", outcome="") + ["", "", ""],
        # 延迟答复 to 12-15 (第三十五条): due 12-15 instead of 10-30
        request(no="Q3", received="2026-09-28", replied="", outcome="") + ["", "", "2026-12-15"],
    ]
    path = write_csv(tmp_path / "依申请.csv", rows)
    first = import_bytes(registry_con, path)
    assert (first.loaded, first.rejected) == (3, 0), first.problems
    judged = _judged(registry_con, date(2026, 11, 20))
    assert judged.loc["Q1", "state"] == AWAITING_CORRECTION
    assert judged.loc["Q2", "state"] == OVERDUE
    assert judged.loc["Q3", "due_on"] == date(2026, 12, 15)
    again = import_bytes(registry_con, path)
    assert (again.loaded, again.updated, again.duplicate) == (0, 0, 3)


def test_a_count_that_is_not_a_number_is_quarantined(registry_con, tmp_path):
    rows = [REQUESTS_HEADER + EXTRA, request(no="Q9") + ["2026-10-09", "两次", ""]]
    report = import_bytes(registry_con, write_csv(tmp_path / "坏次数.csv", rows))
    assert report.rejected == 1 and "补正次数" in report.problems[0].reason


def test_failed_review_reopens_from_the_ledgers_review_day(registry_con, tmp_path):
    header = FINDINGS_HEADER + ["回头看日期"]
    failed = finding(
        no="HK-1", found="2026-09-01", deadline="2026-09-15", status="已整改", rectified="2026-09-10", review="未通过"
    ) + ["2026-11-05"]
    path = write_csv(tmp_path / "回头看.csv", [header, failed])
    assert import_bytes(registry_con, path).loaded == 1
    frame = findings(registry_con, UnitScope(assessed_only=False))
    # rectified 09-10; the 回头看 of 11-05 failed: closed as of 10-31, open again as of 11-06
    assert judge_findings(frame, date(2026, 10, 31), CAL)["is_open"].tolist() == [False]
    assert judge_findings(frame, date(2026, 11, 6), CAL)["is_open"].tolist() == [True]
    assert import_bytes(registry_con, path).duplicate == 1


def test_m012_keeps_ledgers_imported_before_it_duplicates(tmp_path, monkeypatch):
    # a database of the release before m012 (at m011), filled by that release's importer: no new columns
    con = duckdb.connect(str(tmp_path / "m011.duckdb"))
    migrate(con, until="m011_accounts_sessions_audit")
    findings_file = write_csv(tmp_path / "问题清单.csv", [FINDINGS_HEADER, finding(no="F1")])
    requests_file = write_csv(tmp_path / "依申请.csv", [REQUESTS_HEADER, request(no="Q1"), request(no="Q2")])
    with monkeypatch.context() as old_release:
        for kind, new_columns in (("findings", {"reviewed_on"}), ("requests", NEW_REQUEST_COLUMNS)):
            kept = tuple(c for c in SPECS[kind].value_columns if c not in new_columns)
            previous_importer(old_release, kind, kept)
        import_bytes(con, write_xlsx(tmp_path / "名录.xlsx", registry_sheets()))
        assert import_bytes(con, findings_file).loaded == 1 and import_bytes(con, requests_file).loaded == 2
    assert "m017_hash_the_new_ledger_dates" in migrate(con)
    # the same rows in other files (other bytes: a trailing empty row) are duplicates, not updates
    for path, rows in ((findings_file, 1), (requests_file, 2)):
        copy = path.with_name("复制-" + path.name)
        copy.write_bytes(path.read_bytes() + b"\r\n,,,,,,,\r\n")
        report = import_bytes(con, copy)
        assert (report.loaded, report.updated, report.duplicate) == (0, 0, rows), report
    con.close()
