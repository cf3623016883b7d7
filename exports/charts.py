"""Chart images (PNG) for a leader's slide, rendered by kaleido through the system Chromium.

Never imports streamlit. Kaleido ≥ 1.0 needs a Chrome/Chromium on the machine; without one the export says so
in Chinese instead of failing the page (stack-notes §5.4).
"""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core.errors import DashboardError

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

PNG_HINT = "导出图片需要本机安装 Chromium（Debian：apt-get install chromium fonts-noto-cjk）。"


def figure_png(fig: go.Figure, width: int = 1600, height: int = 900) -> bytes:
    """The figure as a PNG at slide size; DashboardError with a Chinese hint when no browser is available."""
    try:
        return fig.to_image(format="png", width=width, height=height, scale=1)
    except Exception as exc:  # kaleido raises several types when Chrome is missing or fails to start
        raise DashboardError("无法生成图片：未找到可用的浏览器内核。", PNG_HINT) from exc


def ranking_bar(frame: pd.DataFrame, title: str) -> go.Figure:
    """Scores of one group in rank order, coloured by grade, for the page and the slide PNG."""
    colors = {"优秀": "#2e7d32", "良好": "#1f5fa8", "合格": "#f9a825", "不合格": "#c62828"}
    fig = px.bar(
        frame,
        x="unit_name",
        y="score",
        color="grade",
        color_discrete_map=colors,
        text="score",
        labels={"unit_name": "单位", "score": "得分", "grade": "等次"},
        category_orders={"unit_name": list(frame["unit_name"])},
    )
    low = max(0, float(frame["score"].min()) - 10) if len(frame) else 0
    fig.update_layout(
        font_family=FONT,
        height=420,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        title=title,
        xaxis_tickangle=-50,
        xaxis_title=None,
        yaxis_range=[low, 105],
    )
    fig.update_traces(texttemplate="%{text:.1f}", textposition="outside")
    return fig
