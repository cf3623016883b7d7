"""The audit log: append-only rows of who did what to which object, when, from where, and whether it worked.

Never imports streamlit. Nothing in the product updates audit_log rows, and only `prune_before` deletes
any: entries older than a day at least RETENTION_DAYS (183) before today, itself audited (网络安全法 第二十一条:
logs kept ≥ 6 months). A test greps the product for any other UPDATE/DELETE of the table. DuckDB has no
triggers or rules, so the database itself cannot refuse an UPDATE/DELETE typed by someone holding the file:
append-only is a property of this code, not of the file.
`audited` runs a change and its audit row in one transaction; a refused or failed change gets a 失败 row of
its own (the change itself rolled back). `record_export` does the same for a document leaving the tool.
"""

import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import duckdb
import pandas as pd

from core.accounts.identity import User, require
from core.accounts.vocabulary import ACCOUNTS, EXPORT_DOCUMENT, FAILURE, PRUNE_AUDIT, SUCCESS, VIEW
from core.errors import DashboardError
from core.storage.db import fetch_df, fetch_value, transaction

T = TypeVar("T")
RETENTION_DAYS = 183  # ≥ 6 months (网络安全法 第二十一条); prune_before refuses any later day


def record(
    con: duckdb.DuckDBPyConnection,
    user: User | None,
    action: str,
    obj: str = "",
    before: str = "",
    after: str = "",
    outcome: str = SUCCESS,
    login: str | None = None,
) -> None:
    """Append one audit row (inside the caller's transaction if one is open)."""
    con.execute(
        """INSERT INTO audit_log (logged_at, login, role, action, object, before, after, outcome, address)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            datetime.now(),
            login if login is not None else (user.login if user else ""),
            user.role if user else "",
            action,
            obj,
            before,
            after,
            outcome,
            (user.address if user else None) or "",
        ],
    )


def audited(
    con: duckdb.DuckDBPyConnection,
    user: User | None,
    permission: str,
    action: str,
    obj: str,
    work: Callable[[], T],
    before: str = "",
    after: Callable[[T], str] | str = "",
) -> T:
    """Check the permission, run `work()` and record it, all in one transaction.

    On refusal or any error the change is rolled back, a 失败 row naming the reason is written, and
    the error is re-raised for the page to show.
    """
    try:
        require(user, permission)
        with transaction(con):
            result = work()
            summary = after(result) if callable(after) else after
            record(con, user, action, obj, before, summary)
        return result
    except Exception as exc:
        reason = exc.message if isinstance(exc, DashboardError) else f"意外错误：{type(exc).__name__}"
        with transaction(con):
            record(con, user, action, obj, before, reason, FAILURE)
        raise


def audit_entries(
    con: duckdb.DuckDBPyConnection,
    since: date | None = None,
    until: date | None = None,
    login: str | None = None,
    action: str | None = None,
    limit: int = 5000,
    outcome: str | None = None,
    contains: str | None = None,
) -> pd.DataFrame:
    """Audit rows, newest first, filtered by day range, login, action, outcome and a text in the object or
    the before/after summary (a batch, a file's SHA-256, a finding …).

    Columns: entry_id, logged_at, login, role, action, object, before, after, outcome, address.
    """
    clauses: list[str] = ["TRUE"]
    params: list = []
    if since:
        clauses.append("logged_at >= ?")
        params.append(datetime.combine(since, datetime.min.time()))
    if until:
        clauses.append("logged_at < ?")
        params.append(datetime.combine(until + timedelta(days=1), datetime.min.time()))
    for column, value in (("login", login), ("action", action), ("outcome", outcome)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if contains:
        clauses.append("(contains(object, ?) OR contains(coalesce(before, ''), ?) OR contains(coalesce(after, ''), ?))")
        params.extend([contains] * 3)
    params.append(limit)
    return fetch_df(
        con,
        f"""SELECT entry_id, logged_at, login, role, action, object, before, after, outcome, address FROM audit_log
            WHERE {" AND ".join(clauses)} ORDER BY entry_id DESC LIMIT ?""",
        params,
    )


def audit_logins(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every login that appears in the audit log, sorted (for the page's filter)."""
    frame: Any = fetch_df(con, "SELECT DISTINCT login FROM audit_log WHERE login <> '' ORDER BY login")
    return list(frame["login"])


def record_export(
    con: duckdb.DuckDBPyConnection,
    user: User | None,
    file_name: str,
    data: bytes | Callable[[], bytes],
    about: str = "",
    permission: str = VIEW,
) -> bytes:
    """A document leaving the tool: build it (when `data` is a callable) and audit it in one transaction.

    For download buttons and the export CLI: call it where the file's bytes are made, e.g.
    `st.download_button(data=lambda: with_connection(lambda con: record_export(con, user, name, lambda:
    bulletin_file(con, …), "2026-10 月度通报")))`. The entry names the file, what it is about, its size and
    SHA-256 (so a copy found later can be traced to the person and time). Returns the bytes. A refused
    permission or a failed build is a 失败 entry and re-raised; anything the build wrote rolls back.
    """
    obj = f"{file_name}（{about}）" if about else file_name

    def build() -> bytes:
        return data() if callable(data) else data

    return audited(
        con,
        user,
        permission,
        EXPORT_DOCUMENT,
        obj,
        build,
        after=lambda built: f"{len(built)} 字节，sha256 {hashlib.sha256(built).hexdigest()}",
    )


def prune_before(con: duckdb.DuckDBPyConnection, user: User, day: date, today: date) -> int:
    """Delete the entries logged before `day` (the only deletion of audit rows in the product); their count.

    Refused (and the refusal audited) unless `day` is at least RETENTION_DAYS before `today`, so no entry
    younger than six months can go. The pruning is itself an entry, written in the same transaction.
    """
    latest = today - timedelta(days=RETENTION_DAYS)

    def work() -> int:
        if day > latest:
            raise DashboardError(
                f"审计日志须保存至少 6 个月（{RETENTION_DAYS} 天，网络安全法 第二十一条），不能清理 {day} 之前的记录。",
                f"最晚只能清理 {latest} 之前的记录（以今天 {today} 计）。",
            )
        cutoff = datetime.combine(day, datetime.min.time())
        count = int(fetch_value(con, "SELECT count(*) FROM audit_log WHERE logged_at < ?", [cutoff]) or 0)
        con.execute("DELETE FROM audit_log WHERE logged_at < ?", [cutoff])
        return count

    return audited(con, user, ACCOUNTS, PRUNE_AUDIT, f"审计日志 {day} 之前", work, after=lambda n: f"已删除 {n} 条")
