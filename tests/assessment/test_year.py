"""一年一考评 on the hand-made county with its 互查 findings (tests/inspection/conftest.py), judged on 2026-11-20."""

from datetime import date, datetime

import pytest

from core.accounts.identity import User
from core.accounts.vocabulary import OFFICE
from core.annual_reports.queries import decide_as
from core.annual_reports.vocabulary import DISMISSED, FAIL
from core.assessment.year import assess_year, load_assessment_rule
from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.ranking.rubric import current_rubric
from core.ranking.view import month_scores
from core.storage.scope import UnitScope

AS_OF = date(2026, 11, 20)


@pytest.fixture
def year(icounty):
    rubric, _, _ = current_rubric(icounty)
    return assess_year(icounty, 2026, AS_OF, load_calendar(), rubric, UnitScope(), load_assessment_rule())


def test_months_up_to_today_are_counted_with_the_same_scores_as_the_month(icounty, year):
    assert year.months == tuple(f"2026-{m:02d}" for m in range(1, 12))
    rubric, _, _ = current_rubric(icounty)
    october = month_scores(icounty, "2026-10", AS_OF, load_calendar(), rubric).scores.set_index("unit_id")["score"]
    ours = year.monthly.loc[year.monthly["month"] == "2026-10"].set_index("unit_id")["score"]
    assert ours.to_dict() == october.loc[ours.index].to_dict()


def test_year_score_is_the_monthly_average_times_the_weight_plus_the_year_items(year):
    rule = load_assessment_rule()
    for row in year.scores.itertuples():
        monthly = year.monthly.loc[year.monthly["unit_id"] == row.unit_id, "score"]
        assert len(monthly) == 11
        items = year.items.loc[year.items["unit_id"] == row.unit_id, "item_points"].sum()
        assert row.score == round(round(monthly.mean(), 2) * rule.monthly_weight + items, 2)
        assert row.grade == rule.grade(row.score)


def test_year_items_explain_every_point(year, icounty):
    ids = dict(icounty.execute("SELECT name, unit_id FROM units").fetchall())
    items = {(r.unit_id, r.item): (r.item_points, r.item_explanation) for r in year.items.itertuples()}
    # 县甲局: F3 (2026Q3 季度互查), HC1 and HC3 — all rectified; 乙镇: HC2 open; 县丙局: HC4 open
    assert items[(ids["县甲局"], "互查问题整改率")] == (5.0, "互查问题3个，已整改3个，整改率100%")
    assert items[(ids["乙镇"], "互查问题整改率")] == (0.0, "互查问题1个，已整改0个，整改率0%")
    assert items[(ids["县丙局"], "互查问题整改率")] == (0.0, "互查问题1个，已整改0个，整改率0%")
    # 县甲局's 通知公告 (last item 03-01) is 超期 at the ends of September to November
    assert items[(ids["县甲局"], "全年无超期栏目")] == (0.0, "月末有超期栏目的月份：9月、10月、11月")
    assert items[(ids["县丙局"], "全年无超期栏目")] == (5.0, "每个月末均无超期栏目")


def test_ranked_within_each_group_with_grades(year):
    assert year.scores[["unit_name", "group_name", "rank", "grade"]].values.tolist() == [
        ["县甲局", "县直部门", 1, "良好"],
        ["县丙局", "县直部门", 2, "良好"],
        ["乙镇", "乡镇/街道", 1, "一般"],
    ]
    assert "县丁局" not in set(year.scores["unit_name"])  # not assessed


def test_a_wrong_rule_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "assessment.toml"
    path.write_text(
        'monthly_weight = 0.9\n[[items]]\nkey = "vibes"\nname = "x"\npoints = 1\n[[grades]]\nname = "优秀"\nmin = 90\n',
        encoding="utf-8",
    )
    with pytest.raises(DashboardError) as caught:
        load_assessment_rule(path)
    assert caught.value.message == "年度考评办法文件 assessment.toml 有误：未知的年度项目 vibes"


def test_the_result_bulletin_lists_each_groups_grades_and_the_full_table(year):
    from core.registry.office import load_office
    from exports.assessment import AssessmentBulletin, assessment_bulletin_docx
    from exports.documents import docx_text_structure
    from exports.monthly import office_info

    data = assessment_bulletin_docx(
        AssessmentBulletin(office_info(load_office()), "清公开办〔2026〕30号", AS_OF, year, load_assessment_rule())
    )
    texts = [t for _, t, _, _ in docx_text_structure(data)]
    assert "关于2026年度全县政务公开工作考评结果的通报" in "".join(texts).replace("\n", "")
    assert "良好等次2个：县甲局、县丙局。" in texts and "一般等次1个：乙镇。" in texts
    assert "年度得分由1—11月月度考核得分的平均分×0.85" in "".join(texts)
    assert ["2", "县丙局", "91.18", "7", "84.50", "良好"] == texts[
        texts.index("县丙局") - 1 : texts.index("县丙局") + 5
    ]


def test_the_annual_report_item_loses_its_points_when_last_years_report_was_late_or_is_missing(year, icounty):
    ids = dict(icounty.execute("SELECT name, unit_id FROM units").fetchall())
    items = {(r.unit_id, r.item): (r.item_points, r.item_explanation) for r in year.items.itertuples()}
    assert items[(ids["县甲局"], "年度报告按时发布")] == (3.0, "上年度报告按时（1月31日前）报送")
    assert items[(ids["县丙局"], "年度报告按时发布")] == (0.0, "2025年度报告2026-02-10报送，晚于1月31日")
    assert items[(ids["乙镇"], "年度报告按时发布")] == (0.0, "2025年度报告未报送")


def test_before_the_deadline_a_missing_report_keeps_the_points(icounty):
    rubric, _, _ = current_rubric(icounty)
    january = assess_year(
        icounty, 2026, date(2026, 1, 20), load_calendar(), rubric, UnitScope(), load_assessment_rule()
    )
    ids = dict(icounty.execute("SELECT name, unit_id FROM units").fetchall())
    items = january.items.set_index(["unit_id", "item"])
    assert items.loc[(ids["乙镇"], "年度报告按时发布"), "item_points"] == 3.0  # not yet due on 20 January
    assert items.loc[(ids["乙镇"], "年度报告无勾稽错误"), "item_points"] == 2.0


def test_the_no_errors_item_counts_failures_the_office_did_not_dismiss(icounty):
    """县甲局's 2025 report fails T3-1 and TXT-1 (TXT-1 dismissed by the office); 县丙局's fails only PUB-1, which
    年度报告按时发布 already scores; 乙镇 sent nothing."""
    ids = dict(icounty.execute("SELECT name, unit_id FROM units").fetchall())
    for unit, check_id in (("县甲局", "T3-1"), ("县甲局", "TXT-1"), ("县丙局", "PUB-1"), ("县甲局", "T4-1")):
        status = "pass" if check_id == "T4-1" else FAIL
        icounty.execute(
            "INSERT INTO annual_report_checks VALUES (?, 2025, ?, ?, 'E', '不成立', '', '', '[]', ?)",
            [ids[unit], check_id, status, datetime(2026, 3, 1)],
        )
    decide_as(icounty, User(1, "wang", "王五", OFFICE), ids["县甲局"], 2025, "TXT-1", DISMISSED, "口径不同")
    rule = load_assessment_rule()
    assert sum(i.points for i in rule.items) + 100 * rule.monthly_weight == 100  # the top score stays 100
    year = assess_year(icounty, 2026, AS_OF, load_calendar(), current_rubric(icounty)[0], UnitScope(), rule)
    items = {(r.unit_id, r.item): (r.item_points, r.item_explanation) for r in year.items.itertuples()}
    assert items[(ids["县甲局"], "年度报告无勾稽错误")] == (0.0, "2025年度报告有1项核对不通过：T3-1")
    assert items[(ids["县丙局"], "年度报告无勾稽错误")] == (2.0, "上年度报告核对无不通过项（办公室不予采纳的除外）")
    assert items[(ids["乙镇"], "年度报告无勾稽错误")] == (0.0, "2025年度报告未报送，无从核对")
    assert items[(ids["县丙局"], "年度报告按时发布")][0] == 0.0
