"""Finding lifecycle rules: due dates, the state as of a day, overdue, on-time or late rectification, 回头看.

Never imports streamlit. Frames in, frames out: the page and the exports judge findings only through here.
Due dates are computed on read from the 整改时限 text and the calendar in force (issue 10): a ledger read before
the office entered next year's holidays must not keep an old date.
"""

import re
from datetime import date, timedelta

import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.frames import dates, required_dates
from core.rectification.vocabulary import OPEN_STATES, RECTIFIED, REVIEW_FAILED, STATES

AGE_BUCKETS = ((7, "7天以内"), (30, "8–30天"), (90, "31–90天"), (None, "90天以上"))
SOON_WORKDAYS = 5
# A 整改时限 counted from the day found: `10个工作日`, `15天`, `15日内` (stored as the ledger wrote it, NFKC).
COUNTED_DEADLINE = re.compile(r"^(\d+)\s*个?\s*(工作日|天|日|自然日)(?:内)?$")


def finding_due_date(
    found_on: date, fixed_due: date | None, days: int | None, working_days: bool, calendar: WorkdayCalendar
) -> tuple[date, bool]:
    """整改期限 → (due date, depends on a year without official holidays).

    A date is taken as written; `N个工作日` counts working days after found_on (the start day is not
    counted, 民法典 第二百零一条); `N天` counts calendar days after found_on and, when the last one is a rest
    day, ends on the next working day (民法典 第二百零三条).
    """
    if fixed_due is not None:
        return fixed_due, False
    counted = (calendar.add_workdays if working_days else calendar.add_days)(found_on, days or 0)
    return counted.due, counted.uses_fallback


def due_from_deadline(
    found_on: date, deadline: str | None, written_due: date | None, calendar: WorkdayCalendar
) -> tuple[date | None, bool]:
    """(due date, estimated) of a finding from its stored 整改时限 text, on the calendar in force.

    A counted limit (`10个工作日`, `15天`) is recomputed every time; any other text is a date the loader
    read when importing (`written_due`, calendar-independent, so it may be kept).
    """
    match = COUNTED_DEADLINE.match((deadline or "").replace(" ", ""))
    if match is None:
        return written_due, False
    return finding_due_date(found_on, None, int(match.group(1)), match.group(2) == "工作日", calendar)


def state_as_of(
    status: str, rectified_on: date | None, review: str | None, as_of: date, reviewed_on: date | None = None
) -> str:
    """What a finding was on `as_of`: a 已整改 whose 回头看 failed is open again (整改中) from the day of the
    回头看 on (`reviewed_on`; unknown = always, as before dates were kept); one rectified after as_of was
    still 整改中 then; 无法整改 is closed."""
    if review == REVIEW_FAILED and status == RECTIFIED and (reviewed_on is None or reviewed_on <= as_of):
        return "整改中"
    if status == RECTIFIED and rectified_on is not None and rectified_on > as_of:
        return "整改中"
    return status


def _age_bucket(days: int) -> str:
    return next(label for limit, label in AGE_BUCKETS if limit is None or days <= limit)


def judge_findings(findings: pd.DataFrame, as_of: date, calendar: WorkdayCalendar) -> pd.DataFrame:
    """Add to each finding found by as_of: due_on and due_uses_fallback (recomputed from `deadline` on
    `calendar`), state, is_open, is_overdue, days_overdue, rectified_on_time (True/False, None when not
    rectified or without a date), days_open, age_bucket, newly_overdue (fell overdue in the 7 days up to
    as_of), due_soon (due within the next 5 working days).

    Expects columns: found_on, due_on (the date written as 整改时限, if any), status, rectified_on, review;
    optional: deadline (the 整改时限 text; without it due_on is taken as given), reviewed_on (day of the
    回头看). Dates as datetime.date or Timestamp.
    """
    frame = findings.loc[[d is not None and d <= as_of for d in dates(findings["found_on"])]].copy()
    found, rectified = required_dates(frame["found_on"]), dates(frame["rectified_on"])
    if "deadline" in frame:
        computed = [
            due_from_deadline(f, t if isinstance(t, str) else None, w, calendar)
            for f, t, w in zip(found, frame["deadline"], dates(frame["due_on"]))
        ]
        frame["due_on"] = [c[0] for c in computed]
        frame["due_uses_fallback"] = [c[1] for c in computed]
    due = dates(frame["due_on"])
    reviewed = dates(frame["reviewed_on"]) if "reviewed_on" in frame else [None] * len(frame)
    frame["state"] = [
        state_as_of(s, r, v if isinstance(v, str) else None, as_of, d)
        for s, r, v, d in zip(frame["status"], rectified, frame["review"], reviewed)
    ]
    frame["is_open"] = frame["state"].isin(OPEN_STATES)
    frame["is_overdue"] = [o and d is not None and d < as_of for o, d in zip(frame["is_open"], due)]
    frame["days_overdue"] = [(as_of - d).days if o and d is not None else 0 for d, o in zip(due, frame["is_overdue"])]
    frame["is_overdue"] = frame["is_overdue"].astype(bool)
    frame["rectified_on_time"] = [
        (r <= d) if s == RECTIFIED and r is not None and d is not None else None
        for s, r, d in zip(frame["state"], rectified, due)
    ]
    frame["days_open"] = [(as_of - f).days if o and f is not None else None for f, o in zip(found, frame["is_open"])]
    frame["age_bucket"] = [_age_bucket(d) if d is not None else None for d in frame["days_open"]]
    week_ago = as_of - timedelta(days=7)
    frame["newly_overdue"] = [o and d is not None and d >= week_ago for o, d in zip(frame["is_overdue"], due)]
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
