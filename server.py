"""The web server: Streamlit's ASGI app (`st.App`, Streamlit ≥ 1.67) with a login page and a session gate.

`streamlit run server.py` finds `app` below (Streamlit's app discovery) and serves it with uvicorn; the
Streamlit script is still dashboard.py. In front of Streamlit's own routes:
- GET/POST /login: a plain server-rendered form (账号, 密码, 登录). A good password starts a server-side
  session: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps only its SHA-256.
- GET /logout: revokes the session, clears the cookie, back to /login.
- the gate (ASGI middleware): every other request needs a live session — a page gets 302 → /login, the
  websocket is refused (closed before accept → HTTP 403), so nothing of the app is reachable without login.
  Only /login, /logout and the health checks pass without one. Live sessions are remembered a few seconds
  by core.accounts.sessions.SESSION_CACHE (one place, process-wide; logout forgets at once).
- single sign-on: with `trusted_login_header` set in data/security.toml and the server listening on
  127.0.0.1 only (behind the province's login proxy, which sets that header on every request), a request
  carrying the header gets a session of that enabled account (audited as 统一身份认证登录); an unknown or
  disabled login gets a 403 page (audited as 失败). On any other address the header is ignored.
- settings files: at start and whenever the gate opens the database, a changed data/*.toml or *.csv is
  recorded as a 设置变更 entry (core/accounts/settings_audit.py).
Inside the script, ui/auth.py reads the same cookie from st.context.cookies (the websocket handshake's
headers, HttpOnly cookies included), checks the idle timeout and moves last_seen on.
"""

import html
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from core.accounts.audit import record
from core.accounts.identity import User
from core.accounts.sessions import SESSION_CACHE, SESSION_COOKIE, create_session, end_session, session_user
from core.accounts.settings import load_settings
from core.accounts.settings_audit import SYSTEM_LOGIN, record_settings_changes
from core.accounts.users import LoginError, authenticate, user_by_login
from core.accounts.vocabulary import FAILURE, SSO_LOGIN
from core.config import db_path, today
from core.errors import DashboardError
from core.monitoring.overview import is_demo
from core.storage.db import opened, transaction
from core.storage.migrations import migrate
from loaders.audited import record_demo_build
from loaders.demo import build_demo_database

DEMO_NOTE = "演示数据库的账号：demo_admin、demo_office、demo_leader、demo_liaison（县教育局），密码均为 demo1234。"
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
# Reachable without a session: the login form and Streamlit's health checks (for monitoring and start.sh).
OPEN_PATHS = frozenset((LOGIN_PATH, LOGOUT_PATH, "/_stcore/health", "/_stcore/script-health-check", "/favicon.ico"))

_DB_LOCK = threading.Lock()  # one server-side connection at a time (see _live)
LOOPBACK = frozenset(("127.0.0.1", "localhost", "::1"))
SERVER_ADDRESS = "服务器"

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · 政务公开绩效看板</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; background: #f5f5f5; margin: 0; }}
main {{ max-width: 22rem; margin: 12vh auto; background: #fff; padding: 2rem 2.2rem; border-radius: 8px;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); }}
h1 {{ font-size: 1.3rem; color: #b71c1c; margin-top: 0; }}
label {{ display: block; margin: 1rem 0 .3rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }}
button {{ margin-top: 1.4rem; width: 100%; padding: .6rem; font-size: 1rem; background: #b71c1c; color: #fff;
         border: 0; border-radius: 4px; cursor: pointer; }}
.error {{ color: #b71c1c; background: #fdecea; padding: .6rem; border-radius: 4px; }}
.note {{ color: #555; font-size: .9rem; }}
</style></head>
<body><main>
<h1>政务公开绩效看板</h1>
{message}
<form method="post" action="/login">
<label for="login">账号</label>
<input id="login" name="login" autocomplete="username" required value="{login}" autofocus>
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录</button>
</form>
{demo}<p class="note">忘记密码或账号被锁定，请联系信息化管理员。</p>
</main></body></html>
"""


_log = logging.getLogger(__name__)


def login_page(message: str = "", login: str = "", status: int = 200, hint: str = "") -> HTMLResponse:
    """The login form, with an error (and hint) above it when there is one; every value HTML-escaped."""
    shown = ""
    if message:
        shown = f'<p class="error" role="alert">{html.escape(message)}'
        shown += f"<br>{html.escape(hint)}</p>" if hint else "</p>"
    demo = f'<p class="note">{html.escape(DEMO_NOTE)}</p>' if _is_demo() else ""
    body = _PAGE.format(message=shown, login=html.escape(login, quote=True), demo=demo)
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _is_demo() -> bool:
    try:
        return bool(_work(is_demo))
    except DashboardError:
        return False


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _work(job: Callable[[Any], Any]) -> Any:
    """Run job(con) on a short connection (the server keeps none open, like the pages; see ui/state.py).

    No migration here: the gate runs for every asset of a page at once, and concurrent schema writes would
    conflict; the lifespan migrates once before serving.
    """
    with _DB_LOCK, opened(db_path()) as con:
        return job(con)


def _check(con: Any, token: str) -> User | None:
    record_settings_changes(con, SERVER_ADDRESS)  # on each fresh look at the database, settings files too
    return session_user(con, token, touch=False)


def _live(token: str | None) -> User | None:
    """The person of the token's live session (remembered briefly in SESSION_CACHE), else None."""
    if not token:
        return None
    return SESSION_CACHE.user(token, lambda: _work(lambda con: _check(con, token)))


def _session_cookie(response: Response, token: str) -> Response:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/")
    return response


def _login_session(con: Any, login: str, password: str, address: str | None) -> str:
    user = authenticate(con, login, password, address)
    with transaction(con):
        return create_session(con, user)


async def login(request: Request) -> Response:
    """GET: the form. POST: check the password; on success set the session cookie and go to the app."""
    if request.method == "GET":
        return login_page()
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    name = (form.get("login") or [""])[0].strip()
    password = (form.get("password") or [""])[0]
    try:
        token = await run_in_threadpool(_work, lambda con: _login_session(con, name, password, _address(request)))
    except LoginError as exc:
        return login_page(exc.message, name, 401, exc.hint)
    except DashboardError as exc:
        return login_page(exc.message, name, 503, exc.hint)
    return _session_cookie(RedirectResponse("/", status_code=303), token)


async def logout(request: Request) -> Response:
    """Revoke the session (audited), clear the cookie, show the login form again."""
    token = request.cookies.get(SESSION_COOKIE)
    await run_in_threadpool(_work, lambda con: end_session(con, token, _address(request)))
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _sso_session(con: Any, login: str, header: str, address: str | None) -> str | None:
    """A session for the enabled account named by the trusted proxy header, audited; None (audited as 失败)
    when there is no such enabled account."""
    user = user_by_login(con, login)
    with transaction(con):
        if user is None:
            record(
                con,
                User(0, login, "", "", address=address),
                SSO_LOGIN,
                f"账号 {login}",
                after=f"请求头 {header} 中的账号未登记或已停用",
                outcome=FAILURE,
            )
            return None
        person = User(user.user_id, user.login, user.name, user.role, user.unit_ids, address=address)
        record(con, person, SSO_LOGIN, f"账号 {login}", after=f"请求头 {header}")
        return create_session(con, person)


def listening_on_loopback() -> bool:
    """Whether this server listens on the loopback address only (so only the local proxy can reach it)."""
    from streamlit import config

    return str(config.get_option("server.address") or "") in LOOPBACK


def trusted_login(scope: dict) -> tuple[str, str] | None:
    """(header, login) when single sign-on is on, the server is on loopback and the request carries the
    header; else None (the header is then ignored)."""
    from starlette.requests import HTTPConnection

    header = load_settings().trusted_login_header.strip()
    if not header or not listening_on_loopback():
        return None
    login = HTTPConnection(scope).headers.get(header, "").strip()
    return (header, login) if login else None


class SessionGate:
    """ASGI middleware: nothing but OPEN_PATHS without a live session (page → 302 /login, websocket → 403).

    Behind the login proxy (see trusted_login) the header is the authority: a cookie of another person is
    replaced by a session of the header's login.
    """

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        user = await run_in_threadpool(_live, _cookies(scope).get(SESSION_COOKIE))
        sso = trusted_login(scope)
        if user is not None and (sso is None or sso[1] == user.login):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        request = Request(scope)
        if sso is not None:
            await (await self._single_sign_on(request, *sso))(scope, receive, send)
            return
        await RedirectResponse(LOGIN_PATH, status_code=302)(scope, receive, send)

    async def _single_sign_on(self, request: Request, header: str, login: str) -> Response:
        token = await run_in_threadpool(_work, lambda con: _sso_session(con, login, header, _address(request)))
        if token is None:
            return login_page(f"统一身份认证传来的账号未在本系统登记或已停用: {login}", status=403)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return _session_cookie(RedirectResponse(target or "/", status_code=302), token)


def _cookies(scope: dict) -> dict[str, str]:
    from starlette.requests import HTTPConnection

    return dict(HTTPConnection(scope).cookies)


@asynccontextmanager
async def _first_start(_app: Any) -> AsyncIterator[None]:
    """Before serving: build the demo database when there is none (its accounts), migrate once, warm the first visits."""
    if not db_path().exists():
        day = today()
        reports = await run_in_threadpool(build_demo_database, db_path(), day)
        system = User(0, SYSTEM_LOGIN, "系统", "", address=SERVER_ADDRESS)
        await run_in_threadpool(record_demo_build, db_path(), system, day, len(reports))
    await run_in_threadpool(_work, migrate)
    await run_in_threadpool(_work, lambda con: record_settings_changes(con, SERVER_ADDRESS))
    await run_in_threadpool(_warm_first_visits)
    yield


def _warm_first_visits() -> None:
    """Compute what a first visit asks for before the server answers (ui.warmup; Streamlit's runtime, whose
    cache the pages read, is up by now). At 1M items this adds about 3 s to a start; the first 单位画像 then takes
    its warm time instead of waiting for six months of scoring. A failure here costs only the head start: the
    pages score what they need as before."""
    from ui.warmup import enable_warm_after_changes, warm_first_visits

    try:
        enable_warm_after_changes()
        warm_first_visits()
    except Exception:  # noqa: BLE001 — see above
        _log.exception("预先计算得分失败（页面将在打开时计算）")


app = st.App(
    "dashboard.py",
    lifespan=_first_start,
    routes=[Route(LOGIN_PATH, login, methods=["GET", "POST"]), Route(LOGOUT_PATH, logout, methods=["GET", "POST"])],
    middleware=[Middleware(SessionGate)],
)
