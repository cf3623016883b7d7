"""单位画像 / 本单位 in AppTest, and what the URL carries: ?unit=…&month=… opens a unit's page for a month, the
sidebar filters follow the URL and the URL follows them, each role lands on its own page, and a liaison's URL
for another unit is refused with no data."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.accounts.vocabulary import ADMIN, LEADER, LIAISON, OFFICE
from loaders.normalize import clean_text
from tests.apphelpers import (
    FINDING_HEADER,
    add_long_finding,
    app_as,
    html_tables,
    load,
    new_database,
    ranking_shown,
    small_county,
    write_csv,
)
from tests.pages import test_roles
from tests.pages.test_markup import LINK_UNIT, _county, _month, _nodes, assert_shown_as_text
from ui import strings
from ui.charts import score_axis
from ui.state import KEY_GROUP, KEY_MONTH, KEY_UNIT
from ui.text import plain

county_db = test_roles.county_db  # the hand-made county (module-wide) and 县甲局's id


def _app(role: str, county_db, monkeypatch, **query: str) -> AppTest:
    path, jia = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    at = app_as(role, (jia,) if role == LIAISON else ())
    at.query_params.update(query)
    return at


def _unit_page(role: str, county_db, monkeypatch, **query: str) -> AppTest:
    at = _app(role, county_db, monkeypatch, **query).run()  # AppTest switches pages once navigation is set up
    at.switch_page("pages/unit.py").run()
    assert not at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize(
    ("role", "title"),
    [
        (LIAISON, strings.NAV_OWN_UNIT),
        (LEADER, strings.NAV_RANKING),
        (OFFICE, strings.NAV_OVERVIEW),
        (ADMIN, strings.NAV_OVERVIEW),
    ],
)
def test_each_role_lands_on_its_own_page(role, title, county_db, monkeypatch):
    at = _app(role, county_db, monkeypatch, month="2026-10").run()
    assert not at.exception
    assert [t.value for t in at.title][0] == title


def test_the_url_opens_a_units_page_for_a_month(county_db, monkeypatch):
    at = _unit_page(OFFICE, county_db, monkeypatch, unit="乙镇", month="2026-10")
    assert [t.value for t in at.title][0] == strings.NAV_UNIT
    assert at.session_state[KEY_UNIT] == "乙镇"
    assert _metrics(at)[strings.KPI_ITEMS] == "1"  # 乙一 (2026-10-22)
    assert any(e.label.startswith("F2｜") for e in at.expander)  # 乙镇's finding, with its history
    assert at.query_params["unit"] == "乙镇" and at.query_params["month"] == "2026-10"


def test_the_units_score_and_deductions_are_the_ranking_pages(county_db, monkeypatch):
    """The same month_scores: the score, rank and lines the ranking page shows for 县甲局 in 2026-10."""
    ranking = _app(OFFICE, county_db, monkeypatch, month="2026-10").run()
    ranking.switch_page("pages/ranking.py").run()
    table = ranking_shown(ranking)
    jia = table.loc[table["单位"] == "县甲局"].iloc[0]
    ranking.selectbox(key="rank_unit_2026-10").set_value("县甲局").run()
    ranked_lines = next(d.value for d in ranking.dataframe if "依据（失分原因）" in d.value.columns)

    at = _unit_page(OFFICE, county_db, monkeypatch, unit="县甲局", month="2026-10")
    metrics = _metrics(at)
    assert metrics[strings.UNIT_SCORE_NOW.format(label="2026年10月")] == jia["得分"]
    assert metrics[strings.UNIT_RANK_NOW.format(group="县直部门", n=2)] == str(jia["名次"])
    own_lines = next(d.value for d in at.dataframe if "依据（失分原因）" in d.value.columns)
    assert sorted(own_lines["考核内容"]) == sorted(ranked_lines["考核内容"])
    assert list(own_lines["扣（加）分"]) == sorted(ranked_lines["扣（加）分"])  # biggest deduction first


def test_a_findings_timeline_shows_its_history(county_db, monkeypatch):
    at = _unit_page(OFFICE, county_db, monkeypatch, unit="县甲局", month="2026-10")
    f1 = next(e for e in at.expander if e.label.startswith("F1｜"))
    timeline = [m.value for m in f1.markdown][-1].split("\n")
    assert len(timeline) == 1  # one change: the ledger's import
    assert timeline[0].startswith("- ") and "｜台账导入｜— → 未整改｜findings" in timeline[0].replace("\\", "")


def test_a_long_finding_description_is_shown_whole_inside_its_line(tmp_path, monkeypatch):
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    long = "“通知公告”栏目" + "、".join(f"第{i}条信息未注明发布机构" for i in range(1, 9)) + "，请逐条补正"
    add_long_finding(con, tmp_path, long)
    jia = con.execute("SELECT unit_id FROM units WHERE name = '县甲局'").fetchone()[0]
    con.close()
    at = _unit_page(OFFICE, (path, jia), monkeypatch, unit="县甲局", month="2026-10")
    f9 = next(e for e in at.expander if e.label.startswith("F9｜"))
    stored = clean_text(long)  # as the loader keeps it (full-width comma → ",")
    assert stored not in f9.label and [m.value for m in f9.markdown][0] == plain(stored)


def test_a_liaison_lands_on_his_unit_and_cannot_open_another_by_url(county_db, monkeypatch):
    own = _app(LIAISON, county_db, monkeypatch, month="2026-10").run()
    assert own.session_state[KEY_UNIT] == "县甲局" and _metrics(own)[strings.KPI_ITEMS] == "2"
    at = _unit_page(LIAISON, county_db, monkeypatch, unit="乙镇", month="2026-10")
    assert [e.value for e in at.error] == [strings.UNIT_REFUSED.format(unit="乙镇", own="县甲局")]
    assert not at.metric and not at.dataframe and not at.expander


def test_an_unknown_unit_in_the_url_is_named_in_the_message(county_db, monkeypatch):
    at = _unit_page(OFFICE, county_db, monkeypatch, unit="县戊局", month="2026-10")
    assert [e.value for e in at.error] == [strings.UNIT_UNKNOWN.format(unit="县戊局")]
    assert not at.metric and not at.dataframe


def test_query_params_set_the_sidebar_filters(county_db, monkeypatch):
    at = _app(OFFICE, county_db, monkeypatch, month="2026-03", group="乡镇/街道").run()
    assert (at.session_state[KEY_MONTH], at.session_state[KEY_GROUP]) == ("2026-03", "乡镇/街道")
    assert _metrics(at)[strings.KPI_ITEMS] == "0"  # 乙镇 published nothing in March (县甲局's 甲三 is not in scope)
    at.switch_page("pages/freshness.py").run()  # another page: the view stays in the URL
    assert at.query_params["month"] == "2026-03" and at.query_params["group"] == "乡镇/街道"


def _sidebar_only() -> None:
    """The shared sidebar filters on their own (AppTest drops the entry script's widgets of an st.navigation
    app from its element tree after the first run, so they are driven here without navigation)."""
    import streamlit as st

    from ui.components import sidebar_filters

    filters = sidebar_filters()
    st.write(f"{filters.period.label}｜{filters.group}")


def test_changing_the_sidebar_filters_updates_the_url(county_db, monkeypatch):
    path, _ = county_db
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    at = AppTest.from_function(_sidebar_only, default_timeout=60)
    at.query_params.update(month="2026-03", group="乡镇/街道")
    at.run()
    assert [m.value for m in at.markdown] == ["2026年3月｜乡镇/街道"]
    at.sidebar.selectbox(key=KEY_MONTH).set_value("2026-10").run()
    assert [m.value for m in at.markdown] == ["2026年10月｜乡镇/街道"]  # the choice wins over the URL's old month
    assert (at.query_params["month"], at.query_params["group"]) == ("2026-10", "乡镇/街道")
    at.sidebar.selectbox(key=KEY_GROUP).set_value("县直部门").run()
    assert (at.query_params["month"], at.query_params["group"]) == ("2026-10", "县直部门")
    at.query_params["month"] = "2026-03"  # the address edited, or a link opened in this tab
    at.run()
    assert [m.value for m in at.markdown] == ["2026年3月｜县直部门"]


def test_an_invalid_month_in_the_url_falls_back_to_the_default(county_db, monkeypatch):
    at = _app(OFFICE, county_db, monkeypatch, month="2099-01").run()
    assert not at.exception
    assert at.session_state[KEY_MONTH] == "2026-10" and at.query_params["month"] == "2026-10"


def test_the_ranking_table_links_each_unit_to_its_page(county_db, monkeypatch):
    at = _app(OFFICE, county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/ranking.py").run()
    _, links = html_tables(at)
    assert links["县甲局"] == "unit?unit=县甲局&month=2026-10"
    assert links["县丙局"] == "unit?unit=县丙局&month=2026-10"


def test_payload_names_on_the_unit_page_are_text(tmp_path, monkeypatch):
    """A unit, finding, column and item whose texts are markup show as text (title, expanders, captions, charts)."""
    at = _month(_county(tmp_path), monkeypatch)
    at.query_params["unit"] = LINK_UNIT  # as a link to that unit's page would carry it
    at.switch_page("pages/unit.py").run()
    assert_shown_as_text(at)
    assert at.session_state[KEY_UNIT] == LINK_UNIT
    assert len(at.expander) == 1 and not at.error  # its one finding, with its history


def test_the_score_history_shows_month_to_month_differences(county_db, monkeypatch):
    """Issue 12: the score chart was bars from 0, so 86 and 91 looked alike. It is a line with each month's
    score written at its point, on an axis from a few points under the lowest score to at least 100."""
    at = _unit_page(OFFICE, county_db, monkeypatch, unit="县甲局", month="2026-10")
    specs = [json.loads(n.proto.spec) for n in _nodes(at._tree) if getattr(n, "type", None) == "plotly_chart"]
    score = next(s for s in specs if s["layout"].get("yaxis", {}).get("title", {}).get("text") == strings.RANK_SCORE)
    trace = score["data"][0]
    assert trace["type"] == "scatter" and "text" in trace["mode"] and "lines" in trace["mode"]
    shown = [float(t) for t in trace["text"]]
    low, high = score["layout"]["yaxis"]["range"]
    assert 0 < low < min(shown) and high >= 100  # not from 0; room up to 100
    assert trace["x"] == [f"2026-{m:02d}" for m in range(5, 11)]  # the six months up to the one shown


def test_score_axis_starts_a_little_below_the_lowest_score():
    assert score_axis(pd.Series([86.0, 91.5, 100.0])) == (81, 103.0)
    assert score_axis(pd.Series([2.0])) == (0.0, 103.0)  # never below 0
    assert score_axis(pd.Series([98.0, 104.0])) == (93, 107.0)  # bonuses above 100 keep their label room


def test_the_publications_heatmap_links_each_row_to_its_unit_page(county_db, monkeypatch):
    """发布统计: under each group's heatmap, its rows in the heatmap's order, each with a link to that unit's
    单位画像 for the month shown (issue 12 item 5: a unit reachable by clicking it in the heatmap). Only the group
    tab looked at is built; the other is checked after a click on it (its key in session state)."""
    at = _app(OFFICE, county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/publications.py").run()
    total = strings.COLUMN_LABELS["months_total"]
    link = strings.COLUMN_LABELS["unit_page"]
    lists = []
    for group in ("县直部门", "乡镇/街道"):
        at.session_state["pub_heatmap_group"] = group
        at.run()
        assert not at.exception
        heatmaps = [
            s
            for s in (json.loads(n.proto.spec) for n in _nodes(at._tree) if getattr(n, "type", None) == "plotly_chart")
            if s["data"][0]["type"] == "heatmap"
        ]
        shown = [d.value for d in at.dataframe if total in d.value.columns]
        assert len(shown) == len(heatmaps) == 1  # the open tab's heatmap and its list
        rows, heatmap = shown[0], heatmaps[0]
        assert list(rows["单位"]) == list(heatmap["data"][0]["y"])  # the heatmap's rows, top to bottom
        assert list(rows[link]) == [f"unit?unit={u}&month=2026-10" for u in rows["单位"]]
        lists.append(rows)
    assert "乙镇" in set(lists[1]["单位"]) and "乙镇" not in set(lists[0]["单位"])
    jia = lists[0].set_index("单位").loc["县甲局"]
    assert jia[strings.COLUMN_LABELS["this_month"]] == 2 and jia[total] == 3  # 甲一, 甲二 in 10月; 甲三 in 3月


def test_an_unnumbered_finding_is_labelled_by_its_id_not_nan(tmp_path, monkeypatch):
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    row = ["", "网上巡查", "2026-10-12", "县甲局", "内容错误", "错别字未改", "10个工作日", "未整改"]
    load(con, write_csv(tmp_path / "unnumbered.csv", FINDING_HEADER, [row]))
    jia, finding_id = con.execute(
        "SELECT unit_id, finding_id FROM findings JOIN units USING (unit_id) WHERE finding_no IS NULL"
    ).fetchone()
    con.close()
    at = _unit_page(OFFICE, (path, jia), monkeypatch, unit="县甲局", month="2026-10")
    labels = [e.label for e in at.expander]
    assert any(label.startswith(f"{finding_id}｜") for label in labels)
    assert any(label.startswith("F1｜") for label in labels)
    assert not any("nan" in label for label in labels)
