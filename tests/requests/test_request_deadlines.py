"""依申请公开 due dates and judgements, hand-counted on the 2026 calendar (holidays and 调休 included)."""

from datetime import date

import pandas as pd
import pytest

from core.calendar.workdays import load_calendar
from core.requests.deadlines import (
    MIN_FOR_RATE,
    by_unit,
    judge_requests,
    open_requests,
    outcome_breakdown,
    reply_distribution,
    request_deadline,
    state_counts,
)
from core.requests.vocabulary import AWAITING_CORRECTION, LATE, ON_TIME, OPEN, OVERDUE, STATES

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


def test_state_counts_and_the_open_list_come_from_the_vocabulary():
    frame = _frame(
        [
            ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 10, 30), "予以公开"],  # on time
            ["甲", date(2026, 9, 28), None, 0, None, None, None, None],  # overdue since 10-30: 21 days on 11-20
            ["乙", date(2026, 10, 20), None, 0, None, None, None, None],  # overdue since 11-17: 3 days
            ["乙", date(2026, 11, 10), None, 0, None, None, None, None],  # open, due 12-08
        ]
    )
    frame["request_no"] = ["Q1", "Q2", "Q3", "Q4"]
    judged = judge_requests(frame, date(2026, 11, 20), CAL)
    assert state_counts(judged) == {ON_TIME: 1, LATE: 0, OVERDUE: 2, OPEN: 1, AWAITING_CORRECTION: 0}
    listed = open_requests(judged)
    assert listed["state"].tolist() == [OVERDUE, OVERDUE, OPEN]
    assert listed["days_overdue"].tolist() == [21, 3, 0]


def test_every_request_state_has_a_label_on_the_page():
    from ui.strings import REQUEST_STATE_LABELS

    assert set(REQUEST_STATE_LABELS) == set(STATES)


def test_an_open_third_party_consultation_stops_the_clock():
    # received Fri 10-09; counted 10-10 Sat 调休 (1), 10-12..16 (6), 10-19 (7); consultation letter Tue 10-20, no
    # answer yet. Judged 11-10: paused 10-20..23 (4), 10-26..30 (9), 11-02..06 (14), 11-09, 11-10 (16) working days,
    # so the due date is 36 working days after 10-09: … 11-23..27 (36) → 11-27 for now; 办理中, not overdue.
    # (Ignoring the pause: 20 working days → 11-05, 逾期未答复 5 days on 11-10 — the defect.)
    frame = _frame([["甲", date(2026, 10, 9), None, 0, date(2026, 10, 20), None, None, None]])
    frame["request_no"] = ["QY-1"]
    judged = judge_requests(frame, date(2026, 11, 10), CAL)
    row = judged.iloc[0]
    assert (row["state"], row["days_overdue"], row["due_on"]) == (OPEN, 0, date(2026, 11, 27))
    assert "自10-20起征求第三方意见，期限暂停" in row["explanation"]
    units = by_unit(judged)
    assert units.loc[0, ["open", "open_overdue"]].tolist() == [1, 0]
    # judged before the letter the clock ran normally; an answer dated 10-23 closes the pause (10-20..23 = 4 days)
    assert judge_requests(frame, date(2026, 10, 19), CAL)["due_on"].tolist() == [date(2026, 11, 5)]
    frame["consultation_to"] = [date(2026, 10, 23)]
    closed = judge_requests(frame, date(2026, 11, 10), CAL).iloc[0]
    # 24 working days after 10-09: … 11-02..05 (20), 11-06 (21), 11-09..11 (24) → 11-11; 办理中 on 11-10
    assert (closed["due_on"], closed["state"]) == (date(2026, 11, 11), OPEN)


def test_on_time_rate_counts_overdue_unanswered_requests():
    # 5 replies on time + 3 past their due date with no reply → 5 / (5 + 3) = 62.5 % (it showed 100 %)
    on_time = ["甲", date(2026, 9, 28), None, 0, None, None, date(2026, 10, 20), "予以公开"]
    overdue = ["甲", date(2026, 9, 28), None, 0, None, None, None, None]  # due 10-30, unanswered on 11-30
    open_in_time = ["甲", date(2026, 11, 20), None, 0, None, None, None, None]  # not yet due: not counted
    units = by_unit(judge_requests(_frame([on_time] * 5 + [overdue] * 3 + [open_in_time]), date(2026, 11, 30), CAL))
    row = units.iloc[0]
    assert row[["on_time", "replied", "open_overdue", "rate_base"]].tolist() == [5, 5, 3, 8]
    assert row["on_time_rate"] == 0.625
    # 2 replies and 3 overdue: 5 counted, so the rate is shown (2 / 5 = 40 %)
    few = by_unit(judge_requests(_frame([on_time] * 2 + [overdue] * 3), date(2026, 11, 30), CAL)).iloc[0]
    assert (few["rate_base"], few["on_time_rate"]) == (5, 0.4)


def _with_correction(requested, corrected=None, count=1, replied=None):
    frame = _frame([["甲", date(2026, 11, 2), corrected, 0, None, None, replied, None]])
    frame["request_no"] = ["BZ-1"]
    frame["correction_requested_on"] = [requested]
    frame["correction_count"] = [count]
    return frame


def test_a_request_waiting_for_correction_is_not_overdue():
    # received Mon 11-02, 补正 asked Thu 11-05 (3rd working day: 11-03, 04, 05); no corrected request by 12-15,
    # when 20 working days from 11-02 (11-30) have long passed: 待补正, not 逾期未答复
    judged = judge_requests(_with_correction(date(2026, 11, 5)), date(2026, 12, 15), CAL)
    row = judged.iloc[0]
    assert (row["state"], row["days_overdue"], row["due_on"], row["flags"]) == (AWAITING_CORRECTION, 0, None, "")
    assert "等待申请人补正" in row["explanation"]
    assert by_unit(judged).loc[0, ["awaiting_correction", "open_overdue", "rate_base"]].tolist() == [1, 0, 0]
    assert open_requests(judged)["state"].tolist() == [AWAITING_CORRECTION]
    # the corrected request arrives Fri 11-20: the clock restarts — 11-23..27 (5), 11-30..12-04 (10),
    # 12-07..11 (15), 12-14..18 (20) → 12-18; 办理中 on 12-15
    corrected = judge_requests(_with_correction(date(2026, 11, 5), date(2026, 11, 20)), date(2026, 12, 15), CAL)
    assert corrected[["state", "due_on"]].values.tolist() == [[OPEN, date(2026, 12, 18)]]


def test_correction_must_be_asked_once_within_seven_working_days():
    # received Mon 11-02; 7 working days end Wed 11-11 (11-03..06 = 4, 11-09..11 = 7); asked Thu 11-12 = 8th
    late = judge_requests(_with_correction(date(2026, 11, 12)), date(2026, 11, 20), CAL).iloc[0]
    assert "晚于收到申请后7个工作日（第8个工作日" in late["flags"]
    on_time = judge_requests(_with_correction(date(2026, 11, 11)), date(2026, 11, 20), CAL).iloc[0]
    assert on_time["flags"] == ""
    twice = judge_requests(_with_correction(date(2026, 11, 5), count=2), date(2026, 11, 20), CAL).iloc[0]
    assert "补正告知2次" in twice["flags"]


def test_a_delayed_reply_has_its_own_due_date():
    # 第三十五条 延迟答复 to 2027-01-15: not overdue on 2026-12-31 although 20 working days from 11-02 end 11-30
    frame = _frame([["甲", date(2026, 11, 2), None, 0, None, None, None, None]])
    frame["delayed_due_on"] = [date(2027, 1, 15)]
    row = judge_requests(frame, date(2026, 12, 31), CAL).iloc[0]
    assert (row["due_on"], row["state"], row["uses_fallback"]) == (date(2027, 1, 15), OPEN, False)
    assert "第三十五条延迟答复" in row["explanation"] and "2026-11-30" in row["explanation"]
    assert judge_requests(frame, date(2027, 1, 18), CAL).iloc[0]["state"] == OVERDUE
