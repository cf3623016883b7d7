"""考核排名 as a leader uses it, in AppTest on a real database: the 末位 box with the first render, 签发 only after a
confirmation that says what will change, withdrawal only with a reason, the withdrawn version still readable."""

import duckdb
import pytest

from core.accounts.vocabulary import LEADER
from tests.apphelpers import app_as
from ui import strings
from ui.state import KEY_MONTH


@pytest.fixture
def county_db(county, tmp_path):
    """The hand-made county's file, closed so that the app can open it."""
    county.close()
    return tmp_path / "county.duckdb"


def _page(path, monkeypatch, role=LEADER):
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = app_as(role)
    at.session_state[KEY_MONTH] = "2026-10"
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    return at


def _bulletins(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT version, withdrawn_by, withdraw_reason FROM bulletins ORDER BY version").fetchall()


def test_the_last_unit_and_what_cost_it_most_show_with_the_first_render(county_db, monkeypatch):
    at = _page(county_db, monkeypatch)
    texts = [m.value for m in at.markdown]
    box = texts.index(f"**{strings.RANK_LAST_BOX.format(group='县直部门')}**")
    # 县甲局 is last of the departments with 89. Counted by hand from small_county: items on 10-08 and 10-20 leave
    # the weeks of 09-28 and 10-12 silent (−4); F1 is overdue (−3); 通知公告 last updated 03-01 (−2); then −1s
    assert texts[box + 1] == "**县甲局**　第2名　89分"
    shown = [t.split("　")[0] for t in texts[box + 2 : box + 6] if t.startswith("- ")]
    assert shown == ["- 一周一更新：当月有自然周未发布信息", "- 问题逾期未整改", "- 栏目超过规定周期未更新"]
    assert at.selectbox(key="rank_unit_2026-10").value == "县甲局"


def test_one_click_does_not_sign_cancel_keeps_it_live_and_confirm_signs(county_db, monkeypatch):
    at = _page(county_db, monkeypatch)
    at.button(key="freeze").click().run()
    assert _bulletins(county_db) == []
    assert any(strings.RANK_FREEZE_CONFIRM_BUTTON in w.value for w in at.warning)
    at.button(key="freeze_cancel").click().run()
    assert _bulletins(county_db) == [] and not any("确认签发" in w.value for w in at.warning)
    at.button(key="freeze").click().run()
    at.button(key="freeze_confirm").click().run()
    assert not at.exception
    assert _bulletins(county_db) == [(1, None, None)]
    assert any("王五（wang）" in s.value for s in at.success)


def test_withdrawal_needs_a_reason_and_leaves_the_signed_version_readable(county_db, monkeypatch):
    at = _page(county_db, monkeypatch)
    at.button(key="freeze").click().run()
    at.button(key="freeze_confirm").click().run()
    at.button(key="withdraw").click().run()  # no reason: refused, nothing written
    assert any("须写明原因" in e.value for e in at.error)
    assert _bulletins(county_db) == [(1, None, None)]
    at.text_area(key="withdraw_reason").input("县丙局补报台账").run()
    at.button(key="withdraw").click().run()
    assert not at.exception
    assert _bulletins(county_db) == [(1, "王五（wang）", "县丙局补报台账")]
    assert any(strings.RANK_LIVE[:8] in i.value for i in at.info)  # the month is live again
    record = next(d.value for d in at.dataframe if "撤回原因" in d.value.columns)
    assert list(record["状态"]) == ["已撤回"] and list(record["撤回原因"]) == ["县丙局补报台账"]
    at.selectbox(key="rank_version_2026-10").set_value(1).run()
    banner = next(w.value for w in at.warning if "已撤回的第1版" in w.value)
    assert "县丙局补报台账" in banner
    assert not [b for b in at.button if b.key in ("freeze", "withdraw")]  # reading an old version changes nothing
    at.selectbox(key="rank_version_2026-10").set_value(None).run()
    at.button(key="freeze").click().run()
    at.button(key="freeze_confirm").click().run()  # signed again: version 2
    assert [v for v, *_ in _bulletins(county_db)] == [1, 2]


def test_the_page_carries_the_print_document_so_ctrl_p_prints_every_unit(county_db, monkeypatch):
    at = _page(county_db, monkeypatch)
    fragments = [h.proto.body for h in at.get("html") if "rank-print" in h.proto.body]
    assert len(fragments) == 1
    for unit in ("县丙局", "县甲局", "乙镇"):  # both groups, every unit, in the document that print shows alone
        assert unit in fragments[0]
    assert "@media screen { .rank-print { display: none; } }" in fragments[0]
    assert ":not(:has(.rank-print))" in strings.PRINT_CSS
