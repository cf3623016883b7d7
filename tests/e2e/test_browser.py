"""Smoke test of every page in a real headless Chromium against a running `streamlit run dashboard.py`."""

import os
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from tests.apphelpers import new_database, small_county
from tests.e2e.app_server import logged_in_context, start_app, stop_app
from ui import strings

ROOT = REPO_ROOT
CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
PAGES = {
    "": strings.NAV_OVERVIEW,
    "publications": strings.PUB_TITLE,
    "freshness": strings.FRESH_TITLE,
    "timeliness": strings.TIME_TITLE,
    "rectification": strings.RECT_TITLE,
    "requests": strings.REQ_TITLE,
    "ranking": strings.RANK_TITLE,
    "imports": strings.NAV_IMPORTS,
}
PAGE_TEXT = {
    "": strings.KPI_ITEMS,
    "publications": strings.PUB_COMPARISON,
    "freshness": strings.WEEKLY_TITLE,
    "timeliness": strings.TIME_BY_UNIT,
    "rectification": strings.RECT_OVERDUE_LIST,
    "requests": "答复期限：20个工作日",
    "ranking": strings.RANK_BREAKDOWN,
    "imports": strings.HISTORY_TITLE,
}


def _start_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app")
    db = folder / "county.duckdb"
    con = new_database(db)
    small_county(con, folder)
    con.close()
    return start_app(db, folder / "server.log")


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    """The app as start.sh serves it, and a browser context signed in as office staff."""
    proc, url = _start_server(tmp_path_factory)
    context = logged_in_context(browser, url)
    yield url, context
    context.close()
    stop_app(proc)


@pytest.fixture
def fresh_server(tmp_path_factory, browser):
    proc, url = _start_server(tmp_path_factory)
    context = logged_in_context(browser, url)
    yield url, context
    context.close()
    stop_app(proc)


def wait_for_run(page, heading: str | None = None) -> None:
    """Wait until Streamlit's script run has finished: the page's own heading (or sidebar) is drawn and the app
    says `data-test-script-state="notRunning"`. No fixed sleep: a busy machine only makes this take longer."""
    if heading is None:
        page.get_by_text(strings.SIDEBAR_MONTH).first.wait_for(timeout=180_000)
    else:
        page.get_by_role("heading", name=heading).first.wait_for(timeout=180_000)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=180_000)
    # widgets arrive as lazily loaded chunks after the run: the sidebar's month box is the last to appear
    page.locator('[data-testid="stSidebar"]').get_by_text(strings.SIDEBAR_MONTH).first.wait_for(timeout=180_000)


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "overview")
def test_page_renders_in_chromium_without_traceback(server, path, tmp_path):
    url, context = server
    page = context.new_page()
    page.goto(f"{url}/{path}")
    wait_for_run(page, PAGES[path])
    # elements arrive as lazily loaded chunks after the run (a metric's label among them): wait for the page's text
    page.get_by_text(PAGE_TEXT[path]).first.wait_for(timeout=180_000)
    body = page.inner_text("body")
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{path or 'overview'}.png"), full_page=True)
    assert "Traceback" not in body and strings.UNEXPECTED_ERROR not in body
    assert "Deploy" not in body
    assert PAGE_TEXT[path] in body and strings.SIDEBAR_MONTH in body
    page.close()


def test_a_page_link_is_the_first_request_to_a_fresh_server(fresh_server):
    """Streamlit runs a pages/ script alone in its legacy mode until st.navigation has run once."""
    url, context = fresh_server
    page = context.new_page()
    page.goto(f"{url}/freshness")
    wait_for_run(page)
    page.get_by_text(strings.WEEKLY_TITLE).first.wait_for(timeout=180_000)  # the deep link reached its page
    body = page.inner_text("body")
    assert "This app has encountered an error" not in body and "Traceback" not in body
    assert strings.NAV_PUBLICATIONS in body  # our navigation, not the pages/ file names
    assert strings.WEEKLY_TITLE in body  # and the page that was asked for
    page.close()


def test_changing_the_month_in_the_sidebar_updates_the_figures(server):
    url, context = server
    page = context.new_page()
    page.goto(url)
    wait_for_run(page, strings.NAV_OVERVIEW)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
    page.get_by_role("option", name="2026年3月").click()
    page.get_by_text("统计截至 2026-03-31").wait_for(timeout=180_000)
    page.close()
