"""Accounts: hashing, the password rule, lockout, first-login change, disable and reset; all audited."""

from datetime import datetime, timedelta

import pytest

from core.accounts.identity import CLI_USER, AccountError, PermissionDeniedError
from core.accounts.users import LoginError, add_user, authenticate, change_password, disable_user, reset_password
from core.accounts.vocabulary import FAILURE, LIAISON, OFFICE, SUCCESS
from tests.accounts.helpers import PASSWORD, add_role_users, audit_rows


def test_password_is_stored_as_an_argon2id_hash_only(county):
    add_user(county, CLI_USER, "wang", "王五", OFFICE, PASSWORD)
    stored = county.execute("SELECT password_hash FROM users WHERE login = 'wang'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    dump = str(county.execute("SELECT * FROM audit_log").fetchall())
    assert PASSWORD not in dump


@pytest.mark.parametrize("weak", ["abc123", "abcdefgh", "12345678"])
def test_weak_password_is_refused_and_the_refusal_audited(county, weak):
    with pytest.raises(AccountError, match="至少 8 位"):
        add_user(county, CLI_USER, "wang", "王五", OFFICE, weak)
    assert county.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    assert audit_rows(county)[-1] == ("cli", "account_add", FAILURE)


def test_liaison_needs_a_registered_unit(county):
    with pytest.raises(AccountError, match="单位未登记"):
        add_user(county, CLI_USER, "li", "李", LIAISON, PASSWORD, ["县无此局"])
    user = add_user(county, CLI_USER, "li", "李", LIAISON, PASSWORD, ["甲局"])  # an alias works
    assert len(user.unit_ids) == 1


def test_new_account_must_change_password_on_first_login(county):
    add_user(county, CLI_USER, "wang", "王五", OFFICE, PASSWORD)
    user = authenticate(county, "wang", PASSWORD)
    assert user.must_change_password
    with pytest.raises(AccountError, match="原密码不正确"):
        change_password(county, user, "wrong", "newpass99")
    changed = change_password(county, user, PASSWORD, "newpass99")
    assert not changed.must_change_password
    assert not authenticate(county, "wang", "newpass99").must_change_password


def test_five_wrong_passwords_lock_the_account_for_ten_minutes(county):
    add_role_users(county)
    now = datetime(2026, 11, 2, 9, 0)
    for attempt in range(4):
        with pytest.raises(LoginError, match="账号或密码不正确"):
            authenticate(county, "t_office", "wrong", "10.0.0.9", now + timedelta(seconds=attempt))
    with pytest.raises(LoginError, match="已锁定至 09:10"):
        authenticate(county, "t_office", "wrong", "10.0.0.9", now + timedelta(seconds=5))
    with pytest.raises(LoginError, match="已锁定"):  # even the right password while locked
        authenticate(county, "t_office", PASSWORD, None, now + timedelta(minutes=9))
    assert authenticate(county, "t_office", PASSWORD, None, now + timedelta(minutes=11)).login == "t_office"
    actions = [a for login, a, _ in audit_rows(county) if login == "t_office"]
    assert actions == ["login_failed"] * 5 + ["lockout", "login_failed", "login"]
    address = county.execute("SELECT address FROM audit_log WHERE action = 'lockout'").fetchone()[0]
    assert address == "10.0.0.9"


def test_unknown_and_disabled_accounts_get_the_same_message(county):
    add_role_users(county)
    disable_user(county, CLI_USER, "t_office")
    for login in ("nobody", "t_office"):
        with pytest.raises(LoginError, match="^账号或密码不正确。$"):
            authenticate(county, login, PASSWORD)
    assert audit_rows(county)[-2:] == [("nobody", "login_failed", FAILURE), ("t_office", "login_failed", FAILURE)]


def test_reset_password_forces_a_change_and_unlocks(county):
    add_role_users(county)
    for _ in range(5):
        with pytest.raises(LoginError):
            authenticate(county, "t_office", "wrong")
    reset_password(county, CLI_USER, "t_office", "fresh1234")
    assert authenticate(county, "t_office", "fresh1234").must_change_password


def test_only_an_admin_manages_accounts(county):
    users = add_role_users(county)
    with pytest.raises(PermissionDeniedError, match="无权管理账号"):
        add_user(county, users[OFFICE], "xx", "某", OFFICE, PASSWORD)
    assert audit_rows(county)[-1] == ("t_office", "account_add", FAILURE)
    add_user(county, users["admin"], "xx", "某", OFFICE, PASSWORD)
    assert audit_rows(county)[-1] == ("t_admin", "account_add", SUCCESS)
