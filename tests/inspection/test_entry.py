"""A 互查 finding entered on the page (issue 14 item 2), on a real database file: stored as the findings ledger
stores one (its own batch, row key, history), counted by the quarter's results, the monthly rubric and the year's
互查整改率, audited with the person; refused in Chinese with nothing written."""

from datetime import date

import pytest

from core.accounts.identity import User
from core.accounts.vocabulary import LEADER, OFFICE
from core.assessment.year import assess_year, load_assessment_rule
from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.inspection.entry import MutualFinding, due_preview
from core.inspection.plans import quarter_findings, quarter_results, save_plan
from core.inspection.rotation import Quarter
from core.ranking.rubric import parse_rubric
from core.ranking.scoring import score_month
from core.storage.scope import UnitScope
from loaders.batches import undo
from loaders.finding_entry import enter_finding_as
from tests.inspection.conftest import AS_OF

CAL = load_calendar()
Q4 = Quarter(2026, 4)
OFFICER = User(1, "wang", "王五", OFFICE)


@pytest.fixture
def planned(icounty):
    ids = dict(icounty.execute("SELECT name, unit_id FROM units").fetchall())
    pairs = [(ids["乙镇"], ids["县甲局"]), (ids["县丙局"], ids["乙镇"]), (ids["县甲局"], ids["县丙局"])]
    save_plan(icounty, OFFICER, Q4, pairs, [b for _, b in pairs])
    return icounty, ids


def _entry(ids, **changes) -> MutualFinding:
    values = {
        "quarter": Q4,
        "unit_id": ids["县丙局"],
        "column": "通知公告",
        "problem_type": "栏目更新不及时",
        "problem": "半年未更新",
        "found_on": date(2026, 11, 18),
    }
    return MutualFinding(**(values | changes))


def _counts(con) -> tuple[int, int, int]:
    return tuple(
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("findings", "imports", "finding_history")
    )


def _year_mutual(con, ids) -> str:
    """县丙局's 互查问题整改率 explanation in the year's assessment."""
    rubric = parse_rubric(open("data/rubric.toml", encoding="utf-8").read())
    year = assess_year(con, 2026, AS_OF, CAL, rubric, UnitScope(), load_assessment_rule())
    items = year.items
    return items.loc[
        (items["unit_id"] == ids["县丙局"]) & (items["item"] == "互查问题整改率"), "item_explanation"
    ].iloc[0]


def test_an_entered_finding_counts_like_an_imported_one(planned):
    con, ids = planned
    entry = _entry(ids)
    # 10 working days after Wed 11-18, the day found not counted: 11-19 … 12-02
    assert due_preview(entry, CAL) == date(2026, 12, 2)
    assert _year_mutual(con, ids) == "互查问题1个，已整改0个，整改率0%"  # HC4 of Q3 only
    report = enter_finding_as(con, OFFICER, entry, AS_OF, CAL)
    judged = quarter_findings(con, Q4, UnitScope(), CAL, AS_OF)
    row = judged.loc[judged["unit_id"] == ids["县丙局"]]
    assert len(row) == 1  # 县丙局's HC4 names 2026Q3, so it is not this quarter's
    assert row[["inspection", "description", "deadline", "state"]].iloc[0].tolist() == [
        "2026年第四季度互查(县甲局检查)",
        "【通知公告】半年未更新",
        "10个工作日",
        "未整改",
    ]
    assert row["due_on"].iloc[0] == date(2026, 12, 2)
    results = quarter_results(judged, con.execute("SELECT unit_id, name AS unit_name FROM units").df())
    assert results.set_index("unit_name").loc["县丙局", ["findings", "unfinished"]].tolist() == [1, 1]
    # the month's rubric counts it as a new finding of November, the year's 互查整改率 as one open
    lines = score_month(
        con, "2026-11", AS_OF, CAL, parse_rubric(open("data/rubric.toml", encoding="utf-8").read())
    ).lines
    new = lines.loc[(lines["unit_id"] == ids["县丙局"]) & (lines["rule_key"] == "new_findings")]
    assert new["evidence"].iloc[0].strip() == "【通知公告】半年未更新"
    assert _year_mutual(con, ids) == "互查问题2个，已整改0个，整改率0%"  # HC4 of Q3 and the entered one
    # the batch is an import of its own: recorded as from the page and undone like any
    batch = con.execute("SELECT source, file_name FROM imports WHERE import_id = ?", [report.import_id]).fetchone()
    assert batch[0] == "page" and batch[1].startswith("页面录入互查问题_2026Q4_县丙局_")
    entry_log = con.execute(
        "SELECT login, object, outcome FROM audit_log WHERE action = 'finding_enter' ORDER BY entry_id DESC"
    ).fetchone()
    assert entry_log == ("wang", "2026年第四季度互查问题：县丙局", "成功")
    undo(con, report.import_id)
    assert quarter_findings(con, Q4, UnitScope(unit_ids=(ids["县丙局"],)), CAL, AS_OF).empty


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "乙镇外"}, None),
        ({"problem": "  "}, "2026年第四季度互查问题：县丙局未保存：请填写问题描述"),
        (
            {"found_on": date(2026, 9, 30)},
            "2026年第四季度互查问题：县丙局未保存：发现日期 2026-09-30 不在2026年第四季度（2026-10-01至2026-12-31）内",
        ),
        (
            {"found_on": date(2026, 11, 25)},
            "2026年第四季度互查问题：县丙局未保存：发现日期 2026-11-25 晚于今天（2026-11-20）",
        ),
    ],
)
def test_refusals_are_chinese_and_write_nothing_but_the_audit_row(planned, changes, message):
    con, ids = planned
    if "unit" in changes:  # 县丁局 is registered but nobody inspects it this quarter
        changes = {"unit_id": ids["县丁局"]}
        message = (
            f"2026年第四季度互查问题：单位{ids['县丁局']}未保存：该单位不在2026年第四季度互查安排的被检查单位中，"
            "请先保存互查安排或选择安排中的单位"
        )
    before = _counts(con)
    with pytest.raises(DashboardError) as caught:
        enter_finding_as(con, OFFICER, _entry(ids, **changes), AS_OF, CAL)
    assert caught.value.message == message
    assert _counts(con) == before
    assert con.execute("SELECT outcome FROM audit_log ORDER BY entry_id DESC").fetchone()[0] == "失败"


def test_the_same_finding_twice_and_a_leader_are_refused(planned):
    con, ids = planned
    enter_finding_as(con, OFFICER, _entry(ids), AS_OF, CAL)
    before = _counts(con)
    with pytest.raises(DashboardError) as caught:
        enter_finding_as(con, OFFICER, _entry(ids, found_on=date(2026, 11, 19)), AS_OF, CAL)
    assert caught.value.message == "2026年第四季度互查问题：县丙局未保存：同一问题已录入（【通知公告】半年未更新）。"
    with pytest.raises(DashboardError) as caught:
        enter_finding_as(con, User(2, "ld", "赵六", LEADER), _entry(ids, problem="另一问题"), AS_OF, CAL)
    assert "领导（ld）无权" in caught.value.message
    assert _counts(con) == before
