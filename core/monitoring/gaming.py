"""Gaming the rhythm (issue 14 item 4): 突击更新 (a month's items crowded into its last working days, just before
the monthly check) and 旧稿新发 (an item published with an old 成文日期, or under the title of an earlier item of
the same unit).

Never imports streamlit. The thresholds are data (data/gaming.toml, GamingSettings); the month's last working days
come from core.calendar (holidays and 调休); the counting is done inside DuckDB. The 更新频率 page lists what is
flagged and the ranking's rush_updates / reposts rules count the same rows (core.ranking.scoring).
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.config import DATA_DIR
from core.errors import DashboardError
from core.storage.db import fetch_df
from core.storage.scope import Period, UnitScope

GAMING_FILE = DATA_DIR / "gaming.toml"
# Titles are compared without white space, punctuation, symbols and case: 《》、“”、（） and spaces do not make a
# re-posted item new. Titles are stored NFKC-normalised by the loaders, so full-width letters are already folded.
_TITLE_KEY = r"regexp_replace(lower({col}), '[\s\p{{P}}\p{{S}}]', '', 'g')"


@dataclass(frozen=True)
class GamingSettings:
    """The thresholds of data/gaming.toml (defaults when the file or a key is missing)."""

    rush_last_workdays: int = 3
    rush_share: float = 0.5
    rush_min_items: int = 6
    old_draft_days: int = 365
    same_title_days: int = 365  # 0 = any earlier item


_KEYS = {  # (table, key) → field, and whether it is a share (0 < x ≤ 1) rather than a whole number ≥ 1 (or ≥ 0)
    ("rush", "last_workdays"): ("rush_last_workdays", "count"),
    ("rush", "share"): ("rush_share", "share"),
    ("rush", "min_items"): ("rush_min_items", "count"),
    ("repost", "old_draft_days"): ("old_draft_days", "count"),
    ("repost", "same_title_days"): ("same_title_days", "days"),
}


def parse_gaming_settings(text: str, name: str = "gaming.toml") -> GamingSettings:
    """TOML text → GamingSettings, or DashboardError naming the file and every bad key (in Chinese)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DashboardError(
            f"更新节奏判定标准文件 {name} 格式错误：{exc}", f"请修改 data/{name} 后刷新页面。"
        ) from exc
    values: dict[str, float | int] = {}
    problems = []
    for (table, key), (field_name, kind) in _KEYS.items():
        if key not in data.get(table, {}):
            continue
        value = data[table][key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind == "share":
            ok = ok and 0 < value <= 1
        else:
            ok = ok and isinstance(value, int) and value >= (0 if kind == "days" else 1)
        if not ok:
            wanted = (
                "大于 0、不大于 1 的小数" if kind == "share" else ("不小于 0 的整数" if kind == "days" else "正整数")
            )
            problems.append(f"[{table}] {key} 应为{wanted}（现为 {value!r}）")
        else:
            values[field_name] = value
    if problems:
        raise DashboardError(
            f"更新节奏判定标准文件 {name} 有误：" + "；".join(problems), f"请修改 data/{name} 后刷新页面。"
        )
    return GamingSettings(**values)  # type: ignore[arg-type]


def load_gaming_settings(path: Path = GAMING_FILE) -> GamingSettings:
    """data/gaming.toml, or the defaults when there is no such file."""
    if not path.exists():
        return GamingSettings()
    return parse_gaming_settings(path.read_text(encoding="utf-8"), path.name)


def rush_window(period: Period, calendar: WorkdayCalendar, workdays: int) -> tuple[date, date]:
    """(first, last) day of a month's closing stretch: from the `workdays`-th working day counted back from the
    month's last day (that day included when it is a working day; 调休 Saturdays count, holidays do not) to the
    month's last day, so items put up on a weekend inside the stretch count too."""
    day, seen = period.end, 0
    while day >= period.start:
        if calendar.is_workday(day):
            seen += 1
            if seen == workdays:
                return day, period.end
        day -= timedelta(days=1)
    return period.start, period.end


def rush_updates(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    scope: UnitScope,
    calendar: WorkdayCalendar,
    thresholds: GamingSettings | None = None,
) -> pd.DataFrame:
    """Units in scope whose items of the month (up to period.as_of) crowd into its closing working days:
    at least `rush_min_items` items and a share ≥ `rush_share` of them within rush_window.

    Columns: unit_id, unit_name, unit_type, items, last_items, share, window_start, window_end, estimated (the
    window lies in a year without official holiday data), last_titles (every item of the window as
    `MM-DD《title》`, joined with ；, none left out). Highest share first.
    """
    settings = thresholds or load_gaming_settings()
    start, end = rush_window(period, calendar, settings.rush_last_workdays)
    where, params = scope.sql()
    frame = fetch_df(
        con,
        f"""
        SELECT u.unit_id, u.name AS unit_name, u.unit_type, count(*) AS items,
               count(*) FILTER (WHERE i.published_on >= ?) AS last_items,
               round(count(*) FILTER (WHERE i.published_on >= ?) / count(*), 4) AS share,
               string_agg(strftime(i.published_on, '%m-%d') || '《' || i.title || '》', '；'
                          ORDER BY i.published_on, i.title) FILTER (WHERE i.published_on >= ?) AS last_titles
        FROM items i JOIN units u USING (unit_id)
        WHERE i.published_on BETWEEN ? AND ? AND {where}
        GROUP BY u.unit_id, u.name, u.unit_type, u.sort_order
        HAVING count(*) >= ? AND count(*) FILTER (WHERE i.published_on >= ?) >= ? * count(*)
        ORDER BY share DESC, u.sort_order NULLS LAST, u.name""",
        [start, start, start, period.start, period.as_of, *params, settings.rush_min_items, start, settings.rush_share],
    )
    frame.insert(6, "window_start", start)
    frame.insert(7, "window_end", end)
    frame.insert(8, "estimated", not calendar.has_official_data(start.year))
    return frame[[*frame.columns.drop("last_titles"), "last_titles"]]


def reposts(
    con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope, thresholds: GamingSettings | None = None
) -> pd.DataFrame:
    """Items of units in scope published in the period (up to as_of) that look re-posted: 成文日期 more than
    `old_draft_days` before 发布日期 (old_draft), or the same title (see _TITLE_KEY) as an item the same unit
    published earlier, within `same_title_days` (same_title; the latest such earlier item is named).

    Columns: unit_id, unit_name, unit_type, column_name, title, published_on, created_on, draft_age_days,
    old_draft, same_title, earlier_on, earlier_title, earlier_column, reason (why, naming the item, its dates
    and the earlier item in full). By unit (registry order), day and title, then item_id (the same every run).
    """
    sql, params = _flagged_sql(period, scope, thresholds or load_gaming_settings())
    return fetch_df(
        con,
        f"""{sql}
        SELECT unit_id, unit_name, unit_type, column_name, title, published_on, created_on, draft_age_days,
               old_draft, same_title, earlier_on, earlier_title, earlier_column, reason
        FROM flagged
        ORDER BY sort_order NULLS LAST, unit_name, published_on, title, item_id""",
        params,
    )


def repost_counts(
    con: duckdb.DuckDBPyConnection, period: Period, scope: UnitScope, thresholds: GamingSettings | None = None
) -> pd.DataFrame:
    """Per unit, what repost_summary(reposts(…)) gives the ranking's reposts rule, counted inside DuckDB.

    Columns: unit_id, reposts, evidence (every item's reason in reposts' order, joined with ；). Most first, then
    registry order. Why: at 1M items a month flags 17k items, and fetching their rows into pandas to count them
    took a third of the measure's time; the ranking needs only 46 rows.
    """
    sql, params = _flagged_sql(period, scope, thresholds or load_gaming_settings())
    return fetch_df(
        con,
        f"""{sql}
        SELECT unit_id, count(*) AS reposts,
               string_agg(reason, '；' ORDER BY published_on, title, item_id) AS evidence
        FROM flagged
        GROUP BY unit_id, unit_name, sort_order
        ORDER BY reposts DESC, sort_order NULLS LAST, unit_name""",
        params,
    )


def _flagged_sql(period: Period, scope: UnitScope, settings: GamingSettings) -> tuple[str, list]:
    """The WITH clause both functions above read: `flagged` holds the items of the month that look re-posted,
    with unit_id, unit_name, unit_type, sort_order, item_id, column_name, title, published_on, created_on,
    draft_age_days, old_draft, same_title, earlier_on, earlier_title, earlier_column and reason.

    Why it is built this way: at 1M items the synthetic county flags 17k items a month, and building their
    sentences in Python was 0.6 s of a month's 1.0 s scores, so the reason is made here; only items that can be
    an earlier one (within `same_title_days` before the month) get a title key, not the whole history (0.47 →
    0.1 s, issue 12). The key is made once per distinct title and numbered (key_id), and the earlier item is
    found by an ASOF join on (unit_id, key_id) carrying only ids: titles repeat (weekly 简报, 动态 with a
    number), and a plain join of each item with every earlier one of its title made 560k rows for a month's 15k
    items; the ASOF join takes the latest one directly, and on integers it is faster again. day_order (day, then
    item_id; item_ids come from a sequence, so they stay below 2^32) keeps the choice among items of one day the
    same on every run.
    """
    where, params = scope.sql()
    key = _TITLE_KEY.format(col="title")
    start, as_of, days, old = period.start, period.as_of, settings.same_title_days, settings.old_draft_days
    sql = f"""
        WITH own AS (
            SELECT i.item_id, u.unit_id, u.name AS unit_name, u.unit_type, u.sort_order, c.name AS column_name,
                   i.title, i.published_on, i.created_on
            FROM items i JOIN units u USING (unit_id) JOIN site_columns c ON c.column_id = i.column_id
            WHERE {where} AND i.published_on <= ?
              AND (? = 0 OR i.published_on >= ? - to_days(?::INTEGER))),
        title_keys AS (
            SELECT title, title_key, dense_rank() OVER (ORDER BY title_key) AS key_id
            FROM (SELECT title, {key} AS title_key FROM (SELECT DISTINCT title FROM own))),
        keyed AS (
            SELECT *, day_start + item_id AS day_order
            FROM (SELECT own.*, k.title_key, k.key_id,
                         (published_on - DATE '2000-01-01')::BIGINT * 4294967296 AS day_start
                  FROM own JOIN title_keys k USING (title))),
        month AS (SELECT * FROM keyed WHERE published_on BETWEEN ? AND ?),
        latest AS (
            SELECT m.item_id, e.item_id AS earlier_id
            FROM month m ASOF JOIN (SELECT unit_id, key_id, day_order, published_on, item_id FROM keyed) e
                 ON e.unit_id = m.unit_id AND e.key_id = m.key_id AND m.day_start > e.day_order
            WHERE m.title_key <> '' AND (? = 0 OR e.published_on >= m.published_on - to_days(?::INTEGER))),
        earlier AS (
            SELECT l.item_id, e.published_on AS earlier_on, e.title AS earlier_title, e.column_name AS earlier_column
            FROM latest l JOIN keyed e ON e.item_id = l.earlier_id),
        judged AS (
            SELECT m.*, date_diff('day', m.created_on, m.published_on) AS draft_age_days,
                   coalesce(date_diff('day', m.created_on, m.published_on) > ?, FALSE) AS old_draft,
                   e.item_id IS NOT NULL AS same_title, e.earlier_on, e.earlier_title, e.earlier_column
            FROM month m LEFT JOIN earlier e USING (item_id)),
        flagged AS (
            SELECT *,
               strftime(published_on, '%Y-%m-%d') || '在“' || column_name || '”发布《' || title || '》：'
               || concat_ws('，',
                    CASE WHEN old_draft THEN '成文日期' || strftime(created_on, '%Y-%m-%d') || '，发布时已过'
                         || draft_age_days || '天（超过' || ? || '天）' END,
                    CASE WHEN same_title THEN '与本单位' || strftime(earlier_on, '%Y-%m-%d') || '在“'
                         || earlier_column || '”发布的《' || earlier_title || '》标题相同' END) AS reason
            FROM judged
            WHERE same_title OR old_draft)"""
    return sql, [*params, as_of, days, start, days, start, as_of, days, days, old, old]  # in the order of the ?


def rush_reason(row: Mapping[str, Any]) -> str:
    """What one row of `rush_updates` counted: the month's items, those of the closing days, and every one named."""
    return (
        f"当月发布{int(row['items'])}条，其中{int(row['last_items'])}条（{row['share']:.0%}）在月末"
        f"{_day(row['window_start'])}至{_day(row['window_end'])}发布：{row['last_titles']}"
    )


def repost_summary(flagged: pd.DataFrame) -> pd.DataFrame:
    """Per unit of `reposts`: how many items, how many for each reason, and every item's reason.

    Columns: unit_id, unit_name, unit_type, reposts, old_drafts, same_titles, reasons (list of str). Most first.
    """
    columns = ["unit_id", "unit_name", "unit_type", "reposts", "old_drafts", "same_titles", "reasons"]
    if flagged.empty:
        return pd.DataFrame(columns=columns)
    summary = flagged.groupby(["unit_id", "unit_name", "unit_type"], as_index=False, sort=False).agg(
        reposts=("title", "size"),
        old_drafts=("old_draft", "sum"),
        same_titles=("same_title", "sum"),
        reasons=("reason", list),
    )
    return summary.sort_values("reposts", ascending=False, kind="stable").reset_index(drop=True)[columns]


def _day(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:%Y-%m-%d}"  # a date, datetime or Timestamp
