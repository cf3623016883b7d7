"""依申请公开 rules: reply due dates with 补正, third-party consultation and extension; on time or late.

Never imports streamlit. 条例 第三十三条: reply within 20 working days of receipt, extendable once by at most
20 more; 第三十条: the agency asks for 补正 once, within 7 working days of receipt, and the clock restarts from the
corrected request (until then the request is 待补正); 第三十二、三十三条: time spent consulting third parties is
not counted — a consultation with no end date yet stops the clock from its letter on; 第三十五条: a 延迟答复
carries its own date. Requests received before 2019-05-15 follow the 2007 条例 (15 + 15).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.frames import dates, required_dates
from core.requests.vocabulary import (
    AWAITING_CORRECTION,
    LATE,
    ON_TIME,
    OPEN,
    OUTCOMES,
    OVERDUE,
    REPLIED_STATES,
    STATES,
    UNANSWERED_STATES,
)

NEW_RULES_FROM = date(2019, 5, 15)
CORRECTION_WORKDAYS = 7  # 条例 第三十条: 收到申请之日起7个工作日内一次性告知补正
MIN_FOR_RATE = 5  # below this many requests counted in the rate a unit shows its counts, not a percentage
REPLY_BUCKETS = (
    (5, "5个工作日内"),
    (10, "6–10个工作日"),
    (15, "11–15个工作日"),
    (20, "16–20个工作日"),
    (40, "21–40个工作日"),
    (None, "超过40个工作日"),
)


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
    paused_open: bool = False  # a consultation without an end date on the day judged: the clock stands still


@dataclass(frozen=True)
class CorrectionAndDelay:
    """What a ledger may add to a request (NULL/0 when it does not): the 补正 notice and a 延迟答复 date."""

    requested_on: date | None = None  # 补正告知日期
    count: int = 0  # how many 补正 notices were sent
    delayed_due_on: date | None = None  # 延迟答复 date set under 第三十五条


def _paused_workdays(start: date, consult_from: date | None, consult_to: date | None, calendar: WorkdayCalendar) -> int:
    """Working days spent consulting, from the letter to the answer (both days), after the clock started."""
    if consult_from is None or consult_to is None or consult_to < consult_from:
        return 0
    first = max(consult_from, start + timedelta(days=1))
    if consult_to < first:
        return 0
    return calendar.workdays_between(first - timedelta(days=1), consult_to)[0]


def _correction_flags(received_on: date, extra: CorrectionAndDelay, calendar: WorkdayCalendar) -> tuple[str, ...]:
    """条例 第三十条: the 补正 notice goes out once, within 7 working days of receipt."""
    flags = []
    if extra.requested_on is not None:
        asked_after = calendar.workdays_between(received_on, extra.requested_on)[0]
        if asked_after > CORRECTION_WORKDAYS:
            flags.append(
                f"补正告知晚于收到申请后{CORRECTION_WORKDAYS}个工作日（第{asked_after}个工作日，条例第三十条）"
            )
    if extra.count > 1:
        flags.append(f"补正告知{extra.count}次（条例第三十条要求一次性告知）")
    return tuple(flags)


def request_deadline(
    received_on: date,
    correction_on: date | None,
    extensions: int,
    consult_from: date | None,
    consult_to: date | None,
    calendar: WorkdayCalendar,
    as_of: date | None = None,
    extra: CorrectionAndDelay = CorrectionAndDelay(),
) -> RequestDeadline:
    """The reply due date and why: which day the clock starts, the limit, extension and pauses.

    With `as_of`, a consultation not ended by then (no end date, or one after as_of) pauses the clock from its
    letter through as_of; the due date given is the one if it ended that day, and moves on while it lasts.
    """
    start = correction_on if correction_on and correction_on >= received_on else received_on
    limit = 20 if received_on >= NEW_RULES_FROM else 15
    extension = limit if extensions >= 1 else 0
    flags: tuple[str, ...] = ("延期超过一次（条例只允许延长一次，第二次延期不予计算）",) if extensions > 1 else ()
    flags += _correction_flags(received_on, extra, calendar)
    paused_open = (
        as_of is not None
        and consult_from is not None
        and consult_from <= as_of
        and (consult_to is None or consult_to > as_of)
    )
    pause_end = as_of if paused_open else consult_to
    paused = _paused_workdays(start, consult_from, pause_end, calendar)
    counted = calendar.add_workdays(start, limit + extension + paused)
    parts = [f"法定期限{limit}个工作日"]
    if start != received_on:
        parts.append(f"{start}收到补正后重新起算")
    if extension:
        parts.append(f"经批准延长{extension}个工作日")
    if paused_open and consult_from is not None:
        parts.append(
            f"自{consult_from:%m-%d}起征求第三方意见，期限暂停（至{as_of}已暂停{paused}个工作日，"
            "征求意见结束前截止日期随之顺延；条例第三十二条）"
        )
    elif paused:
        parts.append(f"征求第三方意见（{consult_from}至{consult_to}）{paused}个工作日不计入")
    explanation = "，".join(parts) + f"。{counted.explain()}"
    if extra.delayed_due_on is not None:
        explanation = f"依条例第三十五条延迟答复，答复期限为{extra.delayed_due_on}（按法定期限计算为{counted.due}）。"
        return RequestDeadline(start, limit, extension, paused, extra.delayed_due_on, False, flags, explanation)
    return RequestDeadline(
        start, limit, extension, paused, counted.due, counted.uses_fallback, flags, explanation, paused_open
    )


def _bucket(workdays: int) -> str:
    return next(label for limit, label in REPLY_BUCKETS if limit is None or workdays <= limit)


def _optional(frame: pd.DataFrame, column: str) -> list:
    """A column a ledger may lack (older databases, hand-made frames): None for every row when absent."""
    return list(frame[column]) if column in frame else [None] * len(frame)


def _extras(frame: pd.DataFrame) -> list[CorrectionAndDelay]:
    requested = dates(pd.Series(_optional(frame, "correction_requested_on"), dtype=object))
    delayed = dates(pd.Series(_optional(frame, "delayed_due_on"), dtype=object))
    counts = [0 if pd.isna(c) else int(c) for c in _optional(frame, "correction_count")]
    return [CorrectionAndDelay(r, c, d) for r, c, d in zip(requested, counts, delayed)]


def judge_requests(requests: pd.DataFrame, as_of: date, calendar: WorkdayCalendar) -> pd.DataFrame:
    """Add to each request received by as_of: due_on (None while 待补正), state, reply_workdays (working days
    used, pauses excluded), reply_bucket, days_overdue, flags, explanation, uses_fallback.

    Expects columns: received_on, correction_received_on, extension_count, consultation_from,
    consultation_to, replied_on; optional: correction_requested_on, correction_count, delayed_due_on.
    A reply or a consultation end dated after as_of counts as not yet there; so does a corrected request for
    the 待补正 state (the clock still restarts from its date).
    """
    frame = requests.loc[[d <= as_of for d in required_dates(requests["received_on"])]].copy()
    received = required_dates(frame["received_on"])
    replied = [r if r is not None and r <= as_of else None for r in dates(frame["replied_on"])]
    corrected = dates(frame["correction_received_on"])
    extras = _extras(frame)
    deadlines = [
        request_deadline(rec, c, int(e or 0), f, t, calendar, rep or as_of, x)
        for rec, c, e, f, t, rep, x in zip(
            received,
            corrected,
            frame["extension_count"],
            dates(frame["consultation_from"]),
            dates(frame["consultation_to"]),
            replied,
            extras,
            strict=False,
        )
    ]
    waiting = [
        r is None and (c is None or c > as_of) and x.requested_on is not None and x.requested_on <= as_of
        for r, c, x in zip(replied, corrected, extras)
    ]
    frame["due_on"] = [None if w else d.due for d, w in zip(deadlines, waiting)]
    frame["state"] = [
        AWAITING_CORRECTION if w else _state(r, d.due, as_of) for r, d, w in zip(replied, deadlines, waiting)
    ]
    used = [
        calendar.workdays_between(d.start, r)[0] - d.paused_workdays if r is not None else None
        for r, d in zip(replied, deadlines)
    ]
    frame["reply_workdays"] = pd.array(used, dtype="Int64")
    frame["reply_bucket"] = [_bucket(w) if w is not None else None for w in used]
    frame["days_overdue"] = [(as_of - d.due).days if s == OVERDUE else 0 for s, d in zip(frame["state"], deadlines)]
    frame["flags"] = ["；".join(d.flags) for d in deadlines]
    frame["explanation"] = [
        f"{x.requested_on}告知补正，等待申请人补正；答复期限自收到补正之日起重新计算（条例第三十条）。"
        if w
        else d.explanation
        for d, w, x in zip(deadlines, waiting, extras)
    ]
    frame["uses_fallback"] = [d.uses_fallback and not w for d, w in zip(deadlines, waiting)]
    return frame


def _state(replied: date | None, due: date, as_of: date) -> str:
    if replied is not None:
        return ON_TIME if replied <= due else LATE
    return OVERDUE if due < as_of else OPEN


def by_unit(judged: pd.DataFrame) -> pd.DataFrame:
    """Per unit: the counts and the 按时率 = on time ÷ (replied + overdue unanswered) — a request past its
    due date without a reply counts against the unit as much as a late one (issue 10). The rate is given only
    when at least MIN_FOR_RATE requests count in it (else None: a rate over 2 requests misleads).

    Columns: unit_name, received, on_time, late, replied, open (办理中 + 逾期未答复 + 待补正), open_overdue,
    awaiting_correction, rate_base (replied + open_overdue: the rate's denominator), on_time_rate.
    """
    counts = pd.crosstab(judged["unit_name"], judged["state"]).reindex(columns=list(STATES), fill_value=0)
    result = pd.DataFrame(
        {
            "unit_name": counts.index,
            "received": counts.sum(axis=1).to_numpy(),
            "on_time": counts[ON_TIME].to_numpy(),
            "late": counts[LATE].to_numpy(),
            "replied": (counts[ON_TIME] + counts[LATE]).to_numpy(),
            "open": (counts[OPEN] + counts[OVERDUE] + counts[AWAITING_CORRECTION]).to_numpy(),
            "open_overdue": counts[OVERDUE].to_numpy(),
            "awaiting_correction": counts[AWAITING_CORRECTION].to_numpy(),
        }
    )
    result["rate_base"] = result["replied"] + result["open_overdue"]
    result["on_time_rate"] = [
        round(o / b, 4) if b >= MIN_FOR_RATE else None for o, b in zip(result["on_time"], result["rate_base"])
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
    replied = judged.loc[judged["state"].isin(REPLIED_STATES)]
    counts = replied["outcome"].fillna("未填写").value_counts()
    labels = [*OUTCOMES, *sorted(set(counts.index) - set(OUTCOMES))]
    return pd.DataFrame({"outcome": labels, "requests": [int(counts.get(o, 0)) for o in labels]})


def state_counts(judged: pd.DataFrame) -> dict[str, int]:
    """Requests per state (vocabulary.STATES), every state listed."""
    counts = judged["state"].value_counts()
    return {state: int(counts.get(state, 0)) for state in STATES}


def open_requests(judged: pd.DataFrame) -> pd.DataFrame:
    """Requests not yet answered, most overdue first, then the nearest due date."""
    return judged.loc[judged["state"].isin(UNANSWERED_STATES)].sort_values(
        ["days_overdue", "due_on"], ascending=[False, True]
    )[["unit_name", "request_no", "received_on", "extension_count", "due_on", "state", "days_overdue", "flags"]]
