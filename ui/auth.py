"""The logged-in person for the pages: who it is, what the sidebar offers, what a page requires.

Who: the session cookie from st.context.cookies (read from the websocket handshake, so the HttpOnly cookie
set by server.py's /login is there) → core.accounts.sessions (idle timeout checked, last_seen moved on).
Tests: AppTest has no cookies, so the harness puts a `User` under KEY_TEST_USER in session state. No widget
has that key and a browser can only set session state through widgets, so a browser cannot use it.
"""

import dataclasses

import streamlit as st

from core.accounts.identity import User
from core.accounts.sessions import SESSION_COOKIE, session_user
from core.accounts.settings import load_settings
from core.accounts.users import change_password
from core.accounts.vocabulary import LEADER, LIAISON, PERMISSION_LABELS
from core.errors import DashboardError
from ui import account_strings as text
from ui.components import page_filters
from ui.state import db, once_per_run
from ui.text import plain_format

KEY_TEST_USER = "_accounts_test_user"  # set only by tests (see module docstring)
_KEY_OLD, _KEY_NEW, _KEY_AGAIN = "pw_old", "pw_new", "pw_again"


def client_address() -> str | None:
    """The browser's address as Streamlit saw the websocket (None for this machine itself)."""
    try:
        return st.context.ip_address
    except Exception:  # noqa: BLE001 — outside a browser session (AppTest) there is none
        return None


def current_user() -> User | None:
    """The person of this session, or None when not logged in (or the session expired)."""
    test_user = st.session_state.get(KEY_TEST_USER)
    if isinstance(test_user, User):
        return test_user
    token = st.context.cookies.get(SESSION_COOKIE)
    if not isinstance(token, str) or not token:  # AppTest's context holds no real cookies
        return None
    return once_per_run("user", lambda: _session_user(token))


def _session_user(token: str) -> User | None:
    with db() as con:
        return session_user(con, token, client_address())


def _stop() -> None:
    st.stop()
    raise AssertionError("st.stop() returns only outside a script run")


def login_gate() -> User:
    """The logged-in person; otherwise a link to the login page (or the forced password change) and stop.

    Runs st.navigation with a single hidden page in those cases, so Streamlit never lists the pages/ files.
    """
    user = current_user()
    if user is None:
        st.navigation([st.Page(_not_logged_in, title=text.LOGIN_LINK)], position="hidden").run()
        _stop()
    assert user is not None
    if user.must_change_password:
        st.navigation(
            [st.Page(lambda: _password_change_form(user), title=text.CHANGE_PASSWORD)], position="hidden"
        ).run()
        _stop()
    return user


def _not_logged_in() -> None:
    st.warning(text.NOT_LOGGED_IN.format(minutes=load_settings().idle_timeout_minutes))
    _same_tab_link(text.LOGIN_LINK, "/login")


def _password_change_form(user: User) -> None:
    st.title(text.MUST_CHANGE_TITLE)
    st.caption(text.MUST_CHANGE_HELP)
    old = st.text_input(text.OLD_PASSWORD, type="password", key=_KEY_OLD)
    new = st.text_input(text.NEW_PASSWORD, type="password", key=_KEY_NEW)
    again = st.text_input(text.NEW_PASSWORD_AGAIN, type="password", key=_KEY_AGAIN)
    if st.button(text.CHANGE_PASSWORD, type="primary"):
        if new != again:
            st.error(text.PASSWORDS_DIFFER)
            return
        try:
            with db() as con:
                change_password(con, user, old, new)
        except DashboardError as exc:
            st.error(exc.message)
            return
        st.toast(text.PASSWORD_CHANGED)
        st.rerun()


def require_page(permission: str) -> User:
    """A page's first line: the person, if his role may use this page; else a Chinese refusal and stop.

    A page opened on its own (Streamlit's legacy pages/ mode on a fresh server) goes through dashboard.py
    first, which logs in and comes back (see ui.components.page_filters).
    """
    page_filters()
    user = current_user()
    if user is None or user.must_change_password:
        st.switch_page("dashboard.py")
    assert user is not None
    if not user.can(permission):
        st.error(
            text.PAGE_REFUSED.format(role=user.role_label, permission=PERMISSION_LABELS.get(permission, permission))
        )
        _stop()
    return user


def allowed_pages(user: User, pages: list[tuple[st.Page, str]]) -> list[st.Page]:
    """The pages whose permission the person's role holds, in order (the sidebar offers only these)."""
    return [page for page, permission in pages if user.can(permission)]


# Where each role lands (issue 11 "pages per role"): a liaison on his own unit, a leader on the ranking he reads
# first, everyone else on 总览. By url_path of the pages dashboard.py registers.
LANDING = {LIAISON: "unit", LEADER: "ranking"}
LANDING_DEFAULT = "overview"


def landing_page(user: User, pages: list[st.Page]) -> st.Page:
    """The root URL's page: hidden, it opens the role's landing page (with the URL's filters).

    Why not make the landing page itself the default: Streamlit gives the default page the path "" , so its own
    path (/ranking for a leader) would no longer resolve and a sent link would open "page not found".
    """
    wanted = LANDING.get(user.role, LANDING_DEFAULT)
    target = next((p for p in pages if p.url_path == wanted), pages[0])

    def land() -> None:
        st.switch_page(target, query_params=st.query_params.to_dict())

    return st.Page(land, title=target.title, url_path="home", default=True, visibility="hidden")


def scoped_filters(filters, user: User):
    """The sidebar filters with the unit scope narrowed to the person's units (a liaison's own)."""
    return dataclasses.replace(filters, scope=user.scoped(filters.scope))


def user_sidebar(user: User, unit_names: str = "") -> None:
    """Who is logged in, and the logout link."""
    st.sidebar.caption(plain_format(text.SIGNED_IN_AS, name=user.name, login=user.login, role=user.role_label))
    if unit_names:
        st.sidebar.caption(plain_format(text.SIGNED_IN_UNITS, units=unit_names))
    with st.sidebar:
        _same_tab_link(text.LOGOUT, "/logout")


def _same_tab_link(label: str, href: str) -> None:
    """A link that leaves the app in the same tab (st.link_button opens a new one); label and href are ours."""
    st.markdown(f'<a href="{href}" target="_self">{label}</a>', unsafe_allow_html=True)


def acting_as(user: User) -> None:
    """In place of a free-text 经办人/发布人 field: who will be recorded."""
    st.caption(plain_format(text.ACTING_AS, person=f"{user.name}（{user.login}）"))
