"""整改反馈 (issue 11) on a real DuckDB file: a liaison answers his unit's open finding, the office accepts (the
finding becomes 已整改 as of the feedback's date, holding against later ledgers) or returns it with a reason;
the timeline and the audit log show each step with person and time; every refusal is Chinese and changes
nothing but its 失败 audit row."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from core.accounts.identity import PermissionDeniedError, User
from core.accounts.vocabulary import ADMIN, FAILURE, LEADER, LIAISON, OFFICE, SUCCESS
from core.rectification.feedback import (
    Evidence,
    FeedbackError,
    accept_feedback,
    checked_url,
    evidence_file,
    feedback_findings,
    feedback_queue,
    return_feedback,
    submit_feedback,
)
from core.rectification.marks import open_conflicts
from core.rectification.queries import finding_timeline
from core.storage.db import fetch_value
from core.storage.scope import UnitScope
from tests.accounts.helpers import add_role_users
from tests.apphelpers import load, write_csv
from tests.database import DATA_TABLES, snapshot

TODAY = date(2026, 11, 20)
DONE_ON = date(2026, 11, 3)
LIMIT = 1000
TABLES = (*DATA_TABLES, "rectification_feedback", "rectification_evidence")


@pytest.fixture
def people(county: duckdb.DuckDBPyConnection) -> dict[str, User]:
    return add_role_users(county)  # the liaison is 县甲局's


def _id(con: duckdb.DuckDBPyConnection, finding_no: str) -> int:
    return fetch_value(con, "SELECT finding_id FROM findings WHERE finding_no = ?", [finding_no])


def _audit(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT login, action, object, outcome FROM audit_log ORDER BY entry_id").fetchall()


def _submit(con, user, finding_no="F1", text="已更新通知公告栏目", **kwargs) -> int:
    kwargs.setdefault("max_evidence_bytes", LIMIT)
    return submit_feedback(con, user, _id(con, finding_no), text, kwargs.pop("done_on", DONE_ON), TODAY, **kwargs)


def _refused_without_change(con, call, message: str) -> None:
    """`call()` raises a Chinese error matching `message`; every table is as before except one 失败 audit row."""
    before, audit_before = snapshot(con, TABLES), _audit(con)
    with pytest.raises((FeedbackError, PermissionDeniedError), match=message):
        call()
    after = snapshot(con, TABLES)
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == {
        t: rows for t, rows in before.items() if t != "audit_log"
    }
    added = _audit(con)[len(audit_before) :]
    assert [row[3] for row in added] == [FAILURE]


def test_a_liaison_submits_feedback_on_his_units_open_finding(county, people):
    liaison = people[LIAISON]
    feedback_id = _submit(county, liaison, evidence_url="https://jia.gov.cn/tzgg/1.html")

    queue = feedback_queue(county, UnitScope(assessed_only=False))
    assert list(queue["feedback_id"]) == [feedback_id]
    row = queue.iloc[0]
    assert (row["finding_no"], row["unit_name"], row["feedback_state"], row["submitted_by"]) == (
        "F1",
        "县甲局",
        "待审核",
        "联络（t_liaison）",
    )
    assert (row["body"], row["rectified_on"].date(), row["evidence_url"]) == (
        "已更新通知公告栏目",
        DONE_ON,
        "https://jia.gov.cn/tzgg/1.html",
    )
    assert county.execute("SELECT status FROM findings WHERE finding_no = 'F1'").fetchone()[0] == "未整改"
    assert _audit(county)[-1] == ("t_liaison", "feedback_submit", f"问题 {_id(county, 'F1')}", SUCCESS)
    line = finding_timeline(county, _id(county, "F1")).iloc[-1]
    assert (line["source"], line["changed_by"]) == ("feedback", "联络（t_liaison）")
    assert line["note"] == "已更新通知公告栏目（证明材料链接：https://jia.gov.cn/tzgg/1.html）"


def test_a_liaison_cannot_answer_another_units_finding(county, people):
    """The scope check is in the domain function: 乙镇's F2 is refused as if it did not exist."""
    _refused_without_change(
        county, lambda: _submit(county, people[LIAISON], "F2"), f"问题 {_id(county, 'F2')} 不属于您负责的单位"
    )
    assert _audit(county)[-1][:2] == ("t_liaison", "feedback_submit")


def test_leaders_and_office_cannot_submit_and_leaders_and_liaisons_cannot_review(county, people):
    _refused_without_change(county, lambda: _submit(county, people[LEADER]), "领导（t_leader）无权提交整改反馈")
    _refused_without_change(county, lambda: _submit(county, people[OFFICE]), "办公室（t_office）无权提交整改反馈")
    feedback_id = _submit(county, people[LIAISON])
    _refused_without_change(
        county, lambda: accept_feedback(county, people[LEADER], feedback_id), "领导（t_leader）无权审核整改反馈"
    )
    _refused_without_change(
        county,
        lambda: return_feedback(county, people[LIAISON], feedback_id, "自己退回"),
        "单位联络员（t_liaison）无权审核整改反馈",
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"finding_no": "F3"}, "现为“已整改”，不需要整改反馈"),
        ({"text": " \u200b\n "}, "请填写问题 F1 的整改情况"),
        ({"text": "长" * 2001}, "整改情况超过2000字"),
        ({"done_on": date(2026, 11, 21)}, "整改完成日期 2026-11-21 晚于今天"),
        ({"done_on": date(2026, 10, 8)}, "整改完成日期 2026-10-08 早于问题发现日期"),
        ({"evidence_url": "javascript:alert(1)"}, "只能是 http:// 或 https:// 开头的网址"),
        ({"evidence_url": "ftp://jia.gov.cn/a.pdf"}, "只能是 http:// 或 https:// 开头的网址"),
        ({"evidence_url": "https://"}, "只能是 http:// 或 https:// 开头的网址"),
        ({"evidence_url": "http://[::1"}, "只能是 http:// 或 https:// 开头的网址"),
        ({"evidence_url": "https://jia.gov.cn@evil.example/"}, "不能含用户名或密码"),
        ({"evidence_url": "https://jia.gov.cn/a b"}, "不是有效的网址"),
        ({"evidence": Evidence("整改.html", b"<script>")}, "证明材料文件的类型不能上传：整改.html"),
        ({"evidence": Evidence("整改.pdf", b"")}, "证明材料文件是空的"),
        ({"evidence": Evidence("整改.pdf", b"x" * (LIMIT + 1))}, "证明材料文件太大：整改.pdf"),
    ],
)
def test_a_feedback_that_cannot_be_taken_is_refused_in_chinese_and_changes_nothing(county, people, kwargs, message):
    _refused_without_change(county, lambda: _submit(county, people[LIAISON], **kwargs), message)


def test_one_feedback_waits_for_review_at_a_time(county, people):
    _submit(county, people[LIAISON])
    _refused_without_change(county, lambda: _submit(county, people[LIAISON]), "问题 F1 已有待审核的整改反馈")


def test_acceptance_marks_the_finding_rectified_as_of_the_feedback_date_and_holds_against_ledgers(
    county, people, tmp_path
):
    f1 = _id(county, "F1")
    feedback_id = _submit(county, people[LIAISON])
    accept_feedback(county, people[OFFICE], feedback_id)

    assert county.execute("SELECT status, rectified_on FROM findings WHERE finding_id = ?", [f1]).fetchone() == (
        "已整改",
        DONE_ON,
    )
    assert feedback_queue(county, UnitScope(assessed_only=False)).empty
    assert _audit(county)[-1] == ("t_office", "feedback_accept", f"整改反馈 {feedback_id}", SUCCESS)
    timeline = finding_timeline(county, f1)
    assert list(timeline["source"]) == ["import", "feedback", "feedback-accept"]
    accepted = timeline.iloc[-1]
    assert (accepted["new_status"], accepted["rectified_on"].date(), accepted["changed_by"]) == (
        "已整改",
        DONE_ON,
        "办公（t_office）",
    )
    # the acceptance is a staff mark: a later ledger still saying 未整改 becomes a conflict, not an overwrite
    header = ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]
    row = ["F1", "网上巡查", "2026-10-09", "县甲局", "栏目更新不及时", "通知公告超期", "10个工作日", "未整改"]
    load(county, write_csv(tmp_path / "again.csv", header, [row]))
    assert county.execute("SELECT status FROM findings WHERE finding_id = ?", [f1]).fetchone()[0] == "已整改"
    assert list(open_conflicts(county)["finding_id"]) == [f1]
    _refused_without_change(
        county,
        lambda: accept_feedback(county, people[ADMIN], feedback_id),
        f"整改反馈 {feedback_id} 已由 办公（t_office）",
    )


def test_a_return_needs_a_reason_keeps_the_finding_open_and_the_liaison_answers_again(county, people):
    f1 = _id(county, "F1")
    first = _submit(county, people[LIAISON])
    _refused_without_change(county, lambda: return_feedback(county, people[OFFICE], first, "  "), "请填写退回理由")
    return_feedback(county, people[OFFICE], first, "未附整改后页面截图")

    assert county.execute("SELECT status FROM findings WHERE finding_id = ?", [f1]).fetchone()[0] == "未整改"
    assert _audit(county)[-1] == ("t_office", "feedback_return", f"整改反馈 {first}", SUCCESS)
    liaison_scope = people[LIAISON].scoped(UnitScope(assessed_only=False))
    mine = feedback_findings(county, liaison_scope, TODAY).set_index("finding_no")
    assert list(mine.index) == ["F1"]  # F3 is rectified and was never answered; F2 is 乙镇's
    assert (mine.loc["F1", "feedback_state"], mine.loc["F1", "return_reason"], mine.loc["F1", "can_answer"]) == (
        "已退回",
        "未附整改后页面截图",
        True,
    )

    second = _submit(county, people[LIAISON], text="已补充截图", evidence=Evidence("../../截图.png", b"\x89PNG..."))
    assert evidence_file(county, liaison_scope, second) == Evidence("截图.png", b"\x89PNG...")
    mine = feedback_findings(county, liaison_scope, TODAY).set_index("finding_no")
    assert (mine.loc["F1", "feedback_state"], mine.loc["F1", "can_answer"]) == ("待审核", False)
    accept_feedback(county, people[ADMIN], second)
    mine = feedback_findings(county, liaison_scope, TODAY).set_index("finding_no")
    assert (mine.loc["F1", "state"], mine.loc["F1", "feedback_state"], mine.loc["F1", "can_answer"]) == (
        "已整改",
        "已通过",
        False,
    )
    timeline = finding_timeline(county, f1)
    assert list(timeline["source"]) == ["import", "feedback", "feedback-return", "feedback", "feedback-accept"]
    assert timeline.iloc[2]["note"] == "退回理由：未附整改后页面截图"
    assert list(timeline["changed_by"])[1:] == [
        "联络（t_liaison）",
        "办公（t_office）",
        "联络（t_liaison）",
        "管理（t_admin）",
    ]
    assert timeline.iloc[3]["note"] == "已补充截图（证明材料文件：截图.png）"
    assert [a[1:] for a in _audit(county) if a[1].startswith("feedback")] == [
        ("feedback_submit", f"问题 {f1}", SUCCESS),
        ("feedback_return", f"整改反馈 {first}", FAILURE),
        ("feedback_return", f"整改反馈 {first}", SUCCESS),
        ("feedback_submit", f"问题 {f1}", SUCCESS),
        ("feedback_accept", f"整改反馈 {second}", SUCCESS),
    ]


def test_evidence_and_queues_of_another_unit_stay_out_of_a_liaisons_scope(county, people):
    yi_liaison = User(77, "yi", "乙联络", LIAISON, (_unit(county, "乙镇"),))
    feedback_id = _submit(county, yi_liaison, "F2", evidence=Evidence("乙.pdf", b"%PDF-1.7"))
    jia = people[LIAISON].scoped(UnitScope(assessed_only=False))
    assert evidence_file(county, jia, feedback_id) is None
    assert feedback_queue(county, jia).empty
    assert list(feedback_findings(county, jia, TODAY)["unit_name"].unique()) == ["县甲局"]
    assert evidence_file(county, UnitScope(assessed_only=False), feedback_id) == Evidence("乙.pdf", b"%PDF-1.7")


def _unit(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return fetch_value(con, "SELECT unit_id FROM units WHERE name = ?", [name])


def test_text_is_stored_without_invisible_characters_and_urls_are_kept_as_typed():
    from core.rectification.feedback import clean_text

    assert clean_text(" 已整改\u200b\u202e\r\n第二行\x00 ") == "已整改\n第二行"
    assert checked_url("  http://jia.gov.cn/a?b=1#c ") == "http://jia.gov.cn/a?b=1#c"
    assert checked_url("") is None
