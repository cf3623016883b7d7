"""Which units and which days a figure is about: the unit scope and the reporting period.

Never imports streamlit. Every query function takes a UnitScope, so that per-unit access (a unit's own
staff seeing only their unit) can later be enforced here, in one place.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

UNIT_GROUPS: dict[str, tuple[str, ...]] = {
    "全部单位": ("县直部门", "乡镇", "街道", "垂管单位"),
    "县直部门": ("县直部门",),
    "乡镇/街道": ("乡镇", "街道"),
}


@dataclass(frozen=True)
class UnitScope:
    """Units a figure covers: by type, optionally restricted to given ids; assessed units only by default."""

    unit_types: tuple[str, ...] = UNIT_GROUPS["全部单位"]
    unit_ids: tuple[int, ...] | None = None
    assessed_only: bool = True

    def sql(self, alias: str = "u") -> tuple[str, list]:
        """A WHERE fragment on the units table (aliased `alias`) and its bound parameters."""
        clauses = [f"list_contains(?, {alias}.unit_type)"]
        params: list = [list(self.unit_types)]
        if self.assessed_only:
            clauses.append(f"{alias}.in_assessment")
        if self.unit_ids is not None:
            clauses.append(f"list_contains(?, {alias}.unit_id)")
            params.append(list(self.unit_ids))
        return " AND ".join(clauses), params


def scope_for_group(group: str, unit_ids: tuple[int, ...] | None = None) -> UnitScope:
    """The scope for a sidebar choice such as 县直部门 or 乡镇/街道."""
    return UnitScope(UNIT_GROUPS.get(group, UNIT_GROUPS["全部单位"]), unit_ids)


@dataclass(frozen=True)
class Period:
    """A reporting month and the day its figures are judged on (month end, or today inside the month)."""

    start: date
    end: date
    as_of: date

    @property
    def label(self) -> str:
        return f"{self.start.year}年{self.start.month}月"

    @property
    def week_end(self) -> date:
        """Sunday of the latest complete natural week on or before as_of.

        Why complete: 一周一更新 asks for an item each natural week; judged on a Monday morning, the week
        just begun would show every unit as silent.
        """
        return self.as_of - timedelta(days=(self.as_of.weekday() + 1) % 7)

    @property
    def week_start(self) -> date:
        """Monday of that week."""
        return self.week_end - timedelta(days=6)


def month_period(month: str, today: date) -> Period:
    """'2026-10' → Period(2026-10-01, 2026-10-31, as_of=min(month end, today))."""
    year, mon = (int(p) for p in month.split("-"))
    start = date(year, mon, 1)
    end = date(year, mon, calendar.monthrange(year, mon)[1])
    return Period(start, end, min(end, max(today, start)))
