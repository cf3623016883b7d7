"""The 审计日志 page (管理员): filters by day, person, action, outcome and text; '—' for empty cells; the xlsx
export is built and audited by record_export at the moment of the download."""

from datetime import date, datetime

import pytest

from core.accounts.audit import record_export
from core.accounts.identity import PermissionDeniedError
from core.accounts.vocabulary import ADMIN, AUDIT
from core.storage.db import opened
from tests.accounts.helpers import add_role_users
from tests.apphelpers import app_as, new_database, small_county
from ui import account_strings as text

DAY = date(2026, 11, 20)
ROWS = [
    (
        datetime(2026, 11, 20, 9, 0),
        "t_office",
        "office",
        "import",
        "台账.csv（sha256 ab12cd34ef56）",
        "",
        "批次 7",
        "成功",
    ),
    (datetime(2026, 11, 20, 9, 5), "t_office", "office", "undo", "批次 7", "", "已撤销", "成功"),
    (datetime(2026, 11, 19, 17, 0), "t_leader", "leader", "freeze", "月份 2026-10", "", "无权", "失败"),
    (datetime(2026, 9, 1, 8, 0), "t_admin", "admin", "login", "账号 t_admin", "", "", "成功"),
]


@pytest.fixture
def audited_db(tmp_path, monkeypatch):
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    for row in sorted(ROWS):  # appended in time order, as the product does
        con.execute(
            """INSERT INTO audit_log (logged_at, login, role, action, object, before, after, outcome, address)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')""",
            list(row),
        )
    con.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", DAY.isoformat())
    return path


def _page(**choices):
    at = app_as(ADMIN).run()
    at.switch_page("pages/audit.py").run()
    for key, value in choices.items():
        widget = at.text_input(key=key) if key == "audit_contains" else at.selectbox(key=key)
        widget.set_value(value).run()
    assert not at.exception
    return at


def _shown(at) -> list[tuple]:
    frame = at.dataframe[0].value
    return list(zip(frame["账号"], frame["操作"], frame["结果"]))


def test_the_last_30_days_newest_first_with_dashes_for_empty_cells(audited_db):
    at = _page()
    assert _shown(at) == [
        ("t_office", "撤销导入", "成功"),
        ("t_office", "导入台账", "成功"),
        ("t_leader", "签发月度通报", "失败"),
    ]
    assert set(at.dataframe[0].value["变更前"]) == {"—"} and set(at.dataframe[0].value["客户端地址"]) == {"—"}
    assert any("共 3 条" in c.value for c in at.caption)
    assert at.get("download_button")


def test_filters_by_person_action_outcome_and_text(audited_db):
    assert _shown(_page(audit_login="t_leader")) == [("t_leader", "签发月度通报", "失败")]
    assert _shown(_page(audit_action="撤销导入")) == [("t_office", "撤销导入", "成功")]
    assert _shown(_page(audit_outcome="失败")) == [("t_leader", "签发月度通报", "失败")]
    assert _shown(_page(audit_contains="ab12cd")) == [("t_office", "导入台账", "成功")]
    at = _page(audit_contains="没有这样的")
    assert not at.dataframe and any(text.AUDIT_EMPTY in i.value for i in at.info)


def test_a_reversed_day_range_is_refused_in_chinese(audited_db):
    at = app_as(ADMIN).run()
    at.switch_page("pages/audit.py").run()
    at.date_input(key="audit_from").set_value(date(2026, 11, 21)).run()
    at.date_input(key="audit_to").set_value(date(2026, 11, 1)).run()
    assert [e.value for e in at.error] == [text.AUDIT_BAD_RANGE] and not at.dataframe


def test_record_export_builds_and_audits_in_one_go_and_refuses_without_permission(audited_db):
    with opened(audited_db) as con:
        users = add_role_users(con)
        data = record_export(con, users[ADMIN], "审计日志.xlsx", lambda: b"xlsx-bytes", "11 月", permission=AUDIT)
        assert data == b"xlsx-bytes"
        with pytest.raises(PermissionDeniedError):
            record_export(con, users["office"], "审计日志.xlsx", lambda: b"never", permission=AUDIT)
        rows = con.execute(
            "SELECT login, object, outcome FROM audit_log WHERE action = 'export' ORDER BY entry_id"
        ).fetchall()
    assert rows == [("t_admin", "审计日志.xlsx（11 月）", "成功"), ("t_office", "审计日志.xlsx", "失败")]
