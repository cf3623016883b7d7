"""Sessions: token hashed server-side, a second request with the same cookie works, idle timeout, logout."""

from datetime import datetime, timedelta

from core.accounts.identity import CLI_USER
from core.accounts.sessions import create_session, end_session, session_user
from core.accounts.users import disable_user
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
