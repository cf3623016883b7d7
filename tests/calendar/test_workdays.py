"""Tests for core.calendar.workdays with hand-counted expectations (start day never counted)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from core.calendar.workdays import (
    DEFAULT_HOLIDAYS_PATH,
    HolidayFileError,
    WorkdayCalendar,
    load_calendar,
)


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return load_calendar(DEFAULT_HOLIDAYS_PATH)


def write_csv(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "holidays.csv"
    p.write_text(text, encoding="utf-8-sig")
    return p


def test_national_day_2026(cal: WorkdayCalendar) -> None:
    # Start Mon 2026-09-28 (not counted). Sep 29, 30 = 2; Oct 1-7 国庆 holiday;
    # Oct 8, 9 = 4; Sat Oct 10 调休 = 5; Oct 12-16 = 10; 19-23 = 15; 26-30 = 20.
    r = cal.add_workdays(date(2026, 9, 28), 20)
    assert r.due == date(2026, 10, 30)
    assert not r.uses_fallback and r.fallback_years == ()
    assert [d.day for d in r.adjusted_workdays] == [date(2026, 10, 10)]
    holidays = [d.day for d in r.skipped if d.kind == "节假日"]
    assert holidays == [date(2026, 10, i) for i in range(1, 8)]
    # skipped = 7 holidays + weekends Oct 11, 17, 18, 24, 25
    assert len(r.skipped) == 12
    text = r.explain()
    assert "截止2026-10-30" in text
    assert "2026-10-01" in text and "国庆" in text
    assert "2026-10-10(星期六)" in text
    assert "按周一至周五推算" not in text


def test_adjusted_sunday_0920(cal: WorkdayCalendar) -> None:
    # From Fri 2026-09-18: Sat 19 weekend; Sun 20 调休 = 1; Mon 21 = 2; Tue 22 = 3.
    info = cal.day(date(2026, 9, 20))
    assert info.is_workday and info.kind == "调休上班"
    r = cal.add_workdays(date(2026, 9, 18), 3)
    assert r.due == date(2026, 9, 22)
    assert [d.day for d in r.adjusted_workdays] == [date(2026, 9, 20)]


def test_workdays_between_on_time(cal: WorkdayCalendar) -> None:
    # (09-28, 10-28]: Sep 29, 30 = 2; Oct 8, 9, 10(调休) = 5; 12-16 = 10; 19-23 = 15;
    # 26, 27, 28 = 18  -> within the 20-workday limit.
    count, fallback = cal.workdays_between(date(2026, 9, 28), date(2026, 10, 28))
    assert count == 18 and fallback == ()
    assert count <= 20
    assert cal.workdays_between(date(2026, 9, 28), date(2026, 10, 30))[0] == 20
    assert cal.workdays_between(date(2026, 10, 28), date(2026, 9, 28)) == (0, ())
    assert cal.workdays_between(date(2026, 9, 28), date(2026, 9, 28)) == (0, ())


def test_spring_festival_2026(cal: WorkdayCalendar) -> None:
    # From Fri 2026-02-13: Sat 2/14 调休 = 1; 2/15-2/23 春节; 2/24 = 2; 2/25 = 3;
    # 2/26 = 4; 2/27 = 5 -> 2026-02-27.
    r = cal.add_workdays(date(2026, 2, 13), 5)
    assert r.due == date(2026, 2, 27)
    assert [d.day for d in r.adjusted_workdays] == [date(2026, 2, 14)]
    assert len(r.skipped) == 9
    # Crossing Sat 2/28 调休: from Thu 2/26: 2/27 = 1; Sat 2/28 调休 = 2; Sun 3/1 rest;
    # Mon 3/2 = 3 -> 2026-03-02.
    r2 = cal.add_workdays(date(2026, 2, 26), 3)
    assert r2.due == date(2026, 3, 2)
    assert [d.day for d in r2.adjusted_workdays] == [date(2026, 2, 28)]


def test_start_on_non_working_day(cal: WorkdayCalendar) -> None:
    # Received Sat 2026-03-07: 3/9-13 = 5; 16-20 = 10; 23-27 = 15; 3/30, 31, 4/1, 2, 3 = 20.
    # (find_workday(20, 2026-03-07) wrongly gives 2026-04-07.) Qingming 4/4-4/6 is after.
    assert cal.add_workdays(date(2026, 3, 7), 20).due == date(2026, 4, 3)


def test_last_day_in_holiday_is_pushed(cal: WorkdayCalendar) -> None:
    # From Mon 2026-04-27: 4/28, 29, 30 = 3; 5/1-5/5 劳动节; 5/6 = 4 -> 2026-05-06.
    r = cal.add_workdays(date(2026, 4, 27), 4)
    assert r.due == date(2026, 5, 6)
    assert "2026-05-01至2026-05-05 劳动节" in r.explain()


def test_zero_and_calendar_days(cal: WorkdayCalendar) -> None:
    assert cal.add_workdays(date(2026, 10, 3), 0).due == date(2026, 10, 3)
    assert cal.add_days(date(2026, 9, 28), 15).due == date(2026, 10, 13)  # Tue, a working day: no move
    with pytest.raises(ValueError):
        cal.add_workdays(date(2026, 1, 5), -1)


def test_2027_fallback(cal: WorkdayCalendar) -> None:
    r = cal.add_workdays(date(2026, 12, 20), 20)
    assert r.uses_fallback and r.fallback_years == (2027,)
    assert "2027年无官方节假日安排，按周一至周五推算" in r.explain()
    info = cal.day(date(2027, 1, 1))
    # issue 10 defect 4: a Friday, but 元旦 is a fixed-date statutory holiday (放假办法 第二条) — still an estimate
    assert info.fallback and not info.is_workday and info.name == "元旦"
    assert cal.is_workday(date(2027, 1, 4))  # Monday
    assert not cal.has_official_data(2027) and cal.has_official_data(2026)
    count, years = cal.workdays_between(date(2026, 12, 30), date(2027, 1, 4))
    # 12-31 = 1; 1/1 元旦 (fixed-date holiday) skipped; 1/4 = 2  (was 3 when 1/1 counted as a working day)
    assert count == 2 and years == (2027,)
    assert cal.is_workday(date(2100, 12, 31)) is True  # Friday, no crash


def test_csv_override_makes_year_official(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "date,kind,name\n2027-01-01,休,元旦\n")
    cal = load_calendar(path)
    assert cal.has_official_data(2027)
    info = cal.day(date(2027, 1, 1))
    assert not info.is_workday and info.kind == "节假日" and info.name == "元旦" and not info.fallback
    r = cal.add_workdays(date(2026, 12, 31), 1)
    assert r.due == date(2027, 1, 4) and not r.uses_fallback


def test_env_var_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path, "date,kind,name\n2027-01-02,班,测试\n")
    monkeypatch.setenv("DASHBOARD_HOLIDAYS", str(path))
    cal = load_calendar()
    assert cal.day(date(2027, 1, 2)).kind == "调休上班"


@pytest.mark.parametrize(
    "body, line",
    [
        ("date,kind,name\n2026-01-01,休,元旦\n\n2026-01-02,休,元旦\n2026-13-01,休,x\n", 5),
        ("date,kind,name\n2026-01-01,放假,元旦\n", 2),
        ("日期,类型\n2026-01-01,休\n", 1),
    ],
)
def test_bad_csv_row(tmp_path: Path, body: str, line: int) -> None:
    with pytest.raises(HolidayFileError) as exc:
        load_calendar(write_csv(tmp_path, body))
    assert f"第 {line} 行" in exc.value.message and exc.value.hint
    assert isinstance(exc.value, ValueError)


def test_bad_date_message_exact(tmp_path: Path) -> None:
    body = "date,kind,name\n2026-01-01,休,元旦\n2026-01-02,休,元旦\n2026-01-03,休,元旦\n2026-13-01,休,x\n"
    with pytest.raises(HolidayFileError) as exc:
        load_calendar(write_csv(tmp_path, body))
    assert str(exc.value) == "节假日文件第 5 行日期无法识别: 2026-13-01"


def test_shipped_csv_agrees_with_chinese_calendar() -> None:
    with DEFAULT_HOLIDAYS_PATH.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 39
    for row in rows:
        d = date.fromisoformat(row["date"])
        assert chinese_calendar.is_workday(d) == (row["kind"] == "班"), row


def test_csv_and_library_give_same_2026_calendar() -> None:
    shipped, library = load_calendar(DEFAULT_HOLIDAYS_PATH), WorkdayCalendar()
    d = date(2026, 1, 1)
    while d.year == 2026:
        assert shipped.is_workday(d) == library.is_workday(d), d
        d += timedelta(days=1)


def test_between_matches_loop(cal: WorkdayCalendar) -> None:
    # Prefix-sum counting must agree with add_workdays across years incl. fallback.
    for start in (date(2025, 12, 25), date(2026, 9, 28), date(2026, 12, 1)):
        for n in (0, 1, 7, 20, 60, 300):
            r = cal.add_workdays(start, n)
            assert cal.workdays_between(start, r.due)[0] == n


def test_fallback_rests_on_fixed_date_statutory_holidays(cal: WorkdayCalendar) -> None:
    # 全国年节及纪念日放假办法 第二条 (2024 revision): 元旦 1-1; 劳动节 5-1, 5-2; 国庆节 10-1 … 10-3.
    # 2027: 1-1 Fri, 5-1 Sat, 5-2 Sun, 10-1 Fri, 10-2 Sat, 10-3 Sun.
    for day, name in [((1, 1), "元旦"), ((5, 1), "劳动节"), ((5, 2), "劳动节"), ((10, 1), "国庆节")]:
        info = cal.day(date(2027, *day))
        assert (info.is_workday, info.kind, info.name, info.fallback) == (False, "节假日", name, True)
    assert cal.is_workday(date(2027, 10, 4))  # Monday: no 调休 guessed
    # from Tue 2027-09-28: 09-29, 09-30 (2); 10-01 Fri holiday; 10-02, 03 weekend; 10-04, 05, 06 (5) → 10-06
    r = cal.add_workdays(date(2027, 9, 28), 5)
    assert r.due == date(2027, 10, 6) and r.uses_fallback
    assert "2027-10-01至2027-10-03 国庆节" in r.explain() and "为估算" in r.explain()
    # a 20-working-day deadline from 2026-12-04 runs into 2027 and is flagged:
    # Dec 7-11 (5), 14-18 (10), 21-25 (15), 28-31 (19); 1-1 元旦; 1-4 (20) → 2027-01-04
    r = cal.add_workdays(date(2026, 12, 4), 20)
    assert r.due == date(2027, 1, 4) and r.fallback_years == (2027,)


def test_period_in_days_ending_on_a_holiday_moves_to_the_next_working_day(cal: WorkdayCalendar) -> None:
    # 民法典 第二百零三条: found Sun 2026-09-20 + 15天 → 2026-10-05 (国庆, 10-01..07 rest) → Thu 2026-10-08
    r = cal.add_days(date(2026, 9, 20), 15)
    assert r.due == date(2026, 10, 8) and not r.uses_fallback
    assert [d.day for d in r.skipped] == [date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7)]
    assert "2026-10-05为休假日，顺延至2026-10-08" in r.explain()
    # ending on Sat 2026-10-17 (an ordinary weekend) → Mon 10-19; ending on Sat 10-10 (调休上班) stays
    assert cal.add_days(date(2026, 10, 2), 15).due == date(2026, 10, 19)
    assert cal.add_days(date(2026, 9, 25), 15).due == date(2026, 10, 10)
