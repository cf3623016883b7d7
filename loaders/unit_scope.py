"""A liaison's upload (issue 11): only rows of his own units are written; the others go to the quarantine.

Never imports streamlit. `allowed` is the set of unit ids the uploader answers for, or None for the office
(no limit). The check runs on validated records, before anything of the sheet is written — so a row naming
another unit registers no 未登记栏目 under that unit either. A batch remembers its limit (import_uploads.unit_scope), and
reprocessing the quarantine applies it again (table import_uploads): the office's reprocess click never carries a liaison's row into
another unit.
"""

from collections.abc import Collection

import duckdb
import pandas as pd

from core.errors import DashboardError
from core.storage.db import fetch_rows, fetch_value

UnitLimit = frozenset[int] | None


class OutsideScopeError(DashboardError):
    """A whole file (an annual report) belongs to a unit the uploader does not answer for."""


def limit_of(unit_ids: Collection[int] | None) -> UnitLimit:
    return None if unit_ids is None else frozenset(int(u) for u in unit_ids)


def _names(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    return dict(fetch_rows(con, "SELECT unit_id, name FROM units"))


def _own_text(names: dict[int, str], allowed: frozenset[int]) -> str:
    return "、".join(sorted(names.get(u, str(u)) for u in allowed)) or "无"


def outside_reason(unit_name: str, own: str) -> str:
    return f"该行单位为{unit_name}，不属于您负责的单位（{own}），未导入；如确属该单位，请由该单位联络员或政务公开办导入"


def split_by_scope(
    con: duckdb.DuckDBPyConnection, kind: str, records: pd.DataFrame, allowed: UnitLimit
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The records of the allowed units, and (row_number, reason) for the others.

    A 单位名录 (kind units) registers units for the whole county: none of its rows is a liaison's to write.
    """
    if allowed is None or records.empty:
        return records, []
    names = _names(con)
    own = _own_text(names, allowed)
    if kind == "units":
        reason = f"单位名录只能由政务公开办导入；您负责的单位为{own}"
        return records.iloc[0:0], [(int(n), reason) for n in records["row_number"]]
    inside = records["unit_id"].astype(int).isin(allowed)
    rejected = [
        (int(n), outside_reason(names.get(int(u), str(u)), own))
        for n, u in zip(records.loc[~inside, "row_number"], records.loc[~inside, "unit_id"])
    ]
    return records.loc[inside].reset_index(drop=True), rejected


def check_annual_report(con: duckdb.DuckDBPyConnection, unit_id: int | None, unit_name: str, allowed: UnitLimit):
    """OutsideScopeError when an annual report names a unit outside the uploader's (nothing is written)."""
    if allowed is None or (unit_id is not None and unit_id in allowed):
        return
    own = _own_text(_names(con), allowed)
    raise OutsideScopeError(
        f"年度报告的单位为{unit_name}，不属于您负责的单位（{own}），未导入。",
        "请只上传本单位的年度报告；其他单位的报告由该单位联络员或政务公开办导入。",
    )


def remember(con: duckdb.DuckDBPyConnection, import_id: int, uploaded_by: str, allowed: UnitLimit) -> None:
    """Store who uploaded the batch and its unit limit beside the batch row (nothing for an unnamed, unlimited
    import such as the command line's, so a database of an earlier program still takes CLI imports)."""
    if not uploaded_by and allowed is None:
        return
    con.execute(
        "INSERT OR REPLACE INTO import_uploads (import_id, uploaded_by, unit_scope) VALUES (?, ?, ?)",
        [import_id, uploaded_by or None, sorted(allowed) if allowed is not None else None],
    )


def limit_of_batch(con: duckdb.DuckDBPyConnection, import_id: int) -> UnitLimit:
    """The unit limit a batch was imported under (None: the office's, no limit)."""
    return limit_of(fetch_value(con, "SELECT unit_scope FROM import_uploads WHERE import_id = ?", [import_id]))
