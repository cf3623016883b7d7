"""总览's 上周未更新 by the 一周一更新 rule, and the 单项否决-style column flags (issue 10: defect 7, item 12)."""

from datetime import date

import pandas as pd

from core.calendar.workdays import load_calendar
from core.monitoring.freshness import veto_flags
from core.monitoring.overview import overview
from core.storage.scope import UnitScope, month_period

CALENDAR = load_calendar()


def test_a_week_without_working_days_lists_nobody_as_silent(county):
    # judged Wed 2026-02-25: the latest complete week is 02-16 … 02-22, all 春节 (02-15 … 02-23): 0 working days,
    # so nobody was required to publish (it listed all 3 assessed units, none of which published that week)
    february = month_period("2026-02", today=date(2026, 2, 25))
    assert (february.week_start, february.week_end) == (date(2026, 2, 16), date(2026, 2, 22))
    result = overview(county, february, UnitScope(), CALENDAR)
    assert result.kpis.units_silent_this_week == 0 and result.silent_units.empty
    # an ordinary week still lists the unit that published nothing: 10-19 … 10-25, 县丙局
    october = overview(county, month_period("2026-10", today=date(2026, 11, 23)), UnitScope(), CALENDAR)
    assert october.silent_units["unit_name"].tolist() == ["县丙局"]


def _columns(unit_id: int, name: str, stale: int, blank: int, fresh: int = 1) -> list[tuple]:
    states = ["超期"] * stale + ["空白栏目"] * blank + ["正常"] * fresh
    return [(unit_id, name, "县直部门", s) for s in states]


def test_five_stale_or_five_blank_columns_flag_a_unit():
    rows = (
        _columns(1, "甲", stale=5, blank=0)  # 5 超期 → flagged
        + _columns(2, "乙", stale=4, blank=4)  # 4 + 4: neither threshold → not flagged
        + _columns(3, "丙", stale=1, blank=6)  # 6 空白 → flagged
        + [(4, "丁", "乡镇", "已豁免")] * 7  # exempted columns never count
    )
    columns = pd.DataFrame(rows, columns=["unit_id", "unit_name", "unit_type", "state"])
    flags = veto_flags(columns)
    assert flags[["unit_name", "stale_columns", "blank_columns"]].values.tolist() == [["丙", 1, 6], ["甲", 5, 0]]
    assert flags.loc[1, "reason"] == "超期未更新栏目5个（达到5个），参照国办秘函〔2019〕19号单项否决指标"
    assert flags.loc[0, "reason"].startswith("空白栏目6个（达到5个）")
    assert veto_flags(columns.iloc[0:0]).empty
