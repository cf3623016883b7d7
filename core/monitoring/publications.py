"""发布统计: items per unit per month, per column category, month-on-month and year-on-year, one unit's items.

Never imports streamlit. Every count is by 发布日期 and restricted to the unit scope, exactly as the 总览
KPI `items_published` counts, so both pages show the same totals for the same filters.
"""

from datetime import date

import duckdb
import pandas as pd

from core.storage.db import fetch_df
from core.storage.scope import Period, UnitScope, month_period

ITEM_LIST_LIMIT = 500


def shift_month(month: str, months: int) -> str:
    """'2026-01' shifted by -1 → '2025-12'."""
    year, mon = (int(p) for p in month.split("-"))
    index = year * 12 + (mon - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def monthly_counts(con: duckdb.DuckDBPyConnection, scope: UnitScope, first_month: str, last_month: str) -> pd.DataFrame:
    """Items per unit per month, every unit × month listed (0 when none).

    Columns: unit_id, unit_name, unit_type, month ('YYYY-MM'), items.
    """
    where, params = scope.sql()
    start = month_period(first_month, date.max).start
    end = month_period(last_month, date.max).end
    return fetch_df(
        con,
        f"""
        WITH months AS (SELECT strftime(m, '%Y-%m') AS month
                        FROM range(?::DATE, ?::DATE + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m)),
        counts AS (SELECT unit_id, strftime(published_on, '%Y-%m') AS month, count(*) AS items FROM items
                   WHERE published_on BETWEEN ? AND ? GROUP BY ALL)
        SELECT u.unit_id, u.name AS unit_name, u.unit_type, m.month, coalesce(c.items, 0) AS items
        FROM units u CROSS JOIN months m LEFT JOIN counts c ON c.unit_id = u.unit_id AND c.month = m.month
        WHERE {where} ORDER BY u.sort_order NULLS LAST, u.name, m.month""",
        [start, end, start, end, *params],
    )


def heatmap_units(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """The rows of a monthly_counts heatmap, top to bottom as ui.charts.month_heatmap draws them, with `month`'s
    items and the total over the frame's months: the list under the heatmap whose rows open each unit's page.

    Columns: unit_name, this_month, months_total.
    """
    if frame.empty:
        return pd.DataFrame(columns=["unit_name", "this_month", "months_total"])
    grouped = frame.groupby("unit_name", sort=False)["items"]
    shown = frame.loc[frame["month"] == month].groupby("unit_name", sort=False)["items"].sum()
    totals = grouped.sum()
    return pd.DataFrame(
        {
            "unit_name": totals.index,
            "this_month": shown.reindex(totals.index, fill_value=0).to_numpy(),
            "months_total": totals.to_numpy(),
        }
    )


def month_comparison(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> pd.DataFrame:
    """Per unit: items this month, last month and the same month last year, and the changes.

    Columns: unit_id, unit_name, unit_type, this_month, last_month, last_year, change_vs_last_month,
    change_vs_last_year.
    """
    month = period.start.strftime("%Y-%m")
    frame = monthly_counts(con, scope, shift_month(month, -12), month)
    columns = [
        "unit_id",
        "unit_name",
        "unit_type",
        "this_month",
        "last_month",
        "last_year",
        "change_vs_last_month",
        "change_vs_last_year",
    ]
    if frame.empty:  # a group with no unit in scope (e.g. no 街道 registered yet)
        return pd.DataFrame(columns=columns)
    wide = frame.pivot_table(
        index=["unit_id", "unit_name", "unit_type"],
        columns="month",
        values="items",
        aggfunc="sum",
        fill_value=0,
        sort=False,
    ).reset_index()
    result = wide[["unit_id", "unit_name", "unit_type"]].copy()
    result["this_month"] = wide[month]
    result["last_month"] = wide[shift_month(month, -1)]
    result["last_year"] = wide[shift_month(month, -12)]
    result["change_vs_last_month"] = result["this_month"] - result["last_month"]
    result["change_vs_last_year"] = result["this_month"] - result["last_year"]
    result.columns.name = None
    return result.sort_values("this_month", ascending=False, kind="stable").reset_index(drop=True)


def category_counts(con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope) -> pd.DataFrame:
    """Items in the period per column category (the column's registered or guessed category).

    Columns: category, items; most first.
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""
        SELECT c.category, count(*) AS items
        FROM items i JOIN units u ON u.unit_id = i.unit_id JOIN site_columns c ON c.column_id = i.column_id
        WHERE i.published_on BETWEEN ? AND ? AND {where}
        GROUP BY c.category ORDER BY items DESC, c.category""",
        [period.start, period.end, *params],
    )


def type_trend(con: duckdb.DuckDBPyConnection, scope: UnitScope, first_month: str, last_month: str) -> pd.DataFrame:
    """Items per month per unit type, for trend lines.

    Columns: month, unit_type, items.
    """
    frame = monthly_counts(con, scope, first_month, last_month)
    return frame.groupby(["month", "unit_type"], as_index=False)["items"].sum()


def unit_items(
    con: duckdb.DuckDBPyConnection, unit_id: int, period: Period, limit: int = ITEM_LIST_LIMIT
) -> tuple[pd.DataFrame, bool]:
    """One unit's items published in the period, newest first, and whether the list was cut at `limit`.

    Columns: published_on, column_name, title, created_on, doc_number, url.
    """
    frame = fetch_df(
        con,
        """
        SELECT i.published_on, c.name AS column_name, i.title, i.created_on, i.doc_number, i.url
        FROM items i JOIN site_columns c ON c.column_id = i.column_id
        WHERE i.unit_id = ? AND i.published_on BETWEEN ? AND ?
        ORDER BY i.published_on DESC, i.item_id DESC LIMIT ?""",
        [unit_id, period.start, period.end, limit + 1],
    )
    return frame.head(limit), len(frame) > limit


def unit_trend(con: duckdb.DuckDBPyConnection, unit_id: int, first_month: str, last_month: str) -> pd.DataFrame:
    """One unit's items per month (0 when none). Columns: month, items."""
    frame = monthly_counts(con, UnitScope(unit_ids=(unit_id,), assessed_only=False), first_month, last_month)
    return frame[["month", "items"]]
