"""更新频率: days since each column's last item against its required interval, and 一周一更新 week by week.

Never imports streamlit. Intervals come from data/column_categories.csv (core.registry.categories) unless the column
carries its own 更新周期(天); columns exempted by staff for the day judged are reported as 已豁免.
"""

from datetime import date, timedelta

import duckdb
import pandas as pd

from core.calendar.sql import VIEW, register_calendar
from core.calendar.workdays import WorkdayCalendar
from core.registry.categories import FALLBACK_CATEGORY, load_categories
from core.storage.db import fetch_df
from core.storage.scope import Period, UnitScope

STATES = ("超期", "空白栏目", "即将超期", "正常", "新开栏目", "已豁免")


def _categories_sql() -> tuple[str, list]:
    cats = list(load_categories().values())
    values = ", ".join("(?, ?, ?)" for _ in cats)
    params = [p for c in cats for p in (c.name, c.interval_days, c.warn_ratio)]
    return f"(VALUES {values}) AS cat(category, interval_days, warn_ratio)", params


def column_freshness(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> pd.DataFrame:
    """Every registered column in scope as judged on period.as_of, most overdue first.

    Columns: unit_id, unit_name, unit_type, column_id, column_name, category, limit_days, warn_days,
    last_published_on, registered_on, days_since, days_over, state, exemption.
    state: 超期 (days_since > limit), 即将超期 (≥ warn_days), 正常, 空白栏目 (never an item, and open longer than
    its limit or since an unknown day), 新开栏目 (never an item, opened within its limit), 已豁免.
    A column registered after as_of is not listed. A column updated exactly `limit` days ago is not yet 超期.
    """
    where, params = scope.sql()
    categories, category_params = _categories_sql()
    fallback = load_categories()[FALLBACK_CATEGORY]
    as_of = period.as_of
    return fetch_df(
        con,
        f"""
        WITH last AS (SELECT column_id, max(published_on) AS last_on FROM items
                      WHERE published_on <= ? GROUP BY column_id),
        ex AS (SELECT column_id, string_agg(reason, '；') AS exemption FROM column_exemptions
               WHERE revoked_at IS NULL AND ?::DATE BETWEEN start_on AND end_on GROUP BY column_id),
        base AS (
            SELECT u.unit_id, u.name AS unit_name, u.unit_type, u.sort_order, c.column_id, c.name AS column_name,
                   c.category, coalesce(c.max_interval_days, cat.interval_days, ?) AS limit_days,
                   coalesce(cat.warn_ratio, ?) AS warn_ratio, l.last_on AS last_published_on, c.registered_on,
                   date_diff('day', coalesce(l.last_on, c.registered_on), ?::DATE) AS days_since, ex.exemption
            FROM site_columns c JOIN units u USING (unit_id)
            LEFT JOIN {categories} USING (category)
            LEFT JOIN last l USING (column_id) LEFT JOIN ex USING (column_id)
            WHERE c.registered AND (c.registered_on IS NULL OR c.registered_on <= ?::DATE) AND {where})
        SELECT unit_id, unit_name, unit_type, column_id, column_name, category, limit_days,
               CAST(floor(limit_days * warn_ratio) AS INTEGER) AS warn_days, last_published_on, registered_on,
               days_since, greatest(days_since - limit_days, 0) AS days_over,
               CASE WHEN exemption IS NOT NULL THEN '已豁免'
                    WHEN last_published_on IS NULL AND (days_since IS NULL OR days_since > limit_days) THEN '空白栏目'
                    WHEN last_published_on IS NULL THEN '新开栏目'
                    WHEN days_since > limit_days THEN '超期'
                    WHEN days_since >= floor(limit_days * warn_ratio) THEN '即将超期'
                    ELSE '正常' END AS state,
               exemption
        FROM base
        ORDER BY list_position({list(STATES)}, state), days_over DESC NULLS LAST, sort_order NULLS LAST,
                 unit_name, column_name""",
        [as_of, as_of, fallback.interval_days, fallback.warn_ratio, as_of, *category_params, as_of, *params],
    )


def weeks_ending_in(period: Period) -> tuple[date, date]:
    """First Monday and last Sunday of the natural weeks judged for a period: those whose Sunday falls in
    the period, up to the latest complete week (each week belongs to exactly one month)."""
    first_sunday = period.start + timedelta(days=(6 - period.start.weekday()) % 7)
    return first_sunday - timedelta(days=6), period.week_end


def weekly_items(
    con: duckdb.DuckDBPyConnection, scope: UnitScope, calendar: WorkdayCalendar, first_monday: date, last_sunday: date
) -> pd.DataFrame:
    """Items per unit per natural week, every unit × week listed, with the week's working days.

    Columns: unit_id, unit_name, unit_type, week_start, week_end, workdays, items, required, missing.
    A week with no working day at all (a whole-week holiday) is not required; `missing` = required and no item.
    Empty when last_sunday < first_monday.
    """
    where, params = scope.sql()
    register_calendar(con, calendar, first_monday, max(first_monday, last_sunday))
    return fetch_df(
        con,
        f"""
        WITH weeks AS (
            SELECT CAST(w AS DATE) AS week_start, CAST(w + INTERVAL 6 DAY AS DATE) AS week_end
            FROM range(?::DATE, ?::DATE + INTERVAL 1 DAY, INTERVAL 7 DAY) t(w)
            WHERE CAST(w + INTERVAL 6 DAY AS DATE) <= ?::DATE),
        workdays AS (
            SELECT w.week_start, count(*) FILTER (WHERE k.is_workday) AS workdays
            FROM weeks w JOIN {VIEW} k ON k.day BETWEEN w.week_start AND w.week_end GROUP BY w.week_start),
        counts AS (
            SELECT unit_id, CAST(date_trunc('week', published_on) AS DATE) AS week_start, count(*) AS items
            FROM items WHERE published_on BETWEEN ? AND ? GROUP BY ALL)
        SELECT u.unit_id, u.name AS unit_name, u.unit_type, w.week_start, w.week_end, d.workdays,
               coalesce(n.items, 0) AS items, d.workdays > 0 AS required,
               d.workdays > 0 AND coalesce(n.items, 0) = 0 AS missing
        FROM units u CROSS JOIN weeks w JOIN workdays d USING (week_start)
        LEFT JOIN counts n ON n.unit_id = u.unit_id AND n.week_start = w.week_start
        WHERE {where}
        ORDER BY u.sort_order NULLS LAST, u.name, w.week_start""",
        [first_monday, last_sunday, last_sunday, first_monday, last_sunday, *params],
    )


def weekly_summary(weekly: pd.DataFrame) -> pd.DataFrame:
    """Per unit: weeks required, weeks with no item, and the first Mondays of those weeks.

    Columns: unit_id, unit_name, unit_type, weeks_required, weeks_missing, missing_weeks; most missing first.
    """
    if weekly.empty:
        return pd.DataFrame(
            columns=["unit_id", "unit_name", "unit_type", "weeks_required", "weeks_missing", "missing_weeks"]
        )
    missing: dict[int, list[str]] = {}
    for unit_id, week_start in weekly.loc[weekly["missing"], ["unit_id", "week_start"]].itertuples(index=False):
        missing.setdefault(unit_id, []).append(pd.Timestamp(week_start).strftime("%m-%d"))
    summary = weekly.groupby(["unit_id", "unit_name", "unit_type"], as_index=False, sort=False).agg(
        weeks_required=("required", "sum"), weeks_missing=("missing", "sum")
    )
    summary["missing_weeks"] = ["、".join(missing.get(u, [])) for u in summary["unit_id"]]
    return summary.sort_values("weeks_missing", ascending=False, kind="stable").reset_index(drop=True)
