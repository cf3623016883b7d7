"""整改跟踪 in AppTest per role (issue 11): the liaison submits 整改反馈 on his unit's open finding and sees its
state; the office works the 待审核反馈 queue (通过 / 退回 with a reason); the leader sees the queue read-only;
refusals are shown in Chinese and write nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.accounts.vocabulary import ADMIN, LEADER, LIAISON, OFFICE
from core.storage.db import connect, fetch_rows, fetch_value
from tests.apphelpers import app_as, new_database, small_county
from ui import strings
from ui.state import KEY_MONTH
from ui.text import plain

TODAY = "2026-11-20"


@pytest.fixture
def county_db(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    jia = fetch_value(con, "SELECT unit_id FROM units WHERE name = '县甲局'")
    con.close()
    return path, int(jia)


def _page(role: str, county_db, monkeypatch) -> AppTest:
    path, jia = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", TODAY)
    at = app_as(role, (jia,) if role == LIAISON else ())
    at.session_state[KEY_MONTH] = "2026-11"
    at.run()
    return at.switch_page("pages/rectification.py").run()


def _rows(path: Path, sql: str) -> list[tuple]:
    con: duckdb.DuckDBPyConnection = connect(path)
    try:
        return fetch_rows(con, sql)
    finally:
        con.close()


def _table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _submit(at: AppTest, text: str, url: str = "", file: tuple[str, bytes] | None = None) -> AppTest:
    at.text_area(key="fb_text").input(text)
    at.date_input(key="fb_date").set_value(date(2026, 11, 3))
    at.text_input(key="fb_url").input(url)
    if file:
        at.file_uploader(key="fb_file").upload(file[0], file[1], "application/pdf")
    at.button(key="fb_submit").click()
    return at.run()


def test_the_liaison_submits_feedback_and_sees_it_wait_for_review(county_db, monkeypatch):
    path, _ = county_db
    at = _page(LIAISON, county_db, monkeypatch)
    assert not at.exception and not at.error
    assert strings.RECT_FB_MINE in [s.value for s in at.subheader]
    assert strings.RECT_FB_QUEUE not in [s.value for s in at.subheader]
    mine = _table(at, "反馈状态")
    assert list(mine["问题编号"]) == ["F1"] and list(mine["反馈状态"]) == [strings.FEEDBACK_NONE]
    assert at.selectbox(key="fb_finding").options[0].startswith("F1｜")

    at = _submit(at, "已更新通知公告栏目", "https://jia.gov.cn/tzgg/1.html", ("整改说明.pdf", b"%PDF-1.7 x"))
    assert not at.exception and not at.error
    assert list(_table(at, "反馈状态")["反馈状态"]) == ["待审核"]
    assert any(strings.RECT_FB_NOTHING_TO_ANSWER in c.value for c in at.caption)
    stored = _rows(
        path, "SELECT body, rectified_on, evidence_url, evidence_name, submitted_by FROM rectification_feedback"
    )
    assert stored == [
        ("已更新通知公告栏目", date(2026, 11, 3), "https://jia.gov.cn/tzgg/1.html", "整改说明.pdf", "王五（wang）")
    ]
    assert _rows(path, "SELECT octet_length(content) FROM rectification_evidence") == [(10,)]


def test_a_refused_feedback_is_shown_in_chinese_and_stores_nothing(county_db, monkeypatch):
    path, _ = county_db
    at = _submit(_page(LIAISON, county_db, monkeypatch), "已整改", "javascript:alert(1)")
    assert not at.exception
    assert any(plain("只能是 http:// 或 https:// 开头的网址：javascript:alert(1)") in e.value for e in at.error)
    assert _rows(path, "SELECT count(*) FROM rectification_feedback") == [(0,)]
    assert _rows(path, "SELECT action, outcome FROM audit_log") == [("feedback_submit", "失败")]


def test_the_office_accepts_from_the_queue_and_the_finding_is_rectified(county_db, monkeypatch):
    path, _ = county_db
    _submit(_page(LIAISON, county_db, monkeypatch), "已更新通知公告栏目", file=("整改说明.pdf", b"%PDF-1.7 x"))
    at = _page(OFFICE, county_db, monkeypatch)
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}[strings.RECT_FB_QUEUE_COUNT] == "1"
    assert list(_table(at, "整改情况")["整改情况"]) == ["已更新通知公告栏目"]
    assert [t.value for t in at.text] == ["已更新通知公告栏目"]
    assert [b.label for b in at.get("download_button") if "证明材料" in b.label]
    at.button(key="fb_accept").click().run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}[strings.RECT_FB_QUEUE_COUNT] == "0"
    assert _rows(path, "SELECT status, rectified_on FROM findings WHERE finding_no = 'F1'") == [
        ("已整改", date(2026, 11, 3))
    ]
    assert _rows(path, "SELECT action, outcome FROM audit_log ORDER BY entry_id") == [
        ("feedback_submit", "成功"),
        ("feedback_accept", "成功"),
    ]


def test_the_office_returns_only_with_a_reason_and_the_liaison_reads_it(county_db, monkeypatch):
    path, _ = county_db
    _submit(_page(LIAISON, county_db, monkeypatch), "已更新")
    at = _page(ADMIN, county_db, monkeypatch)
    at.button(key="fb_return").click().run()
    assert any("请填写退回理由" in e.value for e in at.error)
    assert _rows(path, "SELECT state FROM rectification_feedback") == [("待审核",)]
    at.text_input(key="fb_reason").input("未附整改后页面截图")
    at.button(key="fb_return").click().run()
    assert not at.error
    assert _rows(path, "SELECT state, return_reason FROM rectification_feedback") == [("已退回", "未附整改后页面截图")]
    assert _rows(path, "SELECT status FROM findings WHERE finding_no = 'F1'") == [("未整改",)]

    at = _page(LIAISON, county_db, monkeypatch)
    assert list(_table(at, "反馈状态")["反馈状态"]) == ["已退回"]
    assert any("未附整改后页面截图" in w.value for w in at.warning)
    at = _submit(at, "已补充截图")  # he can answer again
    assert _rows(path, "SELECT state FROM rectification_feedback ORDER BY feedback_id") == [("已退回",), ("待审核",)]


def test_the_leader_sees_the_queue_read_only(county_db, monkeypatch):
    _submit(_page(LIAISON, county_db, monkeypatch), "已更新")
    at = _page(LEADER, county_db, monkeypatch)
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}[strings.RECT_FB_QUEUE_COUNT] == "1"
    assert any(strings.RECT_FB_READ_ONLY in c.value for c in at.caption)
    keys = {b.key for b in at.button}
    assert not keys & {"fb_accept", "fb_return", "fb_submit"}
    assert strings.RECT_FB_MINE not in [s.value for s in at.subheader]
