"""The quarter's rotation: who inspects whom, proposed fairly and checked when edited (pure functions)."""

from datetime import date

import pytest

from core.inspection.rotation import (
    Quarter,
    parse_quarter,
    plan_problems,
    propose_rotation,
    quarter_of,
    written_quarter,
)

UNITS = list(range(1, 11))


def _keeps_the_rules(pairs, inspectors, targets, previous):
    assert sorted(b for _, b in pairs) == sorted(targets)  # every unit inspected exactly once
    assert all(a != b for a, b in pairs)
    assert not set(pairs) & previous
    loads = [sum(a == x for a, _ in pairs) for x in inspectors]
    assert max(loads) <= -(-len(targets) // len(inspectors))


def test_every_unit_inspects_one_other_unit_and_none_itself():
    pairs, left = propose_rotation(UNITS, UNITS, set(), Quarter(2026, 4))
    assert left == []
    _keeps_the_rules(pairs, UNITS, UNITS, set())


def test_four_quarters_running_never_repeat_a_pair_from_the_quarter_before():
    previous: set = set()
    quarter = Quarter(2026, 1)
    for _ in range(4):
        pairs, left = propose_rotation(UNITS, UNITS, previous, quarter)
        assert left == []
        _keeps_the_rules(pairs, UNITS, UNITS, previous)
        previous, quarter = set(pairs), Quarter(quarter.year + quarter.number // 4, quarter.number % 4 + 1)


def test_a_few_inspectors_share_the_county_evenly():
    pairs, left = propose_rotation([2, 5, 9], UNITS, set(), Quarter(2026, 4))
    assert left == []
    _keeps_the_rules(pairs, [2, 5, 9], UNITS, set())
    assert sorted(sum(a == x for a, _ in pairs) for x in (2, 5, 9)) == [3, 3, 4]


def test_matching_finds_the_only_assignment_a_greedy_pass_could_miss():
    # 3 inspected 1 and 2 inspected 3 last quarter: 1 must go to 2, 3 to 1, so 2 to 3
    for quarter in (Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)):
        pairs, left = propose_rotation([1, 2, 3], [1, 2, 3], {(3, 1), (2, 3)}, quarter)
        assert left == [] and set(pairs) == {(2, 1), (3, 2), (1, 3)}


def test_a_unit_no_inspector_may_take_is_reported():
    pairs, left = propose_rotation([1], [1, 2], set(), Quarter(2026, 4))
    assert pairs == [(1, 2)] and left == [1]


def test_an_edited_plan_is_checked_naming_the_units():
    names = {1: "县甲局", 2: "乙镇", 3: "县丙局"}
    problems = plan_problems([(1, 1), (2, 3), (2, 3)], [1, 2, 3], {(2, 3)}, names)
    assert problems == [
        "县甲局不能检查本单位",
        "乙镇上季度已检查县丙局，本季度不能再检查",
        "乙镇上季度已检查县丙局，本季度不能再检查",
        "乙镇没有检查单位",
        "县丙局被安排了2个检查单位",
    ]
    assert plan_problems([(2, 1), (3, 2), (1, 3)], [1, 2, 3], {(2, 3)}, names) == []


def test_quarters():
    q = Quarter(2026, 4)
    assert (q.key, q.label, q.start, q.end) == ("2026Q4", "2026年第四季度", date(2026, 10, 1), date(2026, 12, 31))
    assert Quarter(2027, 1).previous() == q and q.previous() == Quarter(2026, 3)
    assert Quarter(2026, 1).end == date(2026, 3, 31)
    assert quarter_of(date(2026, 9, 30)) == Quarter(2026, 3)
    assert parse_quarter("2026Q4") == q
    with pytest.raises(ValueError, match="季度应写作 2026Q4 的形式"):
        parse_quarter("2026-4")


@pytest.mark.parametrize(
    ("written", "quarter"),
    [
        ("2026年第四季度互查", Quarter(2026, 4)),
        ("2026年第1季度互查", Quarter(2026, 1)),
        ("2026Q3互查", Quarter(2026, 3)),
        ("2026 年 二季度 互查", Quarter(2026, 2)),
        ("季度互查", None),
        ("网上巡查", None),
    ],
)
def test_the_quarter_an_inspection_name_states(written, quarter):
    assert written_quarter(written) == quarter
