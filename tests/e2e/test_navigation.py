"""Navigation in a real Chromium: Streamlit's own English page list (the pages/ file names) never shows — not
while the first start builds the demo, not on a deep link to a freshly started server — and a link with
?unit=…&month=… reaches the unit's page with its filters, or a liaison's refusal.

"Never" is checked by a MutationObserver installed before the app's first byte: it records every moment the
DOM holds Streamlit's page list or a link named like a pages/ file, for the whole life of the page."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.config import REPO_ROOT
from tests.e2e.app_server import free_port, logged_in_context, stop_app
from tests.e2e.test_browser import _start_server
from ui import account_strings, strings

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
FILE_NAMES = sorted(["dashboard", *(p.stem for p in (REPO_ROOT / "pages").glob("*.py"))])
_RECORDER = """
window.__english = [];
const names = new Set(NAMES);
new MutationObserver(() => {
  if (document.querySelector('[data-testid="stSidebarNav"]')) window.__english.push("stSidebarNav");
  for (const a of document.querySelectorAll("a, [data-testid='stSidebar'] span")) {
    if (a.closest('[data-testid="stIconMaterial"]')) continue;  // an icon's ligature name (":material/dashboard:")
    let text = a.innerText || "";
    for (const icon of a.querySelectorAll('[data-testid="stIconMaterial"]')) text = text.replace(icon.innerText, "");
    text = text.trim();
    if (names.has(text)) window.__english.push(text);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
""".replace("NAMES", json.dumps(FILE_NAMES))


def _finished(page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=180_000)


def _english_seen(page) -> list[str]:
    return sorted(set(page.evaluate("window.__english")))


def test_the_first_start_build_shows_no_english_page_list(browser, tmp_path):
    """dashboard.py run on its own over a missing database builds the demo inside the first script run."""
    port = free_port()
    log = tmp_path / "server.log"
    db = tmp_path / "first.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_DB": str(db), "DASHBOARD_TODAY": "2026-12-01"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:  # the health endpoint answers once the server listens
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.25)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(_RECORDER)
        page = context.new_page()
        page.goto(f"{url}/freshness")  # a deep link as the very first request
        page.get_by_text(strings.BUILDING_DEMO[:6]).first.wait_for(timeout=180_000)  # the build has begun
        building = page.inner_text("body")
        page.get_by_text(account_strings.LOGIN_LINK).first.wait_for(timeout=300_000)  # built; no cookie here
        _finished(page)
        assert _english_seen(page) == []
        assert not any(name in building.split() for name in FILE_NAMES)
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def fresh_server(tmp_path_factory):
    """server.py just started over the hand-made county: no session has run st.navigation yet."""
    proc, url = _start_server(tmp_path_factory)
    yield url
    stop_app(proc)


def _open(browser, url: str, login: str, path: str):
    context = logged_in_context(browser, url, login)
    context.add_init_script(_RECORDER)
    page = context.new_page()
    page.goto(f"{url}/{path}")
    return context, page


def test_a_unit_link_to_a_fresh_server_opens_the_unit_and_month(browser, fresh_server):
    context, page = _open(browser, fresh_server, "t_office", "unit?unit=乙镇&month=2026-03")
    page.get_by_role("heading", name=strings.NAV_UNIT).first.wait_for(timeout=180_000)
    _finished(page)
    page.get_by_text(strings.UNIT_SCORE_NOW.format(label="2026年3月")).first.wait_for(timeout=60_000)  # the month
    assert "unit=%E4%B9%99%E9%95%87" in page.url and "month=2026-03" in page.url  # 乙镇, kept through the login hop
    body = page.inner_text("body")
    assert "Traceback" not in body and strings.UNEXPECTED_ERROR not in body
    assert strings.NAV_PUBLICATIONS in body  # our page list in Chinese
    assert _english_seen(page) == []
    context.close()


def test_a_liaisons_link_to_another_unit_is_refused(browser, fresh_server):
    context, page = _open(browser, fresh_server, "t_liaison", "unit?unit=乙镇&month=2026-10")
    page.get_by_text("无权查看“乙镇”").first.wait_for(timeout=180_000)
    _finished(page)
    body = page.inner_text("body")
    assert strings.KPI_ITEMS not in body and strings.UNIT_FINDINGS not in body
    assert _english_seen(page) == []
    page.goto(fresh_server)  # the root: a liaison lands on his own unit
    page.get_by_role("heading", name=strings.NAV_OWN_UNIT).first.wait_for(timeout=180_000)
    _finished(page)
    picker = page.get_by_role("combobox", name=strings.UNIT_PICK, exact=True)  # loads after the run
    expect(picker).to_have_value("县甲局", timeout=180_000)  # his unit (the picker's value is its input's value)
    context.close()
