"""The figures the monitoring pages show above their tables, computed here rather than in the pages."""

import pandas as pd

from core.monitoring.freshness import problem_columns, state_counts
from core.monitoring.timeliness import timeliness_totals
from core.monitoring.vocabulary import BLANK, EXEMPT, FRESH, FRESHNESS_STATES, NEW_COLUMN, STALE, WARNING


def test_late_rate_counts_only_items_with_a_formation_date():
    by_unit = pd.DataFrame({"items": [4, 3], "on_time": [2, 1], "late": [1, 0], "unknown": [1, 2]})
    # judged: 2 + 1 on time, 1 late → 1 / 4; the 3 未知 items count neither way
    assert timeliness_totals(by_unit) == {"items": 7, "on_time": 3, "late": 1, "unknown": 3, "late_rate": 0.25}


def test_late_rate_is_none_when_no_item_can_be_judged():
    by_unit = pd.DataFrame({"items": [2], "on_time": [0], "late": [0], "unknown": [2]})
    assert timeliness_totals(by_unit)["late_rate"] is None


def _columns(states: list[str]) -> pd.DataFrame:
    n = len(states)
    return pd.DataFrame(
        {
            "unit_name": [f"单位{i}" for i in range(n)],
            "column_name": ["栏目"] * n,
            "category": ["工作动态"] * n,
            "limit_days": [14] * n,
            "last_published_on": [None] * n,
            "days_since": [20] * n,
            "days_over": [6] * n,
            "state": states,
        }
    )


def test_every_freshness_state_is_counted_even_when_absent():
    counts = state_counts(_columns([STALE, STALE, BLANK, FRESH]))
    assert counts == {STALE: 2, BLANK: 1, WARNING: 0, FRESH: 1, NEW_COLUMN: 0, EXEMPT: 0}
    assert list(counts) == list(FRESHNESS_STATES)


def test_problem_columns_are_the_stale_and_the_blank_ones():
    problems = problem_columns(_columns([STALE, WARNING, BLANK, EXEMPT, NEW_COLUMN]))
    assert problems["state"].tolist() == [STALE, BLANK]
    assert problems["unit_name"].tolist() == ["单位0", "单位2"]
