"""The real server as start.sh runs it (streamlit run server.py on 127.0.0.1, temp DB) in headless Chromium:
without a session only the login form is reachable and the websocket is refused; login, refresh, logout; and
single sign-on through the trusted header (honoured behind the proxy only, for enabled accounts only)."""

import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from core.accounts.identity import CLI_USER
from core.accounts.users import add_user, disable_user
from core.storage.db import opened
from tests.accounts.helpers import PASSWORD
from tests.apphelpers import new_database, small_county
from tests.e2e.app_server import session_cookie, start_app, stop_app
from tests.e2e.test_browser import CHROMIUM
from ui import account_strings, strings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
HEADER = "X-Remote-User"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _county(folder: Path) -> Path:
    db = folder / "county.duckdb"
    con = new_database(db)
    small_county(con, folder)
    con.close()
    return db


@pytest.fixture(scope="module")
def login_server(tmp_path_factory):
    """The server with the default settings: no trusted header."""
    folder = tmp_path_factory.mktemp("login")
    proc, url = start_app(_county(folder), folder / "server.log", env={"DASHBOARD_SECURITY": str(folder / "none")})
    yield url
    stop_app(proc)


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory):
    """The server behind a (pretend) login proxy: trusted_login_header set, listening on 127.0.0.1 only;
    with a disabled account t_gone besides the role accounts."""
    folder = tmp_path_factory.mktemp("sso")
    db = _county(folder)
    with opened(db) as con:
        add_user(con, CLI_USER, "t_gone", "离职", "office", PASSWORD, must_change_password=False)
        disable_user(con, CLI_USER, "t_gone")
    security = folder / "security.toml"
    security.write_text(f'listen_address = "127.0.0.1"\ntrusted_login_header = "{HEADER}"\n', encoding="utf-8")
    proc, url = start_app(db, folder / "server.log", env={"DASHBOARD_SECURITY": str(security)})
    yield url, db
    stop_app(proc)


def _get(url: str, headers: dict[str, str]) -> Any:
    """One GET without following redirects: the redirect or error comes back as the HTTPError it raises."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(urllib.request.Request(url, headers=headers), timeout=60)
    except urllib.error.HTTPError as answer:
        return answer


def _sso_entries(db: Path) -> list[tuple]:
    with opened(db) as con:
        return con.execute(
            "SELECT login, outcome, address, after FROM audit_log WHERE action = 'sso_login' ORDER BY entry_id"
        ).fetchall()


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


def test_the_trusted_header_is_ignored_when_the_setting_is_off(login_server):
    answer = _get(login_server + "/", {HEADER: "t_office"})
    assert answer.code == 302 and answer.headers["Location"] == "/login"
    assert "Set-Cookie" not in answer.headers


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
    page.goto(login_server + "/")  # the revoked cookie no longer opens the app (at once: no cache grace)
    page.get_by_label("账号").wait_for(timeout=180_000)
    assert page.url.endswith("/login")
    context.close()


def test_behind_the_proxy_the_header_signs_in_as_that_user(sso_server, browser):
    url, db = sso_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, extra_http_headers={HEADER: "t_leader"})
    page = context.new_page()
    page.goto(url + "/")  # no login form on the way
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("领导（t_leader）", exact=False).first.wait_for(timeout=120_000)
    assert not page.url.endswith("/login")
    sidebar.get_by_text(strings.NAV_RANKING).first.wait_for(timeout=120_000)  # the page links load after the run
    body = sidebar.inner_text()
    assert strings.NAV_RANKING in body and strings.NAV_IMPORTS not in body  # the leader's pages
    context.close()
    login, outcome, address, after = _sso_entries(db)[-1]
    assert (login, outcome, address, after) == ("t_leader", "成功", "127.0.0.1", f"请求头 {HEADER}")


def test_behind_the_proxy_unknown_and_disabled_logins_are_refused(sso_server):
    url, db = sso_server
    for login in ("nobody", "t_gone"):
        answer = _get(url + "/", {HEADER: login})
        assert answer.code == 403 and "Set-Cookie" not in answer.headers
        assert f"未在本系统登记或已停用: {login}" in answer.read().decode("utf-8")
    assert [e[:2] for e in _sso_entries(db)[-2:]] == [("nobody", "失败"), ("t_gone", "失败")]


def test_behind_the_proxy_the_header_wins_over_another_persons_cookie(sso_server):
    url, _ = sso_server
    office = session_cookie(url, "t_office")
    cookie = {"Cookie": f"{office['name']}={office['value']}"}
    assert _get(url + "/_stcore/host-config", cookie).code == 200  # no header: the cookie's session
    switched = _get(url + "/_stcore/host-config", {**cookie, HEADER: "t_admin"})
    assert switched.code == 302 and "gk_session=" in switched.headers["Set-Cookie"]
    assert office["value"] not in switched.headers["Set-Cookie"]
