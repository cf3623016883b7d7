"""Finding lifecycle rules: due dates, the state as of a day, overdue, on-time or late rectification, 回头看.

Never imports streamlit. Frames in, frames out: the page and the exports judge findings only through here.
"""

from datetime import date, timedelta

import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.frames import dates

OPEN_STATES = ("未整改", "整改中")
RECTIFIED = "已整改"
CANNOT = "无法整改"
STATES = (*OPEN_STATES, RECTIFIED, CANNOT)
REVIEW_FAILED = "未通过"
AGE_BUCKETS = ((7, "7天以内"), (30, "8–30天"), (90, "31–90天"), (None, "90天以上"))
SOON_WORKDAYS = 5


def finding_due_date(
    found_on: date, fixed_due: date | None, days: int | None, working_days: bool, calendar: WorkdayCalendar
) -> tuple[date, bool]:
    """整改期限 → (due date, depends on a year without official holidays).

    A date is taken as written; `N个工作日` counts working days after found_on (the start day is not
    counted, 民法典 第二百零一条); `N天` counts calendar days after found_on.
    """
    if fixed_due is not None:
        return fixed_due, False
    if working_days:
        counted = calendar.add_workdays(found_on, days or 0)
        return counted.due, counted.uses_fallback
    return calendar.add_days(found_on, days or 0), False


def state_as_of(status: str, rectified_on: date | None, review: str | None, as_of: date) -> str:
    """What a finding was on `as_of`: a 已整改 whose 回头看 failed is open again (整改中); one rectified
    after as_of was still 整改中 then; 无法整改 is closed."""
    if review == REVIEW_FAILED and status == RECTIFIED:
        return "整改中"
    if status == RECTIFIED and rectified_on is not None and rectified_on > as_of:
        return "整改中"
    return status


def _age_bucket(days: int) -> str:
    return next(label for limit, label in AGE_BUCKETS if limit is None or days <= limit)


def judge_findings(findings: pd.DataFrame, as_of: date, calendar: WorkdayCalendar) -> pd.DataFrame:
    """Add to each finding found by as_of: state, is_open, is_overdue, days_overdue, rectified_on_time
    (True/False, None when not rectified or without a date), days_open, age_bucket, newly_overdue (fell
    overdue in the 7 days up to as_of), due_soon (due within the next 5 working days).

    Expects columns: found_on, due_on, status, rectified_on, review (dates as datetime.date or Timestamp).
    """
    frame = findings.loc[[d is not None and d <= as_of for d in dates(findings["found_on"])]].copy()
    found, due, rectified = dates(frame["found_on"]), dates(frame["due_on"]), dates(frame["rectified_on"])
    frame["state"] = [
        state_as_of(s, r, v if isinstance(v, str) else None, as_of)
        for s, r, v in zip(frame["status"], rectified, frame["review"])
    ]
    frame["is_open"] = frame["state"].isin(OPEN_STATES)
    frame["is_overdue"] = [o and d is not None and d < as_of for o, d in zip(frame["is_open"], due)]
    frame["days_overdue"] = [(as_of - d).days if o else 0 for d, o in zip(due, frame["is_overdue"])]
    frame["is_overdue"] = frame["is_overdue"].astype(bool)
    frame["rectified_on_time"] = [
        (r <= d) if s == RECTIFIED and r is not None and d is not None else None
        for s, r, d in zip(frame["state"], rectified, due)
    ]
    frame["days_open"] = [(as_of - f).days if o else None for f, o in zip(found, frame["is_open"])]
    frame["age_bucket"] = [_age_bucket(d) if d is not None else None for d in frame["days_open"]]
    week_ago = as_of - timedelta(days=7)
    frame["newly_overdue"] = [o and d >= week_ago for o, d in zip(frame["is_overdue"], due)]
    horizon = calendar.add_workdays(as_of, SOON_WORKDAYS).due
    frame["due_soon"] = [o and d is not None and as_of <= d <= horizon for o, d in zip(frame["is_open"], due)]
    return frame


def count_by(judged: pd.DataFrame, column: str) -> pd.DataFrame:
    """Findings per value of `column` (unit_name, inspection, problem_type) split by state, plus overdue.

    Columns: <column>, 未整改, 整改中, 已整改, 无法整改, total, overdue; most overdue first.
    """
    table = pd.crosstab(judged[column], judged["state"]).reindex(columns=list(STATES), fill_value=0)
    table["total"] = table.sum(axis=1)
    table["overdue"] = judged.groupby(column)["is_overdue"].sum().reindex(table.index).fillna(0).astype(int)
    table = table.reset_index()
    table.columns.name = None
    return table.sort_values(["overdue", "total"], ascending=False, kind="stable").reset_index(drop=True)


def aging(judged: pd.DataFrame) -> pd.DataFrame:
    """Open findings per age bucket, every bucket listed in order. Columns: age_bucket, findings."""
    counts = judged.loc[judged["is_open"], "age_bucket"].value_counts()
    return pd.DataFrame(
        {
            "age_bucket": [label for _, label in AGE_BUCKETS],
            "findings": [int(counts.get(label, 0)) for _, label in AGE_BUCKETS],
        }
    )


def overdue_list(judged: pd.DataFrame) -> pd.DataFrame:
    """Open findings past their due date, most overdue first."""
    return judged.loc[judged["is_overdue"]].sort_values(["days_overdue", "found_on"], ascending=[False, True])


def chase_list(judged: pd.DataFrame) -> pd.DataFrame:
    """The 催办 list: findings that fell overdue in the last 7 days, then those due within 5 working days.

    Adds column `chase_reason` (本周新增逾期 / 5个工作日内到期).
    """
    newly = judged.loc[judged["newly_overdue"]].assign(chase_reason="本周新增逾期")
    soon = judged.loc[judged["due_soon"]].assign(chase_reason="5个工作日内到期")
    return pd.concat([newly.sort_values("due_on"), soon.sort_values("due_on")], ignore_index=True)
