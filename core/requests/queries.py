"""依申请公开 requests as stored, for the rules in core.requests.deadlines. Never imports streamlit."""

from datetime import date

import duckdb
import pandas as pd

from core.storage.db import fetch_df
from core.storage.scope import UnitScope


def requests_received(con: duckdb.DuckDBPyConnection, scope: UnitScope, start: date, end: date) -> pd.DataFrame:
    """Requests received between start and end, plus any still unanswered from before (carried over).

    Columns: request_id, unit_id, unit_name, unit_type, request_no, received_on, channel, applicant_type,
    extension_count, replied_on, outcome, correction_received_on, consultation_from, consultation_to,
    correction_requested_on, correction_count, delayed_due_on (the last three NULL unless the ledger has them).
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""
        SELECT r.request_id, r.unit_id, u.name AS unit_name, u.unit_type, r.request_no, r.received_on, r.channel,
               r.applicant_type, r.extension_count, r.replied_on, r.outcome, r.correction_received_on,
               r.consultation_from, r.consultation_to, r.correction_requested_on, r.correction_count,
               r.delayed_due_on
        FROM requests r JOIN units u USING (unit_id)
        WHERE (r.received_on BETWEEN ? AND ? OR (r.received_on < ? AND (r.replied_on IS NULL OR r.replied_on >= ?)))
          AND {where}
        ORDER BY r.received_on, r.request_no""",
        [start, end, start, start, *params],
    )
