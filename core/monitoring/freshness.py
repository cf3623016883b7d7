"""更新频率: days since each column's last item against its required interval, and 一周一更新 week by week.

Never imports streamlit. Intervals come from data/column_categories.csv (core.registry.categories) unless the column
carries its own 更新周期(天); columns exempted by staff for the day judged are reported as 已豁免. An interval in
months or years is counted in calendar months in SQL (`date + to_months(n)`): 6个月 after 05-02 ends 11-02.
"""

from datetime import date, timedelta

import duckdb
import pandas as pd

from core.calendar.sql import VIEW, register_calendar
from core.calendar.workdays import WorkdayCalendar
from core.monitoring.vocabulary import BLANK, FRESHNESS_STATES, PROBLEM_STATES, STALE
from core.registry.categories import FALLBACK_CATEGORY, load_categories
from core.storage.db import fetch_df
from core.storage.scope import Period, UnitScope

# 单项否决「栏目不更新」of the national checklist (国办秘函〔2019〕19号, domain.md §3.2): a site fails when ≥ 5
# columns that must be updated were not, or ≥ 5 columns are blank. Used here as a warning flag per unit.
VETO_STALE_COLUMNS = 5
VETO_BLANK_COLUMNS = 5
VETO_BASIS = "参照国办秘函〔2019〕19号单项否决指标"


def _categories_sql() -> tuple[str, list]:
    cats = list(load_categories().values())
    values = ", ".join("(?, ?, ?, ?, ?)" for _ in cats)
    params = [p for c in cats for p in (c.name, c.interval.months, c.interval.days, c.interval.text, c.warn_ratio)]
    return f"(VALUES {values}) AS cat(category, interval_months, interval_days, interval_text, warn_ratio)", params


def column_freshness(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> pd.DataFrame:
    """Every registered column in scope as judged on period.as_of, most overdue first.

    Columns: unit_id, unit_name, unit_type, column_id, column_name, category, interval (as written: 14天, 6个月,
    1年), limit_days (the interval in days from the column's last item, so 6个月 is 181–184), warn_days,
    last_published_on, registered_on, due_on (the last day within the interval), days_since, days_over, state,
    exemption.
    state: 超期 (as_of after due_on), 即将超期 (days_since ≥ warn_days), 正常, 空白栏目 (never an item, and open
    longer than its interval or since an unknown day), 新开栏目 (never an item, opened within it), 已豁免.
    A column registered after as_of is not listed. A column updated exactly one interval ago is not yet 超期.
    """
    where, params = scope.sql()
    categories, category_params = _categories_sql()
    fallback = load_categories()[FALLBACK_CATEGORY].interval
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
                   c.category,
                   CASE WHEN c.max_interval_days IS NOT NULL THEN 0 ELSE coalesce(cat.interval_months, ?) END
                     AS months,
                   coalesce(c.max_interval_days, cat.interval_days, ?) AS days,
                   CASE WHEN c.max_interval_days IS NOT NULL THEN concat(c.max_interval_days, '天')
                        ELSE coalesce(cat.interval_text, ?) END AS interval,
                   coalesce(cat.warn_ratio, ?) AS warn_ratio, l.last_on AS last_published_on, c.registered_on,
                   coalesce(l.last_on, c.registered_on) AS since, ex.exemption
            FROM site_columns c JOIN units u USING (unit_id)
            LEFT JOIN {categories} USING (category)
            LEFT JOIN last l USING (column_id) LEFT JOIN ex USING (column_id)
            WHERE c.registered AND (c.registered_on IS NULL OR c.registered_on <= ?::DATE) AND {where}),
        judged AS (
            SELECT *, CAST(since + to_months(months) + to_days(days) AS DATE) AS due_on,
                   coalesce(date_diff('day', since, CAST(since + to_months(months) + to_days(days) AS DATE)),
                            date_diff('day', CAST(?::DATE - to_months(months) - to_days(days) AS DATE), ?::DATE))
                     AS limit_days,
                   date_diff('day', since, ?::DATE) AS days_since
            FROM base)
        SELECT unit_id, unit_name, unit_type, column_id, column_name, category, interval, limit_days,
               CAST(floor(limit_days * warn_ratio) AS INTEGER) AS warn_days, last_published_on, registered_on,
               due_on, days_since, greatest(days_since - limit_days, 0) AS days_over,
               CASE WHEN exemption IS NOT NULL THEN '已豁免'
                    WHEN last_published_on IS NULL AND (days_since IS NULL OR days_since > limit_days) THEN '空白栏目'
                    WHEN last_published_on IS NULL THEN '新开栏目'
                    WHEN days_since > limit_days THEN '超期'
                    WHEN days_since >= floor(limit_days * warn_ratio) THEN '即将超期'
                    ELSE '正常' END AS state,
               exemption
        FROM judged
        ORDER BY list_position({list(FRESHNESS_STATES)}, state), days_over DESC NULLS LAST, sort_order NULLS LAST,
                 unit_name, column_name""",
        [
            as_of,
            as_of,
            fallback.months,
            fallback.days,
            fallback.text,
            load_categories()[FALLBACK_CATEGORY].warn_ratio,
            *category_params,
            as_of,
            *params,
            as_of,
            as_of,
            as_of,
        ],
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

    Columns: unit_id, unit_name, unit_type, week_start, week_end, workdays, items, required, missing, estimated.
    A week with no working day at all (a whole-week holiday) is not required; `missing` = required and no item;
    `estimated` = the week lies in a year without official holiday data (its working days are the fallback's).
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
            SELECT w.week_start, count(*) FILTER (WHERE k.is_workday) AS workdays, bool_or(k.fallback) AS estimated
            FROM weeks w JOIN {VIEW} k ON k.day BETWEEN w.week_start AND w.week_end GROUP BY w.week_start),
        counts AS (
            SELECT unit_id, CAST(date_trunc('week', published_on) AS DATE) AS week_start, count(*) AS items
            FROM items WHERE published_on BETWEEN ? AND ? GROUP BY ALL)
        SELECT u.unit_id, u.name AS unit_name, u.unit_type, w.week_start, w.week_end, d.workdays,
               coalesce(n.items, 0) AS items, d.workdays > 0 AS required,
               d.workdays > 0 AND coalesce(n.items, 0) = 0 AS missing, d.estimated
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


def state_counts(columns: pd.DataFrame) -> dict[str, int]:
    """Columns per freshness state, every state listed (0 when none)."""
    counts = columns["state"].value_counts()
    return {state: int(counts.get(state, 0)) for state in FRESHNESS_STATES}


def problem_columns(columns: pd.DataFrame) -> pd.DataFrame:
    """The columns the office must act on (超期 and 空白栏目), worst first, with what the page lists."""
    return columns.loc[
        columns["state"].isin(PROBLEM_STATES),
        ["unit_name", "column_name", "category", "limit_days", "last_published_on", "days_since", "days_over", "state"],
    ]


def veto_flags(columns: pd.DataFrame) -> pd.DataFrame:
    """Units that reach a 单项否决-style threshold in column_freshness: ≥ VETO_STALE_COLUMNS columns 超期 or
    ≥ VETO_BLANK_COLUMNS 空白栏目 (exempted columns are not counted).

    Columns: unit_id, unit_name, unit_type, stale_columns, blank_columns, reason; most columns first.
    """
    counts = (
        columns.assign(stale=columns["state"] == STALE, blank=columns["state"] == BLANK)
        .groupby(["unit_id", "unit_name", "unit_type"], as_index=False, sort=False)
        .agg(stale_columns=("stale", "sum"), blank_columns=("blank", "sum"))
    )
    flagged = counts.loc[
        (counts["stale_columns"] >= VETO_STALE_COLUMNS) | (counts["blank_columns"] >= VETO_BLANK_COLUMNS)
    ].copy()
    flagged["reason"] = [
        "；".join(
            text
            for text, hit in (
                (f"超期未更新栏目{s}个（达到{VETO_STALE_COLUMNS}个）", s >= VETO_STALE_COLUMNS),
                (f"空白栏目{b}个（达到{VETO_BLANK_COLUMNS}个）", b >= VETO_BLANK_COLUMNS),
            )
            if hit
        )
        + f"，{VETO_BASIS}"
        for s, b in zip(flagged["stale_columns"], flagged["blank_columns"])
    ]
    flagged["total"] = flagged["stale_columns"] + flagged["blank_columns"]
    return flagged.sort_values("total", ascending=False, kind="stable").drop(columns="total").reset_index(drop=True)
