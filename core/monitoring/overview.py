"""The 总览 page's figures: items published, units silent this week, stale and blank columns, findings.

Never imports streamlit. Column states come from core.monitoring.freshness, the same function the 更新频率
page uses, so the two pages never disagree.
"""

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.monitoring.freshness import column_freshness, weekly_items
from core.monitoring.vocabulary import BLANK, STALE
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.storage.db import fetch_df, fetch_rows, fetch_value
from core.storage.scope import Period, UnitScope


@dataclass(frozen=True)
class OverviewKpis:
    items_published: int
    units_in_scope: int
    units_silent_this_week: int
    stale_columns: int
    blank_columns: int
    open_findings: int
    overdue_findings: int


def available_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Months ('YYYY-MM') that have published items, newest first."""
    rows = fetch_rows(con, "SELECT DISTINCT strftime(published_on, '%Y-%m') AS m FROM items ORDER BY m DESC")
    return [r[0] for r in rows]


def items_published(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> int:
    """Items whose 发布日期 falls in the period, for units in scope."""
    where, params = scope.sql()
    return int(
        fetch_value(
            con,
            f"""SELECT count(*) FROM items i JOIN units u USING (unit_id)
                                    WHERE i.published_on BETWEEN ? AND ? AND {where}""",
            [period.start, period.end, *params],
        )
    )


def items_by_unit(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> pd.DataFrame:
    """Items per unit in the period, every unit in scope listed (0 when silent).

    Columns: unit_id, unit_name, unit_type, items, items_this_week (in the latest complete week, Period.week_start…week_end).
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""
        SELECT u.unit_id, u.name AS unit_name, u.unit_type,
               count(i.item_id) FILTER (WHERE i.published_on BETWEEN ? AND ?) AS items,
               count(i.item_id) FILTER (WHERE i.published_on BETWEEN ? AND ?) AS items_this_week
        FROM units u LEFT JOIN items i ON i.unit_id = u.unit_id AND i.published_on BETWEEN ? AND ?
        WHERE {where}
        GROUP BY u.unit_id, u.name, u.unit_type, u.sort_order
        ORDER BY items DESC, u.sort_order NULLS LAST, unit_name""",
        [
            period.start,
            period.end,
            period.week_start,
            period.week_end,
            min(period.start, period.week_start),
            period.end,
            *params,
        ],
    )


@dataclass(frozen=True)
class Overview:
    kpis: OverviewKpis
    per_unit: pd.DataFrame  # items_by_unit
    silent_units: pd.DataFrame  # units that missed the latest complete week: unit_name, unit_type, items
    stale_columns: pd.DataFrame  # column_freshness rows in state 超期, most overdue first


def overview(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope, calendar: WorkdayCalendar) -> Overview:
    """The headline numbers of 总览 and the lists behind them, each query run once, from the same functions
    the detail pages use."""
    per_unit = items_by_unit(con, period, scope)
    freshness = column_freshness(con, period, scope)
    judged = judge_findings(findings(con, scope), period.as_of, calendar)
    silent = silent_last_week(con, period, scope, calendar, per_unit)
    stale = freshness.loc[freshness["state"] == STALE]
    kpis = OverviewKpis(
        items_published=int(per_unit["items"].sum()),
        units_in_scope=len(per_unit),
        units_silent_this_week=len(silent),
        stale_columns=len(stale),
        blank_columns=int((freshness["state"] == BLANK).sum()),
        open_findings=int(judged["is_open"].sum()),
        overdue_findings=int(judged["is_overdue"].sum()),
    )
    return Overview(kpis, per_unit, silent, stale)


def silent_last_week(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    scope: UnitScope,
    calendar: WorkdayCalendar,
    per_unit: pd.DataFrame,
) -> pd.DataFrame:
    """Units that missed 一周一更新 in the latest complete week (Period.week_start…week_end), by the same rule as
    更新频率 and the scoring (core.monitoring.freshness.weekly_items): a week without a working day (春节
    2026-02-16…02-22) requires nothing. Columns: unit_name, unit_type, items (the period's, from per_unit)."""
    week = weekly_items(con, scope, calendar, period.week_start, period.week_end)
    missed = set(week.loc[week["missing"], "unit_id"])
    return per_unit.loc[per_unit["unit_id"].isin(missed), ["unit_name", "unit_type", "items"]]


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True while the database holds the bundled demo ledgers."""
    return bool(fetch_value(con, "SELECT count(*) > 0 FROM imports WHERE source = 'demo' AND status = 'completed'"))


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever an import lands or is undone: the key for caching figures at the UI edge."""
    return str(
        fetch_value(
            con,
            "SELECT concat(count(*), '-', coalesce(max(import_id), 0), '-', "
            "count(*) FILTER (WHERE status = 'undone')) FROM imports",
        )
    )


@dataclass(frozen=True)
class LedgerCoverage:
    latest: date | None  # the newest 发布日期 of the scope's items (None: no item at all)
    partial_through: date | None  # set when the period's month is not complete: its figures reach only this day


def ledger_coverage(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> LedgerCoverage:
    """How far the item ledgers reach for the scope, and whether the period's month is covered only in part.

    Partial when the data (or the day judged on, if earlier) stop inside the month: a month comparison with it
    compares part of a month with whole ones (issue 10).
    """
    where, params = scope.sql()
    latest = fetch_value(
        con, f"SELECT max(i.published_on) FROM items i JOIN units u USING (unit_id) WHERE {where}", params
    )
    if latest is None:
        return LedgerCoverage(None, None)
    latest = pd.Timestamp(latest).date()
    through = min(latest, period.as_of)
    return LedgerCoverage(latest, through if period.start <= through < period.end else None)
