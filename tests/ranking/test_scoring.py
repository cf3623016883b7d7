"""Monthly scores on the hand-made county (tests/apphelpers.small_county), counted by hand.

October 2026, judged on 10-31. Natural weeks ending in October up to the last complete one: 09-28, 10-05,
10-12, 10-19 (working days 3, 3 incl. 调休 Sat 10-10, 5, 5 — all required).
  县甲局 (县直部门): items 10-08 (week 10-05), 10-20 (week 10-19) → silent weeks 09-28, 10-12 = 2 → −4;
          通知公告 last 03-01, 6个月 ended 09-01, 60 days over → stale −2; 人事信息 never → blank −1;
          F1 found 10-09 → new −1; F1 due 10-22 still 未整改 → overdue −3.   Total −11 → 89 良好
  乙镇 (乡镇): item 10-22 → silent 09-28, 10-05, 10-12 = 3 → −6; 工作动态 limit 7, 9 days → stale −2;
          F2 found 10-20 → new −1 (due 11-30: not overdue).                  Total −9 → 91 优秀
  县丙局 (县直部门): no items, no columns → silent 4 weeks → −8.                Total −8 → 92 优秀
  县丁局: 垂管单位, not in assessment → not scored.
The gaming rules of issue 14 (突击更新, 旧稿新发) add nothing here: no unit has the 6 items a month needs before
突击更新 is judged, no title repeats within a unit and no item carries a 成文日期 (tests/monitoring/test_gaming.py
counts them on a county made to trip them).
"""

from datetime import date

from core.calendar.workdays import load_calendar
from core.ranking.rubric import parse_rubric
from core.ranking.scoring import score_month

CAL = load_calendar()
TODAY = date(2026, 11, 23)
DEFAULT = parse_rubric(open("data/rubric.toml", encoding="utf-8").read())


def _by_unit(scores):
    return {r.unit_name: (r.group_name, r.score, r.rank, r.grade) for r in scores.scores.itertuples()}


def test_default_rubric_scores_by_hand(county):
    scores = score_month(county, "2026-10", TODAY, CAL, DEFAULT)
    assert _by_unit(scores) == {
        "县丙局": ("县直部门", 92.0, 1, "优秀"),
        "县甲局": ("县直部门", 89.0, 2, "良好"),
        "乙镇": ("乡镇/街道", 91.0, 1, "优秀"),
    }
    lines = {(r.unit_id, r.rule_key): (r.count, r.amount) for r in scores.lines.itertuples()}
    assert lines == {
        (1, "silent_weeks"): (2, -4),
        (2, "silent_weeks"): (3, -6),
        (3, "silent_weeks"): (4, -8),
        (1, "stale_columns"): (1, -2),
        (2, "stale_columns"): (1, -2),
        (1, "blank_columns"): (1, -1),
        (1, "new_findings"): (1, -1),
        (2, "new_findings"): (1, -1),
        (1, "overdue_findings"): (1, -3),
    }


def test_every_line_names_the_rows_behind_it(county):
    lines = score_month(county, "2026-10", TODAY, CAL, DEFAULT).lines.set_index(["unit_id", "rule_key"])
    assert lines.loc[(1, "silent_weeks"), "evidence"] == "09-28起的一周；10-12起的一周"
    # 03-01 + 6个月 = 09-01 → 10-31: 60 (calendar months, issue 10; it said 244 − 180 = 64)
    assert lines.loc[(1, "stale_columns"), "evidence"] == "通知公告（超期60天）"
    assert lines.loc[(1, "overdue_findings"), "evidence"] == "F1（逾期9天）"  # 10-22 → 10-31
    assert lines.loc[(2, "new_findings"), "evidence"] == "F2 错别字"


def _variant(body: str) -> str:
    return (
        'name = "测试"\nbase = 100\nbonus_cap = 3\ngrades = [{ name = "优秀", min = 90 }, { name = "合格", min = 0 }]\n'
        + body
    )


def test_caps_and_unit_types(county):
    rubric = parse_rubric(
        _variant("""
[[rules]]
key = "silent_weeks"
kind = "deduction"
points = 2
cap = 5
unit_types = ["乡镇", "街道"]
""")
    )
    scores = _by_unit(score_month(county, "2026-10", TODAY, CAL, rubric))
    # only 乙镇 is a 乡镇: 3 weeks × 2 = 6, capped at 5; the departments keep 100 and share rank 1
    assert scores == {
        "县甲局": ("县直部门", 100.0, 1, "优秀"),
        "县丙局": ("县直部门", 100.0, 1, "优秀"),
        "乙镇": ("乡镇/街道", 95.0, 1, "优秀"),
    }


def test_ties_share_a_rank_and_the_next_rank_is_skipped(county):
    rubric = parse_rubric(
        _variant("""
[[rules]]
key = "blank_columns"
kind = "deduction"
points = 1
cap = 0
""")
    )
    scores = score_month(county, "2026-10", TODAY, CAL, rubric).scores
    departments = scores.loc[scores["group_name"] == "县直部门"]
    assert list(zip(departments["unit_name"], departments["rank"])) == [("县丙局", 1), ("县甲局", 2)]
    rubric = parse_rubric(_variant('[[rules]]\nkey = "late_items"\nkind = "deduction"\npoints = 1\ncap = 0\n'))
    scores = score_month(county, "2026-10", TODAY, CAL, rubric).scores
    assert scores.loc[scores["group_name"] == "县直部门", "rank"].tolist() == [1, 1]


def test_quota_rule_deducts_once_per_unit(county):
    rubric = parse_rubric(
        _variant("""
[[rules]]
key = "below_quota"
kind = "deduction"
points = 5
cap = 0
threshold = 2
""")
    )
    scores = score_month(county, "2026-10", TODAY, CAL, rubric)
    # 甲 published 2 (not below 2); 乙 1 and 丙 0 are below
    assert {r.unit_name: r.score for r in scores.scores.itertuples()} == {"县甲局": 100.0, "县丙局": 95.0, "乙镇": 95.0}
    assert scores.lines.set_index("unit_id").loc[2, "evidence"] == "本月发布1条，低于2条"


def test_bonus_is_capped_by_the_rubric(county, tmp_path):
    from tests.apphelpers import load, write_csv

    load(
        county,
        write_csv(
            tmp_path / "jiedu.csv",
            ["单位", "栏目", "标题", "发布日期", "是否政策解读"],
            [
                ["县甲局", "政策文件", "关于印发《清源县安全生产实施方案》的通知", "2026-10-12", "否"],
                [
                    "县甲局",
                    "政策解读",
                    "《清源县安全生产实施方案》政策解读",
                    "2026-10-15",
                    "是",
                ],  # 3rd working day: counts
                ["县甲局", "政策文件", "关于印发《清源县防汛预案》的通知", "2026-10-12", "否"],
                ["县甲局", "政策解读", "《清源县防汛预案》政策解读", "2026-10-16", "是"],
            ],
        ),
    )  # 4th working day: too late
    rubric = parse_rubric(
        _variant("""
[[rules]]
key = "timely_interpretations"
kind = "bonus"
points = 5
cap = 0
""")
    )
    scores = score_month(county, "2026-10", TODAY, CAL, rubric)
    line = scores.lines.set_index("unit_id").loc[1]
    assert (line["count"], line["amount"]) == (1, 5.0)
    assert {r.unit_name: r.score for r in scores.scores.itertuples()}["县甲局"] == 103.0  # bonus_cap 3
