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


def _exported_bulletin(path) -> str:
    """The bulletin the page's 通报 button builds (exports.monthly.bulletin_file on the same view), as text."""
    import io
    from datetime import date

    from docx import Document

    from core.calendar.workdays import load_calendar
    from core.ranking.view import bulletin_facts, ranking_view
    from core.registry.office import load_office
    from exports.monthly import bulletin_file

    day = date(2026, 11, 23)
    with duckdb.connect(str(path)) as con:
        view = ranking_view(con, "2026-10", day, load_calendar())
        data = bulletin_file(con, view, load_office(), bulletin_facts(con, view, day), day)
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_staff_edit_the_free_paragraphs_the_bulletin_carries_them_and_after_signing_they_are_frozen(
    county_db, monkeypatch
):
    at = _page(county_db, monkeypatch, role="office")
    office_text = at.text_area(key="draft_requirements").value
    assert office_text and at.text_input(key="draft_copy_to").value  # prefilled from data/office.toml
    at.text_area(key="draft_requirements").input("一、请各单位十日内补齐台账。\n二、乙镇须当月清零逾期问题。")
    at.text_input(key="draft_copy_to").input("县委办公室。")
    next(b for b in at.button if b.proto.label == strings.RANK_DRAFT_SAVE).click().run()
    assert not at.exception and not at.error
    text = _exported_bulletin(county_db)
    assert "请各单位十日内补齐台账" in text and "乙镇须当月清零逾期问题" in text and "县委办公室。" in text
    assert office_text.splitlines()[0] not in text  # the office default is replaced, not added to
    with duckdb.connect(str(county_db), read_only=True) as con:
        audit = con.execute("SELECT count(*) FROM audit_log WHERE action = 'draft'").fetchone()[0]
    assert audit == 1
    assert at.text_area(key="draft_requirements").value.startswith("一、请各单位十日内补齐台账")  # the saved text
    leader = _page(county_db, monkeypatch)  # the leader signs
    leader.button(key="freeze").click().run()
    leader.button(key="freeze_confirm").click().run()
    assert _bulletins(county_db) == [(1, None, None)]
    at = _page(county_db, monkeypatch, role="office")
    assert not [t for t in at.text_area if t.key == "draft_requirements"]  # after 签发 the form is gone
    assert strings.RANK_DRAFT_FROZEN in [c.value for c in at.caption]
    from core.accounts.actions import draft_paragraphs
    from core.accounts.identity import User
    from core.errors import DashboardError

    with duckdb.connect(str(county_db)) as con, pytest.raises(DashboardError, match="已经签发"):
        draft_paragraphs(con, User(1, "wang", "王五", "office", ()), "2026-10", ["改"], "")
    assert "请各单位十日内补齐台账" in _exported_bulletin(county_db)  # the signed text stays


def test_a_leader_gets_no_draft_form(county_db, monkeypatch):
    at = _page(county_db, monkeypatch)  # a leader lacks DRAFT
    assert not [t for t in at.text_area if t.key == "draft_requirements"]


def test_the_preview_is_built_only_on_click_and_shows_the_first_pages(county_db, monkeypatch):
    import shutil

    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        pytest.skip("LibreOffice or pdftoppm is not installed")
    at = _page(county_db, monkeypatch, role="office")
    assert not at.get("image")
    at.button(key="bulletin_preview").click().run()
    assert not at.exception and not at.error
    assert len(at.get("image")) >= 1
