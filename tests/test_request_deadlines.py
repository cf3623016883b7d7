"""依申请公开 due dates and judgements, hand-counted on the 2026 calendar (holidays and 调休 included)."""

from datetime import date

import pandas as pd
import pytest

from core.calendar.workdays import load_calendar
from core.requests.deadlines import (
    MIN_FOR_RATE,
    by_unit,
    judge_requests,
    outcome_breakdown,
    reply_distribution,
    request_deadline,
)

CAL = load_calendar()


def test_plain_request_over_national_day():
    # received Mon 09-28; counted: 09-29, 09-30 (2); 10-01..07 holiday; 10-08, 10-09 (4); Sat 10-10 调休 (5);
    # 10-12..16 (10); 10-19..23 (15); 10-26..30 (20) → 2026-10-30
    d = request_deadline(date(2026, 9, 28), None, 0, None, None, CAL)
    assert (d.due, d.limit, d.extension, d.paused_workdays, d.flags) == (date(2026, 10, 30), 20, 0, 0, ())
    assert "国庆节" in d.explanation and "2026-10-10" in d.explanation


def test_deadline_that_would_fall_in_a_holiday_moves_past_it():
    # received Fri 04-17: 04-20..24 (5); 04-27..30 (9); 05-01..05 劳动节; 05-06, 07, 08 (12); Sat 05-09 调休 (13);
    # 05-11..15 (18); 05-18 (19); 05-19 (20) → 2026-05-19
    assert request_deadline(date(2026, 4, 17), None, 0, None, None, CAL).due == date(2026, 5, 19)


def test_one_extension_adds_twenty_working_days():
    # 20 more after 10-30: 11-02..06 (5); 11-09..13 (10); 11-16..20 (15); 11-23..27 (20) → 2026-11-27
    assert request_deadline(date(2026, 9, 28), None, 1, None, None, CAL).due == date(2026, 11, 27)


def test_a_second_extension_is_flagged_and_not_counted():
    d = request_deadline(date(2026, 9, 28), None, 2, None, None, CAL)
    assert d.due == date(2026, 11, 27) and d.extension == 20
    assert d.flags and "延期超过一次" in d.flags[0]


def test_correction_restarts_the_clock():
    # corrected request received Fri 10-09: 10-10 Sat 调休 (1); 10-12..16 (6); 10-19..23 (11); 10-26..30 (16);
    # 11-02..05 (20) → 2026-11-05
    d = request_deadline(date(2026, 9, 28), date(2026, 10, 9), 0, None, None, CAL)
    assert (d.start, d.due) == (date(2026, 10, 9), date(2026, 11, 5))
    assert "补正" in d.explanation


def test_consultation_days_are_not_counted():
    # consulting Mon 10-12 … Fri 10-16 = 5 working days paused: 25 working days after 09-28 → 10-30 + 5 → 11-06
    d = request_deadline(date(2026, 9, 28), None, 0, date(2026, 10, 12), date(2026, 10, 16), CAL)
    assert (d.paused_workdays, d.due) == (5, date(2026, 11, 6))


def test_requests_before_the_2019_revision_have_fifteen_days():
    assert request_deadline(date(2019, 5, 14), None, 0, None, None, CAL).limit == 15
    assert request_deadline(date(2019, 5, 15), None, 0, None, None, CAL).limit == 20


def test_a_deadline_in_a_year_without_holiday_data_is_flagged():
    d = request_deadline(date(2026, 12, 15), None, 0, None, None, CAL)
    assert d.uses_fallback and "2027年" in d.explanation


def _frame(rows):
    columns = [
        "unit_name",
        "received_on",
        "correction_received_on",
        "extension_count",
        "consultation_from",
        "consultation_to",
        "replied_on",
        "outcome",
    ]
    return pd.DataFrame(rows, columns=columns)


def test_states_as_of_a_day():
    frame = _frame(
        [
            ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 10, 30), "予以公开"],  # due 10-30: on time
            ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 11, 2), "部分公开"],  # late
            ["甲", date(2026, 9, 28), None, 0, None, None, None, None],  # open, overdue after 10-30
            ["乙", date(2026, 11, 10), None, 0, None, None, None, None],  # open, within its time
            ["乙", date(2026, 12, 1), None, 0, None, None, None, None],  # not received yet
        ]
    )
    judged = judge_requests(frame, date(2026, 11, 20), CAL)
    assert list(judged["state"]) == ["按时答复", "超期答复", "逾期未答复", "办理中"]
    # 09-28 → 10-30 is 20 working days (see above); → Mon 11-02 is 21
    assert judged["reply_workdays"].tolist()[:2] == [20, 21]
    assert judged["reply_workdays"].isna().tolist()[2:] == [True, True]
    assert judged["days_overdue"].tolist() == [0, 0, 21, 0]  # 10-30 → 11-20


def test_a_reply_after_the_day_judged_counts_as_not_yet_given():
    frame = _frame([["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 11, 2), None]])
    assert judge_requests(frame, date(2026, 10, 31), CAL)["state"].tolist() == ["逾期未答复"]


def test_on_time_rate_only_with_enough_replies():
    on_time = ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 10, 20), "予以公开"]
    late = ["乙", date(2026, 9, 28), None, 0, None, None, date(2026, 11, 20), "不予公开"]
    frame = _frame([on_time] * MIN_FOR_RATE + [late])
    units = by_unit(judge_requests(frame, date(2026, 11, 30), CAL)).set_index("unit_name")
    assert units.loc["甲", "on_time_rate"] == 1.0
    assert pd.isna(units.loc["乙", "on_time_rate"]) and units.loc["乙", "late"] == 1


def test_distribution_and_outcomes_list_every_bucket_and_row():
    frame = _frame(
        [
            ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 10, 9), "予以公开"],  # 4 working days
            ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 10, 30), None],
        ]
    )  # 20
    judged = judge_requests(frame, date(2026, 11, 30), CAL)
    dist = dict(zip(*reply_distribution(judged).T.values))
    assert dist == {
        "5个工作日内": 1,
        "6–10个工作日": 0,
        "11–15个工作日": 0,
        "16–20个工作日": 1,
        "21–40个工作日": 0,
        "超过40个工作日": 0,
    }
    outcomes = dict(zip(*outcome_breakdown(judged).T.values))
    assert outcomes["予以公开"] == 1 and outcomes["未填写"] == 1 and outcomes["其他处理"] == 0


@pytest.mark.parametrize("received", [date(2027, 1, 4), date(2027, 6, 1)])
def test_nothing_crashes_in_2027(received):
    d = request_deadline(received, None, 0, None, None, CAL)
    assert d.uses_fallback and d.due > received
