"""Sessions: token hashed server-side, a second request with the same cookie works, idle timeout, logout."""

import threading
from datetime import datetime, timedelta

from core.accounts.identity import CLI_USER
from core.accounts.sessions import (
    SESSION_CACHE,
    TOUCH_SECONDS,
    SessionCache,
    create_session,
    end_session,
    session_user,
)
from core.accounts.users import disable_user, reset_password
from core.storage.db import connect
from tests.accounts.helpers import add_role_users, audit_rows

T0 = datetime(2026, 11, 2, 9, 0)


def test_only_the_token_hash_is_stored(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user, T0)
    stored = county.execute("SELECT token_hash FROM sessions").fetchone()[0]
    assert token not in stored and len(stored) == 64 and len(token) >= 40


def test_refresh_with_the_same_cookie_keeps_the_session(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user, T0)
    assert session_user(county, token, now=T0 + timedelta(minutes=20)).login == "t_office"
    # the first request moved last_seen on: 20 + 20 minutes is still within the 30-minute idle timeout
    assert session_user(county, token, now=T0 + timedelta(minutes=40)).login == "t_office"


def test_idle_timeout_ends_the_session(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user, T0)
    assert session_user(county, token, now=T0 + timedelta(minutes=31)) is None
    assert session_user(county, token, now=T0 + timedelta(minutes=31, seconds=1)) is None  # revoked for good


def test_logout_revokes_and_is_audited(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user, T0)
    end_session(county, token, "10.1.1.1", T0 + timedelta(minutes=5))
    assert session_user(county, token) is None
    assert audit_rows(county)[-1] == ("t_office", "logout", "成功")


def test_disabling_an_account_ends_its_sessions(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user)
    disable_user(county, CLI_USER, "t_office")
    assert session_user(county, token) is None


def test_unknown_token_is_nobody(county):
    assert session_user(county, "forged") is None and session_user(county, None) is None


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _db_lookup(con, token, calls):
    def lookup():
        calls.append(token)
        return session_user(con, token, touch=False)

    return lookup


def test_the_session_cache_opens_the_database_once_per_token_until_it_expires(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user)
    clock, calls = _Clock(), []
    cache = SessionCache(seconds=5.0, clock=clock)
    assert cache.user(token, _db_lookup(county, token, calls)).login == "t_office"
    clock.now += 4.9
    assert cache.user(token, _db_lookup(county, token, calls)).login == "t_office"
    assert len(calls) == 1  # the second request was answered from memory
    clock.now += 0.2
    cache.user(token, _db_lookup(county, token, calls))
    assert len(calls) == 2
    assert cache.user("forged", _db_lookup(county, "forged", calls)) is None
    assert cache.user("forged", _db_lookup(county, "forged", calls)) is None
    assert calls[-2:] == ["forged", "forged"]  # a no is never remembered


def test_logout_is_immediate_even_while_the_session_is_cached(county):
    user = add_role_users(county)["office"]
    token = create_session(county, user)
    calls = []
    assert SESSION_CACHE.user(token, _db_lookup(county, token, calls)).login == "t_office"
    end_session(county, token)
    assert SESSION_CACHE.user(token, _db_lookup(county, token, calls)) is None
    assert len(calls) == 2


def test_disabling_or_resetting_forgets_the_cached_sessions_at_once(county):
    users = add_role_users(county)
    office, leader = create_session(county, users["office"]), create_session(county, users["leader"])
    calls = []
    SESSION_CACHE.user(office, _db_lookup(county, office, calls))
    SESSION_CACHE.user(leader, _db_lookup(county, leader, calls))
    disable_user(county, CLI_USER, "t_office")
    reset_password(county, CLI_USER, "t_leader", "another123")
    assert SESSION_CACHE.user(office, _db_lookup(county, office, calls)) is None
    assert SESSION_CACHE.user(leader, _db_lookup(county, leader, calls)) is None
    assert len(calls) == 4


def test_a_lookup_that_overlaps_a_logout_is_not_remembered(county):
    """The gate's lookup may be under way while the same token logs out; its stale yes must not stick."""
    user = add_role_users(county)["office"]
    token = create_session(county, user)
    cache = SessionCache()

    def lookup_during_logout():
        alive = session_user(county, token, touch=False)  # read before the logout commits
        cache.forget(token)  # the logout (end_session) runs meanwhile
        return alive

    assert cache.user(token, lookup_during_logout).login == "t_office"  # this request was already let in
    calls = []
    cache.user(token, _db_lookup(county, token, calls))
    assert calls == [token]  # the next one asks the database again


def test_a_logout_holding_the_database_lock_does_not_deadlock_with_a_lookup(county):
    """server.py runs lookups and logouts under one database lock; forget must not wait for a lookup."""
    import threading

    user = add_role_users(county)["office"]
    token = create_session(county, user)
    db_lock, started, done = threading.Lock(), threading.Event(), threading.Event()
    cache = SessionCache()

    def gate() -> None:
        def lookup():
            started.set()
            with db_lock:
                return None

        cache.user(token, lookup)
        done.set()

    with db_lock:  # the logout holds the database lock …
        thread = threading.Thread(target=gate)
        thread.start()
        assert started.wait(30)
        logout = threading.Thread(target=cache.forget, args=(token,))
        logout.start()  # … and forgets while the gate's lookup waits for that lock
        logout.join(30)
        forgot = not logout.is_alive()
    assert forgot  # (with one lock for both, forget would wait for the lookup, which waits for the logout)
    assert done.wait(30)
    thread.join()


def test_two_requests_of_one_session_at_the_same_moment_both_get_the_user(county, tmp_path):
    """A second tab, or the run a click starts while the last one ends: both move last_seen on at once. DuckDB
    refuses one of two concurrent updates of a row ("Conflict on update"), which used to fail that page."""
    path = tmp_path / "county.duckdb"  # the county fixture's file: each request opens its own connection
    token = create_session(county, add_role_users(county)["office"], T0)
    start = threading.Barrier(2)
    found: list[str | None] = []
    failed: list[BaseException] = []

    def requests(first_minute: int) -> None:
        con = connect(path)
        start.wait()
        try:
            for n in range(150):  # each later than the last by more than TOUCH_SECONDS: each one writes the row
                user = session_user(con, token, now=T0 + timedelta(minutes=first_minute + n, seconds=n % 7))
                found.append(user.login if user else None)
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            failed.append(exc)
        finally:
            con.close()

    both = [threading.Thread(target=requests, args=(m,)) for m in (0, 0)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join()
    assert failed == [] and found == ["t_office"] * 300


def test_last_seen_is_moved_on_at_most_every_touch_interval(county):
    token = create_session(county, add_role_users(county)["office"], T0)
    session_user(county, token, now=T0 + timedelta(seconds=TOUCH_SECONDS - 1))
    assert _last_seen(county) == T0  # a run a few seconds after the last does not write
    session_user(county, token, now=T0 + timedelta(seconds=TOUCH_SECONDS))
    assert _last_seen(county) == T0 + timedelta(seconds=TOUCH_SECONDS)


def _last_seen(con):
    return con.execute("SELECT last_seen FROM sessions").fetchone()[0]
