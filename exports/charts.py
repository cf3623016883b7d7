"""Chart images (PNG) for a leader's slide, rendered by kaleido through the system Chromium.

Never imports streamlit. Kaleido ≥ 1.0 needs a Chrome/Chromium on the machine; without one the export says so
in Chinese instead of failing the page (stack-notes §5.4). Every figure states its template and margins
(`fixed_layout`): inside Streamlit the process-wide default template is Streamlit's, whose margins clipped the
unit names of the PNG downloaded from the page, while the CLI's was fine (issue 12).
"""

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from core.errors import DashboardError

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
TEMPLATE = "plotly_white"
MARGIN = {"l": 10, "r": 10, "t": 10, "b": 10}
GRADE_COLORS = {"优秀": "#2e7d32", "良好": "#1f5fa8", "合格": "#f9a825", "不合格": "#c62828"}
OTHER_GRADE_COLOR = "#7f7f7f"  # a grade data/rubric.toml names beyond these four
PNG_HINT = "导出图片需要本机安装 Chromium（Debian：apt-get install chromium fonts-noto-cjk）。"
_ROW_PX = 26  # one bar per unit: the chart grows with the number of units, names never overlap
# plotly_white trimmed to what 2-D bar, line and heatmap charts read, built once at import: assigning the full
# template (3-D scene, geo, polar, two dozen trace types) validated all of it again on every figure, ~15 ms
# (issue 12). A figure carrying it looks as it did under plotly_white.
_LAYOUT_KEYS = (
    "autotypenumbers",
    "colorway",
    "font",
    "hovermode",
    "hoverlabel",
    "paper_bgcolor",
    "plot_bgcolor",
    "coloraxis",
    "colorscale",
    "xaxis",
    "yaxis",
    "title",
)
_TRACE_TYPES = ("bar", "scatter", "heatmap")  # the only trace types the project draws
_TEMPLATE = go.layout.Template(
    layout={key: pio.templates[TEMPLATE].layout[key] for key in _LAYOUT_KEYS},
    data={kind: pio.templates[TEMPLATE].data[kind] for kind in _TRACE_TYPES},
)


_UNDERSCORED = frozenset(p for p in go.Layout()._valid_props if "_" in p)  # paper_bgcolor, plot_bgcolor


def fixed_layout(fig: go.Figure, height: int, margin: dict | None = None, **layout: object) -> go.Figure:
    """The layout every figure carries whatever the process default is: template (plotly_white trimmed, see
    _TEMPLATE), font, height, margins with automargin on both axes (long Chinese names push the plot over
    instead of being cut); `layout` in plotly's words, magic underscores included (xaxis_title="月份").

    The whole layout is assigned once as nested dicts: update_layout and the magic underscores validated it
    piece by piece, 17 ms a figure against 6 (issue 12, speed). It replaces any layout the figure had."""
    nested = _nested({"font_family": FONT, **layout})
    for axis in ("xaxis", "yaxis"):
        nested.setdefault(axis, {})["automargin"] = True
    fig.layout = {"template": _TEMPLATE, "height": height, "margin": margin or MARGIN, **nested}
    return fig


def _nested(flat: dict[str, object]) -> dict[str, Any]:
    """Plotly's magic underscores as nested dicts: {"xaxis_title": "月份", "xaxis": {"type": "category"}} →
    {"xaxis": {"title": "月份", "type": "category"}}. paper_bgcolor and plot_bgcolor are the only property names
    of a layout (and of its axes, legend, font, margin) that hold an underscore themselves."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        *path, last = [key] if key in _UNDERSCORED else key.split("_")
        target = out
        for part in path:
            target = target.setdefault(part, {})
        if isinstance(value, dict) and isinstance(target.get(last), dict):
            target[last] = {**target[last], **value}
        else:
            target[last] = value
    return out


def figure_png(fig: go.Figure, width: int = 1400, height: int | None = None) -> bytes:
    """The figure as a PNG (its own height unless given); DashboardError with a Chinese hint without a browser."""
    try:
        return fig.to_image(format="png", width=width, height=height or fig.layout.height or 900, scale=1)
    except Exception as exc:  # kaleido raises several types when Chrome is missing or fails to start
        raise DashboardError("无法生成图片：未找到可用的浏览器内核。", PNG_HINT) from exc


def bar_height(units: int) -> int:
    """Height in px of a horizontal bar chart of `units` bars plus title and axis."""
    return 140 + _ROW_PX * max(units, 1)


def ranking_bar(frame: pd.DataFrame, title: str) -> go.Figure:
    """Scores of one group as horizontal bars in rank order (first at the top), coloured by grade; the same
    figure on the page and in the PNG. Unit names are written as text, never as Plotly HTML.

    Built from graph_objects, one trace per grade: plotly.express took ~0.15 s a figure, most of a rerun of
    考核排名 once its scores are cached (issue 12 item 11)."""
    frame = frame.sort_values(["rank", "score"], ascending=[True, False], kind="stable").assign(
        unit_name=lambda f: f["unit_name"].map(_escaped)
    )
    fig = go.Figure(
        [
            go.Bar(
                x=rows["score"],
                y=rows["unit_name"],
                orientation="h",
                name=grade,
                legendgroup=grade,
                marker_color=GRADE_COLORS.get(grade, OTHER_GRADE_COLOR),
                text=rows["score"],
                texttemplate="%{text:.1f}",
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"等次={grade}<br>得分=%{{x}}<br>单位=%{{y}}<extra></extra>",
            )
            for grade in [*GRADE_COLORS, *(g for g in frame["grade"].unique() if g not in GRADE_COLORS)]
            if not (rows := frame.loc[frame["grade"] == grade]).empty
        ]
    )
    low = max(0, float(frame["score"].min()) - 10) if len(frame) else 0
    fixed_layout(
        fig,
        bar_height(len(frame)),
        {"l": 10, "r": 40, "t": 60, "b": 10},
        title=title,
        xaxis_title="得分",
        xaxis_range=[low, 105],
        # plotly stacks categories bottom-up: the last of the array is drawn at the top, so rank 1 goes last
        yaxis={"categoryorder": "array", "categoryarray": list(frame["unit_name"])[::-1]},
        legend_title_text="等次",
        barmode="relative",
        bargap=0.25,
    )
    return fig


def _escaped(value: object) -> str:
    """Plotly reads <, > and & in labels as HTML; entities keep a unit's name as the text it is."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
