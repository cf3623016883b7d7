"""The audit log: append-only rows of who did what to which object, when, from where, and whether it worked.

Never imports streamlit. Nothing in the product updates or deletes audit_log rows (a test greps for it).
`audited` runs a change and its audit row in one transaction; a refused or failed change gets a 失败 row of
its own (the change itself rolled back).
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import duckdb
import pandas as pd

from core.accounts.identity import User, require
from core.accounts.vocabulary import FAILURE, SUCCESS
from core.errors import DashboardError
from core.storage.db import fetch_df, transaction

T = TypeVar("T")


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
) -> pd.DataFrame:
    """Audit rows, newest first, filtered by day range, login and action.

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
    if login:
        clauses.append("login = ?")
        params.append(login)
    if action:
        clauses.append("action = ?")
        params.append(action)
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
