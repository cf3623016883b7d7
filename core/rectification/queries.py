"""Findings and their status history, as the 整改跟踪 page and the notices read them.

Never imports streamlit. Findings are few (hundreds a year), so rules run on the frames in core.rectification.rules.
"""

import duckdb
import pandas as pd

from core.rectification.vocabulary import REVIEW_FAILED
from core.storage.db import fetch_df
from core.storage.scope import UnitScope


def findings(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """Every finding of units in scope, as stored (due dates are judged by core.rectification.rules).

    Columns: finding_id, finding_no, inspection, found_on, unit_id, unit_name, unit_type, problem_type,
    description, deadline, due_on (a date the ledger wrote as 整改时限, else NULL), status, rectified_on,
    rectification_note, review, reviewed_on (the 回头看 date from the ledger, else the day of the first import
    or mark that recorded the failed 回头看).
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""
        WITH failed AS (SELECT finding_id, CAST(min(changed_at) AS DATE) AS first_recorded FROM finding_history
                        WHERE review = ? GROUP BY finding_id)
        SELECT f.finding_id, f.finding_no, f.inspection, f.found_on, f.unit_id, u.name AS unit_name, u.unit_type,
               f.problem_type, f.description, f.deadline, f.due_on, f.status, f.rectified_on,
               f.rectification_note, f.review, coalesce(f.reviewed_on, r.first_recorded) AS reviewed_on
        FROM findings f JOIN units u USING (unit_id) LEFT JOIN failed r USING (finding_id) WHERE {where}
        ORDER BY f.found_on, f.finding_id""",
        [REVIEW_FAILED, *params],
    )


def finding_timeline(con: duckdb.DuckDBPyConnection, finding_id: int) -> pd.DataFrame:
    """Every status change of one finding, oldest first, with where it came from.

    Columns: changed_at, old_status, new_status, rectified_on, review, source ('import' / 'user'),
    file_name (the ledger, for imports), changed_by, note.
    """
    return fetch_df(
        con,
        """
        SELECT h.changed_at, h.old_status, h.new_status, h.rectified_on, h.review, h.source,
               i.file_name, h.changed_by, h.note
        FROM finding_history h LEFT JOIN imports i USING (import_id)
        WHERE h.finding_id = ? ORDER BY h.history_id""",
        [finding_id],
    )
