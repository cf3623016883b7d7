"""The page charts show what a reader expects: axes, order, colours, legends, hovers (issue 12)."""

import pandas as pd
import plotly.io as pio

from ui.charts import (
    UNIT_TYPE_COLORS,
    category_bar,
    count_bar,
    items_by_unit_bar,
    late_rate_bar,
    rank_lines,
    stacked_states,
    trend_lines,
)


def test_the_rank_trend_axis_runs_from_the_lowest_place_shown_up_to_first_and_never_to_zero():
    frame = pd.DataFrame(
        {"unit_name": ["甲", "甲", "乙", "乙"], "month": ["2026-10", "2026-11"] * 2, "rank": [1, 2, 5, 3]}
    )
    fig = rank_lines(frame)
    bottom, top = fig.layout.yaxis.range
    assert top == 0.5 and bottom == 5.5  # rank 1 on top; no 0 and no place below the lowest shown
    assert fig.layout.yaxis.dtick == 1


STATES = ("未整改", "整改中", "已整改", "无法整改")


def _looks_like_plotly_white(fig) -> None:
    white = pio.templates["plotly_white"].layout
    template = fig.layout.template.layout
    assert template.plot_bgcolor == "white" and template.paper_bgcolor == "white"
    assert template.colorway == white.colorway and template.xaxis.gridcolor == white.xaxis.gridcolor


def test_units_by_items_most_at_the_top_one_trace_per_unit_type_coloured_by_type():
    frame = pd.DataFrame(
        {
            "unit_name": ["甲局", "乙镇", "丙<b>街道", "丁局"],
            "unit_type": ["县直部门", "乡镇", "街道", "县直部门"],
            "items": [3, 9, 5, 7],
            "items_this_week": [1, 2, 0, 4],
        }
    )
    fig = items_by_unit_bar(frame)
    assert [t.name for t in fig.data] == ["乡镇", "县直部门", "街道"]  # in the order a reader meets them
    assert {t.name: t.marker.color for t in fig.data} == {k: UNIT_TYPE_COLORS[k] for k in ("乡镇", "县直部门", "街道")}
    assert all(t.orientation == "h" for t in fig.data)
    assert fig.layout.yaxis.categoryorder == "array"
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["乙镇", "丁局", "丙&lt;b&gt;街道", "甲局"]  # top down
    assert fig.layout.barmode == "relative"  # one full-width bar per row, no empty slots for the other types
    assert fig.layout.xaxis.title.text == "本月发布条数" and fig.layout.legend.title.text == "单位类型"
    county = next(t for t in fig.data if t.name == "县直部门")
    assert list(county.y) == ["丁局", "甲局"] and [c[0] for c in county.customdata] == [4, 1]
    assert "本周发布 %{customdata[0]} 条" in county.hovertemplate and "%{x}" in county.hovertemplate
    _looks_like_plotly_white(fig)


def test_category_bar_keeps_the_frames_order_top_down():
    fig = category_bar(pd.DataFrame({"category": ["政策文件", "A&B"], "items": [9, 2]}))
    assert len(fig.data) == 1 and list(fig.data[0].y) == ["政策文件", "A&amp;B"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.title.text == "条数" and fig.layout.yaxis.title.text == "栏目类别"
    assert fig.data[0].marker.color == "#1f5fa8" and "%{y}：%{x} 条" in fig.data[0].hovertemplate


def test_trend_lines_one_line_with_points_per_unit_type_or_a_single_line_without_legend():
    frame = pd.DataFrame(
        {
            "month": ["2026-09", "2026-09", "2026-10", "2026-10"],
            "unit_type": ["乡镇", "县直部门"] * 2,
            "items": [1, 2, 3, 4],
        }
    )
    fig = trend_lines(frame)
    assert [t.name for t in fig.data] == ["乡镇", "县直部门"]
    assert all(t.mode == "lines+markers" for t in fig.data)
    assert fig.data[1].line.color == UNIT_TYPE_COLORS["县直部门"] and list(fig.data[1].y) == [2, 4]
    assert fig.layout.legend.title.text == "单位类型"
    assert fig.layout.xaxis.title.text == "月份" and fig.layout.yaxis.title.text == "发布条数"
    assert fig.layout.xaxis.type == "category"
    assert all(f in fig.data[0].hovertemplate for f in ("单位类型=", "月份=%{x}", "发布条数=%{y}"))
    single = trend_lines(frame.loc[frame["unit_type"] == "乡镇", ["month", "items"]], color=None)
    assert len(single.data) == 1 and single.data[0].showlegend is False and single.data[0].mode == "lines+markers"
    assert "月份=%{x}" in single.data[0].hovertemplate
    _looks_like_plotly_white(single)


def test_late_rate_bar_most_late_on_top_coloured_by_rate_with_the_counts_in_the_hover():
    frame = pd.DataFrame(
        {
            "unit_name": ["甲局", "乙镇", "丙局"],
            "late": [2, 0, 5],
            "on_time": [8, 10, 5],
            "unknown": [1, 0, 3],
            "late_rate": [0.2, 0.0, 0.5],
        }
    )
    fig = late_rate_bar(frame)
    assert len(fig.data) == 1 and list(fig.data[0].y) == ["丙局", "甲局"]  # units without late items left out
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["丙局", "甲局"]  # most late on top
    assert list(fig.data[0].marker.color) == [0.5, 0.2]
    coloraxis = fig.layout.coloraxis
    assert coloraxis.colorbar.tickformat == ".0%" and coloraxis.colorbar.title.text == "超期率"
    assert coloraxis.colorscale[-1][1] == "rgb(103,0,13)"  # plotly's "Reds": the highest rate darkest red
    assert fig.layout.xaxis.title.text == "超期发布条数"
    hover = fig.data[0].hovertemplate
    assert all(f in hover for f in ("单位=%{y}", "超期发布条数=%{x}", "超期率=%{customdata[2]:.1%}"))
    assert "按时=%{customdata[0]}" in hover and "未知（缺成文日期）=%{customdata[1]}" in hover
    assert [list(c) for c in fig.data[0].customdata] == [[5, 3, 0.5], [8, 1, 0.2]]


def test_stacked_states_one_stacked_segment_per_state_units_with_most_findings_on_top():
    frame = pd.DataFrame(
        {"unit_name": ["甲局", "乙镇"], "未整改": [1, 3], "整改中": [0, 2], "已整改": [2, 4], "无法整改": [0, 1]}
    )
    fig = stacked_states(frame, "unit_name", STATES)
    assert [t.name for t in fig.data] == list(STATES)
    assert [t.marker.color for t in fig.data] == ["#d32f2f", "#f9a825", "#2e7d32", "#757575"]
    assert fig.layout.barmode == "stack" and all(t.orientation == "h" for t in fig.data)
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["乙镇", "甲局"]  # 10 findings above 3
    assert fig.layout.legend.title.text == "状态" and fig.layout.xaxis.title.text == "问题数"
    assert all(f in fig.data[0].hovertemplate for f in ("%{y}", "状态=", "问题数=%{x}"))


def test_count_bar_is_vertical_in_the_frames_order_with_the_given_titles_and_colour():
    fig = count_bar(
        pd.DataFrame({"bucket": ["3天内", "3-10天", "10天以上"], "requests": [4, 2, 1]}),
        "bucket",
        "requests",
        "用时",
        "件数",
        "#6a1b9a",
    )
    assert len(fig.data) == 1 and fig.data[0].orientation in (None, "v")
    assert list(fig.data[0].x) == ["3天内", "3-10天", "10天以上"] and fig.layout.xaxis.type == "category"
    assert fig.layout.xaxis.title.text == "用时" and fig.layout.yaxis.title.text == "件数"
    assert fig.data[0].marker.color == "#6a1b9a" and fig.data[0].hovertemplate.startswith("%{x}：%{y}")
    _looks_like_plotly_white(fig)


def test_every_chart_draws_an_empty_frame():
    empty_units = pd.DataFrame(columns=["unit_name", "unit_type", "items", "items_this_week"])
    empty_late = pd.DataFrame(columns=["unit_name", "late", "on_time", "unknown", "late_rate"])
    figures = [
        items_by_unit_bar(empty_units),
        category_bar(pd.DataFrame(columns=["category", "items"])),
        trend_lines(pd.DataFrame(columns=["month", "unit_type", "items"])),
        trend_lines(pd.DataFrame(columns=["month", "items"]), color=None),
        late_rate_bar(empty_late),
        stacked_states(pd.DataFrame(columns=["unit_name", *STATES]), "unit_name", STATES),
        count_bar(pd.DataFrame(columns=["bucket", "requests"]), "bucket", "requests", "用时", "件数"),
    ]
    for fig in figures:
        fig.to_json()  # what st.plotly_chart sends
        assert all(t.x is None or len(t.x) == 0 for t in fig.data)  # nothing drawn, no error
