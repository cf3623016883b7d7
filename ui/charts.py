"""DataFrame → Plotly figure, with Chinese labels. No streamlit import: figures are tested as plain objects.

Every figure goes through exports.charts.fixed_layout (explicit template, font, margins, automargin), so what a
page shows and what is exported look the same whatever Streamlit sets as the default template (issue 12). Bars
per unit are horizontal, sorted, one row per unit (bar_height): 35–46 rotated names were unreadable.

Figures are built from plotly.graph_objects, one trace per colour group, with their hovers written out:
plotly.express cost about a tenth of a second a figure on every page rerun (issue 12).
"""

import math

import pandas as pd
import plotly.graph_objects as go

from exports.charts import bar_height, fixed_layout
from ui.text import chart_frame, chart_plain

_LEGEND_TITLES = {"unit_type": "单位类型"}
UNIT_TYPE_COLORS = {"县直部门": "#1f5fa8", "乡镇": "#2e8b57", "街道": "#9c6b00", "垂管单位": "#7f7f7f"}


def items_by_unit_bar(frame: pd.DataFrame) -> go.Figure:
    """One bar per unit (items this month), most at the top, coloured by unit type; one trace per type, not per
    unit. Columns used: unit_name, unit_type, items, items_this_week."""
    frame = chart_frame(frame).sort_values("items", ascending=False, kind="stable")  # text, not Plotly HTML
    fig = go.Figure(
        [
            go.Bar(
                x=rows["items"],
                y=rows["unit_name"],
                orientation="h",
                name=str(unit_type),
                legendgroup=str(unit_type),
                marker_color=UNIT_TYPE_COLORS.get(str(unit_type)),
                customdata=rows[["items_this_week"]].to_numpy(),
                hovertemplate="%{y}<br>本月发布 %{x} 条<br>本周发布 %{customdata[0]} 条<extra></extra>",
            )
            for unit_type, rows in frame.groupby("unit_type", sort=False)
        ]
    )
    fixed_layout(
        fig,
        bar_height(len(frame)),
        legend_title_text="单位类型",
        xaxis_title="本月发布条数",
        yaxis=_top_down(frame["unit_name"]),
        barmode="relative",  # one bar per unit: "group" would keep a slot per unit type on every row
    )
    return fig


def month_heatmap(frame: pd.DataFrame) -> go.Figure:
    """Units (rows) × months (columns), cell = items; a sequential scale where 0 stays white."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    wide = frame.pivot_table(
        index="unit_name", columns="month", values="items", aggfunc="sum", fill_value=0, sort=False
    )
    fig = go.Figure(
        go.Heatmap(
            z=wide.values,
            x=list(wide.columns),
            y=list(wide.index),
            colorscale="Blues",
            zmin=0,
            colorbar_title="条数",
            xgap=1,
            ygap=1,
            hovertemplate="%{y}<br>%{x}：%{z} 条<extra></extra>",
        )
    )
    fixed_layout(
        fig,
        max(300, 22 * len(wide) + 80),
        yaxis_autorange="reversed",
        xaxis_title="月份",
        xaxis_type="category",
    )
    return fig


def category_bar(frame: pd.DataFrame) -> go.Figure:
    """Items per column category as horizontal bars in the frame's order, first at the top. Columns used:
    category, items."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    fig = go.Figure(
        go.Bar(
            x=frame["items"],
            y=frame["category"],
            orientation="h",
            marker_color="#1f5fa8",
            showlegend=False,
            hovertemplate="%{y}：%{x} 条<extra></extra>",
        )
    )
    fixed_layout(fig, 300, yaxis_autorange="reversed", xaxis_title="条数", yaxis_title="栏目类别")
    return fig


def trend_lines(frame: pd.DataFrame, color: str | None = "unit_type") -> go.Figure:
    """Items per month with a point at each month: one line per value of `color` (unit type), or a single line
    without legend when color is None. Columns used: month, items (and `color`)."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    title = None if color is None else _LEGEND_TITLES.get(color, color)
    hover = "月份=%{x}<br>发布条数=%{y}<extra></extra>"
    if color is None:
        traces = [
            go.Scatter(
                x=frame["month"],
                y=frame["items"],
                mode="lines+markers",
                showlegend=False,
                hovertemplate=hover,
            )
        ]
    else:
        traces = [
            go.Scatter(
                x=rows["month"],
                y=rows["items"],
                mode="lines+markers",
                name=str(value),
                legendgroup=str(value),
                line_color=UNIT_TYPE_COLORS.get(str(value)),
                hovertemplate=f"{chart_plain(title)}=%{{fullData.name}}<br>{hover}",
            )
            for value, rows in frame.groupby(color, sort=False)
        ]
    fig = go.Figure(traces)
    fixed_layout(fig, 320, xaxis_type="category", xaxis_title="月份", yaxis_title="发布条数", legend_title_text=title)
    return fig


def week_heatmap(frame: pd.DataFrame) -> go.Figure:
    """Units × natural weeks: items per week; weeks with none required are red, whole-holiday weeks grey."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    frame = frame.assign(
        week=pd.to_datetime(frame["week_start"]).dt.strftime("%m-%d"),
        shown=frame["items"].where(frame["required"], None),
    )
    wide = frame.pivot_table(index="unit_name", columns="week", values="shown", aggfunc="sum", sort=False, dropna=False)
    text = wide.map(lambda v: "" if pd.isna(v) else str(int(v)))
    fig = go.Figure(
        go.Heatmap(
            z=wide.clip(upper=6).values,
            x=list(wide.columns),
            y=list(wide.index),
            text=text.values,
            texttemplate="%{text}",
            zmin=0,
            zmax=6,
            xgap=2,
            ygap=2,
            showscale=False,
            colorscale=[[0, "#d32f2f"], [0.01, "#e3f2fd"], [1, "#1565c0"]],
            hovertemplate="%{y}<br>%{x} 起的一周：%{text} 条<extra></extra>",
        )
    )
    fixed_layout(
        fig,
        max(300, 22 * len(wide) + 80),
        yaxis_autorange="reversed",
        xaxis_title="周（周一日期）",
        xaxis_type="category",
        plot_bgcolor="#eeeeee",
    )
    return fig


def late_rate_bar(frame: pd.DataFrame) -> go.Figure:
    """Late items per unit (only units with a known 成文日期), coloured by late rate."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    shown = frame.loc[frame["late"] > 0].sort_values("late", ascending=False, kind="stable")
    fig = go.Figure(
        go.Bar(
            x=shown["late"],
            y=shown["unit_name"],
            orientation="h",
            marker={"color": shown["late_rate"], "coloraxis": "coloraxis"},
            customdata=shown[["on_time", "unknown", "late_rate"]].to_numpy(),
            showlegend=False,
            hovertemplate="单位=%{y}<br>超期发布条数=%{x}<br>超期率=%{customdata[2]:.1%}"
            "<br>按时=%{customdata[0]}<br>未知（缺成文日期）=%{customdata[1]}<extra></extra>",
        )
    )
    fixed_layout(
        fig,
        bar_height(len(shown)),
        xaxis_title="超期发布条数",
        yaxis=_top_down(shown["unit_name"]),
        coloraxis={"colorscale": "Reds", "colorbar": {"title": {"text": "超期率"}, "tickformat": ".0%"}},
    )
    return fig


def stacked_states(frame: pd.DataFrame, column: str, states: tuple[str, ...]) -> go.Figure:
    """Findings per `column` value, one stacked bar segment per state (one trace per state)."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    colors = {"未整改": "#d32f2f", "整改中": "#f9a825", "已整改": "#2e7d32", "无法整改": "#757575"}
    order = frame.assign(_total=frame[list(states)].sum(axis=1)).sort_values("_total", ascending=False, kind="stable")
    fig = go.Figure(
        [
            go.Bar(
                x=frame[state],
                y=frame[column],
                orientation="h",
                name=state,
                legendgroup=state,
                marker_color=colors.get(state),
                hovertemplate="%{y}<br>状态=%{fullData.name}<br>问题数=%{x}<extra></extra>",
            )
            for state in states
        ]
    )
    fixed_layout(
        fig,
        bar_height(len(frame)),
        barmode="stack",
        legend_title_text="状态",
        xaxis_title="问题数",
        yaxis=_top_down(order[column]),
    )
    return fig


def count_bar(frame: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, color: str = "#1f5fa8") -> go.Figure:
    """A plain vertical bar chart of counts in the frame's order (categories left to right)."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    fig = go.Figure(
        go.Bar(x=frame[x], y=frame[y], marker_color=color, showlegend=False, hovertemplate="%{x}：%{y}<extra></extra>")
    )
    fixed_layout(fig, 300, xaxis_type="category", xaxis_title=x_title, yaxis_title=y_title)
    return fig


def rank_lines(frame: pd.DataFrame) -> go.Figure:
    """Rank over months per unit (rank 1 at the top, whole ranks from 1 to the lowest shown, never 0), one line
    with points per unit (graph_objects: plotly.express cost a tenth of a second a figure on every rerun of
    考核排名, issue 12 item 11)."""
    frame = chart_frame(frame)  # user text in labels and hovers is text, not Plotly HTML
    fig = go.Figure(
        [
            go.Scatter(
                x=rows["month"],
                y=rows["rank"],
                mode="lines+markers",
                name=str(unit),
                hovertemplate="单位=%{fullData.name}<br>月份=%{x}<br>名次=%{y}<extra></extra>",
            )
            for unit, rows in frame.groupby("unit_name", sort=False)
        ]
    )
    lowest = int(frame["rank"].max()) if len(frame) else 1
    fixed_layout(
        fig,
        360,
        yaxis_range=[lowest + 0.5, 0.5],  # rank 1 on top and no rank 0: the axis holds only real places
        yaxis_dtick=max(1, math.ceil((frame["rank"].max() - frame["rank"].min()) / 8)) if len(frame) else 1,
        xaxis_type="category",
        xaxis_categoryorder="category ascending",  # months as 2026-05 sort as text
        xaxis_title="月份",
        yaxis_title="名次",
        legend_title_text="单位",
    )
    return fig


def score_history_line(frame: pd.DataFrame) -> go.Figure:
    """A unit's score month by month (单位画像): a line with each month's score written at its point, on an axis
    from a few points below the lowest score up to 100 (or the highest score with bonuses). Bars from 0 made
    86 and 91 look alike. Columns used: month, score."""
    scores = frame["score"].astype(float)
    low, high = score_axis(scores)
    fig = go.Figure(
        go.Scatter(
            x=frame["month"],
            y=scores,
            mode="lines+markers+text",
            text=[f"{s:g}" for s in scores],
            textposition="top center",
            cliponaxis=False,
            line_color="#1f5fa8",
            hovertemplate="%{x}：%{y:g} 分<extra></extra>",
        )
    )
    fixed_layout(
        fig,
        300,
        {"l": 10, "r": 20, "t": 30, "b": 10},
        xaxis_type="category",
        xaxis_title="月份",
        yaxis_title="得分",
        yaxis_range=[low, high],
        showlegend=False,
    )
    return fig


def _top_down(names: pd.Series) -> dict[str, object]:
    """A category y axis listing `names` from the top down: plotly draws the last of a categoryarray at the top,
    so the array is reversed (what plotly.express's category_orders did for a horizontal bar)."""
    return {"categoryorder": "array", "categoryarray": list(names)[::-1]}


def score_axis(scores: pd.Series, below: float = 5, above: float = 3) -> tuple[float, float]:
    """(lowest, highest) of a score axis: `below` points under the lowest score (never under 0), `above` points
    over 100 or over the highest score, whichever is higher (room for the labels)."""
    if scores.empty:
        return 0.0, 100.0 + above
    return max(0.0, math.floor(float(scores.min()) - below)), max(100.0, float(scores.max())) + above
