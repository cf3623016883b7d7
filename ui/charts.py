"""DataFrame → Plotly figure, with Chinese labels. No streamlit import: figures are tested as plain objects."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
UNIT_TYPE_COLORS = {"县直部门": "#1f5fa8", "乡镇": "#2e8b57", "街道": "#9c6b00", "垂管单位": "#7f7f7f"}


def items_by_unit_bar(frame: pd.DataFrame) -> go.Figure:
    """One bar per unit (items this month), coloured by unit type; one trace per type, not per unit."""
    fig = px.bar(frame, x="unit_name", y="items", color="unit_type", color_discrete_map=UNIT_TYPE_COLORS,
                 labels={"unit_name": "单位", "items": "本月发布条数", "unit_type": "单位类型"},
                 hover_data={"items_this_week": True}, category_orders={"unit_name": list(frame["unit_name"])})
    fig.update_layout(font_family=FONT, height=380, margin=dict(l=10, r=10, t=10, b=10),
                      legend_title_text="单位类型", xaxis_tickangle=-60, xaxis_title=None)
    fig.update_traces(hovertemplate="%{x}<br>本月发布 %{y} 条<br>本周发布 %{customdata[0]} 条<extra></extra>")
    return fig
