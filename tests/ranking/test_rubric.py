"""The rubric file: the default parses; an invalid file is refused by key and the last valid version stays."""

from pathlib import Path

import pytest

from core.ranking.rubric import RULE_KEYS, RubricError, current_rubric, parse_rubric
from tests.apphelpers import new_database

DEFAULT_TEXT = Path("data/rubric.toml").read_text(encoding="utf-8")


def test_default_rubric_is_the_documented_one():
    rubric = parse_rubric(DEFAULT_TEXT)
    points = {r.key: (r.kind, r.points, r.cap) for r in rubric.rules}
    assert points == {
        "silent_weeks": ("deduction", 2, 0),
        "stale_columns": ("deduction", 2, 0),
        "blank_columns": ("deduction", 1, 0),
        "late_items": ("deduction", 0.5, 5),
        "new_findings": ("deduction", 1, 10),
        "overdue_findings": ("deduction", 3, 0),
        "late_requests": ("deduction", 5, 0),
        "timely_interpretations": ("bonus", 0.5, 3),
        # issue 14 item 4: gaming the rhythm, small points — 突击更新 once a month, 旧稿新发 per item up to 3
        "rush_updates": ("deduction", 2, 2),
        "reposts": ("deduction", 1, 3),
    }
    assert (rubric.base, rubric.bonus_cap) == (100, 3)
    assert [rubric.grade(s) for s in (95, 90, 89.5, 80, 60, 59.5)] == ["优秀", "优秀", "良好", "良好", "合格", "不合格"]
    assert set(points) <= set(RULE_KEYS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("base = 100\n[[rules", "文件格式错误"),
        (DEFAULT_TEXT.replace('key = "late_items"', 'key = "late_itemz"'), "第4条规则（late_itemz）：key 应为"),
        (DEFAULT_TEXT.replace("points = 0.5\ncap = 5", "points = -1\ncap = 5"), "的 points 应为不小于 0 的数字"),
        (DEFAULT_TEXT.replace('kind = "bonus"', 'kind = "加分"'), "kind 应为 deduction"),
        (
            DEFAULT_TEXT.replace('unit_types = ["县直部门", "乡镇", "街道"]', 'unit_types = ["县直部门", "村"]', 1),
            "unit_types 只能包含",
        ),
    ],
)
def test_invalid_rubrics_are_refused_with_the_problem_named(text, expected):
    with pytest.raises(RubricError) as caught:
        parse_rubric(text)
    assert expected in caught.value.message


def test_a_broken_file_leaves_the_last_valid_version_in_force(tmp_path):
    con = new_database(tmp_path / "r.duckdb")
    path = tmp_path / "rubric.toml"
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    rubric, version, error = current_rubric(con, path)
    assert error is None and version == 1
    path.write_text(DEFAULT_TEXT.replace("points = 3\n", "points = 4\n"), encoding="utf-8")
    changed, version2, _ = current_rubric(con, path)
    assert version2 == 2 and {r.key: r.points for r in changed.rules}["overdue_findings"] == 4
    assert current_rubric(con, path)[1] == 2  # the same content is recorded once
    path.write_text("base = 100\n[[rules", encoding="utf-8")
    kept, version3, error = current_rubric(con, path)
    con.close()
    assert version3 == 2 and kept.sha256 == changed.sha256
    assert error is not None and "考核细则文件有误" in error.message


def test_a_broken_file_with_no_earlier_version_is_an_error(tmp_path):
    con = new_database(tmp_path / "r.duckdb")
    path = tmp_path / "rubric.toml"
    path.write_text("[[rules", encoding="utf-8")
    with pytest.raises(RubricError):
        current_rubric(con, path)
    con.close()
