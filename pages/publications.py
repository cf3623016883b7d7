"""发布统计: items per unit per month, per category, trends, month-on-month and year-on-year, one unit's items."""

import streamlit as st

from core.accounts.vocabulary import VIEW
from core.monitoring.overview import items_published
from core.monitoring.publications import (
    category_counts,
    heatmap_units,
    month_comparison,
    monthly_counts,
    shift_month,
    type_trend,
    unit_items,
    unit_trend,
)
from core.storage.scope import ranked_groups_in, scope_for_group
from ui import charts, strings
from ui.auth import require_page
from ui.components import download_table, full_height, page_start
from ui.state import db
from ui.tables import item_list, table
from ui.text import plain_format

require_page(VIEW)
filters = page_start(strings.PUB_TITLE)
period, scope = filters.period, filters.scope
month = period.start.strftime("%Y-%m")
first = shift_month(month, -12)
groups = ranked_groups_in(scope)
with db() as con:
    total = items_published(con, period, scope)
    comparison = month_comparison(con, period, scope)
    categories = category_counts(con, period, scope)
    trend = type_trend(con, scope, first, month)

st.caption(strings.AS_OF_CAPTION.format(as_of=period.as_of, label=period.label))
cols = st.columns(3)
cols[0].metric(strings.PUB_THIS_MONTH, total)
cols[1].metric(
    strings.PUB_LAST_MONTH,
    int(comparison["last_month"].sum()),
    delta=int(total - comparison["last_month"].sum()),
    delta_color="off",
)
cols[2].metric(
    strings.PUB_LAST_YEAR,
    int(comparison["last_year"].sum()),
    delta=int(total - comparison["last_year"].sum()),
    delta_color="off",
)

st.subheader(strings.PUB_HEATMAP)
# only the tab being looked at is built (a click on the other reruns): each heatmap is a query and a figure
for tab, group in zip(st.tabs(groups, key="pub_heatmap_group", on_change="rerun"), groups):
    if not tab.open:
        continue
    with db() as con:
        heatmap = monthly_counts(con, scope_for_group(group), first, month)
    with tab:
        st.plotly_chart(charts.month_heatmap(heatmap), width="stretch", key=f"heat_{group}")
        rows = heatmap_units(heatmap, month)  # the heatmap's rows, each a link to its 单位画像 (issue 12)
        st.caption(strings.PUB_HEATMAP_UNITS)
        table(rows, height=min(full_height(len(rows)), 360), unit_links=month, key=f"heat_units_{group}")

left, right = st.columns(2)
with left:
    st.subheader(strings.PUB_CATEGORY)
    st.plotly_chart(charts.category_bar(categories), width="stretch")
with right:
    st.subheader(strings.PUB_TREND)
    st.plotly_chart(charts.trend_lines(trend), width="stretch")

st.subheader(strings.PUB_COMPARISON)
shown = comparison.drop(columns=["unit_id"])
table(shown, height=360, unit_links=month)
download_table(shown, f"发布统计_{month}", key="pub_comparison")

units = dict(zip(comparison["unit_name"], comparison["unit_id"]))
unit_name = st.selectbox(strings.PUB_UNIT, list(units), key="pub_unit", placeholder=strings.CHOOSE)
if unit_name:
    with db() as con:
        items, truncated = unit_items(con, int(units[unit_name]), period)
        own_trend = unit_trend(con, int(units[unit_name]), first, month)
    left, right = st.columns([3, 2])
    with left:
        st.subheader(plain_format(strings.PUB_UNIT_ITEMS, unit=unit_name))
        item_list(items, truncated)
        if not items.empty:
            download_table(items, f"{unit_name}_{month}_发布信息", key="pub_unit_items")
    with right:
        st.subheader(plain_format(strings.PUB_UNIT_TREND, unit=unit_name))
        st.plotly_chart(charts.trend_lines(own_trend, color=None), width="stretch")
