"""Text is text in a real browser (issue 9): with markdown/HTML payloads in units, columns, titles and findings,
no page has a link to or an image from the payloads' address, and the browser never requests it."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from tests.e2e.test_browser import CHROMIUM, PAGES, _free_port, wait_for_run
from tests.pages.test_markup import _county

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory):
    db = _county(tmp_path_factory.mktemp("markup"))
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_DB": str(db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                try:  # waits for the server to die, at most half a second, before asking again
                    proc.wait(timeout=0.5)
                    pytest.fail("streamlit exited before answering its health check")
                except subprocess.TimeoutExpired:
                    pass
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "overview")
def test_no_payload_link_or_image_in_the_browser(markup_server, browser, path):  # noqa: F811 — fixture
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{markup_server}/{path}")
    wait_for_run(page, PAGES[path])
    hrefs = page.eval_on_selector_all(
        "a", "els => els.map(e => e.getAttribute('href') || e.getAttribute('xlink:href'))"
    )
    images = page.eval_on_selector_all("img", "els => els.map(e => e.getAttribute('src') || '')")
    page.close()
    assert [h for h in hrefs if h and h.startswith("http://x")] == []
    assert [s for s in images if "http://x" in s] == []
    assert [u for u in requested if u.startswith("http://x")] == []
