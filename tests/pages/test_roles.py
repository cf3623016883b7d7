"""Per role, every page in AppTest: the sidebar registers only the role's pages, each renders; the rest are
refused (not registered, and the page itself refuses with a Chinese message if run anyway)."""

import pytest
from streamlit.testing.v1 import AppTest

from core.accounts.identity import User
from core.accounts.vocabulary import ADMIN, LEADER, LIAISON, OFFICE
from core.config import REPO_ROOT
from tests.apphelpers import app_as, new_database, small_county
from ui import account_strings, strings
from ui.auth import KEY_TEST_USER
from ui.state import KEY_FILTERS, KEY_GROUP, KEY_MONTH

ALL_PAGES = [
    "overview",
    "unit",
    "publications",
    "freshness",
    "timeliness",
    "rectification",
    "requests",
    "rhythm",
    "inspection",
    "annual_reports",
    "ranking",
    "assessment",
    "imports",
    "audit",
]
_VIEW = ALL_PAGES[:10]  # overview … annual_reports
ROLE_PAGES = {
    ADMIN: [*_VIEW, "ranking", "assessment", "imports", "audit"],
    OFFICE: [*_VIEW, "ranking", "assessment", "imports"],
    LEADER: [*_VIEW, "ranking", "assessment"],
    LIAISON: [*_VIEW, "imports"],  # uploads his units' ledgers (issue 11)
}


@pytest.fixture(scope="module")
def county_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles")
    con = new_database(folder / "county.duckdb")
    small_county(con, folder)
    jia = con.execute("SELECT unit_id FROM units WHERE name = '县甲局'").fetchone()[0]
    con.close()
    return folder / "county.duckdb", int(jia)


def _as(role: str, county_db, monkeypatch, group: str | None = None) -> AppTest:
    path, jia = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = app_as(role, (jia,) if role == LIAISON else ())
    at.session_state[KEY_MONTH] = "2026-10"
    if group:
        at.session_state[KEY_GROUP] = group
    return at.run()


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_role_gets_its_pages_and_only_those(role, county_db, monkeypatch):
    at = _as(role, county_db, monkeypatch)
    for page in set(ALL_PAGES) - set(ROLE_PAGES[role]):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
    for page in ROLE_PAGES[role]:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (role, page)
        assert not [e.value for e in at.error], (role, page)


@pytest.mark.parametrize(("role", "page"), [(LEADER, "imports"), (LIAISON, "ranking"), (OFFICE, "audit")])
def test_a_page_run_anyway_refuses_the_role_in_chinese(role, page, county_db, monkeypatch):
    """Defence in depth: the page's own require_page call, were it reached without the sidebar."""
    path, _ = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    filters_from = _as(OFFICE, county_db, monkeypatch).session_state[KEY_FILTERS]
    at = AppTest.from_file(str(REPO_ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.session_state[KEY_TEST_USER] = User(9, "x9", "某人", role)
    at.session_state[KEY_FILTERS] = filters_from
    at.run()
    assert not at.exception
    assert any("无权使用本页面" in e.value for e in at.error)
    assert not at.dataframe


def test_without_login_only_the_way_to_the_login_page_is_shown(county_db, monkeypatch):
    path, _ = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert [w.value for w in at.warning][0].startswith(account_strings.NOT_LOGGED_IN[:8])
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox


def _overview(at: AppTest) -> dict[str, str]:
    """总览's metrics (a liaison lands on 本单位, the office on 总览)."""
    return {m.label: m.value for m in at.switch_page("pages/overview.py").run().metric}


def test_a_liaison_sees_only_his_units_figures(county_db, monkeypatch):
    office = _overview(_as(OFFICE, county_db, monkeypatch))
    liaison = _overview(_as(LIAISON, county_db, monkeypatch))
    assert (office[strings.KPI_ITEMS], liaison[strings.KPI_ITEMS]) == ("3", "2")  # 县甲局: 甲一, 甲二


def test_a_liaison_cannot_widen_his_scope_through_the_sidebar(county_db, monkeypatch):
    at = _as(LIAISON, county_db, monkeypatch, group="乡镇/街道")  # 乙镇's group, not his unit
    assert _overview(at)[strings.KPI_ITEMS] == "0"


def test_the_first_login_asks_for_a_new_password_before_anything_else(county_db, monkeypatch):
    path, _ = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.session_state[KEY_TEST_USER] = User(9, "x9", "某人", OFFICE, must_change_password=True)
    at.run()
    assert [t.value for t in at.title] == [account_strings.MUST_CHANGE_TITLE]
    assert not at.metric
