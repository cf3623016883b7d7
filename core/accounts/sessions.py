"""Server-side login sessions: a random token in an HttpOnly cookie, only its SHA-256 kept in the database.

Never imports streamlit. A session ends on logout (revoked), when the account is disabled or reset, or after
`idle_timeout_minutes` without a request; each accepted request moves `last_seen` on.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import duckdb

from core.accounts import audit
from core.accounts.identity import User
from core.accounts.settings import SecuritySettings, load_settings
from core.accounts.users import user_by_id
from core.accounts.vocabulary import LOGOUT
from core.storage.db import fetch_rows, transaction

SESSION_COOKIE = "gk_session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(con: duckdb.DuckDBPyConnection, user: User, now: datetime | None = None) -> str:
    """Start a session for `user` and return its token (to be sent once, as the cookie; never stored)."""
    token = secrets.token_urlsafe(32)
    now = now or datetime.now()
    con.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, address) VALUES (?, ?, ?, ?, ?)",
        [_digest(token), user.user_id, now, now, user.address or ""],
    )
    return token


def session_user(
    con: duckdb.DuckDBPyConnection,
    token: str | None,
    address: str | None = None,
    now: datetime | None = None,
    settings: SecuritySettings | None = None,
    touch: bool = True,
) -> User | None:
    """The person a token belongs to while its session is alive (and last_seen moved to now), else None."""
    if not token:
        return None
    settings = settings or load_settings()
    now = now or datetime.now()
    rows = fetch_rows(
        con,
        "SELECT user_id, last_seen FROM sessions WHERE token_hash = ? AND revoked_at IS NULL",
        [_digest(token)],
    )
    if not rows:
        return None
    user_id, last_seen = rows[0]
    if now - last_seen > timedelta(minutes=settings.idle_timeout_minutes):
        con.execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?", [now, _digest(token)])
        return None
    user = user_by_id(con, int(user_id))
    if user is None:
        return None
    if touch:
        con.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, _digest(token)])
    return User(user.user_id, user.login, user.name, user.role, user.unit_ids, user.must_change_password, address)


def end_session(
    con: duckdb.DuckDBPyConnection, token: str | None, address: str | None = None, now: datetime | None = None
) -> None:
    """Logout: revoke the token's session and audit it (an unknown or dead token is ignored)."""
    if not token:
        return
    with transaction(con):
        now = now or datetime.now()
        user = session_user(con, token, address, now, touch=False)
        con.execute(
            "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            [now, _digest(token)],
        )
        if user is not None:
            audit.record(con, user, LOGOUT, f"账号 {user.login}")
