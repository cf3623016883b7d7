"""The one door to DuckDB: open with lock-retry, transactions, fully-fetched reads.

Never imports streamlit. Why open-per-use: DuckDB lets one process write a file at a time and any open
connection (even read-only) blocks another process, so the app opens, queries and closes (≈20 ms), and
both the app and the CLI importer wait and retry while the other holds the file. Every read is fetched
completely before the next statement, because in DuckDB 2.0 a second execute() can silently empty an
unfetched result.
"""

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.errors import ConcurrentChangeError, DatabaseLockedError


def _lock_wait_seconds() -> float:
    """How long to wait for another process to release the file ($DASHBOARD_LOCK_WAIT, default 60 s)."""
    return float(os.environ.get("DASHBOARD_LOCK_WAIT", "60"))


_RETRY_PAUSE = 0.2

# One open at a time in this process: threads (pages, the login gate, the score warm-up) that open the file
# at the same moment, with no connection open yet, each start a DuckDB instance for it and all but one fail
# with "Unique file handle conflict … already attached" (DuckDB 2.0; seen as 页面出现意外错误 with 10 sessions).
_OPENING = threading.Lock()


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


def connect(
    path: Path,
    wait_seconds: float | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open `path` read-write, retrying while another process holds its lock.

    Always read-write: within one process DuckDB refuses to mix read-only and read-write
    connections to the same file, and the app both reads and imports. `on_wait(seconds_waited)`
    is called on each retry so a caller can tell the user why nothing happens yet.
    """
    path = Path(path)
    wait_seconds = _lock_wait_seconds() if wait_seconds is None else wait_seconds
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    while True:
        try:
            with _OPENING:
                return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            waited = time.monotonic() - started
            if not _is_lock_error(exc) or waited >= wait_seconds:
                if _is_lock_error(exc):
                    raise DatabaseLockedError(
                        f"数据库文件正被其他程序占用，已等待 {waited:.0f} 秒: {path.name}",
                        "稍后重试；若导入任务仍在运行，请等它结束。",
                    ) from exc
                raise
            if on_wait:
                on_wait(waited)
            time.sleep(_RETRY_PAUSE)


@contextmanager
def opened(path: Path, wait_seconds: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one unit of work, closed afterwards so other processes can get the file."""
    con = connect(path, wait_seconds)
    try:
        yield con
    finally:
        con.close()


_IN_TRANSACTION: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK on any exception (which is re-raised).

    Inside an open transaction on the same connection it joins that one: an audited action (issue 11) wraps
    a domain write and its audit row in one transaction, and the domain write keeps its own `with
    transaction(con)` for callers that run it alone.
    """
    if id(con) in _IN_TRANSACTION:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _IN_TRANSACTION.add(id(con))
    try:
        yield con
    except BaseException as exc:
        con.execute("ROLLBACK")
        if is_write_conflict(exc):
            raise _conflict_error() from exc
        raise
    finally:
        _IN_TRANSACTION.discard(id(con))
    try:
        con.execute("COMMIT")
    except duckdb.TransactionException as exc:  # DuckDB rolls the transaction back itself
        if is_write_conflict(exc):
            raise _conflict_error() from exc
        raise


def is_write_conflict(exc: BaseException) -> bool:
    """DuckDB's refusal of the second of two transactions that change the same row at the same moment
    ("Conflict on update"): transaction() tells it in Chinese; the sessions' best-effort touch ignores it."""
    return isinstance(exc, duckdb.TransactionException) and "Conflict" in str(exc)


def _conflict_error() -> ConcurrentChangeError:
    return ConcurrentChangeError(
        "保存未成功：另一位同事（或您的另一个页面）在同一时刻修改了同一条记录，本次修改没有写入。",
        "请刷新页面，看过最新的状态后再操作一次。",
    )


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
    """Run one SELECT and return every row as a DataFrame, a text column's NULL as None.

    pandas 3 stores a missing string as NaN, which is truthy: `finding_no or finding_id` showed "nan" on a page and
    "nan：…" in a reminder. None keeps the one idiom every caller uses for "this value or a fallback".
    """
    frame = con.execute(sql, params or []).df()
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.StringDtype) and series.isna().any():
            frame[column] = series.astype(object).where(series.notna(), None)
    return frame


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
    """Run one statement and return all its rows as tuples."""
    return con.execute(sql, params or []).fetchall()


def fetch_value(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
    """Run one statement and return the first column of its first row (None if no row)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None
