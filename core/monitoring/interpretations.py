"""政策解读 items and the policy documents they explain, for the 解读 timeliness bonus (domain.md §4.4).

Never imports streamlit.
"""

from datetime import timedelta

import duckdb
import pandas as pd

from core.storage.db import fetch_df
from core.storage.scope import Period, UnitScope

_LOOKBACK_DAYS = 15  # 3 working days never span more than this, even over Spring Festival


def interpretations_and_policies(
    con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(解读 items published in the period, other items of the same units that could be their policies).

    Both frames: unit_id, title, published_on, doc_number.
    """
    where, params = scope.sql()
    jiedu = fetch_df(
        con,
        f"""
        SELECT i.unit_id, i.title, i.published_on, i.doc_number FROM items i JOIN units u USING (unit_id)
        WHERE i.is_interpretation AND i.published_on BETWEEN ? AND ? AND {where}""",
        [period.start, period.end, *params],
    )
    policies = fetch_df(
        con,
        f"""
        SELECT i.unit_id, i.title, i.published_on, i.doc_number FROM items i JOIN units u USING (unit_id)
        WHERE NOT i.is_interpretation AND i.published_on BETWEEN ? AND ? AND {where}
          AND i.unit_id IN (SELECT DISTINCT unit_id FROM items WHERE is_interpretation
                            AND published_on BETWEEN ? AND ?)""",
        [period.start - timedelta(days=_LOOKBACK_DAYS), period.end, *params, period.start, period.end],
    )
    return jiedu, policies
