"""Accounts: create, list, disable, reset and change passwords, and check a login with lockout.

Never imports streamlit. Passwords are hashed with argon2id (argon2-cffi) and never stored or logged in
clear; every change to an account is audited in the same transaction.
"""

import re
from datetime import datetime, timedelta

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.accounts import audit
from core.accounts.identity import AccountError, User
from core.accounts.settings import SecuritySettings, load_settings
from core.accounts.vocabulary import (
    ACCOUNT_ADD,
    ACCOUNT_DISABLE,
    ACCOUNT_RESET,
    ACCOUNTS,
    FAILURE,
    LIAISON,
    LOCKOUT,
    LOGIN,
    LOGIN_FAILED,
    PASSWORD_CHANGE,
    ROLE_LABELS,
    ROLES,
)
from core.storage.db import fetch_df, fetch_rows, fetch_value, transaction

_HASHER = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters
_LOGIN_RE = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
_USER_COLUMNS = "user_id, login, name, role, unit_ids, must_change_password"
BAD_LOGIN = "账号或密码不正确。"


class LoginError(AccountError):
    """A login that did not succeed (wrong password, unknown or disabled account, locked)."""


def check_password_rule(password: str, settings: SecuritySettings | None = None) -> None:
    """AccountError unless the password has ≥ N characters with both letters and digits."""
    settings = settings or load_settings()
    if (
        len(password) < settings.min_password_length
        or not re.search(r"[A-Za-z]", password)
        or not re.search(r"\d", password)
    ):
        raise AccountError(
            f"密码至少 {settings.min_password_length} 位，且须同时包含字母和数字。", "请换一个更复杂的密码。"
        )


def hash_password(password: str) -> str:
    """The argon2id hash string of `password` (salt and parameters included)."""
    return _HASHER.hash(password)


def _user(row: tuple) -> User:
    user_id, login, name, role, unit_ids, must_change = row
    return User(int(user_id), login, name, role, tuple(unit_ids or ()), bool(must_change))


def user_by_login(con: duckdb.DuckDBPyConnection, login: str) -> User | None:
    """The enabled account with this login, or None."""
    rows = fetch_rows(con, f"SELECT {_USER_COLUMNS} FROM users WHERE login = ? AND NOT disabled", [login])
    return _user(rows[0]) if rows else None


def user_by_id(con: duckdb.DuckDBPyConnection, user_id: int) -> User | None:
    """The enabled account with this id, or None."""
    rows = fetch_rows(con, f"SELECT {_USER_COLUMNS} FROM users WHERE user_id = ? AND NOT disabled", [user_id])
    return _user(rows[0]) if rows else None


def _unit_ids_for(con: duckdb.DuckDBPyConnection, units: list[str]) -> list[int]:
    """Unit ids for names or aliases as the registry knows them; AccountError naming any unknown one."""
    ids = []
    for unit in units:
        found = fetch_value(
            con,
            """SELECT unit_id FROM units WHERE name = ? OR CAST(unit_id AS VARCHAR) = ?
               UNION SELECT unit_id FROM unit_aliases WHERE alias = ? LIMIT 1""",
            [unit, unit, unit],
        )
        if found is None:
            raise AccountError(f"单位未登记: {unit}", "请先导入单位名录，或使用单位全称。")
        ids.append(int(found))
    return ids


def add_user(
    con: duckdb.DuckDBPyConnection,
    actor: User,
    login: str,
    name: str,
    role: str,
    password: str,
    units: list[str] | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account (the first login must change the password unless told otherwise)."""

    def work() -> User:
        if not _LOGIN_RE.match(login):
            raise AccountError(f"账号格式不正确: {login}", "账号用 2–64 位字母、数字或 _ . @ -。")
        if role not in ROLES:
            raise AccountError(f"角色应为 {'/'.join(ROLES)} 之一: {role}")
        if not name.strip():
            raise AccountError("请填写姓名。")
        unit_ids = _unit_ids_for(con, units or [])
        if role == LIAISON and not unit_ids:
            raise AccountError("单位联络员须至少指定一个单位（--unit）。")
        if fetch_rows(con, "SELECT 1 FROM users WHERE login = ?", [login]):
            raise AccountError(f"账号已存在: {login}")
        check_password_rule(password)
        user_id = fetch_value(
            con,
            """INSERT INTO users (login, name, role, unit_ids, password_hash, must_change_password, disabled,
                                  failed_logins, created_at, password_changed_at)
               VALUES (?, ?, ?, ?, ?, ?, FALSE, 0, ?, ?) RETURNING user_id""",
            [login, name.strip(), role, unit_ids, hash_password(password), must_change_password, *[datetime.now()] * 2],
        )
        return User(int(user_id), login, name.strip(), role, tuple(unit_ids), must_change_password)

    return audit.audited(
        con,
        actor,
        ACCOUNTS,
        ACCOUNT_ADD,
        f"账号 {login}",
        work,
        after=lambda u: f"{u.name}，{ROLE_LABELS[u.role]}，单位 {list(u.unit_ids)}",
    )


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account (no hashes). Columns: login, name, role, units, disabled, must_change_password,
    locked_until, created_at."""
    return fetch_df(
        con,
        """SELECT s.login, s.name, s.role,
                  (SELECT string_agg(u.name, '、' ORDER BY u.name) FROM units u
                   WHERE list_contains(s.unit_ids, u.unit_id)) AS units,
                  s.disabled, s.must_change_password, s.locked_until, s.created_at
           FROM users s ORDER BY s.login""",
    )


def disable_user(con: duckdb.DuckDBPyConnection, actor: User, login: str) -> None:
    """Disable an account and end its sessions (the row stays, for the audit log's sake)."""

    def work() -> None:
        user_id = fetch_value(con, "SELECT user_id FROM users WHERE login = ?", [login])
        if user_id is None:
            raise AccountError(f"没有这个账号: {login}")
        con.execute("UPDATE users SET disabled = TRUE WHERE user_id = ?", [user_id])
        _end_sessions_of(con, int(user_id))

    audit.audited(con, actor, ACCOUNTS, ACCOUNT_DISABLE, f"账号 {login}", work, after="已停用")


def _end_sessions_of(con: duckdb.DuckDBPyConnection, user_id: int) -> None:
    """Revoke every live session of the account, in the database and in this process's session cache."""
    from core.accounts.sessions import SESSION_CACHE  # sessions imports this module

    con.execute(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", [datetime.now(), user_id]
    )
    SESSION_CACHE.forget_user(user_id)


def reset_password(con: duckdb.DuckDBPyConnection, actor: User, login: str, password: str) -> None:
    """Set a new password (which must be changed at the next login), unlock, end the sessions."""

    def work() -> None:
        user_id = fetch_value(con, "SELECT user_id FROM users WHERE login = ?", [login])
        if user_id is None:
            raise AccountError(f"没有这个账号: {login}")
        check_password_rule(password)
        con.execute(
            """UPDATE users SET password_hash = ?, must_change_password = TRUE, failed_logins = 0,
                                locked_until = NULL, password_changed_at = ? WHERE user_id = ?""",
            [hash_password(password), datetime.now(), user_id],
        )
        _end_sessions_of(con, int(user_id))

    audit.audited(con, actor, ACCOUNTS, ACCOUNT_RESET, f"账号 {login}", work, after="已重置，须在下次登录时修改")


def change_password(con: duckdb.DuckDBPyConnection, user: User, old: str, new: str) -> User:
    """The person changes his own password (required on first login); returns him without the flag."""
    with transaction(con):
        stored = fetch_value(con, "SELECT password_hash FROM users WHERE user_id = ?", [user.user_id])
        if stored is None or not _verify(stored, old):
            audit.record(con, user, PASSWORD_CHANGE, f"账号 {user.login}", after="原密码不正确", outcome=FAILURE)
            raise AccountError("原密码不正确。")
        if new == old:
            raise AccountError("新密码不能与原密码相同。")
        check_password_rule(new)
        con.execute(
            """UPDATE users SET password_hash = ?, must_change_password = FALSE, password_changed_at = ?
               WHERE user_id = ?""",
            [hash_password(new), datetime.now(), user.user_id],
        )
        audit.record(con, user, PASSWORD_CHANGE, f"账号 {user.login}")
    return User(user.user_id, user.login, user.name, user.role, user.unit_ids, False, user.address)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    con: duckdb.DuckDBPyConnection,
    login: str,
    password: str,
    address: str | None = None,
    now: datetime | None = None,
    settings: SecuritySettings | None = None,
) -> User:
    """The account if login and password match; LoginError otherwise.

    Every attempt is audited. After `max_failed_logins` failures in a row the account is locked for
    `lockout_minutes` (a correct password is refused while locked); success resets the count.
    """
    settings = settings or load_settings()
    now = now or datetime.now()
    anonymous = User(0, login, "", "", address=address)
    error: LoginError | None = None
    with transaction(con):
        rows = fetch_rows(
            con,
            f"""SELECT {_USER_COLUMNS}, password_hash, failed_logins, locked_until, disabled
                FROM users WHERE login = ?""",
            [login],
        )
        if not rows or rows[0][-1]:
            audit.record(con, anonymous, LOGIN_FAILED, f"账号 {login}", after="账号不存在或已停用", outcome=FAILURE)
            rows = []
            error = LoginError(BAD_LOGIN)
    if not rows:
        raise error or LoginError(BAD_LOGIN)
    with transaction(con):
        *head, stored, failed, locked_until, _ = rows[0]
        user = _user(tuple(head))
        user = User(user.user_id, user.login, user.name, user.role, user.unit_ids, user.must_change_password, address)
        if locked_until is not None and locked_until > now:
            audit.record(con, user, LOGIN_FAILED, f"账号 {login}", after="账号锁定中", outcome=FAILURE)
            error = _locked_error(locked_until)
        elif not _verify(stored, password):
            failed = int(failed or 0) + 1
            locked = now + timedelta(minutes=settings.lockout_minutes) if failed >= settings.max_failed_logins else None
            con.execute(
                "UPDATE users SET failed_logins = ?, locked_until = ? WHERE user_id = ?",
                [0 if locked else failed, locked, user.user_id],
            )
            audit.record(con, user, LOGIN_FAILED, f"账号 {login}", after=f"密码错误（第 {failed} 次）", outcome=FAILURE)
            if locked:
                audit.record(con, user, LOCKOUT, f"账号 {login}", after=f"锁定至 {locked:%H:%M}")
                error = _locked_error(locked)
            else:
                error = LoginError(
                    BAD_LOGIN, f"连续 {settings.max_failed_logins} 次错误将锁定 {settings.lockout_minutes} 分钟。"
                )
        else:
            con.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = ?", [user.user_id])
            audit.record(con, user, LOGIN, f"账号 {login}")
    if error:
        raise error
    return user


def _locked_error(until: datetime) -> LoginError:
    return LoginError(f"密码连续错误次数过多，账号已锁定至 {until:%H:%M}。", "请稍后再试，或请管理员重置密码。")
