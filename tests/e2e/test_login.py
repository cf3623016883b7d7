"""The real server as start.sh runs it (streamlit run server.py on 127.0.0.1, temp DB) in headless Chromium:
without a session only the login form is reachable and the websocket is refused; login, refresh, logout."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from tests.accounts.helpers import PASSWORD, add_role_users
from tests.apphelpers import new_database, small_county
from tests.e2e.test_browser import CHROMIUM
from ui import account_strings, strings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def login_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    con = new_database(folder / "county.duckdb")
    small_county(con, folder)
    add_role_users(con)
    con.close()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_DB": str(folder / "county.duckdb")},
        stdout=(folder / "server.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):  # the health endpoint answers once the server listens (each try waits on the socket)
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail((folder / "server.log").read_text())
            socket.socket().close()
            time.sleep(0.25)
    else:
        pytest.fail("server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_without_a_session_the_page_redirects_and_the_websocket_is_refused(login_server):
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(login_server + "/")
    assert redirect.value.code == 302 and redirect.value.headers["Location"] == "/login"
    for path in ("/ranking", "/static/js/index.js", "/_stcore/host-config"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(login_server + path)
        assert refused.value.code == 302, path
    host, port = login_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as ws:
        ws.sendall(
            b"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        )
        status = ws.recv(200).split(b"\r\n")[0]
    assert status == b"HTTP/1.1 403 Forbidden"  # closed before accept: never upgraded


def test_login_refresh_and_logout_in_chromium(login_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(login_server + "/")
    page.get_by_label("账号").wait_for(timeout=180_000)
    assert page.url.endswith("/login")
    page.get_by_label("账号").fill("t_office")
    page.get_by_label("密码").fill("wrong-pass1")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("alert").wait_for(timeout=180_000)
    assert "账号或密码不正确" in page.get_by_role("alert").inner_text()
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(strings.NAV_IMPORTS).first.wait_for(timeout=180_000)  # the office's pages
    body = page.inner_text("body")
    assert strings.NAV_RANKING in body and account_strings.NAV_AUDIT not in body
    cookie = next(c for c in context.cookies() if c["name"] == "gk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.reload()  # F5 keeps the session: a second request with the same cookie
    sidebar.get_by_text(strings.NAV_IMPORTS).first.wait_for(timeout=180_000)
    logout = sidebar.get_by_role("link", name=account_strings.LOGOUT)
    logout.wait_for(timeout=180_000)
    logout.click()
    page.get_by_label("账号").wait_for(timeout=180_000)
    assert page.url.endswith("/login")
    page.goto(login_server + "/")  # the revoked cookie no longer opens the app
    page.get_by_label("账号").wait_for(timeout=180_000)
    assert page.url.endswith("/login")
    context.close()
