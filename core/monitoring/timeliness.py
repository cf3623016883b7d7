"""发布及时性: items published more than 20 working days after they were formed (条例 第二十六条).

Never imports streamlit. Working days are counted in SQL against core.calendar.sql's calendar (start day not
counted; holidays skipped, 调休 weekend days counted). Items without 成文日期 are 未知, never on time.
"""

from datetime import date

import duckdb
import pandas as pd

from core.calendar.sql import VIEW, register_calendar
from core.calendar.workdays import WorkdayCalendar
from core.monitoring.vocabulary import LATE, ON_TIME, TIMELINESS_STATES, UNKNOWN
from core.storage.db import fetch_df, fetch_value
from core.storage.scope import Period, UnitScope

LIMIT_WORKDAYS = 20  # 《政府信息公开条例》第二十六条: 自形成或者变更之日起20个工作日内
ITEM_LIST_LIMIT = 1000


def _register(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope, calendar: WorkdayCalendar) -> None:
    where, params = scope.sql()
    earliest = fetch_value(
        con,
        f"""SELECT min(i.created_on) FROM items i JOIN units u USING (unit_id)
                                    WHERE i.published_on BETWEEN ? AND ? AND {where}""",
        [period.start, period.end, *params],
    )
    register_calendar(con, calendar, min(earliest or period.start, period.start), period.end)


_ITEMS_SQL = f"""
    SELECT i.item_id, u.unit_id, u.name AS unit_name, u.unit_type, c.name AS column_name, i.title,
           i.created_on, i.published_on,
           CASE WHEN i.created_on IS NOT NULL THEN p.workday_idx - f.workday_idx END AS workdays,
           d.day AS due_on,
           CASE WHEN i.created_on IS NULL THEN '{UNKNOWN}' WHEN i.published_on > d.day THEN '{LATE}' ELSE '{ON_TIME}' END
             AS state,
           coalesce(p.fallback_idx - f.fallback_idx > 0 OR d.fallback, FALSE) AS uses_fallback
    FROM items i JOIN units u ON u.unit_id = i.unit_id JOIN site_columns c ON c.column_id = i.column_id
    LEFT JOIN {VIEW} f ON f.day = i.created_on
    LEFT JOIN {VIEW} p ON p.day = i.published_on
    LEFT JOIN (SELECT day, workday_idx, fallback FROM {VIEW} WHERE is_workday) d
           ON d.workday_idx = f.workday_idx + {LIMIT_WORKDAYS}
    WHERE i.published_on BETWEEN ? AND ?"""


def item_timeliness(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    scope: UnitScope,
    calendar: WorkdayCalendar,
    state: str | None = None,
    limit: int = ITEM_LIST_LIMIT,
) -> tuple[pd.DataFrame, bool]:
    """Items published in the period with their working-day count and due date; late ones first, then by working
    days and day, then item_id: the ranking's late_items evidence lists them in this order, and without item_id
    the items of one day came in any order, so the same month's evidence could read differently between runs.

    Columns: unit_name, unit_type, column_name, title, created_on, published_on, workdays, due_on, state
    (按时 / 超期 / 未知), uses_fallback (a year without official holiday data was involved: Mon–Fri assumed).
    Returns (frame, truncated).
    """
    where, params = scope.sql()
    _register(con, period, scope, calendar)
    filter_state = "AND t.state = ?" if state else ""
    frame = fetch_df(
        con,
        f"""
        SELECT t.unit_name, t.unit_type, t.column_name, t.title, t.created_on, t.published_on, t.workdays,
               t.due_on, t.state, t.uses_fallback
        FROM ({_ITEMS_SQL} AND {where}) t WHERE TRUE {filter_state}
        ORDER BY list_position({list(TIMELINESS_STATES)}, t.state), t.workdays DESC NULLS LAST, t.published_on DESC,
                 t.item_id
        LIMIT ?""",
        [period.start, period.end, *params, *([state] if state else []), limit + 1],
    )
    return frame.head(limit), len(frame) > limit


def timeliness_by_unit(
    con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope, calendar: WorkdayCalendar
) -> pd.DataFrame:
    """Per unit in scope (units without items included): items, on time, late, unknown, and the late rate.

    Columns: unit_id, unit_name, unit_type, items, on_time, late, unknown, late_rate (late / (on_time + late),
    NULL when no item has a 成文日期), uses_fallback. Most late first.
    """
    where, params = scope.sql()
    _register(con, period, scope, calendar)
    return fetch_df(
        con,
        f"""
        WITH t AS ({_ITEMS_SQL})
        SELECT u.unit_id, u.name AS unit_name, u.unit_type, count(t.item_id) AS items,
               count(*) FILTER (WHERE t.state = '{ON_TIME}') AS on_time,
               count(*) FILTER (WHERE t.state = '{LATE}') AS late,
               count(*) FILTER (WHERE t.state = '{UNKNOWN}') AS unknown,
               CASE WHEN count(*) FILTER (WHERE t.state <> '{UNKNOWN}') > 0
                    THEN round(count(*) FILTER (WHERE t.state = '{LATE}')
                               / count(*) FILTER (WHERE t.state <> '{UNKNOWN}'), 4) END AS late_rate,
               coalesce(bool_or(t.uses_fallback), FALSE) AS uses_fallback
        FROM units u LEFT JOIN t ON t.unit_id = u.unit_id
        WHERE {where}
        GROUP BY u.unit_id, u.name, u.unit_type, u.sort_order
        ORDER BY late DESC, late_rate DESC NULLS LAST, u.sort_order NULLS LAST, u.name""",
        [period.start, period.end, *params],
    )


def fallback_years(calendar: WorkdayCalendar, start: date, end: date) -> list[int]:
    """Years between start and end without official holiday data (Mon–Fri assumed there), for the page's note."""
    return [y for y in range(start.year, end.year + 1) if not calendar.has_official_data(y)]


def timeliness_totals(by_unit: pd.DataFrame) -> dict[str, float | int | None]:
    """The page's totals over timeliness_by_unit: items, on_time, late, unknown, and late_rate =
    late / (on_time + late) — None when no item has a 成文日期 (未知 items are neither on time nor late)."""
    on_time, late, unknown = (int(by_unit[c].sum()) for c in ("on_time", "late", "unknown"))
    judged = on_time + late
    return {
        "items": int(by_unit["items"].sum()),
        "on_time": on_time,
        "late": late,
        "unknown": unknown,
        "late_rate": late / judged if judged else None,
    }
