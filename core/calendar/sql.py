"""The working-day calendar as a DuckDB relation, so day counts over a million items stay inside SQL.

Never imports streamlit. `register_calendar` exposes `workday_calendar(day, is_workday, workday_idx,
fallback, fallback_idx)` on a connection: workday_idx counts working days up to and including `day`, so the
working days in (a, b] are idx(b) − idx(a) (the start day is not counted, 民法典 第二百零一条);
fallback_idx counts days whose year has no official holiday data, so a difference > 0 flags an estimate.
"""

from datetime import date, timedelta

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar

VIEW = "workday_calendar"
_MARGIN_DAYS = 200  # due dates of 20 (+20) working days can run past the period end


def calendar_frame(calendar: WorkdayCalendar, start: date, end: date) -> pd.DataFrame:
    """One row per day from start to end with the cumulative working-day and fallback counters."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    infos = [calendar.day(d) for d in days]
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(days).date,
            "is_workday": [i.is_workday for i in infos],
            "fallback": [i.fallback for i in infos],
        }
    )
    frame["workday_idx"] = frame["is_workday"].cumsum().astype("int64")
    frame["fallback_idx"] = frame["fallback"].cumsum().astype("int64")
    return frame


def register_calendar(con: duckdb.DuckDBPyConnection, calendar: WorkdayCalendar, start: date, end: date) -> None:
    """Make `workday_calendar` available on `con` for days start − margin … end + margin."""
    frame = calendar_frame(calendar, start - timedelta(days=_MARGIN_DAYS), end + timedelta(days=_MARGIN_DAYS))
    con.register(VIEW, frame)
