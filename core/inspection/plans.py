"""A quarter's 互查 in the database: the stored plan, the checklist each inspector works through, and the results
that come back through the findings ledger.

Never imports streamlit. A finding belongs to a quarter's 互查 when its 检查名称 contains 互查 and either names
the quarter (2026年第四季度互查, 2026Q4互查) or, naming none (季度互查), was found within the quarter: the ledger
needs no new column for it. Findings are judged (due dates, state, 回头看) by core.rectification.rules.
"""

from datetime import date, datetime

import duckdb
import pandas as pd

from core.accounts.audit import audited
from core.accounts.identity import User
from core.accounts.vocabulary import MARK
from core.calendar.workdays import WorkdayCalendar
from core.errors import DashboardError
from core.frames import dates
from core.inspection.rotation import Pair, Quarter, plan_problems, written_quarter
from core.monitoring.freshness import column_freshness
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.rectification.vocabulary import REVIEW_FAILED, REVIEW_PASSED
from core.storage.db import fetch_df, fetch_rows
from core.storage.scope import Period, UnitScope

MUTUAL = "互查"  # the word in a 检查名称 that marks a mutual inspection
SAVE_PLAN = "inspection_plan"  # the audit action
PERMISSION = MARK  # planning is the office's work, as marking findings is


def inspection_units(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """Units in scope that can take part, in registry order. Columns: unit_id, unit_name, unit_type."""
    where, params = scope.sql()
    return fetch_df(
        con,
        f"SELECT u.unit_id, u.name AS unit_name, u.unit_type FROM units u WHERE {where} "
        "ORDER BY u.sort_order NULLS LAST, u.name",
        params,
    )


def saved_plan(con: duckdb.DuckDBPyConnection, quarter: Quarter, scope: UnitScope) -> pd.DataFrame:
    """The stored pairs of `quarter` where the inspector or the inspected unit is in scope (a liaison sees whom his
    unit inspects and who inspects it), in the inspected units' registry order.

    Columns: inspector_id, inspector_name, unit_id, unit_name, unit_type, saved_at, saved_by.
    """
    where_t, params_t = scope.sql("u")
    where_i, params_i = scope.sql("i")
    return fetch_df(
        con,
        f"""SELECT p.inspector_id, i.name AS inspector_name, u.unit_id, u.name AS unit_name, u.unit_type,
                   p.saved_at, p.saved_by
            FROM inspection_pairs p JOIN units u ON u.unit_id = p.target_id JOIN units i ON i.unit_id = p.inspector_id
            WHERE p.quarter = ? AND (({where_t}) OR ({where_i}))
            ORDER BY u.sort_order NULLS LAST, u.name""",
        [quarter.key, *params_t, *params_i],
    )


def previous_pairs(con: duckdb.DuckDBPyConnection, quarter: Quarter) -> set[Pair]:
    """(inspector, inspected) of the quarter before `quarter`: not to be repeated."""
    rows = fetch_rows(
        con, "SELECT inspector_id, target_id FROM inspection_pairs WHERE quarter = ?", [quarter.previous().key]
    )
    return {(int(a), int(b)) for a, b in rows}


def save_plan(
    con: duckdb.DuckDBPyConnection, user: User | None, quarter: Quarter, pairs: list[Pair], targets: list[int]
) -> int:
    """Replace the quarter's plan with `pairs` after checking the rules (refused in Chinese, nothing written);
    audited. Returns the number of pairs stored."""
    names = dict(fetch_rows(con, "SELECT unit_id, name FROM units"))
    problems = plan_problems(pairs, targets, previous_pairs(con, quarter), names)

    def work() -> int:
        if problems:
            raise DashboardError(
                f"{quarter.label}互查安排未保存：" + "；".join(problems[:5]) + ("等" if len(problems) > 5 else ""),
                "请调整检查单位后再保存。",
            )
        con.execute("DELETE FROM inspection_pairs WHERE quarter = ?", [quarter.key])
        con.executemany(
            "INSERT INTO inspection_pairs VALUES (?, ?, ?, ?, ?)",
            [[quarter.key, a, b, datetime.now(), user.name if user else ""] for a, b in pairs],
        )
        return len(pairs)

    return audited(con, user, PERMISSION, SAVE_PLAN, f"{quarter.label}互查安排", work, after=lambda n: f"{n}对")


def checklist(con: duckdb.DuckDBPyConnection, quarter: Quarter, scope: UnitScope, as_of: date) -> pd.DataFrame:
    """What each inspector checks: every registered column of the units it inspects, with the column's rule
    (its interval) and how it stands on `as_of` (core.monitoring.freshness), in plan order.

    Columns: inspector_name, unit_name, column_name, category, interval, last_published_on, state.
    """
    plan = saved_plan(con, quarter, scope)
    columns = column_freshness(con, Period(quarter.start, quarter.end, as_of), scope)
    merged = plan[["inspector_name", "unit_id", "unit_name"]].merge(
        columns[["unit_id", "column_name", "category", "interval", "last_published_on", "state"]], on="unit_id"
    )
    return merged.drop(columns="unit_id").reset_index(drop=True)


def quarter_findings(
    con: duckdb.DuckDBPyConnection, quarter: Quarter, scope: UnitScope, calendar: WorkdayCalendar, as_of: date
) -> pd.DataFrame:
    """The quarter's 互查 findings of units in scope, judged on `as_of` (due_on, state, is_overdue, review…).

    Columns: those of core.rectification.rules.judge_findings.
    """
    stored = findings(con, scope)
    found = dates(stored["found_on"])
    belongs = []
    for inspection, day in zip(stored["inspection"], found):
        named = written_quarter(inspection) if isinstance(inspection, str) else None
        in_quarter = day is not None and quarter.start <= day <= quarter.end
        belongs.append(
            isinstance(inspection, str)
            and MUTUAL in inspection
            and (named == quarter or (named is None and in_quarter))
        )
    return judge_findings(stored.loc[belongs], as_of, calendar)


def quarter_results(judged: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Per unit inspected (every unit of `units`, 0 when nothing was found): findings, rectified, open, overdue,
    the latest due date, and the 回头看 outcome (passed / failed / not yet).

    Columns: unit_id, unit_name, findings, rectified, unfinished, overdue, last_due_on, review_passed, review_failed,
    review_pending.
    """
    frame = judged.assign(
        rectified=~judged["is_open"],
        passed=judged["review"] == REVIEW_PASSED,
        failed=judged["review"] == REVIEW_FAILED,
    )
    frame["pending"] = frame["rectified"] & ~frame["passed"] & ~frame["failed"]
    counts = frame.groupby("unit_id").agg(
        findings=("finding_id", "size"),
        rectified=("rectified", "sum"),
        unfinished=("is_open", "sum"),
        overdue=("is_overdue", "sum"),
        last_due_on=("due_on", "max"),
        review_passed=("passed", "sum"),
        review_failed=("failed", "sum"),
        review_pending=("pending", "sum"),
    )
    result = units[["unit_id", "unit_name"]].merge(counts, left_on="unit_id", right_index=True, how="left")
    for column in (
        "findings",
        "rectified",
        "unfinished",
        "overdue",
        "review_passed",
        "review_failed",
        "review_pending",
    ):
        result[column] = result[column].fillna(0).astype(int)
    return result.reset_index(drop=True)
