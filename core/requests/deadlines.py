"""依申请公开 rules: reply due dates with 补正, third-party consultation and extension; on time or late.

Never imports streamlit. 条例 第三十三条: reply within 20 working days of receipt, extendable once by at most
20 more; 第三十条: after a 补正 the clock restarts from the corrected request; 第三十二、三十三条: time spent
consulting third parties is not counted. Requests received before 2019-05-15 follow the 2007 条例 (15 + 15).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.frames import dates

NEW_RULES_FROM = date(2019, 5, 15)
MIN_FOR_RATE = 5  # below this many replies a unit shows its counts, not a percentage
REPLY_BUCKETS = (
    (5, "5个工作日内"),
    (10, "6–10个工作日"),
    (15, "11–15个工作日"),
    (20, "16–20个工作日"),
    (40, "21–40个工作日"),
    (None, "超过40个工作日"),
)
OUTCOMES = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
STATES = ("按时答复", "超期答复", "逾期未答复", "办理中")


@dataclass(frozen=True)
class RequestDeadline:
    start: date  # the day the clock starts after: receipt, or the corrected request's receipt
    limit: int
    extension: int
    paused_workdays: int
    due: date
    uses_fallback: bool
    flags: tuple[str, ...] = field(default_factory=tuple)
    explanation: str = ""


def _paused_workdays(start: date, consult_from: date | None, consult_to: date | None, calendar: WorkdayCalendar) -> int:
    """Working days spent consulting, from the letter to the answer (both days), after the clock started."""
    if consult_from is None or consult_to is None or consult_to < consult_from:
        return 0
    first = max(consult_from, start + timedelta(days=1))
    if consult_to < first:
        return 0
    return calendar.workdays_between(first - timedelta(days=1), consult_to)[0]


def request_deadline(
    received_on: date,
    correction_on: date | None,
    extensions: int,
    consult_from: date | None,
    consult_to: date | None,
    calendar: WorkdayCalendar,
) -> RequestDeadline:
    """The reply due date and why: which day the clock starts, the limit, extension and pauses."""
    start = correction_on if correction_on and correction_on >= received_on else received_on
    limit = 20 if received_on >= NEW_RULES_FROM else 15
    extension = limit if extensions >= 1 else 0
    flags = ("延期超过一次（条例只允许延长一次，第二次延期不予计算）",) if extensions > 1 else ()
    paused = _paused_workdays(start, consult_from, consult_to, calendar)
    counted = calendar.add_workdays(start, limit + extension + paused)
    parts = [f"法定期限{limit}个工作日"]
    if start != received_on:
        parts.append(f"{start}收到补正后重新起算")
    if extension:
        parts.append(f"经批准延长{extension}个工作日")
    if paused:
        parts.append(f"征求第三方意见（{consult_from}至{consult_to}）{paused}个工作日不计入")
    explanation = "，".join(parts) + f"。{counted.explain()}"
    return RequestDeadline(start, limit, extension, paused, counted.due, counted.uses_fallback, flags, explanation)


def _bucket(workdays: int) -> str:
    return next(label for limit, label in REPLY_BUCKETS if limit is None or workdays <= limit)


def judge_requests(requests: pd.DataFrame, as_of: date, calendar: WorkdayCalendar) -> pd.DataFrame:
    """Add to each request received by as_of: due_on, state, reply_workdays (working days used, pauses
    excluded), reply_bucket, days_overdue, flags, explanation, uses_fallback.

    Expects columns: received_on, correction_received_on, extension_count, consultation_from,
    consultation_to, replied_on. A reply dated after as_of counts as not yet given.
    """
    frame = requests.loc[[d <= as_of for d in dates(requests["received_on"])]].copy()
    received = dates(frame["received_on"])
    replied = [r if r is not None and r <= as_of else None for r in dates(frame["replied_on"])]
    deadlines = [
        request_deadline(r, c, int(e or 0), f, t, calendar)
        for r, c, e, f, t in zip(
            received,
            dates(frame["correction_received_on"]),
            frame["extension_count"],
            dates(frame["consultation_from"]),
            dates(frame["consultation_to"]),
        )
    ]
    frame["due_on"] = [d.due for d in deadlines]
    frame["state"] = [_state(r, d.due, as_of) for r, d in zip(replied, deadlines)]
    used = [
        calendar.workdays_between(d.start, r)[0] - d.paused_workdays if r is not None else None
        for r, d in zip(replied, deadlines)
    ]
    frame["reply_workdays"] = pd.array(used, dtype="Int64")
    frame["reply_bucket"] = [_bucket(w) if w is not None else None for w in used]
    frame["days_overdue"] = [
        (as_of - d.due).days if s == "逾期未答复" else 0 for s, d in zip(frame["state"], deadlines)
    ]
    frame["flags"] = ["；".join(d.flags) for d in deadlines]
    frame["explanation"] = [d.explanation for d in deadlines]
    frame["uses_fallback"] = [d.uses_fallback for d in deadlines]
    return frame


def _state(replied: date | None, due: date, as_of: date) -> str:
    if replied is not None:
        return "按时答复" if replied <= due else "超期答复"
    return "逾期未答复" if due < as_of else "办理中"


def by_unit(judged: pd.DataFrame) -> pd.DataFrame:
    """Per unit: received, replied on time / late, open, open and overdue, and the on-time rate — only when
    the unit replied to at least MIN_FOR_RATE requests (else None: a rate over 2 requests misleads).

    Columns: unit_name, received, on_time, late, open, open_overdue, on_time_rate.
    """
    counts = pd.crosstab(judged["unit_name"], judged["state"]).reindex(columns=list(STATES), fill_value=0)
    result = pd.DataFrame(
        {
            "unit_name": counts.index,
            "received": counts.sum(axis=1).to_numpy(),
            "on_time": counts["按时答复"].to_numpy(),
            "late": counts["超期答复"].to_numpy(),
            "open": (counts["办理中"] + counts["逾期未答复"]).to_numpy(),
            "open_overdue": counts["逾期未答复"].to_numpy(),
        }
    )
    replied = result["on_time"] + result["late"]
    result["on_time_rate"] = [
        round(o / r, 4) if r >= MIN_FOR_RATE else None for o, r in zip(result["on_time"], replied)
    ]
    return result.sort_values(["open_overdue", "late", "received"], ascending=False, kind="stable").reset_index(
        drop=True
    )


def reply_distribution(judged: pd.DataFrame) -> pd.DataFrame:
    """Replies per reply-time bucket, every bucket listed. Columns: bucket, requests."""
    counts = judged["reply_bucket"].value_counts()
    return pd.DataFrame(
        {
            "bucket": [label for _, label in REPLY_BUCKETS],
            "requests": [int(counts.get(label, 0)) for _, label in REPLY_BUCKETS],
        }
    )


def outcome_breakdown(judged: pd.DataFrame) -> pd.DataFrame:
    """Replied requests per outcome, in the annual report's row order (条例 第三十六条; 年报表三).

    Columns: outcome, requests. Replies without an outcome are counted as 未填写.
    """
    replied = judged.loc[judged["state"].isin(["按时答复", "超期答复"])]
    counts = replied["outcome"].fillna("未填写").value_counts()
    labels = [*OUTCOMES, *sorted(set(counts.index) - set(OUTCOMES))]
    return pd.DataFrame({"outcome": labels, "requests": [int(counts.get(o, 0)) for o in labels]})
