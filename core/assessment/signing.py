"""签发 of the year's assessment (issue 14 item 3), like the month's bulletin (core.ranking.bulletins).

Never imports streamlit. Signing copies the year's scores, the monthly scores averaged and the year items into
year_assessment_* tables as a new version, records its 文号 in the 发文登记, and audits it, all in one transaction;
later imports no longer change what was announced. A leader may withdraw the signed version with a written reason;
the year is then live again and the next 签发 stores version + 1.
"""

from datetime import date, datetime

import duckdb
import pandas as pd

from core.accounts.actions import person
from core.accounts.audit import audited
from core.accounts.identity import User
from core.accounts.vocabulary import FREEZE, FREEZE_YEAR, WITHDRAW_YEAR
from core.assessment.year import YearAssessment
from core.errors import DashboardError
from core.registry.doc_register import BULLETIN, NumberRequest, register_number
from core.registry.vocabulary import RANKED_GROUPS
from core.storage.db import fetch_df, fetch_rows, transaction
from core.storage.scope import UnitScope

SCORE_COLUMNS = [
    "unit_id",
    "unit_name",
    "group_name",
    "sort_order",
    "monthly_average",
    "items_total",
    "score",
    "rank",
    "grade",
]
MONTHLY_COLUMNS = ["unit_id", "month", "score", "rank"]
ITEM_COLUMNS = ["unit_id", "item", "item_points", "item_explanation"]
_TABLES = (
    ("year_assessment_scores", SCORE_COLUMNS, "scores"),
    ("year_assessment_monthly", MONTHLY_COLUMNS, "monthly"),
    ("year_assessment_items", ITEM_COLUMNS, "items"),
)


def assessment_key(year: int) -> str:
    """The 发文登记 key of the year's 年度考评结果通报."""
    return f"assessment:{year}"


def _in_force(con: duckdb.DuckDBPyConnection, year: int) -> int | None:
    rows = fetch_rows(con, "SELECT version FROM year_assessments WHERE year = ? AND withdrawn_at IS NULL", [year])
    return int(rows[0][0]) if rows else None


def _store(con: duckdb.DuckDBPyConnection, result: YearAssessment, as_of: date, by: str, doc_number: str) -> int:
    with transaction(con):
        if _in_force(con, result.year) is not None:
            raise DashboardError(
                f"{result.year}年度考评结果已经签发（冻结），不能重复签发。",
                "如需更正，请先撤回已签发的结果（须写明原因）。",
            )
        if result.scores.empty:
            raise DashboardError(f"{result.year}年没有可签发的考评结果。", "请先导入当年的台账。")
        version = int(
            fetch_rows(con, "SELECT coalesce(max(version), 0) + 1 FROM year_assessments WHERE year = ?", [result.year])[
                0
            ][0]
        )
        con.execute(
            "INSERT INTO year_assessments (year, version, as_of, frozen_at, frozen_by, doc_number)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [result.year, version, as_of, datetime.now(), by, doc_number],
        )
        for table, columns, field in _TABLES:
            frame = getattr(result, field)[columns].assign(year=result.year, version=version)
            if frame.empty:
                continue
            con.register("_frozen_year", frame)
            con.execute(
                f"INSERT INTO {table} (year, version, {', '.join(columns)}) "
                f"SELECT year, version, {', '.join(columns)} FROM _frozen_year"
            )
            con.unregister("_frozen_year")
    return version


def sign_year(
    con: duckdb.DuckDBPyConnection,
    user: User,
    result: YearAssessment,
    as_of: date,
    doc_number: str,
    prefix: str,
    issued_on: date,
) -> int:
    """签发 the year's result by `user` (needs FREEZE: the leader), its 文号 recorded in the 发文登记 and the
    audit row written in the same transaction. `result` must be the whole county's (UnitScope()). Returns the
    version signed."""

    def work() -> int:
        version = _store(con, result, as_of, person(user), doc_number.strip())
        if doc_number.strip():
            title = f"{result.year}年度政务公开工作考评结果通报"
            register_number(
                con,
                NumberRequest(
                    assessment_key(result.year), BULLETIN, prefix, issued_on.year, title, as_of, doc_number.strip()
                ),
            )
        return version

    return audited(
        con,
        user,
        FREEZE,
        FREEZE_YEAR,
        f"年度考评 {result.year}年",
        work,
        after=lambda version: f"签发第{version}版，文号 {doc_number.strip() or '—'}",
    )


def withdraw_year(con: duckdb.DuckDBPyConnection, user: User, year: int, reason: str) -> int:
    """Withdraw the year's signed result by `user` (needs FREEZE) with a written reason; returns its version."""

    def work() -> int:
        if not reason.strip():
            raise DashboardError(f"撤回{year}年度考评结果须写明原因。", "原因会与撤回人、时间一起记录。")
        with transaction(con):
            version = _in_force(con, year)
            if version is None:
                raise DashboardError(f"{year}年度考评结果没有已签发（生效中）的版本，无需撤回。")
            con.execute(
                "UPDATE year_assessments SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?"
                " WHERE year = ? AND version = ?",
                [datetime.now(), person(user), reason.strip(), year, version],
            )
        return version

    return audited(
        con,
        user,
        FREEZE,
        WITHDRAW_YEAR,
        f"年度考评 {year}年",
        work,
        after=lambda version: f"撤回第{version}版：{reason.strip()}",
    )


def year_versions(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Every signed version of the year, newest first (version, as_of, frozen_at, frozen_by, doc_number,
    withdrawn_at, withdrawn_by, withdraw_reason)."""
    return fetch_df(
        con,
        """SELECT version, as_of, frozen_at, frozen_by, doc_number, withdrawn_at, withdrawn_by, withdraw_reason
           FROM year_assessments WHERE year = ? ORDER BY version DESC""",
        [year],
    )


def frozen_year(con: duckdb.DuckDBPyConnection, year: int, scope: UnitScope) -> YearAssessment | None:
    """The signed result in force as announced, restricted to the units in scope; None when none is in force."""
    version = _in_force(con, year)
    if version is None:
        return None
    where, params = scope.sql()
    frames = []
    for table, columns, _field in _TABLES:
        order = "list_position(?, f.group_name), f.rank, f.sort_order" if table == "year_assessment_scores" else "1"
        extra = [list(RANKED_GROUPS)] if table == "year_assessment_scores" else []
        frames.append(
            fetch_df(
                con,
                f"""SELECT {", ".join("f." + c for c in columns)} FROM {table} f JOIN units u USING (unit_id)
                    WHERE f.year = ? AND f.version = ? AND {where} ORDER BY {order}""",
                [year, version, *params, *extra],
            )
        )
    scores, monthly, items = frames
    months = tuple(sorted(monthly["month"].unique())) if not monthly.empty else ()
    return YearAssessment(year, months, monthly, items, scores)
