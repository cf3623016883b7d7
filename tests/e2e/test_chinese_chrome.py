"""Every page a role can open, in headless Chromium, as a user reads it (issue 12 item 6): no Streamlit chrome in
English (toolbar, menu, uploader, "empty" tables), no "None"/"NaT"/"nan" and no midnight "00:00:00" — neither in
the page's text nor in the cells of its tables (read from the grid's accessible table)."""

import re
from pathlib import Path

import pytest

from tests.apphelpers import new_database, small_county
from tests.e2e.app_server import logged_in_context, start_app, stop_app
from ui import strings

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
ENGLISH_CHROME = (
    "Upload",
    "Drag and drop",
    "Browse files",
    "per file",
    "Deploy",
    "Stop",
    "Print",
    "Record",
    "Made with Streamlit",
    "Running",
    "Rerun",
    "empty",
    "Clear cache",
    "Settings",
)
PAGE_FILE_NAMES = ("dashboard", "overview", "publications", "freshness", "timeliness", "rectification", "imports")
MISSING_WORDS = re.compile(r"\b(None|NaT|nan|NaN)\b|00:00:00")


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("chrome")
    db = folder / "county.duckdb"
    con = new_database(db)
    small_county(con, folder)
    con.close()
    proc, url = start_app(db, folder / "server.log")
    yield url
    stop_app(proc)


def _settled(page) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(strings.SIDEBAR_MONTH).first.wait_for(timeout=180_000)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=180_000)


def _visible_text(page) -> str:
    """The page's text plus every table cell the grids draw (their canvas has an accessible table beside it).

    Left out: Material icon ligatures (aria-hidden spans whose text is the icon's name, drawn as a glyph) and
    the keyboard-only "Skip to main content" link, which nobody sees without pressing Tab."""
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    lines = [line for line in page.evaluate(_TEXT_WITHOUT_ICONS).splitlines() if line.strip() != "Skip to main content"]
    return "\n".join(lines) + "\n" + "\n".join(cells.all_inner_texts())


# The icons' names and the page's text read in one step: read apart, a sidebar drawn again in between left an
# icon's name ("dashboard") among the lines as if it were text.
_TEXT_WITHOUT_ICONS = """() => {
  const icons = new Set([...document.querySelectorAll('[data-testid="stIconMaterial"]')].map(e => e.innerText.trim()));
  return document.body.innerText.split("\\n").filter(line => !icons.has(line.trim())).join("\\n");
}"""


def _problems(text: str) -> list[str]:
    found = [word for word in ENGLISH_CHROME if re.search(rf"\b{re.escape(word)}\b", text)]
    found += [word for word in PAGE_FILE_NAMES if re.search(rf"(?m)^\s*{word}\s*$", text)]
    found += sorted({m.group(0) for m in MISSING_WORDS.finditer(text)})
    return found


@pytest.mark.parametrize("login", ["t_office", "t_liaison", "t_admin"])
def test_no_english_chrome_and_no_missing_value_words_on_any_page(server, browser, login):
    context = logged_in_context(browser, server, login, viewport={"width": 1400, "height": 2400})
    page = context.new_page()
    page.goto(server)
    _settled(page)
    links = page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')  # ui.components.page_menu
    paths = sorted({href for href in (links.nth(i).get_attribute("href") for i in range(links.count())) if href})
    assert len(paths) >= 6, paths
    seen = {}
    for href in paths:
        page.goto(href if href.startswith("http") else server + "/" + href.lstrip("/"))
        _settled(page)
        if page.locator('[data-testid="stDataFrame"]').count():  # grids draw their cells after the run
            page.locator('[data-testid="stDataFrame"] [role="gridcell"]').first.wait_for(
                state="attached", timeout=60_000
            )
        seen[href] = _problems(_visible_text(page))
        assert not page.locator('[data-testid="stMainMenu"], [data-testid="stAppDeployButton"]').count(), href
    assert not {href: words for href, words in seen.items() if words}, seen
    context.close()


def test_the_uploader_speaks_chinese_and_states_the_limit(server, browser):
    context = logged_in_context(browser, server, "t_office")
    page = context.new_page()
    page.goto(server + "/imports")
    _settled(page)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    zone.wait_for(timeout=60_000)
    assert zone.inner_text().strip() in ("", "选择文件")  # the English words are hidden; CSS draws 选择文件
    content = zone.locator("button").evaluate("b => getComputedStyle(b, '::after').content")
    assert "选择文件" in content
    assert "每个文件不超过 200 MB" in page.inner_text("body")
    context.close()


def test_no_grid_offers_its_english_toolbar_or_an_unaudited_csv_download(server, browser):
    """Hovering a table shows neither the grid's English toolbar (Download as CSV, Search, Fullscreen) nor its
    column menu; the CSV button would have taken the data out of the tool without an audit entry."""
    context = logged_in_context(browser, server, "t_office", viewport={"width": 1400, "height": 2400})
    page = context.new_page()
    page.goto(server + "/overview")
    _settled(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=60_000)
    grid.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]')
    toolbar.first.wait_for(state="attached", timeout=60_000)  # Streamlit draws it on hover; our CSS hides it
    assert not toolbar.first.is_visible()
    assert not page.get_by_role("button", name="Download as CSV").is_visible()
    menus = page.locator('[data-testid="stDataFrameColumnMenuTarget"]')
    assert all(not menus.nth(i).is_visible() for i in range(menus.count()))
    context.close()
