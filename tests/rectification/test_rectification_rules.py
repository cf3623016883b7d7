"""Finding lifecycle rules, hand-counted: due dates, states as of a day, overdue, on time, 回头看 reopening."""

from datetime import date

import pandas as pd

from core.calendar.workdays import load_calendar
from core.rectification.rules import (
    aging,
    chase_list,
    count_by,
    finding_due_date,
    judge_findings,
    overdue_list,
    state_as_of,
)

CAL = load_calendar()


def test_due_dates_from_each_kind_of_deadline():
    # 10个工作日 from Mon 09-28: 09-29, 09-30 (2); 10-08, 10-09 (4); Sat 10-10 调休 (5); 10-12..16 (10) → 10-16
    assert finding_due_date(date(2026, 9, 28), None, 10, True, CAL) == (date(2026, 10, 16), False)
    # 15天: calendar days → 10-13
    assert finding_due_date(date(2026, 9, 28), None, 15, False, CAL) == (date(2026, 10, 13), False)
    assert finding_due_date(date(2026, 9, 28), date(2026, 11, 30), None, False, CAL) == (date(2026, 11, 30), False)
    # a deadline whose 5th working day would be in the holiday: from Tue 09-29: 09-30 (1), 10-08 (2), 10-09 (3),
    # Sat 10-10 (4), Mon 10-12 (5)
    assert finding_due_date(date(2026, 9, 29), None, 5, True, CAL)[0] == date(2026, 10, 12)
    due, fallback = finding_due_date(date(2026, 12, 28), None, 10, True, CAL)
    # Mon–Fri minus the fixed-date 元旦 in 2027: 12-29,30,31 (3), 1-1 元旦 skipped, 1-4..8 (8), 1-11, 1-12 (10)
    # (was 1-11 when 1-1 counted as a working day: issue 10 defect 4)
    assert fallback and due == date(2027, 1, 12)


def test_state_as_of_a_day():
    assert state_as_of("已整改", date(2026, 11, 5), None, date(2026, 11, 1)) == "整改中"  # fixed later
    assert state_as_of("已整改", date(2026, 11, 5), None, date(2026, 11, 5)) == "已整改"
    assert state_as_of("已整改", date(2026, 11, 5), "未通过", date(2026, 11, 20)) == "整改中"  # 回头看 failed
    assert state_as_of("无法整改", None, None, date(2026, 11, 20)) == "无法整改"


def _findings() -> pd.DataFrame:
    rows = [
        # unit, inspection, problem_type, found_on, due_on, status, rectified_on, review
        ("甲", "网上巡查", "内容错误", date(2026, 10, 9), date(2026, 10, 22), "未整改", None, None),  # overdue 29 d
        ("甲", "网上巡查", "链接失效", date(2026, 11, 2), date(2026, 11, 16), "整改中", None, None),  # overdue 4 d
        ("乙", "季度互查", "内容错误", date(2026, 10, 20), date(2026, 11, 24), "整改中", None, None),  # due soon
        ("乙", "季度互查", "空白栏目", date(2026, 9, 1), date(2026, 9, 16), "已整改", date(2026, 9, 30), "未通过"),
        ("丙", "季度互查", "空白栏目", date(2026, 9, 1), date(2026, 9, 16), "已整改", date(2026, 9, 10), "通过"),
        ("丙", "专项检查", "内容错误", date(2026, 9, 1), date(2026, 9, 16), "已整改", date(2026, 9, 20), None),
        ("丙", "专项检查", "内容错误", date(2026, 9, 1), date(2026, 9, 16), "无法整改", None, None),
        ("丙", "网上巡查", "内容错误", date(2026, 12, 1), date(2026, 12, 15), "未整改", None, None),  # later
    ]
    return pd.DataFrame(
        rows,
        columns=["unit_name", "inspection", "problem_type", "found_on", "due_on", "status", "rectified_on", "review"],
    )


def test_judging_findings_on_a_day():
    judged = judge_findings(_findings(), date(2026, 11, 20), CAL)
    assert len(judged) == 7  # the finding of 12-01 is not yet found
    assert judged["state"].tolist() == ["未整改", "整改中", "整改中", "整改中", "已整改", "已整改", "无法整改"]
    assert judged["is_overdue"].tolist() == [True, True, False, True, False, False, False]
    # 10-22 → 11-20 = 29 days; 11-16 → 11-20 = 4; the reopened one 09-16 → 11-20 = 65
    assert judged["days_overdue"].tolist() == [29, 4, 0, 65, 0, 0, 0]
    assert judged["rectified_on_time"].tolist() == [None, None, None, None, True, False, None]
    # overdue since 11-16: within the last 7 days; 5 working days after 11-20 reach 11-27, so 11-24 is due soon
    assert judged["newly_overdue"].tolist() == [False, True, False, False, False, False, False]
    assert judged["due_soon"].tolist() == [False, False, True, False, False, False, False]


def test_lists_and_counts():
    judged = judge_findings(_findings(), date(2026, 11, 20), CAL)
    assert overdue_list(judged)["days_overdue"].tolist() == [65, 29, 4]
    assert chase_list(judged)["chase_reason"].tolist() == ["本周新增逾期", "5个工作日内到期"]
    # open findings: 未整改 since 10-09 (42 d), 11-02 (18 d), 10-20 (31 d), reopened since 09-01 (80 d)
    assert dict(zip(*aging(judged).T.values)) == {"7天以内": 0, "8–30天": 1, "31–90天": 3, "90天以上": 0}
    by_unit = count_by(judged, "unit_name").set_index("unit_name")
    assert by_unit.loc["甲", ["未整改", "整改中", "total", "overdue"]].tolist() == [1, 1, 2, 2]
    assert by_unit.loc["丙", ["已整改", "无法整改", "overdue"]].tolist() == [2, 1, 0]
