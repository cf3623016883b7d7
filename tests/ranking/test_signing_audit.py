"""Drafting, 签发 and withdrawal of a month's bulletin as logged-in people do them: who may, and every attempt in
the audit log in the same transaction as the change (issue 11)."""

from datetime import date

import pytest

from core.accounts import actions
from core.accounts.identity import PermissionDeniedError
from core.accounts.vocabulary import FAILURE, LEADER, OFFICE, SUCCESS
from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.ranking.bulletins import bulletin_info, bulletin_versions
from core.ranking.paragraphs import bulletin_paragraphs
from core.ranking.view import ranking_view
from core.registry.office import load_office
from tests.accounts.helpers import add_role_users, audit_rows

TODAY = date(2026, 11, 20)


def _last(con) -> tuple:
    return con.execute(
        "SELECT login, action, object, after, outcome FROM audit_log ORDER BY entry_id DESC LIMIT 1"
    ).fetchone()


@pytest.fixture
def people(county):
    return add_role_users(county)


def test_draft_sign_and_withdraw_are_each_audited_with_the_change(county, people):
    office, leader = people[OFFICE], people[LEADER]
    actions.draft_paragraphs(county, office, "2026-10", ["请各单位于11月30日前整改。"], "县委办公室")
    assert _last(county) == ("t_office", "draft", "月份 2026-10", "工作要求1段，抄送：县委办公室", SUCCESS)
    assert bulletin_paragraphs(county, "2026-10", load_office()).copy_to == "县委办公室"
    view = ranking_view(county, "2026-10", TODAY, load_calendar())
    assert actions.freeze(county, leader, view.scores, view.rubric_version_id, "清公开办〔2026〕10号") == 1
    assert _last(county)[:3] == ("t_leader", "freeze", "月份 2026-10") and "签发第1版" in _last(county)[3]
    with pytest.raises(DashboardError, match="已经签发"):  # the paragraphs are frozen with the signature
        actions.draft_paragraphs(county, office, "2026-10", ["改"], "")
    assert _last(county)[1::3] == ("draft", FAILURE)
    actions.withdraw(county, leader, "2026-10", "补报台账后重新计分")
    assert _last(county) == ("t_leader", "withdraw", "月份 2026-10", "撤回第1版：补报台账后重新计分", SUCCESS)
    versions = bulletin_versions(county, "2026-10")
    assert versions.loc[0, "withdrawn_by"] == "领导（t_leader）"  # the person from the login
    assert versions.loc[0, "withdraw_reason"] == "补报台账后重新计分"


def test_only_the_leader_withdraws_and_only_with_a_reason_nothing_written_on_refusal(county, people):
    leader = people[LEADER]
    view = ranking_view(county, "2026-10", TODAY, load_calendar())
    actions.freeze(county, leader, view.scores, view.rubric_version_id)
    before = len(audit_rows(county))
    with pytest.raises(PermissionDeniedError):
        actions.withdraw(county, people[OFFICE], "2026-10", "办公室想撤回")
    with pytest.raises(DashboardError, match="须写明原因"):
        actions.withdraw(county, leader, "2026-10", " ")
    rows = audit_rows(county)[before:]
    assert rows == [("t_office", "withdraw", FAILURE), ("t_leader", "withdraw", FAILURE)]
    assert bulletin_info(county, "2026-10")["version"] == 1  # still signed and in force
    with pytest.raises(PermissionDeniedError):  # the leader reads and signs; drafting is the office's
        actions.draft_paragraphs(county, leader, "2026-10", ["x"], "")
