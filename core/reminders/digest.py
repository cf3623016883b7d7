"""What a Monday reminder is about: per unit, judged on `today` by the domains that own each rule.

Never imports streamlit. The week is the last complete natural week before today (Period.week_start/week_end, the
一周一更新 rule); columns in the warning band come from core.monitoring.freshness; findings due within 5 working days
and newly overdue from core.rectification.rules; requests due within 5 working days from core.requests.deadlines
(the horizon is the same SOON_WORKDAYS as for findings).
"""

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.frames import dates
from core.monitoring.freshness import column_freshness, weekly_items
from core.monitoring.vocabulary import WARNING
from core.rectification.queries import findings
from core.rectification.rules import SOON_WORKDAYS, judge_findings
from core.requests.deadlines import judge_requests
from core.requests.queries import requests_received
from core.requests.vocabulary import OPEN
from core.storage.db import fetch_df
from core.storage.scope import Period, UnitScope


@dataclass(frozen=True)
class Digest:
    """The reminder's facts for the units in scope on `today` (each frame has unit_id and unit_name)."""

    today: date
    week_start: date
    week_end: date
    horizon: date  # the last day of "within 5 working days"
    units: pd.DataFrame  # unit_id, unit_name, unit_type, liaison, mobile, email (every unit in scope)
    silent: pd.DataFrame  # units with no item in the week (weeks with no working day are not required)
    warning: pd.DataFrame  # columns 即将超期: unit_id, unit_name, column_name, last_published_on, due_on, days_since
    findings_soon: pd.DataFrame  # open findings due today..horizon: finding_no, description, due_on, ...
    findings_overdue: pd.DataFrame  # findings that fell overdue in the 7 days up to today, with days_overdue
    requests_soon: pd.DataFrame  # unanswered requests due today..horizon: request_no, received_on, due_on

    def empty_for(self, unit_id: int) -> bool:
        """Whether the unit has nothing to be reminded of."""
        return not any(
            (frame["unit_id"] == unit_id).any()
            for frame in (self.silent, self.warning, self.findings_soon, self.findings_overdue, self.requests_soon)
        )


def unit_contacts(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """Units in scope with their liaison's contacts from the 单位名录 (NULL when not given), in registry order.

    Columns: unit_id, unit_name, unit_type, liaison, mobile, email (each the newest non-empty value of the
    单位名录 imports still in force).
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""WITH c AS (SELECT unit_id, arg_max(liaison, import_id) FILTER (WHERE liaison IS NOT NULL) AS liaison,
                              arg_max(mobile, import_id) FILTER (WHERE mobile IS NOT NULL) AS mobile,
                              arg_max(email, import_id) FILTER (WHERE email IS NOT NULL) AS email
                       FROM unit_contacts GROUP BY unit_id)
            SELECT u.unit_id, u.name AS unit_name, u.unit_type, c.liaison, c.mobile, c.email
            FROM units u LEFT JOIN c USING (unit_id) WHERE {where}
            ORDER BY u.sort_order NULLS LAST, u.name""",
        params,
    )


def reminder_digest(con: duckdb.DuckDBPyConnection, today: date, scope: UnitScope, calendar: WorkdayCalendar) -> Digest:
    """The facts of the reminder sent on `today` (meant for a Monday; any day judges the week before it)."""
    period = Period(today, today, today)
    week_start, week_end = period.week_start, period.week_end
    horizon = calendar.add_workdays(today, SOON_WORKDAYS).due
    weeks = weekly_items(con, scope, calendar, week_start, week_end)
    silent = weeks.loc[weeks["missing"], ["unit_id", "unit_name", "unit_type", "week_start", "week_end"]]
    columns = column_freshness(con, period, scope)
    warning = columns.loc[
        columns["state"] == WARNING,
        ["unit_id", "unit_name", "column_name", "last_published_on", "due_on", "days_since"],
    ].sort_values(["due_on", "unit_name"], kind="stable")
    judged = judge_findings(findings(con, scope), today, calendar)
    finding_columns = ["unit_id", "unit_name", "finding_no", "inspection", "description", "due_on", "days_overdue"]
    requests = judge_requests(requests_received(con, scope, date(today.year - 1, 1, 1), today), today, calendar)
    soon = [
        s == OPEN and d is not None and today <= d <= horizon
        for s, d in zip(requests["state"], dates(requests["due_on"]))
    ]
    return Digest(
        today=today,
        week_start=week_start,
        week_end=week_end,
        horizon=horizon,
        units=unit_contacts(con, scope),
        silent=silent.reset_index(drop=True),
        warning=warning.reset_index(drop=True),
        findings_soon=judged.loc[judged["due_soon"], finding_columns].sort_values("due_on").reset_index(drop=True),
        findings_overdue=judged.loc[judged["newly_overdue"], finding_columns]
        .sort_values("due_on")
        .reset_index(drop=True),
        requests_soon=requests.loc[soon, ["unit_id", "unit_name", "request_no", "received_on", "due_on"]]
        .sort_values("due_on")
        .reset_index(drop=True),
    )
