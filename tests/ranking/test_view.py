"""The ranking view the page and the documents share: which group tabs a unit scope shows."""

from datetime import date

from core.calendar.workdays import load_calendar
from core.ranking.view import groups_in_scope, lines_table, ranking_table, ranking_view
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
