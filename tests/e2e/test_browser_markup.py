"""Text is text in a real browser (issue 9): with markdown/HTML payloads in units, columns, titles and findings,
no page has a link to or an image from the payloads' address, and the browser never requests it."""

from pathlib import Path

import pytest

from tests.e2e.app_server import logged_in_context, start_app, stop_app
from tests.e2e.test_browser import CHROMIUM, PAGES, wait_for_run
from tests.pages.test_markup import _county

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("markup")
    db = _county(folder)
    proc, url = start_app(db, folder / "server.log")
    context = logged_in_context(browser, url)
    yield url, context
    context.close()
    stop_app(proc)


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "overview")
def test_no_payload_link_or_image_in_the_browser(markup_server, path):
    url, context = markup_server
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{url}/{path}")
    wait_for_run(page, PAGES[path])
    hrefs = page.eval_on_selector_all(
        "a", "els => els.map(e => e.getAttribute('href') || e.getAttribute('xlink:href'))"
    )
    images = page.eval_on_selector_all("img", "els => els.map(e => e.getAttribute('src') || '')")
    page.close()
    assert [h for h in hrefs if h and h.startswith("http://x")] == []
    assert [s for s in images if "http://x" in s] == []
    assert [u for u in requested if u.startswith("http://x")] == []
