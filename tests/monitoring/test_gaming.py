"""Gaming the rhythm (issue 14 item 4): 突击更新 and 旧稿新发 on a county loaded through the real loaders, counted by
hand, and the same rows as deductions of the monthly rubric.

February 2026 (judged 03-01): 春节 02-15 … 02-23; Saturday 02-28 is a 调休 working day, so the month's last three
working days are 02-26, 02-27, 02-28 (on a Monday–Friday calendar they would be 02-25 … 02-27).
  县甲局: 10 items, 4 early, 1 on 02-25, 5 in 02-26 … 02-28 → 50% → 突击更新.
          Its 02-27 《甲局关于安全生产检查的通报》 was 成文 2024-12-01 (453 days before) → 旧稿新发 (old 成文日期);
          its 02-26 item was 成文 2025-02-26, exactly 365 days before → not flagged (more than 365 is).
  县丙局: 10 items, 5 early, 1 on 02-25, 4 in the closing days → 40% → not flagged; counting 02-25 as a closing
          day (no 调休) would make it 50%.
  乙镇: 2 items, both on 02-27 → 100%, but fewer than 6 items → not judged.
          Its 02-27 《乙镇开展“冬季防火”宣传》 repeats 2025-11-10 《乙镇开展冬季防火宣传》 (quotes and spaces ignored)
          → 旧稿新发 (same title); 《乙镇召开年度总结会》 repeats a title of 2024-12-20, 434 days earlier → not flagged.
  县丙局 published 《乙镇开展冬季防火宣传》 too: a title is a repeat only within the same unit.
"""

from datetime import date

import pandas as pd
import pytest

from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.monitoring.gaming import (
    GamingSettings,
    parse_gaming_settings,
    repost_counts,
    repost_summary,
    reposts,
    rush_updates,
    rush_window,
)
from core.ranking.rubric import parse_rubric
from core.ranking.scoring import score_month
from core.storage.scope import UnitScope, month_period
from tests.apphelpers import load, new_database, write_csv

CAL = load_calendar()
FEBRUARY = month_period("2026-02", date(2026, 3, 1))
DEFAULT_RUBRIC = parse_rubric(open("data/rubric.toml", encoding="utf-8").read())


def _items(unit: str, days: list[str], stem: str) -> list[list[str]]:
    return [[unit, "工作动态", f"{stem}第{n}期", day, "", ""] for n, day in enumerate(days, 1)]


def gamed_county(con, tmp_path) -> None:
    """The county of this module's docstring, loaded through the real loaders."""
    load(
        con,
        write_csv(
            tmp_path / "units.csv",
            ["单位名称", "单位类型", "是否纳入考核"],
            [["县甲局", "县直部门", "是"], ["乙镇", "乡镇", "是"], ["县丙局", "县直部门", "是"]],
        ),
    )
    load(
        con,
        write_csv(
            tmp_path / "columns.csv",
            ["单位名称", "栏目名称", "栏目类别"],
            [
                ["县甲局", "工作动态", "动态要闻类"],
                ["乙镇", "工作动态", "动态要闻类"],
                ["县丙局", "工作动态", "动态要闻类"],
            ],
        ),
    )
    early = ["2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05", "2026-02-06"]
    rows = [
        *_items("县甲局", [*early[:4], "2026-02-25", "2026-02-27", "2026-02-28", "2026-02-28"], "甲局工作简报"),
        ["县甲局", "工作动态", "甲局关于安全生产检查的通报", "2026-02-27", "2024-12-01", ""],
        ["县甲局", "工作动态", "甲局春季造林动员会", "2026-02-26", "2025-02-26", ""],
        *_items("县丙局", [*early, "2026-02-25", "2026-02-26", "2026-02-26", "2026-02-27", "2026-02-28"], "丙局动态"),
        ["县丙局", "工作动态", "乙镇开展冬季防火宣传", "2026-01-05", "", ""],
        ["乙镇", "工作动态", "乙镇开展冬季防火宣传", "2025-11-10", "", ""],
        ["乙镇", "工作动态", "乙镇开展“冬季防火” 宣传", "2026-02-27", "", ""],
        ["乙镇", "工作动态", "乙镇召开年度总结会", "2024-12-20", "", ""],
        ["乙镇", "工作动态", "乙镇召开年度总结会", "2026-02-27", "", ""],
    ]
    load(con, write_csv(tmp_path / "items.csv", ["单位", "栏目", "标题", "发布日期", "成文日期", "链接"], rows))


@pytest.fixture
def gamed(tmp_path):
    con = new_database(tmp_path / "gamed.duckdb")
    gamed_county(con, tmp_path)
    yield con
    con.close()


def test_the_closing_working_days_follow_the_holiday_calendar():
    assert rush_window(FEBRUARY, CAL, 3) == (date(2026, 2, 26), date(2026, 2, 28))  # 调休 Saturday 02-28
    september = month_period("2026-09", date(2026, 10, 1))
    assert rush_window(september, CAL, 3) == (date(2026, 9, 28), date(2026, 9, 30))
    assert rush_window(september, CAL, 5) == (date(2026, 9, 23), date(2026, 9, 30))  # 中秋 09-25 … 09-27 skipped


def test_a_month_crowded_into_its_last_working_days_is_flagged(gamed):
    flagged = rush_updates(gamed, FEBRUARY, UnitScope(), CAL, GamingSettings())
    assert flagged[["unit_name", "items", "last_items", "share"]].values.tolist() == [["县甲局", 10, 5, 0.5]]
    row = flagged.iloc[0]
    assert (row["window_start"], row["window_end"]) == (date(2026, 2, 26), date(2026, 2, 28))
    assert row["last_titles"] == (
        "02-26《甲局春季造林动员会》；02-27《甲局关于安全生产检查的通报》；02-27《甲局工作简报第6期》；"
        "02-28《甲局工作简报第7期》；02-28《甲局工作简报第8期》"
    )
    # the thresholds are the file's: 40% is enough for 县丙局, and 2 items are enough for 乙镇
    looser = rush_updates(gamed, FEBRUARY, UnitScope(), CAL, GamingSettings(rush_share=0.4, rush_min_items=2))
    assert looser["unit_name"].tolist() == ["乙镇", "县甲局", "县丙局"]
    assert rush_updates(gamed, FEBRUARY, UnitScope(unit_ids=(2,)), CAL, GamingSettings()).empty


def test_old_drafts_and_repeated_titles_are_flagged_with_the_earlier_item(gamed):
    flagged = reposts(gamed, FEBRUARY, UnitScope(), GamingSettings())
    flagged = flagged.set_index("unit_name")  # no 排序 in the registry: by name
    assert flagged[["title", "old_draft", "same_title"]].to_dict("index") == {
        "县甲局": {"title": "甲局关于安全生产检查的通报", "old_draft": True, "same_title": False},
        "乙镇": {"title": "乙镇开展“冬季防火” 宣传", "old_draft": False, "same_title": True},
    }
    assert flagged.loc["县甲局", "draft_age_days"] == 453
    assert pd.Timestamp(flagged.loc["乙镇", "earlier_on"]) == pd.Timestamp(2025, 11, 10)
    flagged = flagged.reset_index()
    summary = repost_summary(flagged)
    assert summary.loc[summary["unit_name"] == "乙镇", "reasons"].iloc[0] == [
        "2026-02-27在“工作动态”发布《乙镇开展“冬季防火” 宣传》：与本单位2025-11-10在“工作动态”发布的"
        "《乙镇开展冬季防火宣传》标题相同"
    ]
    assert summary.loc[summary["unit_name"] == "县甲局", "reasons"].iloc[0] == [
        "2026-02-27在“工作动态”发布《甲局关于安全生产检查的通报》：成文日期2024-12-01，发布时已过453天（超过365天）"
    ]
    # 0 days = any earlier item: the 2024 总结会 title counts then; a 成文日期 limit of 365 days takes the 02-26 item
    wider = reposts(gamed, FEBRUARY, UnitScope(), GamingSettings(same_title_days=0, old_draft_days=364))
    assert set(wider["title"]) == {
        "甲局关于安全生产检查的通报",
        "甲局春季造林动员会",
        "乙镇开展“冬季防火” 宣传",
        "乙镇召开年度总结会",
    }


def _bing_items(con, path, dated: list[tuple[str, str]]) -> None:
    """Items of 县丙局's 工作动态 (title, 发布日期), without 成文日期, imported as one ledger."""
    rows = [["县丙局", "工作动态", title, day, "", ""] for title, day in dated]
    load(con, write_csv(path, ["单位", "栏目", "标题", "发布日期", "成文日期", "链接"], rows))


def test_the_latest_earlier_item_is_named_and_a_same_day_twin_is_no_repost(gamed, tmp_path):
    """Two earlier items of the title on 01-10 and one on 12-01: of the two on 01-10 the later import (the higher
    item_id) is named, on every run. Two items of one title on one day, with none before, are not reposts."""
    first = [
        ("丙局周报", "2025-12-01"),
        ("丙局周报", "2026-01-10"),
        ("丙局 周报", "2026-02-10"),
        ("丙局例会", "2026-02-03"),
        ("丙局·例会", "2026-02-03"),  # the same title key, another item
    ]
    _bing_items(gamed, tmp_path / "first.csv", first)
    _bing_items(gamed, tmp_path / "later.csv", [("丙局·周报", "2026-01-10")])
    flagged = reposts(gamed, FEBRUARY, UnitScope(), GamingSettings())
    own = flagged.loc[flagged["unit_name"] == "县丙局"]
    assert own[["title", "earlier_title"]].values.tolist() == [["丙局 周报", "丙局·周报"]]
    assert pd.Timestamp(own["earlier_on"].iloc[0]) == pd.Timestamp(2026, 1, 10)


def test_the_rankings_count_is_the_pages_list_counted_in_sql(gamed, tmp_path):
    """repost_counts (the ranking's reposts rule) gives each unit the number of items 更新频率 lists and every
    item's reason in the list's order, most first: three same-title items of 县丙局 over two days."""
    weekly = [
        ("丙局周报", "2026-01-10"),
        ("丙局·周报", "2026-02-12"),
        ("丙局 周报", "2026-02-11"),
        ("丙局（周报）", "2026-02-12"),
    ]
    _bing_items(gamed, tmp_path / "weekly.csv", weekly)
    for settings in (GamingSettings(), GamingSettings(same_title_days=0, old_draft_days=364)):
        summary = repost_summary(reposts(gamed, FEBRUARY, UnitScope(), settings))
        counted = repost_counts(gamed, FEBRUARY, UnitScope(), settings)
        assert counted["unit_id"].tolist() == summary["unit_id"].tolist()
        assert counted["reposts"].tolist() == summary["reposts"].tolist()
        assert counted["evidence"].tolist() == ["；".join(reasons) for reasons in summary["reasons"]]
    assert counted["reposts"].iloc[0] == 3  # 县丙局's three February items, before the others' one or two
    assert counted["evidence"].iloc[0].startswith("2026-02-11在“工作动态”发布《丙局 周报》")


def test_the_monthly_rubric_deducts_both_with_the_evidence(gamed):
    scores = score_month(gamed, "2026-02", date(2026, 3, 1), CAL, DEFAULT_RUBRIC)
    lines = scores.lines.set_index(["unit_id", "rule_key"])
    assert (lines.loc[(1, "rush_updates"), "count"], lines.loc[(1, "rush_updates"), "amount"]) == (1, -2)
    assert lines.loc[(1, "rush_updates"), "evidence"].startswith(
        "当月发布10条，其中5条（50%）在月末2026-02-26至2026-02-28发布：02-26《甲局春季造林动员会》"
    )
    assert (lines.loc[(1, "reposts"), "count"], lines.loc[(1, "reposts"), "amount"]) == (1, -1)
    assert (lines.loc[(2, "reposts"), "count"], lines.loc[(2, "reposts"), "amount"]) == (1, -1)
    assert not any(key in ("rush_updates", "reposts") for unit, key in lines.index if unit == 3)


def test_reposts_are_capped_in_the_rubric():
    rule = next(r for r in DEFAULT_RUBRIC.rules if r.key == "reposts")
    assert (rule.amount(1), rule.amount(3), rule.amount(7)) == (-1, -3, -3)


def test_a_bad_settings_file_is_refused_by_key():
    with pytest.raises(DashboardError) as caught:
        parse_gaming_settings("[rush]\nshare = 1.5\nmin_items = 0\n")
    assert caught.value.message == (
        "更新节奏判定标准文件 gaming.toml 有误：[rush] share 应为大于 0、不大于 1 的小数（现为 1.5）；"
        "[rush] min_items 应为正整数（现为 0）"
    )
    assert parse_gaming_settings("[repost]\nsame_title_days = 0\n") == GamingSettings(same_title_days=0)
    assert parse_gaming_settings(open("data/gaming.toml", encoding="utf-8").read()) == GamingSettings()
