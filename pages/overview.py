"""总览: the period's headline numbers, items per unit, units silent this week, stale columns."""

import streamlit as st

from core.accounts.vocabulary import VIEW
from core.monitoring.overview import overview
from exports.printout import overview_pdf
from ui import charts, strings
from ui.auth import require_page
from ui.components import page_start
from ui.state import calendar, db
from ui.tables import table

require_page(VIEW)
filters = page_start(strings.OVERVIEW_TITLE)
period, scope = filters.period, filters.scope
with db() as con:
    figures = overview(con, period, scope, calendar())
kpis = figures.kpis

st.caption(strings.AS_OF_CAPTION.format(as_of=period.as_of, label=period.label))
cols = st.columns(6)
cols[0].metric(strings.KPI_ITEMS, kpis.items_published)
cols[1].metric(
    strings.KPI_SILENT,
    kpis.units_silent_this_week,
    help=strings.KPI_SILENT_HELP.format(
        week_start=period.week_start, week_end=period.week_end, units=kpis.units_in_scope
    ),
)
cols[2].metric(strings.KPI_STALE, kpis.stale_columns, help=strings.KPI_STALE_HELP.format(as_of=period.as_of))
cols[3].metric(strings.KPI_BLANK, kpis.blank_columns)
cols[4].metric(strings.KPI_OPEN, kpis.open_findings)
cols[5].metric(strings.KPI_OVERDUE, kpis.overdue_findings)

st.subheader(strings.OVERVIEW_BY_UNIT)
st.plotly_chart(charts.items_by_unit_bar(figures.per_unit), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(strings.OVERVIEW_SILENT_LIST.format(week_start=period.week_start, week_end=period.week_end))
    table(figures.silent_units, unit_links=f"{period.start:%Y-%m}")
with right:
    st.subheader(strings.OVERVIEW_STALE_LIST)
    table(
        figures.stale_columns[
            ["unit_name", "column_name", "category", "limit_days", "last_published_on", "days_since"]
        ].head(50),
        unit_links=f"{period.start:%Y-%m}",
    )

st.download_button(  # built only when clicked (issue 12 item 1)
    strings.OVERVIEW_PDF,
    data=lambda: overview_pdf(figures, period, strings.COLUMN_LABELS),
    mime="application/pdf",
    file_name=f"{period.label}政务公开总览.pdf",
    on_click="ignore",
    key="overview_pdf",
)
