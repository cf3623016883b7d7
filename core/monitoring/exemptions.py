"""Freshness exemptions staff grant a column for a period (本期无新增, 栏目已整合), and their revocation.

Never imports streamlit. These are the office's own decisions, not ledger data, so they are written here
rather than by the loaders; every row keeps who granted or revoked it and when.
"""

from datetime import date, datetime

import duckdb
import pandas as pd

from core.errors import DashboardError
from core.storage.db import fetch_df, fetch_value, transaction
from core.storage.scope import UnitScope

REASONS = ("本期无新增内容", "栏目已整合", "栏目已撤销", "其他（见说明）")


def add_exemption(
    con: duckdb.DuckDBPyConnection, column_id: int, start_on: date, end_on: date, reason: str, created_by: str
) -> int:
    """Exempt a column from freshness checks for start_on…end_on; returns the exemption's id."""
    if end_on < start_on:
        raise DashboardError("豁免的结束日期早于开始日期。", "请检查日期。")
    if not reason.strip() or not created_by.strip():
        raise DashboardError("请填写豁免原因和经办人。", "每条豁免都要留下原因和经办人，以便日后核查。")
    with transaction(con):
        return fetch_value(
            con,
            """INSERT INTO column_exemptions (column_id, start_on, end_on, reason, created_by,
                                   created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING exemption_id""",
            [column_id, start_on, end_on, reason.strip(), created_by.strip(), datetime.now()],
        )


def revoke_exemption(con: duckdb.DuckDBPyConnection, exemption_id: int, revoked_by: str) -> None:
    """Take an exemption back; the row stays, marked with who revoked it and when."""
    if not revoked_by.strip():
        raise DashboardError("请填写经办人。", "撤销豁免也要留下经办人。")
    with transaction(con):
        con.execute(
            "UPDATE column_exemptions SET revoked_by = ?, revoked_at = ? WHERE exemption_id = ? AND revoked_at IS NULL",
            [revoked_by.strip(), datetime.now(), exemption_id],
        )


def exemptions(
    con: duckdb.DuckDBPyConnection, include_revoked: bool = True, scope: UnitScope | None = None
) -> pd.DataFrame:
    """Every exemption (of the scope's units, when given), newest first.

    Columns: exemption_id, unit_name, column_name, start_on, end_on, reason, created_by, created_at,
    revoked_by, revoked_at, active.
    """
    where, params = (scope or UnitScope(assessed_only=False)).sql("u")
    return fetch_df(
        con,
        f"""
        SELECT e.exemption_id, u.name AS unit_name, c.name AS column_name, e.start_on, e.end_on, e.reason,
               e.created_by, e.created_at, e.revoked_by, e.revoked_at, e.revoked_at IS NULL AS active
        FROM column_exemptions e JOIN site_columns c USING (column_id) JOIN units u ON u.unit_id = c.unit_id
        WHERE {where} {"" if include_revoked else "AND e.revoked_at IS NULL"}
        ORDER BY e.created_at DESC""",
        params,
    )
