"""A quarter's 互查 in the database: the stored plan (rules checked, audited, scoped), the checklist, and the
results read back from the findings ledger."""

import pytest

from core.accounts.identity import PermissionDeniedError, User
from core.accounts.vocabulary import LEADER, OFFICE
from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.inspection.plans import (
    checklist,
    inspection_units,
    previous_pairs,
    quarter_findings,
    quarter_results,
    save_plan,
    saved_plan,
)
from core.inspection.rotation import Quarter, propose_rotation
from core.storage.scope import UnitScope
from tests.inspection.conftest import AS_OF

Q4 = Quarter(2026, 4)
OFFICE_USER = User(1, "wang", "王五", OFFICE)


def _ids(con):
    return dict(con.execute("SELECT name, unit_id FROM units").fetchall())


def _audit(con):
    return con.execute("SELECT login, action, object, after, outcome FROM audit_log ORDER BY entry_id").fetchall()


def test_the_quarters_findings_are_the_mutual_ones_named_for_it_or_found_in_it(icounty):
    judged = quarter_findings(icounty, Q4, UnitScope(), load_calendar(), AS_OF)
    # HC4 names Q3 although found in Q4; F3 (季度互查, 09-01) is Q3; F1/F2 are 网上巡查
    assert sorted(judged["finding_no"]) == ["HC1", "HC2", "HC3"]
    q3 = quarter_findings(icounty, Quarter(2026, 3), UnitScope(), load_calendar(), AS_OF)
    assert sorted(q3["finding_no"]) == ["F3", "HC4"]


def test_results_per_unit_count_findings_rectification_and_the_review(icounty):
    units = inspection_units(icounty, UnitScope())
    results = quarter_results(quarter_findings(icounty, Q4, UnitScope(), load_calendar(), AS_OF), units)
    by_unit = {r.unit_name: r for r in results.itertuples()}
    jia, yi, bing = by_unit["县甲局"], by_unit["乙镇"], by_unit["县丙局"]
    assert (jia.findings, jia.rectified, jia.unfinished, jia.review_passed, jia.review_pending) == (2, 2, 0, 1, 1)
    assert (yi.findings, yi.unfinished, yi.overdue) == (1, 1, 1)  # due 11-13, open on 11-20
    assert str(yi.last_due_on)[:10] == "2026-11-13"
    assert bing.findings == 0  # HC4 belongs to Q3
    assert "县丁局" not in by_unit  # not assessed


def test_a_plan_keeping_the_rules_is_stored_and_audited(icounty):
    ids = _ids(icounty)
    targets = list(inspection_units(icounty, UnitScope())["unit_id"])
    pairs, left = propose_rotation(targets, targets, previous_pairs(icounty, Q4), Q4)
    assert left == []
    assert save_plan(icounty, OFFICE_USER, Q4, pairs, targets) == 3
    plan = saved_plan(icounty, Q4, UnitScope())
    assert sorted(zip(plan["inspector_id"], plan["unit_id"])) == sorted(pairs)
    assert set(plan["saved_by"]) == {"王五"}
    assert _audit(icounty)[-1] == ("wang", "inspection_plan", "2026年第四季度互查安排", "3对", "成功")
    # the next quarter may not repeat a pair
    assert previous_pairs(icounty, Quarter(2027, 1)) == set(pairs)
    jia = ids["县甲局"]
    assert all(a != jia or b != jia for a, b in pairs)


def test_a_plan_breaking_the_rules_is_refused_naming_the_units_and_nothing_is_written(icounty):
    ids = _ids(icounty)
    targets = [ids["县甲局"], ids["乙镇"], ids["县丙局"]]
    bad = [(ids["县甲局"], ids["县甲局"]), (ids["县甲局"], ids["乙镇"])]
    with pytest.raises(DashboardError) as caught:
        save_plan(icounty, OFFICE_USER, Q4, bad, targets)
    assert caught.value.message == "2026年第四季度互查安排未保存：县甲局不能检查本单位；县丙局没有检查单位"
    assert saved_plan(icounty, Q4, UnitScope()).empty
    assert _audit(icounty)[-1][-1] == "失败"


def test_repeating_last_quarters_pair_is_refused(icounty):
    ids = _ids(icounty)
    jia, yi, bing = ids["县甲局"], ids["乙镇"], ids["县丙局"]
    q3 = [(jia, yi), (yi, bing), (bing, jia)]
    save_plan(icounty, OFFICE_USER, Quarter(2026, 3), q3, [jia, yi, bing])
    with pytest.raises(DashboardError, match="县甲局上季度已检查乙镇，本季度不能再检查"):
        save_plan(icounty, OFFICE_USER, Q4, q3, [jia, yi, bing])


def test_a_leader_may_not_plan(icounty):
    ids = _ids(icounty)
    with pytest.raises(PermissionDeniedError):
        save_plan(icounty, User(2, "li", "李", LEADER), Q4, [(ids["乙镇"], ids["县甲局"])], [ids["县甲局"]])


def test_a_liaison_sees_only_the_pairs_his_unit_is_in(icounty):
    ids = _ids(icounty)
    jia, yi, bing = ids["县甲局"], ids["乙镇"], ids["县丙局"]
    save_plan(icounty, OFFICE_USER, Q4, [(yi, jia), (bing, yi), (jia, bing)], [jia, yi, bing])
    plan = saved_plan(icounty, Q4, UnitScope(unit_ids=(bing,)))
    assert sorted(zip(plan["inspector_name"], plan["unit_name"])) == [("县丙局", "乙镇"), ("县甲局", "县丙局")]


def test_the_checklist_lists_each_inspected_units_columns_with_its_rule(icounty):
    ids = _ids(icounty)
    jia, yi, bing = ids["县甲局"], ids["乙镇"], ids["县丙局"]
    save_plan(icounty, OFFICE_USER, Q4, [(yi, jia), (bing, yi), (jia, bing)], [jia, yi, bing])
    items = checklist(icounty, Q4, UnitScope(), AS_OF)
    jia_rows = items.loc[items["unit_name"] == "县甲局"]
    assert set(jia_rows["inspector_name"]) == {"乙镇"}
    assert sorted(jia_rows["column_name"]) == ["人事信息", "工作动态", "通知公告"]
    assert items.loc[items["unit_name"] == "乙镇", "interval"].tolist() == ["7天"]
    assert "县丙局" not in set(items["unit_name"])  # it has no registered column
