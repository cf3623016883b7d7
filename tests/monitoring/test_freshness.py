"""更新频率: column freshness and 一周一更新 on hand-made counties (tests/monitoring_county.py).

Every expectation is counted by hand in the comment next to it. Days are calendar days from the last item
(or the column's 开设日期) to the day judged (Period.as_of); a column is 超期 only when days > limit.
"""

from datetime import date

import pandas as pd
import pytest

from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.monitoring.exemptions import add_exemption, exemptions, revoke_exemption
from core.monitoring.freshness import column_freshness, weekly_items, weekly_summary, weeks_ending_in
from core.storage.scope import UnitScope, month_period, scope_for_group
from tests.monitoring_county import build, column_id, freshness_county, weekly_county


def on(day: date):
    """The period of day's month judged on that day."""
    return month_period(day.strftime("%Y-%m"), today=day)


OCTOBER = month_period("2026-10", today=date(2026, 11, 23))  # as_of 2026-10-31


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    con = build(freshness_county, tmp_path_factory.mktemp("freshness"))
    yield con
    con.close()


@pytest.fixture
def fresh_county(tmp_path):
    """A private copy for tests that write exemptions."""
    con = build(freshness_county, tmp_path / "county")
    yield con
    con.close()


@pytest.fixture(scope="module")
def calendar():
    return load_calendar()


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    con = build(weekly_county, tmp_path_factory.mktemp("weekly"))
    yield con
    con.close()


def row(frame: pd.DataFrame, unit: str, column: str) -> pd.Series:
    found = frame[(frame["unit_name"] == unit) & (frame["column_name"] == column)]
    assert len(found) == 1, f"{unit}/{column} listed {len(found)} times"
    return found.iloc[0]


def as_date(value) -> date | None:
    """A date cell as a plain date (DuckDB hands DATE columns to pandas as Timestamps)."""
    return None if pd.isna(value) else pd.Timestamp(value).date()


def dates(series: pd.Series) -> list:
    return [as_date(v) for v in series]


def listed(frame: pd.DataFrame, unit: str, column: str) -> bool:
    return bool(((frame["unit_name"] == unit) & (frame["column_name"] == column)).any())


# --- column_freshness ----------------------------------------------------------------------------------------


def test_whole_list_on_month_end_most_overdue_first(county):
    rows = column_freshness(county, OCTOBER, UnitScope())
    # 超期 by days_over: 甲/通知公告 03-01 + 6个月 = 09-01 (calendar months, issue 10), 09-01→10-31 = 60;
    #   甲/专题专栏 09-25→10-31 = 5+31 = 36, 36−30 = 6; 甲/要闻 10-16→10-31 = 15, 15−14 = 1
    # 空白栏目: 乙/乡镇动态 opened 10-01, 30 days − 14 = 16 over; then 甲/人事信息 and 丙/工作动态 (unknown open day),
    #   by unit order 甲 (排序 1) before 丙 (排序 3)
    # 即将超期: 甲/工作动态 10-17→10-31 = 14 days ≥ floor(14×0.85) = 11
    # 正常: 乙/通知公告 10-30 → 1 day (the 11-10 item is after as_of)
    # 新开栏目: 甲/政策解读 opened 10-20, 11 days, never updated
    # not listed: 县丁局 (not assessed), 甲/图片新闻 (not registered)
    expected = [
        ("县甲局", "通知公告", "超期", 60),
        ("县甲局", "专题专栏", "超期", 6),
        ("县甲局", "要闻", "超期", 1),
        ("乙镇", "乡镇动态", "空白栏目", 16),
        ("县甲局", "人事信息", "空白栏目", None),
        ("县丙局", "工作动态", "空白栏目", None),
        ("县甲局", "工作动态", "即将超期", 0),
        ("乙镇", "通知公告", "正常", 0),
        ("县甲局", "政策解读", "新开栏目", 0),
    ]
    got = list(zip(rows["unit_name"], rows["column_name"], rows["state"], rows["days_over"]))
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    for g, e in zip(got, expected):
        if e[3] is not None:
            assert g[3] == e[3], g


def test_updated_exactly_on_limit_day_is_warning_not_overdue(county):
    # 甲/工作动态 (动态要闻类: limit 14, warn floor(14 × 0.85) = floor(11.9) = 11), last item 10-17
    checks = {
        date(2026, 10, 27): ("正常", 10, 0),  # 10 days < 11
        date(2026, 10, 28): ("即将超期", 11, 0),  # 11 days = warn_days: the band starts here
        date(2026, 10, 31): ("即将超期", 14, 0),  # exactly the limit: not yet 超期
        date(2026, 11, 1): ("超期", 15, 1),  # one day past the limit
    }
    for day, (state, days_since, days_over) in checks.items():
        r = row(column_freshness(county, on(day), UnitScope()), "县甲局", "工作动态")
        assert (r["state"], r["days_since"], r["days_over"]) == (state, days_since, days_over), day
        assert (r["limit_days"], r["warn_days"]) == (14, 11)
        assert as_date(r["last_published_on"]) == date(2026, 10, 17)


def test_column_with_its_own_interval_overrides_its_category(county):
    # 甲/专题专栏 is 其他 (180 days) but its 更新周期(天) is 30 → warn floor(30 × 0.85) = floor(25.5) = 25.
    # Last item 09-25: 10-19 → 24 days 正常; 10-20 → 25 即将超期; 10-25 → 30 still 即将超期; 10-26 → 31 超期 (1 over).
    # Under the category's 180 days every one of these would be 正常.
    checks = {
        date(2026, 10, 19): ("正常", 0),
        date(2026, 10, 20): ("即将超期", 0),
        date(2026, 10, 25): ("即将超期", 0),
        date(2026, 10, 26): ("超期", 1),
    }
    for day, (state, days_over) in checks.items():
        r = row(column_freshness(county, on(day), UnitScope()), "县甲局", "专题专栏")
        assert (r["category"], r["limit_days"], r["warn_days"]) == ("其他", 30, 25)
        assert (r["state"], r["days_over"]) == (state, days_over), day


def test_category_limits_come_from_the_categories_file(county):
    rows = column_freshness(county, OCTOBER, UnitScope())
    # 通知公告政策文件类 6个月 from the last item 03-01 → 09-01: 31+30+31+30+31+31 = 184 days (warn floor(156.4)
    # = 156); 人事规划计划类 1年, never updated and no 开设日期: measured back from 10-31, 2025-10-31 → 365 (warn 310)
    assert tuple(row(rows, "县甲局", "通知公告")[["interval", "limit_days", "warn_days"]]) == ("6个月", 184, 156)
    assert tuple(row(rows, "县甲局", "人事信息")[["interval", "limit_days", "warn_days"]]) == ("1年", 365, 310)


def test_blank_column_without_opening_date(county):
    # 甲/人事信息: registered, never updated, no 开设日期 → 空白栏目 whatever the day judged
    for day in (date(2026, 1, 5), date(2026, 10, 31)):
        r = row(column_freshness(county, on(day), UnitScope()), "县甲局", "人事信息")
        assert r["state"] == "空白栏目"
        assert pd.isna(r["last_published_on"]) and pd.isna(r["registered_on"]) and pd.isna(r["days_since"])


def test_column_opened_mid_period(county):
    # 乙/乡镇动态 (limit 14) opened 2026-10-01, never updated
    assert not listed(column_freshness(county, on(date(2026, 9, 30)), UnitScope()), "乙镇", "乡镇动态")
    checks = {
        date(2026, 10, 1): ("新开栏目", 0, 0),  # opened today
        date(2026, 10, 15): ("新开栏目", 14, 0),  # open exactly its limit: still new
        date(2026, 10, 16): ("空白栏目", 15, 1),  # open longer than its limit, still nothing
        date(2026, 10, 31): ("空白栏目", 30, 16),
    }
    for day, (state, days_since, days_over) in checks.items():
        r = row(column_freshness(county, on(day), UnitScope()), "乙镇", "乡镇动态")
        assert (r["state"], r["days_since"], r["days_over"]) == (state, days_since, days_over), day
        assert as_date(r["registered_on"]) == date(2026, 10, 1)
    # 甲/政策解读 opened 10-20: absent on 10-19, 新开栏目 from 10-20
    assert not listed(column_freshness(county, on(date(2026, 10, 19)), UnitScope()), "县甲局", "政策解读")
    assert (
        row(column_freshness(county, on(date(2026, 10, 20)), UnitScope()), "县甲局", "政策解读")["state"] == "新开栏目"
    )


def test_items_after_the_day_judged_are_ignored(county):
    # 乙/通知公告 has items on 10-30 and 11-10; judged on 10-31 the last one is 10-30
    r = row(column_freshness(county, OCTOBER, UnitScope()), "乙镇", "通知公告")
    assert (as_date(r["last_published_on"]), r["days_since"]) == (date(2026, 10, 30), 1)
    # judged on 10-29 no item yet at all → the column has never been updated by then (unknown open day)
    r = row(column_freshness(county, on(date(2026, 10, 29)), UnitScope()), "乙镇", "通知公告")
    assert r["state"] == "空白栏目"


def test_unit_without_any_item_still_has_its_columns_judged(county):
    rows = column_freshness(county, OCTOBER, UnitScope())
    bing = rows[rows["unit_name"] == "县丙局"]
    assert list(zip(bing["column_name"], bing["state"])) == [("工作动态", "空白栏目")]


def test_unregistered_columns_are_not_judged(county):
    # 甲/图片新闻 exists only in the items ledger (未登记栏目, item 2026-01-05 → would be 超期)
    rows = column_freshness(county, OCTOBER, UnitScope(assessed_only=False))
    assert not listed(rows, "县甲局", "图片新闻")


def test_units_not_in_assessment_are_excluded_by_default(county):
    default = column_freshness(county, OCTOBER, UnitScope())
    assert "县丁局" not in set(default["unit_name"])
    assert set(default["unit_name"]) == {"县甲局", "乙镇", "县丙局"}
    everyone = column_freshness(county, OCTOBER, UnitScope(assessed_only=False))
    # 丁/工作动态 06-01→10-31 = 29+31+31+30+31 = 152 days, 152−14 = 138 over: the most overdue of all
    first = everyone.iloc[0]
    assert (first["unit_name"], first["column_name"], first["state"], first["days_over"]) == (
        "县丁局",
        "工作动态",
        "超期",
        138,
    )
    assert len(everyone) == len(default) + 1


def test_scope_by_unit_type(county):
    towns = column_freshness(county, OCTOBER, scope_for_group("乡镇/街道"))
    assert sorted(towns["column_name"]) == ["乡镇动态", "通知公告"] and set(towns["unit_name"]) == {"乙镇"}
    departments = column_freshness(county, OCTOBER, scope_for_group("县直部门"))
    assert set(departments["unit_name"]) == {"县甲局", "县丙局"}


# --- exemptions ----------------------------------------------------------------------------------------------


def test_exemption_applies_only_inside_its_dates_and_until_revoked(fresh_county):
    con = fresh_county
    notice = column_id(con, "县甲局", "通知公告")  # last item 03-01: 超期 all autumn
    exemption = add_exemption(con, notice, date(2026, 10, 10), date(2026, 10, 20), "本期无新增内容", "张三")

    def state(day):
        return row(column_freshness(con, on(day), UnitScope()), "县甲局", "通知公告")

    assert state(date(2026, 10, 9))["state"] == "超期"  # the day before it starts
    for day in (date(2026, 10, 10), date(2026, 10, 15), date(2026, 10, 20)):  # both ends included
        r = state(day)
        assert (r["state"], r["exemption"]) == ("已豁免", "本期无新增内容"), day
    # 03-01 + 6个月 = 09-01; 09-01 → 10-21 = 30 + 20 = 50 days over
    r = state(date(2026, 10, 21))
    assert (r["state"], r["days_over"]) == ("超期", 50)
    # only that column is exempted; exempted rows sort last
    rows = column_freshness(con, on(date(2026, 10, 15)), UnitScope())
    assert (rows["state"] == "已豁免").sum() == 1 and rows.iloc[-1]["column_name"] == "通知公告"
    assert row(rows, "县甲局", "要闻")["state"] != "已豁免"

    revoke_exemption(con, exemption, "李四")
    r = state(date(2026, 10, 15))
    assert r["state"] == "超期" and pd.isna(r["exemption"])
    listed_rows = exemptions(con)
    assert list(listed_rows["active"]) == [False] and listed_rows.iloc[0]["revoked_by"] == "李四"
    assert exemptions(con, include_revoked=False).empty


def test_exemption_of_a_blank_column(fresh_county):
    con = fresh_county
    add_exemption(
        con, column_id(con, "县甲局", "人事信息"), date(2026, 10, 1), date(2026, 12, 31), "栏目已整合", "张三"
    )
    assert row(column_freshness(con, OCTOBER, UnitScope()), "县甲局", "人事信息")["state"] == "已豁免"


@pytest.mark.parametrize(
    "start, end, reason, who",
    [
        (date(2026, 10, 20), date(2026, 10, 19), "本期无新增内容", "张三"),  # end before start
        (date(2026, 10, 1), date(2026, 10, 31), "本期无新增内容", ""),  # no 经办人
        (date(2026, 10, 1), date(2026, 10, 31), "本期无新增内容", "   "),  # blank 经办人
        (date(2026, 10, 1), date(2026, 10, 31), "", "张三"),  # no reason
    ],
)
def test_add_exemption_refuses_bad_input_and_writes_nothing(fresh_county, start, end, reason, who):
    con = fresh_county
    with pytest.raises(DashboardError):
        add_exemption(con, column_id(con, "县甲局", "通知公告"), start, end, reason, who)
    assert exemptions(con).empty
    assert row(column_freshness(con, OCTOBER, UnitScope()), "县甲局", "通知公告")["state"] == "超期"


def test_one_day_exemption_is_allowed_and_revoke_needs_a_name(fresh_county):
    con = fresh_county
    cid = column_id(con, "县甲局", "要闻")
    exemption = add_exemption(con, cid, date(2026, 10, 31), date(2026, 10, 31), "其他（见说明）", "张三")
    assert row(column_freshness(con, OCTOBER, UnitScope()), "县甲局", "要闻")["state"] == "已豁免"
    with pytest.raises(DashboardError):
        revoke_exemption(con, exemption, " ")
    assert row(column_freshness(con, OCTOBER, UnitScope()), "县甲局", "要闻")["state"] == "已豁免"


# --- weeks_ending_in -----------------------------------------------------------------------------------------


def test_weeks_ending_in_october():
    # 2026-10-01 is a Thursday: the first Sunday in October is 10-04, so the first week is Mon 09-28…Sun 10-04.
    # as_of 10-31 is a Saturday: the latest complete week ends Sun 10-25 (10-26…11-01 ends in November).
    assert weeks_ending_in(OCTOBER) == (date(2026, 9, 28), date(2026, 10, 25))
    # judged on Wed 10-14: only the weeks up to Sun 10-11 are complete
    assert weeks_ending_in(on(date(2026, 10, 14))) == (date(2026, 9, 28), date(2026, 10, 11))


def test_weeks_ending_in_month_starting_on_sunday():
    # 2026-02-01 and 2026-11-01 are Sundays: the week ending that day belongs to the month
    february = month_period("2026-02", today=date(2026, 3, 10))  # as_of Sat 02-28 → last complete week ends 02-22
    assert weeks_ending_in(february) == (date(2026, 1, 26), date(2026, 2, 22))
    november = month_period("2026-11", today=date(2026, 12, 10))  # as_of Mon 11-30 → last complete week ends 11-29
    assert weeks_ending_in(november) == (date(2026, 10, 26), date(2026, 11, 29))


# --- weekly_items / weekly_summary ---------------------------------------------------------------------------


def test_october_weeks_workdays_and_three_silent_weeks(weekly, calendar):
    first, last = weeks_ending_in(OCTOBER)
    frame = weekly_items(weekly, UnitScope(), calendar, first, last)
    # 3 assessed units × 4 weeks; 县丁局 not assessed
    assert len(frame) == 12 and set(frame["unit_name"]) == {"县甲局", "乙镇", "县丙局"}
    jia = frame[frame["unit_name"] == "县甲局"]
    # workdays: 09-28…10-04: Mon–Wed 09-28/29/30 = 3 (10-01…10-04 国庆); 10-05…10-11: 10-08, 10-09 and the 调休
    # Sat 10-10 = 3 (10-05…10-07 国庆); 10-12…10-18: 5; 10-19…10-25: 5
    assert dates(jia["week_start"]) == [date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19)]
    assert dates(jia["week_end"]) == [date(2026, 10, 4), date(2026, 10, 11), date(2026, 10, 18), date(2026, 10, 25)]
    assert list(jia["workdays"]) == [3, 3, 5, 5]
    # 甲: Sun 10-04 counts for 09-28…10-04 (Mon–Sun weeks), Sat 10-10, Sun 10-18, Sun 10-25 → one item each week;
    # Sun 09-27 (previous week) and Mon 10-26 (next week) are outside
    assert list(jia["items"]) == [1, 1, 1, 1] and not jia["missing"].any()
    yi = frame[frame["unit_name"] == "乙镇"]
    # 乙: 09-29, then nothing until 10-26 → three consecutive weeks missing
    assert list(yi["items"]) == [1, 0, 0, 0]
    assert list(yi["missing"]) == [False, True, True, True]

    summary = weekly_summary(frame)
    # most missing first: 丙 (every week), 乙 (3), 甲 (0)
    assert list(summary["unit_name"]) == ["县丙局", "乙镇", "县甲局"]
    assert list(summary["weeks_required"]) == [4, 4, 4]
    assert list(summary["weeks_missing"]) == [4, 3, 0]
    assert list(summary["missing_weeks"]) == ["09-28、10-05、10-12、10-19", "10-05、10-12、10-19", ""]


def test_spring_festival_week_is_not_required(weekly, calendar):
    frame = weekly_items(weekly, UnitScope(), calendar, date(2026, 1, 26), date(2026, 3, 8))
    jia = frame[frame["unit_name"] == "县甲局"]
    # weeks: 01-26 (Mon–Fri = 5), 02-02 (5), 02-09 (Mon–Fri + 调休 Sat 02-14 = 6; Sun 02-15 春节),
    # 02-16…02-22 (all 春节: 0), 02-23…03-01 (Mon 02-23 春节; 02-24…02-27 = 4 + 调休 Sat 02-28 = 5), 03-02 (5)
    assert list(jia["workdays"]) == [5, 5, 6, 0, 5, 5]
    assert list(jia["required"]) == [True, True, True, False, True, True]
    spring = frame[frame["week_start"] == pd.Timestamp(2026, 2, 16)]
    assert len(spring) == 3 and (spring["items"] == 0).all()
    assert not spring["required"].any() and not spring["missing"].any()
    # 甲: Sun 02-01 → week 01-26; Sat 02-14 (调休) → week 02-09; 02-25 → 02-23; Sun 03-08 → 03-02; nothing 02-02
    assert list(jia["items"]) == [1, 0, 1, 0, 1, 1]
    summary = weekly_summary(frame).set_index("unit_name")
    assert summary.loc["县甲局", "weeks_missing"] == 1 and summary.loc["县甲局", "missing_weeks"] == "02-02"
    # 乙: 01-27 and 03-03 only → 02-02, 02-09, 02-23 missing (02-16 not required)
    assert summary.loc["乙镇", "weeks_missing"] == 3
    assert summary.loc["乙镇", "missing_weeks"] == "02-02、02-09、02-23"
    assert summary.loc["县丙局", "missing_weeks"] == "01-26、02-02、02-09、02-23、03-02"
    assert (summary["weeks_required"] == 5).all()


def test_unit_not_in_assessment_listed_only_when_asked(weekly, calendar):
    frame = weekly_items(weekly, UnitScope(assessed_only=False), calendar, date(2026, 10, 19), date(2026, 10, 25))
    assert sorted(frame["unit_name"]) == sorted(["县甲局", "乙镇", "县丙局", "县丁局"])
    ding = frame[frame["unit_name"] == "县丁局"].iloc[0]
    assert (ding["items"], bool(ding["missing"])) == (0, True)


def test_no_complete_week_gives_empty_frames(weekly, calendar):
    # judged on Fri 10-02: no week of October is complete yet
    first, last = weeks_ending_in(on(date(2026, 10, 2)))
    assert (first, last) == (date(2026, 9, 28), date(2026, 9, 27))
    frame = weekly_items(weekly, UnitScope(), calendar, first, last)
    assert frame.empty
    summary = weekly_summary(frame)
    assert summary.empty and "weeks_missing" in summary.columns


def test_weeks_in_2027_use_monday_to_friday(weekly, calendar):
    # 2027 has no holiday data: 12-28…01-03 = Mon–Thu 12-28…12-31 (Fri 2027-01-01 is 元旦, a fixed-date holiday:
    # issue 10 defect 4; it counted 5 before) = 4; 01-04…01-10 = 5. Both weeks touch 2027: estimated.
    frame = weekly_items(weekly, UnitScope(), calendar, date(2026, 12, 28), date(2027, 1, 10))
    jia = frame[frame["unit_name"] == "县甲局"]
    assert list(jia["workdays"]) == [4, 5] and jia["missing"].all()
    assert list(jia["estimated"]) == [True, True]
    october = weekly_items(weekly, UnitScope(), calendar, date(2026, 10, 5), date(2026, 10, 11))
    assert not october["estimated"].any()


def test_freshness_in_2027_does_not_crash(county):
    # 甲/工作动态 10-17 → 2027-01-31 = 14 + 30 + 31 + 31 = 106 days, 106 − 14 = 92 over
    r = row(
        column_freshness(county, month_period("2027-01", today=date(2027, 2, 5)), UnitScope()), "县甲局", "工作动态"
    )
    assert (r["state"], r["days_over"]) == ("超期", 92)


def test_scope_without_units_gives_empty_frames(county, weekly, calendar):
    streets = UnitScope(unit_types=("街道",))  # neither county has a 街道
    assert column_freshness(county, OCTOBER, streets).empty
    frame = weekly_items(weekly, streets, calendar, date(2026, 9, 28), date(2026, 10, 25))
    assert frame.empty and weekly_summary(frame).empty


def test_intervals_in_months_are_calendar_months(tmp_path):
    # issue 10 defect 5: 通知公告 last updated 2026-05-02, judged 2026-10-31: 6个月 end 2026-11-02 → 正常 (it said 超期
    # with 180 days: 05-02 → 10-31 = 182 > 180). Leap year: 1年 from 2024-02-29 ends 2025-02-28 (no 02-29;
    # 民法典 第二百零二条: the month's last day) → 超期 on 2025-03-01, not on 02-28.
    from core.storage.db import connect
    from core.storage.migrations import migrate

    con = connect(tmp_path / "months.duckdb")
    migrate(con)
    con.execute("""INSERT INTO units VALUES (1, '县甲局', '县直部门', TRUE, 1, 'u1', 'h', 1, NULL)""")
    con.execute("""INSERT INTO site_columns VALUES (1, 1, '通知公告', '通知公告政策文件类', NULL, TRUE, NULL, 'c1', 'h', 1, NULL),
                                                  (2, 1, '人事信息', '人事规划计划类', NULL, TRUE, NULL, 'c2', 'h', 1, NULL)""")
    con.execute("""INSERT INTO items VALUES (1, 1, 1, '通知', DATE '2026-05-02', NULL, NULL, NULL, FALSE, 'i1', 'h', 1, NULL),
                                           (2, 1, 2, '人事', DATE '2024-02-29', NULL, NULL, NULL, FALSE, 'i2', 'h', 1, NULL)""")

    def judged(day: date, column: str):
        return row(column_freshness(con, on(day), UnitScope()), "县甲局", column)

    r = judged(date(2026, 10, 31), "通知公告")
    assert (r["state"], r["days_since"], r["days_over"], as_date(r["due_on"])) == (
        "即将超期",
        182,
        0,
        date(2026, 11, 2),
    )
    assert judged(date(2026, 11, 2), "通知公告")["state"] == "即将超期"  # the last day of the six months
    assert (judged(date(2026, 11, 3), "通知公告")[["state", "days_over"]].tolist()) == ["超期", 1]
    leap = judged(date(2025, 2, 28), "人事信息")
    assert (leap["state"], leap["limit_days"], as_date(leap["due_on"])) == ("即将超期", 365, date(2025, 2, 28))
    assert judged(date(2025, 3, 1), "人事信息")["state"] == "超期"
    con.close()


def test_plain_numbers_and_written_units_in_the_categories_file():
    from core.registry.categories import Interval, parse_interval

    assert parse_interval("14") == Interval(0, 14, "14天") == parse_interval("14天")
    assert parse_interval("6个月") == Interval(6, 0, "6个月")
    assert parse_interval("1年") == Interval(12, 0, "1年")
    with pytest.raises(ValueError):
        parse_interval("半年")
