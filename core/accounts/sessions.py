"""Server-side login sessions: a random token in an HttpOnly cookie, only its SHA-256 kept in the database.

Never imports streamlit. A session ends on logout (revoked), when the account is disabled or reset, or after
`idle_timeout_minutes` without a request; each accepted request moves `last_seen` on (at most every TOUCH_SECONDS).

SESSION_CACHE is the one process-wide memory of live sessions, for server.py's gate: a page load asks for
some thirty assets at once, and opening DuckDB for each would be slow (and DuckDB refuses to open one file
from many threads at the same moment). A yes is kept CACHE_SECONDS; lookups of one token wait for each other
(the first opens the database, the rest are answered from memory). Logout (`end_session`), disabling an
account and resetting its password forget the sessions at once, so revocation in this process is immediate;
a revocation made by another process (the accounts CLI) holds within CACHE_SECONDS at the gate and at once
in the pages (ui/auth.py asks the database on every script run).
"""

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import duckdb

from core.accounts import audit
from core.accounts.identity import User
from core.accounts.settings import SecuritySettings, load_settings
from core.accounts.users import user_by_id
from core.accounts.vocabulary import LOGOUT
from core.storage.db import fetch_rows, is_write_conflict, transaction

SESSION_COOKIE = "gk_session"
CACHE_SECONDS = 5.0
# last_seen is moved on at most this often: the idle timeout counts minutes, and a write on every script run made
# each run's connection checkpoint on close and two runs of one session collide on the row.
TOUCH_SECONDS = 30


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


def _write_row(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> None:
    """Update the session's row, unless another request of the same session (a second tab, the run that a click
    started while the last one was ending) writes it at the same moment: DuckDB refuses the second writer with
    "Conflict on update", which failed the whole page under load (10 browser sessions). The other writer moved
    last_seen on (or revoked) just the same, so this one has nothing to add."""
    try:
        con.execute(sql, params)
    except duckdb.TransactionException as exc:
        if not is_write_conflict(exc):
            raise


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
        _write_row(con, "UPDATE sessions SET revoked_at = ? WHERE token_hash = ?", [now, _digest(token)])
        return None
    user = user_by_id(con, int(user_id))
    if user is None:
        return None
    if touch and now - last_seen >= timedelta(seconds=TOUCH_SECONDS):
        _write_row(con, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, _digest(token)])
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
    SESSION_CACHE.forget(token)


class SessionCache:
    """token → the session's person, remembered for `seconds` (see the module docstring). Thread-safe.

    Two kinds of lock, never held together by this class: `_lock` guards the dict for a moment; a striped
    lookup lock makes concurrent requests of one token wait for the first one's database lookup. The
    lookup (which takes the server's database lock) runs without `_lock`, so a logout that holds the
    database lock and calls `forget` cannot deadlock with it. A lookup that overlapped a forget is not
    remembered (the epoch moved on), so a revoked session never comes back from a stale answer.
    """

    _STRIPES = 32

    def __init__(self, seconds: float = CACHE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._lookups = [threading.Lock() for _ in range(self._STRIPES)]
        self._entries: dict[str, tuple[User, float]] = {}
        self._epoch = 0

    def _remembered(self, key: str) -> User | None:
        with self._lock:
            hit = self._entries.get(key)
            return hit[0] if hit is not None and hit[1] > self._clock() else None

    def user(self, token: str | None, lookup: Callable[[], User | None]) -> User | None:
        """The remembered person of `token`, or lookup() (which opens the database) remembered if alive."""
        if not token:
            return None
        key = _digest(token)
        if (hit := self._remembered(key)) is not None:
            return hit
        with self._lookups[int(key[:8], 16) % self._STRIPES]:
            if (hit := self._remembered(key)) is not None:
                return hit  # another request of this token looked it up meanwhile
            with self._lock:
                epoch = self._epoch
            user = lookup()
            with self._lock:
                now = self._clock()
                for stale in [k for k, (_, until) in self._entries.items() if until <= now]:
                    del self._entries[stale]
                if user is not None and epoch == self._epoch:
                    self._entries[key] = (user, now + self.seconds)
            return user

    def forget(self, token: str | None) -> None:
        """Drop one token (logout)."""
        if token:
            with self._lock:
                self._epoch += 1
                self._entries.pop(_digest(token), None)

    def forget_user(self, user_id: int) -> None:
        """Drop every session of one account (disabled, password reset)."""
        with self._lock:
            self._epoch += 1
            for key in [k for k, (u, _) in self._entries.items() if u.user_id == user_id]:
                del self._entries[key]


SESSION_CACHE = SessionCache()
