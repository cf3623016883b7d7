"""Findings and their status history, as the 整改跟踪 page and the notices read them.

Never imports streamlit. Findings are few (hundreds a year), so rules run on the frames in core.rectification.rules.
"""

import duckdb
import pandas as pd

from core.rectification.vocabulary import (
    FEEDBACK_RETURNED,
    REVIEW_FAILED,
    SOURCE_FEEDBACK,
    SOURCE_FEEDBACK_ACCEPTED,
    SOURCE_FEEDBACK_RETURNED,
)
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
    """Every status change of one finding and every 整改反馈 on it with its review, oldest first.

    Columns: changed_at, old_status, new_status, rectified_on, review, source ('import' / 'user' / …, and
    'feedback' for a submitted feedback, 'feedback-accept' for the mark its acceptance made, 'feedback-return'
    for a return), file_name (the ledger, for imports), changed_by, note (feedback text and evidence, or the
    reason of a return).
    """
    return fetch_df(
        con,
        """
        SELECT changed_at, old_status, new_status, rectified_on, review, source, file_name, changed_by, note
        FROM (
            SELECT h.changed_at, h.old_status, h.new_status, h.rectified_on, h.review,
                   CASE WHEN fb.feedback_id IS NULL THEN h.source ELSE ? END AS source, i.file_name, h.changed_by,
                   h.note, h.history_id AS seq, 1 AS part
            FROM finding_history h LEFT JOIN imports i USING (import_id)
            LEFT JOIN rectification_feedback fb ON fb.history_id = h.history_id
            WHERE h.finding_id = ?
            UNION ALL
            SELECT submitted_at, NULL, NULL, rectified_on, NULL, ?, NULL, submitted_by,
                   body || coalesce('（证明材料链接：' || evidence_url || '）', '')
                        || coalesce('（证明材料文件：' || evidence_name || '）', ''),
                   feedback_id, 0
            FROM rectification_feedback WHERE finding_id = ?
            UNION ALL
            SELECT decided_at, NULL, NULL, NULL, NULL, ?, NULL, decided_by, '退回理由：' || return_reason, feedback_id, 2
            FROM rectification_feedback WHERE finding_id = ? AND state = ?)
        ORDER BY changed_at, part, seq""",
        [
            SOURCE_FEEDBACK_ACCEPTED,
            finding_id,
            SOURCE_FEEDBACK,
            finding_id,
            SOURCE_FEEDBACK_RETURNED,
            finding_id,
            FEEDBACK_RETURNED,
        ],
    )
