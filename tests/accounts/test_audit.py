"""The audit log: one row per action (who, role, what, object, outcome, address), written with the change;
refusals and failures are 失败 rows and change nothing (that nothing edits or deletes the log: test_retention.py)."""

from dataclasses import replace
from datetime import date

import pytest

from core.accounts import actions
from core.accounts.identity import PermissionDeniedError
from core.accounts.vocabulary import FAILURE, LEADER, OFFICE, SUCCESS
from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.ranking.view import ranking_view
from loaders.audited import reprocess_as, undo_as, write_file_as
from loaders.pipeline import parse_file
from tests.accounts.helpers import add_role_users
from tests.apphelpers import write_csv


def _last(con) -> tuple:
    return con.execute(
        "SELECT login, role, action, object, after, outcome, address FROM audit_log ORDER BY entry_id DESC LIMIT 1"
    ).fetchone()


@pytest.fixture
def people(county):
    users = add_role_users(county)
    return {role: replace(user, address="10.2.3.4") for role, user in users.items()}


def test_import_undo_and_reprocess_are_audited_with_the_batch(county, people, tmp_path):
    office = people[OFFICE]
    ledger = write_csv(
        tmp_path / "n.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [["县甲局", "工作动态", "新", "2026-10-28", "http://x/n"], ["县无此局", "工作动态", "无主", "2026-10-28", ""]],
    )
    report = write_file_as(county, office, parse_file(ledger.read_bytes(), ledger.name))
    login, role, action, obj, after, outcome, address = _last(county)
    assert (login, role, action, outcome, address) == ("t_office", OFFICE, "import", SUCCESS, "10.2.3.4")
    assert obj.startswith("n.csv（sha256 ") and f"批次 {report.import_id}" in after
    reprocess_as(county, office)
    assert _last(county)[2:3] + _last(county)[5:6] == ("reprocess", SUCCESS)
    newest = county.execute("SELECT max(import_id) FROM imports WHERE undone_at IS NULL").fetchone()[0]
    undo_as(county, office, newest)
    assert _last(county)[2:6] == ("undo", f"批次 {newest}", "已撤销", SUCCESS)


def test_marks_conflicts_and_exemptions_are_audited(county, people):
    office = people[OFFICE]
    f1 = county.execute("SELECT finding_id FROM findings WHERE finding_no = 'F1'").fetchone()[0]
    actions.mark_finding(county, office, f1, "已整改", "电话核实", date(2026, 10, 20))
    assert _last(county)[2:6] == ("mark", f"问题 {f1}", "已整改（2026-10-20）：电话核实", SUCCESS)
    by = county.execute("SELECT changed_by FROM finding_history ORDER BY history_id DESC LIMIT 1").fetchone()[0]
    assert by == "办公（t_office）"
    column = county.execute("SELECT min(column_id) FROM site_columns").fetchone()[0]
    eid = actions.add_exemption(county, office, column, date(2026, 10, 1), date(2026, 10, 31), "栏目已整合")
    assert _last(county)[2:4] == ("exemption_add", f"栏目 {column}")
    actions.revoke_exemption(county, office, eid)
    assert _last(county)[2:4] == ("exemption_revoke", f"豁免 {eid}")
    county.execute(
        "INSERT INTO finding_conflicts VALUES (nextval('seq_conflict'), ?, 1, '整改中', NULL, '已整改', now(), "
        "NULL, NULL, NULL)",
        [f1],
    )
    conflict = county.execute("SELECT max(conflict_id) FROM finding_conflicts").fetchone()[0]
    actions.resolve_conflict(county, office, conflict, take_ledger=False)
    assert _last(county)[2:6] == ("conflict", f"冲突 {conflict}", "保留人工标记", SUCCESS)


def test_only_the_leader_can_sign_and_both_attempts_are_audited(county, people):
    view = ranking_view(county, "2026-10", date(2026, 11, 20), load_calendar())
    with pytest.raises(PermissionDeniedError, match="无权签发"):
        actions.freeze(county, people[OFFICE], view.scores, view.rubric_version_id, "清公开〔2026〕10号")
    assert _last(county)[0:3] + _last(county)[5:6] == ("t_office", OFFICE, "freeze", FAILURE)
    assert county.execute("SELECT count(*) FROM bulletins").fetchone()[0] == 0
    actions.freeze(county, people[LEADER], view.scores, view.rubric_version_id, "清公开〔2026〕10号")
    assert _last(county)[0:6:5] == ("t_leader", SUCCESS)
    assert county.execute("SELECT frozen_by FROM bulletins").fetchone()[0] == "领导（t_leader）"


def test_a_failed_change_is_rolled_back_and_recorded_as_failed(county, people):
    with pytest.raises(DashboardError, match="结束日期早于开始日期"):
        actions.add_exemption(county, people[OFFICE], 1, date(2026, 10, 31), date(2026, 10, 1), "栏目已整合")
    assert county.execute("SELECT count(*) FROM column_exemptions").fetchone()[0] == 0
    assert _last(county)[2:6] == ("exemption_add", "栏目 1", "豁免的结束日期早于开始日期。", FAILURE)


def test_the_audit_row_commits_with_the_change_or_not_at_all(county, people, monkeypatch):
    """If writing the audit row fails, the change it describes is rolled back too (one transaction)."""
    from core.accounts import audit

    calls = []

    def failing_record(con, user, action, obj="", before="", after="", outcome=SUCCESS, login=None):
        calls.append(outcome)
        if outcome == SUCCESS:
            raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", failing_record)
    column = county.execute("SELECT min(column_id) FROM site_columns").fetchone()[0]
    with pytest.raises(RuntimeError):
        actions.add_exemption(county, people[OFFICE], column, date(2026, 10, 1), date(2026, 10, 31), "栏目已整合")
    assert county.execute("SELECT count(*) FROM column_exemptions").fetchone()[0] == 0
    assert calls == [SUCCESS, FAILURE]
