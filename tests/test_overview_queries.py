"""总览 figures on a hand-made county (tests/apphelpers.small_county); expectations counted by hand."""

from datetime import date

from core.calendar.workdays import load_calendar
from core.monitoring.freshness import column_freshness
from core.monitoring.overview import items_by_unit, overview
from core.storage.scope import UnitScope, month_period, scope_for_group

CALENDAR = load_calendar()
OCTOBER = month_period("2026-10", today=date(2026, 11, 23))  # as_of 2026-10-31 (Sat); last full week 10-19..10-25


def test_period_is_judged_on_month_end_or_today():
    assert OCTOBER.as_of == date(2026, 10, 31)
    assert (OCTOBER.week_start, OCTOBER.week_end) == (date(2026, 10, 19), date(2026, 10, 25))
    november = month_period("2026-11", today=date(2026, 11, 22))  # a Sunday closes its own week
    assert (november.as_of, november.week_start, november.week_end) == (
        date(2026, 11, 22),
        date(2026, 11, 16),
        date(2026, 11, 22),
    )


def test_kpis_for_all_assessed_units(county):
    kpis = overview(county, OCTOBER, UnitScope(), CALENDAR).kpis
    # 甲一, 甲二, 乙一 (丁 is not in assessment)
    assert kpis.items_published == 3
    # 甲, 乙, 丙 are assessed; in the week 10-19..10-25 甲 (10-20) and 乙 (10-22) published, 丙 did not
    assert (kpis.units_in_scope, kpis.units_silent_this_week) == (3, 1)
    # 甲/通知公告: 03-01 → 10-31 = 244 days > 180; 乙/工作动态: 10-22 → 10-31 = 9 days > its own 7
    assert kpis.stale_columns == 2
    # 甲/人事信息 never updated
    assert kpis.blank_columns == 1
    # F1 due 2026-10-22 (10 working days after 10-09 with 调休 Sat 10-10 counted) and still 未整改; F2 due 11-30
    assert (kpis.open_findings, kpis.overdue_findings) == (2, 1)


def test_kpis_for_departments_only(county):
    kpis = overview(county, OCTOBER, scope_for_group("县直部门"), CALENDAR).kpis
    assert (kpis.items_published, kpis.units_silent_this_week, kpis.stale_columns) == (2, 1, 1)
    assert (kpis.blank_columns, kpis.open_findings, kpis.overdue_findings) == (1, 1, 1)


def test_unit_scope_restricts_every_figure_to_the_given_units(county):
    only_b = scope_for_group("全部单位", unit_ids=(2,))
    kpis = overview(county, OCTOBER, only_b, CALENDAR).kpis
    assert (kpis.items_published, kpis.units_in_scope, kpis.stale_columns, kpis.open_findings) == (1, 1, 1, 1)


def test_a_unit_without_items_is_listed_with_zero(county):
    per_unit = items_by_unit(county, OCTOBER, UnitScope())
    assert dict(zip(per_unit["unit_name"], per_unit["items"])) == {"县甲局": 2, "乙镇": 1, "县丙局": 0}


def test_column_limit_day_itself_is_not_stale(county):
    # 乙/工作动态 (limit 7, warn at floor(7 × 0.85) = 5 days) last updated 10-22:
    # on 10-29 exactly 7 days → still within the limit, in the warning band; on 10-30, 8 days → 超期
    on_limit = month_period("2026-10", today=date(2026, 10, 29))
    rows = column_freshness(county, on_limit, scope_for_group("乡镇/街道"))
    assert rows.loc[rows["column_name"] == "工作动态", "state"].item() == "即将超期"
    past = month_period("2026-10", today=date(2026, 10, 30))
    rows = column_freshness(county, past, scope_for_group("乡镇/街道"))
    assert rows.loc[rows["column_name"] == "工作动态", "state"].item() == "超期"
