"""The zip bomb and the stray XFD1048576 cell uploaded through a real `streamlit run dashboard.py` in Chromium.

Before issue 9 the XFD1048576 file aborted the server process for every user. Now each is refused under its name,
a good file of the same batch is imported, and the server still answers /_stcore/health with bounded memory.
Every wait is on an event (a server log line, an element, a text), never a fixed sleep.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.apphelpers import new_database, small_county
from tests.e2e.app_server import logged_in_context, start_app, stop_app
from tests.e2e.test_browser import CHROMIUM
from tests.ledgers import ITEMS_HEADER, write_csv
from tests.loaders.hostile import BY_NAME_FOR_BROWSER, write_cases
from ui import strings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
_SERVER_RSS_LIMIT_MB = 1500  # the server itself never reads the file; the child holds the memory


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app")
    db = folder / "county.duckdb"
    con = new_database(db)
    small_county(con, folder)
    con.close()
    proc, url = start_app(db, folder / "server.log")
    yield proc, url
    stop_app(proc)


def test_bomb_and_far_cell_uploads_are_refused_and_the_server_keeps_serving(server, browser, tmp_path) -> None:
    proc, url = server
    paths = list(write_cases(tmp_path / "files", BY_NAME_FOR_BROWSER).values())
    paths.append(
        write_csv(
            tmp_path / "同批正常.csv",
            [ITEMS_HEADER, ["县甲局", "工作动态", "同批的一条", "2026-10-28", "", "", "http://x/same-batch"]],
        )
    )
    context = logged_in_context(browser, url)
    page = context.new_page()
    page.goto(f"{url}/imports")
    page.get_by_role("heading", name=strings.IMPORTS_TITLE).first.wait_for(timeout=180_000)
    page.locator('input[type="file"]').set_input_files([str(p) for p in paths])
    page.get_by_text(paths[-1].name).first.wait_for(timeout=180_000)
    page.get_by_role("button", name=strings.UPLOAD_BUTTON).click()
    page.get_by_text(strings.UPLOAD_DONE.format(files=1)).wait_for(timeout=180_000)
    body = page.inner_text("body")
    for path in paths[:-1]:
        assert f"{path.name}：无法导入，未写入任何数据" in body
    assert "Traceback" not in body and strings.UNEXPECTED_ERROR not in body
    assert proc.poll() is None
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert response.status == 200 and response.read() == b"ok"
    assert _rss_mb(proc.pid) < _SERVER_RSS_LIMIT_MB
    page.close()
