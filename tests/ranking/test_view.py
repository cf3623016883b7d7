"""The ranking view the page and the documents share: which group tabs a unit scope shows."""

from datetime import date

from core.calendar.workdays import load_calendar
from core.ranking.rubric import Rubric
from core.ranking.scoring import MonthScores
from core.ranking.view import (
    BOX_EVIDENCE_CHARS,
    groups_in_scope,
    last_places,
    lines_table,
    main_deductions,
    month_scores,
    rank_trend,
    ranking_table,
    ranking_view,
)
from core.storage.scope import scope_for_group


def test_group_tabs_follow_the_unit_scope(county):
    view = ranking_view(county, "2026-10", date(2026, 11, 5), load_calendar())
    in_ranking = list(view.ranking["group_name"].unique())
    assert groups_in_scope(view, scope_for_group("全部单位")) == in_ranking
    for group in in_ranking:
        assert groups_in_scope(view, scope_for_group(group)) == [group]


def test_ranking_and_lines_tables_name_every_unit(county):
    view = ranking_view(county, "2026-10", date(2026, 11, 5), load_calendar())
    table = ranking_table(view)
    assert list(table.columns)[:3] == ["group_name", "rank", "unit_name"]
    assert set(table["unit_name"]) == set(view.scores.scores["unit_name"])
    assert set(lines_table(view)["unit_name"]) <= set(table["unit_name"])


def test_a_handed_in_month_cache_scores_each_month_once(county):
    """ranking_view and rank_trend take their months from one ScoresFor (the pages' per-month cache, issue 12
    item 11): the trend's six months include the two the view scored, and nothing is scored twice."""
    day, calendar = date(2026, 11, 5), load_calendar()
    cache: dict[str, MonthScores] = {}
    asked: list[str] = []

    def scores_for(month: str, rubric: Rubric) -> MonthScores:
        asked.append(month)
        if month not in cache:
            cache[month] = month_scores(county, month, day, calendar, rubric)
        return cache[month]

    view = ranking_view(county, "2026-10", day, calendar, scores_for=scores_for)
    assert asked == ["2026-10", "2026-09"]
    trend = rank_trend("2026-10", 6, view.rubric, scores_for)
    assert sorted(cache) == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    assert len(asked) == 8  # 2 + 6 asks, 6 months scored
    # the same figures as scoring on the connection
    plain = ranking_view(county, "2026-10", day, calendar)
    assert view.ranking[["unit_name", "score", "rank", "movement"]].equals(
        plain.ranking[["unit_name", "score", "rank", "movement"]]
    )
    october = trend.loc[trend["month"] == "2026-10"].set_index("unit_name")["rank"]
    assert october.to_dict() == plain.scores.scores.set_index("unit_name")["rank"].to_dict()


def test_main_deductions_name_each_units_three_costliest_lines(county):
    view = ranking_view(county, "2026-10", date(2026, 11, 5), load_calendar())
    words = main_deductions(view.scores.lines)
    lines = view.scores.lines
    for unit_id, text in words.items():
        own = lines.loc[(lines["unit_id"] == unit_id) & (lines["amount"] < 0)].sort_values("amount", kind="stable")
        assert text == "；".join(f"{r.rule_name}{r.amount:g}" for r in own.head(3).itertuples())
    deducted = set(lines.loc[lines["amount"] < 0, "unit_id"])
    assert set(words) == deducted and deducted  # the county has deductions; units without any are absent


def test_the_leader_box_quotes_short_evidence_and_counts_a_long_one(county):
    """末位单位及主要扣分: a line's evidence in full while it is short; a long one (hundreds of items at 1M) as its
    count, each item being in the breakdown below. Here the lines are lengthened to cross the limit."""
    view = ranking_view(county, "2026-10", date(2026, 11, 5), load_calendar())
    group = view.scores.scores.sort_values("rank")["group_name"].iloc[-1]
    place = last_places(view, group)[0]
    own = view.scores.lines.loc[(view.scores.lines["unit_id"] == place.unit_id) & (view.scores.lines["amount"] < 0)]
    assert place.costliest and all(len(e) <= BOX_EVIDENCE_CHARS for e in own["evidence"])
    assert [evidence for _, _, evidence in place.costliest] == list(own.sort_values("amount")["evidence"].head(3))
    long = "；".join(f"《第{n}号文件》超期3天" for n in range(40))
    view.scores.lines["evidence"] = long
    place = last_places(view, group)[0]
    counts = own.sort_values("amount")["count"].head(3)
    assert [evidence for _, _, evidence in place.costliest] == [f"共{c}项，逐项见扣分明细" for c in counts]


def test_the_scoring_state_moves_with_each_import_and_undo(county, tmp_path):
    """The score cache's key (issue 12): a new import and its undo each give another state, re-reading gives the same."""
    from core.ranking.view import scoring_state
    from loaders.batches import undo
    from tests.apphelpers import load, write_csv

    before = scoring_state(county)
    assert scoring_state(county) == before
    report = load(
        county,
        write_csv(
            tmp_path / "more.csv", ["单位", "栏目", "标题", "发布日期"], [["县甲局", "工作动态", "甲九", "2026-10-30"]]
        ),
    )
    imported = scoring_state(county)
    undo(county, report.import_id)
    assert len({before, imported, scoring_state(county)}) == 3
