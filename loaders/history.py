"""Import batches and the quarantine, as the 数据导入 page and the CLI show them.

Never imports streamlit.
"""

import duckdb
import pandas as pd

from core.storage.db import fetch_df


def open_quarantine(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> pd.DataFrame:
    """Rejected rows not yet resolved, newest first.

    Columns: quarantine_id, import_id, file_name, sheet, row_number, kind, reason, raw_json.
    """
    sql = """SELECT quarantine_id, import_id, file_name, sheet, row_number, kind, reason, raw_json
             FROM quarantine WHERE resolved_import_id IS NULL
             ORDER BY import_id DESC, file_name, sheet, row_number"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return fetch_df(con, sql)


def import_history(con: duckdb.DuckDBPyConnection, limit: int = 200, uploaded_by: str | None = None) -> pd.DataFrame:
    """Import batches, newest first, with a flag for the one that may be undone.

    `uploaded_by`: only the batches that login uploaded (a liaison's own).
    Columns: import_id, file_name, kind, source, started_at, status, rows, loaded, updated, duplicate,
    rejected, sheets_skipped, uploaded_by, note, undoable.
    """
    return fetch_df(
        con,
        """
        SELECT import_id, file_name, kind, source, started_at, status, rows, loaded, updated, duplicate, rejected,
               sheets_skipped, uploaded_by, note,
               import_id = (SELECT max(import_id) FROM imports WHERE status = 'completed') AS undoable
        FROM imports LEFT JOIN import_uploads USING (import_id)
        WHERE CAST(? AS VARCHAR) IS NULL OR uploaded_by = ?
        ORDER BY import_id DESC LIMIT ?""",
        [uploaded_by, uploaded_by, limit],
    )


def unregistered_columns(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Columns that items named but the registry lacks (未登记栏目), for the office to confirm.

    Columns: unit_name, column_name, guessed_category, item_count.
    """
    return fetch_df(
        con,
        """
        SELECT u.name AS unit_name, c.name AS column_name, c.category AS guessed_category,
               count(i.item_id) AS item_count
        FROM site_columns c JOIN units u USING (unit_id) LEFT JOIN items i ON i.column_id = c.column_id
        WHERE NOT c.registered GROUP BY ALL ORDER BY unit_name, column_name""",
    )
