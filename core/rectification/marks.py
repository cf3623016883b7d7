"""Staff marking a finding's state from the UI (e.g. confirmed by phone), and deciding ledger conflicts.

Never imports streamlit. A mark is written to the same finding_history as imports, with who, when and a note,
and it holds: a later ledger that says otherwise becomes a row in finding_conflicts instead of overwriting it.
"""

from datetime import date, datetime

import duckdb
import pandas as pd

from core.errors import DashboardError
from core.rectification.vocabulary import RECTIFIED, STATES
from core.storage.db import fetch_df, fetch_rows, transaction
from core.storage.scope import UnitScope

SOURCE_MARK = "user"  # holds against later ledgers
SOURCE_RELEASE = "user-release"  # staff gave the finding back to the ledgers


def mark_finding(
    con: duckdb.DuckDBPyConnection,
    finding_id: int,
    status: str,
    note: str,
    marked_by: str,
    rectified_on: date | None = None,
) -> None:
    """Set a finding's status by hand; 已整改 needs the rectification date."""
    if status not in STATES:
        raise DashboardError(f"整改状态应为{'/'.join(STATES)}之一: {status}")
    if not marked_by.strip():
        raise DashboardError("请填写经办人。", "人工标记会记入整改记录，需注明经办人。")
    if status == RECTIFIED and rectified_on is None:
        raise DashboardError("标记为已整改时请填写整改完成日期。")
    with transaction(con):
        old = fetch_rows(con, "SELECT status FROM findings WHERE finding_id = ?", [finding_id])
        if not old:
            raise DashboardError(f"找不到问题（编号 {finding_id}）。")
        kept_date = rectified_on if status == RECTIFIED else None
        con.execute(
            "UPDATE findings SET status = ?, rectified_on = ? WHERE finding_id = ?", [status, kept_date, finding_id]
        )
        con.execute(
            """INSERT INTO finding_history (finding_id, changed_at, old_status, new_status, rectified_on,
                                                    source, changed_by, note)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [finding_id, datetime.now(), old[0][0], status, kept_date, SOURCE_MARK, marked_by.strip(), note.strip()],
        )


def open_conflicts(con: duckdb.DuckDBPyConnection, scope: UnitScope | None = None) -> pd.DataFrame:
    """Ledger rows (of the scope's units, when given) that disagreed with a staff mark and wait for a decision.

    Columns: conflict_id, finding_id, finding_no, unit_name, description, kept_status, ledger_status,
    ledger_rectified_on, file_name, detected_at.
    """
    where, params = (scope or UnitScope(assessed_only=False)).sql("u")
    return fetch_df(
        con,
        f"""
        SELECT c.conflict_id, c.finding_id, f.finding_no, u.name AS unit_name, f.description, c.kept_status,
               c.ledger_status, c.ledger_rectified_on, i.file_name, c.detected_at
        FROM finding_conflicts c JOIN findings f USING (finding_id) JOIN units u ON u.unit_id = f.unit_id
        LEFT JOIN imports i ON i.import_id = c.import_id
        WHERE c.resolved_at IS NULL AND {where} ORDER BY c.detected_at DESC""",
        params,
    )


def resolve_conflict(con: duckdb.DuckDBPyConnection, conflict_id: int, take_ledger: bool, resolved_by: str) -> None:
    """Decide a conflict: take the ledger's status (and let later ledgers update the finding again), or keep
    the staff mark."""
    if not resolved_by.strip():
        raise DashboardError("请填写经办人。")
    with transaction(con):
        rows = fetch_rows(
            con,
            """SELECT finding_id, ledger_status, ledger_rectified_on, kept_status
                                  FROM finding_conflicts WHERE conflict_id = ? AND resolved_at IS NULL""",
            [conflict_id],
        )
        if not rows:
            raise DashboardError("该冲突已处理。")
        finding_id, ledger_status, ledger_date, kept = rows[0]
        resolution = "采用台账状态" if take_ledger else "保留人工标记"
        con.execute(
            "UPDATE finding_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE conflict_id = ?",
            [datetime.now(), resolved_by.strip(), resolution, conflict_id],
        )
        if take_ledger:
            con.execute(
                "UPDATE findings SET status = ?, rectified_on = ? WHERE finding_id = ?",
                [ledger_status, ledger_date, finding_id],
            )
            con.execute(
                """INSERT INTO finding_history (finding_id, changed_at, old_status, new_status,
                                                        rectified_on, source, changed_by, note)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    finding_id,
                    datetime.now(),
                    kept,
                    ledger_status,
                    ledger_date,
                    SOURCE_RELEASE,
                    resolved_by.strip(),
                    f"冲突处理：{resolution}",
                ],
            )
