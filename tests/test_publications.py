"""发布统计 on a hand-made county (tests/monitoring_county.publications_county); counts made by hand.

Items per unit per month (by 发布日期), from the builder's docstring:

    month     县甲局  乙镇  县丙局  县丁局 (垂管单位, not assessed)
    2025-01   1       2     0       0
    2025-10   2       1     0       0
    2025-12   2       0     0       0
    2026-01   3       1     0       1
    2026-09   1       3     0       0
    2026-10   3       2     0       1
    2026-11   1       0     0       0
"""

from datetime import date

import pandas as pd
import pytest

from core.monitoring.overview import items_published
from core.monitoring.publications import (
    category_counts,
    month_comparison,
    monthly_counts,
    shift_month,
    type_trend,
    unit_items,
    unit_trend,
)
from core.storage.scope import UnitScope, month_period, scope_for_group
from tests.monitoring_county import build, publications_county, unit_id

OCTOBER = month_period("2026-10", today=date(2026, 11, 23))
JANUARY = month_period("2026-01", today=date(2026, 11, 23))


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    con = build(publications_county, tmp_path_factory.mktemp("publications"))
    yield con
    con.close()


def triples(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return list(frame[list(columns)].itertuples(index=False, name=None))


@pytest.mark.parametrize(
    "month, months, expected",
    [
        ("2026-01", -1, "2025-12"),
        ("2026-01", -12, "2025-01"),
        ("2025-12", 1, "2026-01"),
        ("2026-10", 0, "2026-10"),
        ("2026-03", -15, "2024-12"),
        ("2026-12", 13, "2028-01"),
        ("2026-10", -12, "2025-10"),
    ],
)
def test_shift_month(month, months, expected):
    assert shift_month(month, months) == expected


def test_monthly_counts_lists_every_unit_and_month_with_zeros(county):
    frame = monthly_counts(county, UnitScope(), "2025-12", "2026-02")
    # 3 assessed units × 3 months, in unit order then month; 丙 never publishes, nobody publishes in 2026-02;
    # 甲 2025-12: 12-05, 12-31 = 2; 2026-01: 01-01 (元旦, still counted by 发布日期), 01-20, 01-31 = 3
    assert triples(frame, "unit_name", "month", "items") == [
        ("县甲局", "2025-12", 2),
        ("县甲局", "2026-01", 3),
        ("县甲局", "2026-02", 0),
        ("乙镇", "2025-12", 0),
        ("乙镇", "2026-01", 1),
        ("乙镇", "2026-02", 0),
        ("县丙局", "2025-12", 0),
        ("县丙局", "2026-01", 0),
        ("县丙局", "2026-02", 0),
    ]


def test_monthly_counts_month_edges(county):
    # 甲 09-30 is September, 10-01 and 10-31 are October, 11-01 is November
    frame = monthly_counts(county, scope_for_group("县直部门"), "2026-09", "2026-11")
    jia = frame[frame["unit_name"] == "县甲局"]
    assert triples(jia, "month", "items") == [("2026-09", 1), ("2026-10", 3), ("2026-11", 1)]
    assert set(frame["unit_name"]) == {"县甲局", "县丙局"}


def test_monthly_counts_units_not_in_assessment_only_when_asked(county):
    assert "县丁局" not in set(monthly_counts(county, UnitScope(), "2026-01", "2026-01")["unit_name"])
    frame = monthly_counts(county, UnitScope(assessed_only=False), "2026-01", "2026-01")
    assert frame.loc[frame["unit_name"] == "县丁局", "items"].item() == 1


def test_month_comparison_october(county):
    frame = month_comparison(county, OCTOBER, UnitScope())
    # this = 2026-10, last = 2026-09, last year = 2025-10
    # 甲: 3 vs 1 vs 2 → +2, +1;  乙: 2 vs 3 vs 1 → −1, +1;  丙: all 0. Most this month first.
    assert triples(
        frame, "unit_name", "this_month", "last_month", "last_year", "change_vs_last_month", "change_vs_last_year"
    ) == [
        ("县甲局", 3, 1, 2, 2, 1),
        ("乙镇", 2, 3, 1, -1, 1),
        ("县丙局", 0, 0, 0, 0, 0),
    ]


def test_month_comparison_across_the_year_boundary(county):
    frame = month_comparison(county, JANUARY, UnitScope())
    # this = 2026-01, last = 2025-12, last year = 2025-01
    # 甲: 3 vs 2 vs 1 → +1, +2;  乙: 1 vs 0 vs 2 → +1, −1;  丙: all 0
    assert triples(
        frame, "unit_name", "this_month", "last_month", "last_year", "change_vs_last_month", "change_vs_last_year"
    ) == [
        ("县甲局", 3, 2, 1, 1, 2),
        ("乙镇", 1, 0, 2, 1, -1),
        ("县丙局", 0, 0, 0, 0, 0),
    ]


def test_month_comparison_scope(county):
    frame = month_comparison(county, OCTOBER, UnitScope(assessed_only=False))
    # 县丁局: 2026-10 one item (10-20), none in 2026-09 or 2025-10
    ding = frame[frame["unit_name"] == "县丁局"].iloc[0]
    assert (ding["this_month"], ding["last_month"], ding["last_year"]) == (1, 0, 0)
    towns = month_comparison(county, OCTOBER, scope_for_group("乡镇/街道"))
    assert triples(towns, "unit_name", "this_month") == [("乙镇", 2)]


def test_category_counts(county):
    # October, assessed units: 动态要闻类 = 甲 10-01, 10-31 + 乙 10-09 = 3; 通知公告政策文件类 = 甲 10-15;
    # 政策解读类 = 乙 10-20 in the unregistered column 政策解读 (category guessed from its name).
    # Ties sorted by category name (政 U+653F before 通 U+901A).
    assert triples(category_counts(county, OCTOBER, UnitScope()), "category", "items") == [
        ("动态要闻类", 3),
        ("政策解读类", 1),
        ("通知公告政策文件类", 1),
    ]
    # with 县丁局's 10-20 item
    assert triples(category_counts(county, OCTOBER, UnitScope(assessed_only=False)), "category", "items") == [
        ("动态要闻类", 4),
        ("政策解读类", 1),
        ("通知公告政策文件类", 1),
    ]
    assert triples(category_counts(county, OCTOBER, scope_for_group("县直部门")), "category", "items") == [
        ("动态要闻类", 2),
        ("通知公告政策文件类", 1),
    ]
    # February 2026: nothing at all
    assert category_counts(county, month_period("2026-02", today=date(2026, 3, 1)), UnitScope()).empty


def test_unit_items_newest_first(county):
    jia = unit_id(county, "县甲局")
    frame, truncated = unit_items(county, jia, OCTOBER)
    # 甲 in October: 10-31 工作动态, 10-15 通知公告 (成文 10-12, 县甲发〔2026〕5号), 10-01 工作动态
    assert not truncated
    assert list(frame["title"]) == ["甲261031", "甲261015通知", "甲261001"]
    assert [pd.Timestamp(d).date() for d in frame["published_on"]] == [
        date(2026, 10, 31),
        date(2026, 10, 15),
        date(2026, 10, 1),
    ]
    assert list(frame["column_name"]) == ["工作动态", "通知公告", "工作动态"]
    notice = frame.iloc[1]
    assert pd.Timestamp(notice["created_on"]).date() == date(2026, 10, 12)
    assert notice["doc_number"] == "县甲发〔2026〕5号"


def test_unit_items_truncation_flag(county):
    jia = unit_id(county, "县甲局")
    frame, truncated = unit_items(county, jia, OCTOBER, limit=2)
    assert truncated and list(frame["title"]) == ["甲261031", "甲261015通知"]
    frame, truncated = unit_items(county, jia, OCTOBER, limit=3)  # exactly as many as there are: not cut
    assert not truncated and len(frame) == 3
    frame, truncated = unit_items(county, unit_id(county, "县丙局"), OCTOBER, limit=2)
    assert frame.empty and not truncated


def test_type_trend_and_unit_trend(county):
    # 2026-09: 县直部门 = 甲 1, 乡镇 = 乙 3; 2026-10: 县直部门 = 甲 3 + 丙 0, 乡镇 = 乙 2
    trend = type_trend(county, UnitScope(), "2026-09", "2026-10")
    assert sorted(triples(trend, "month", "unit_type", "items")) == [
        ("2026-09", "乡镇", 3),
        ("2026-09", "县直部门", 1),
        ("2026-10", "乡镇", 2),
        ("2026-10", "县直部门", 3),
    ]
    # a single unit's trend includes a unit outside the assessment
    ding = unit_trend(county, unit_id(county, "县丁局"), "2025-12", "2026-02")
    assert triples(ding, "month", "items") == [("2025-12", 0), ("2026-01", 1), ("2026-02", 0)]


@pytest.mark.parametrize(
    "group, period, expected",
    [
        ("全部单位", OCTOBER, 5),  # 甲 3 + 乙 2 + 丙 0 (丁 not assessed)
        ("县直部门", OCTOBER, 3),  # 甲 3 + 丙 0
        ("乡镇/街道", OCTOBER, 2),  # 乙 2
        ("全部单位", JANUARY, 4),  # 甲 3 + 乙 1 (丁's 01-10 not assessed)
        ("县直部门", JANUARY, 3),
    ],
)
def test_monthly_totals_agree_with_overview(county, group, period, expected):
    scope = scope_for_group(group)
    month = period.start.strftime("%Y-%m")
    frame = monthly_counts(county, scope, month, month)
    assert int(frame["items"].sum()) == items_published(county, period, scope) == expected
    assert int(month_comparison(county, period, scope)["this_month"].sum()) == expected
    assert int(category_counts(county, period, scope)["items"].sum()) == expected


def test_totals_agree_with_overview_including_units_not_assessed(county):
    scope = UnitScope(assessed_only=False)
    # October: 5 assessed + 丁 10-20 = 6
    assert (
        int(monthly_counts(county, scope, "2026-10", "2026-10")["items"].sum())
        == items_published(county, OCTOBER, scope)
        == 6
    )


def test_month_comparison_into_2027(county):
    # January 2027: nothing this month or last month (2026-12); same month last year 2026-01: 甲 3, 乙 1
    frame = month_comparison(county, month_period("2027-01", today=date(2027, 2, 1)), UnitScope())
    assert triples(frame, "unit_name", "this_month", "last_month", "last_year", "change_vs_last_year") == [
        ("县甲局", 0, 0, 3, -3),
        ("乙镇", 0, 0, 1, -1),
        ("县丙局", 0, 0, 0, 0),
    ]


def test_scope_without_units_gives_empty_counts(county):
    # the county has no 街道: monthly_counts, category_counts and items_published are simply empty / 0
    streets = UnitScope(unit_types=("街道",))
    assert monthly_counts(county, streets, "2026-09", "2026-10").empty
    assert category_counts(county, OCTOBER, streets).empty
    assert items_published(county, OCTOBER, streets) == 0


def test_month_comparison_on_a_scope_without_units_is_empty(county):
    streets = UnitScope(unit_types=("街道",))
    frame = month_comparison(county, OCTOBER, streets)
    assert frame.empty
    assert list(frame.columns) == [
        "unit_id",
        "unit_name",
        "unit_type",
        "this_month",
        "last_month",
        "last_year",
        "change_vs_last_month",
        "change_vs_last_year",
    ]
