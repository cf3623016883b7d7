"""发布及时性: items published more than 20 working days after they were formed, per unit and item by item."""

from datetime import timedelta

import streamlit as st

from core.accounts.vocabulary import VIEW
from core.monitoring.timeliness import fallback_years, item_timeliness, timeliness_by_unit, timeliness_totals
from core.monitoring.vocabulary import LATE
from ui import charts, strings
from ui.auth import require_page
from ui.components import download_table, fallback_note, page_start
from ui.state import calendar, db
from ui.tables import table

require_page(VIEW)
filters = page_start(strings.TIME_TITLE)
period, scope = filters.period, filters.scope
work_calendar = calendar()
with db() as con:
    by_unit = timeliness_by_unit(con, period, scope, work_calendar)
    late_items, truncated = item_timeliness(con, period, scope, work_calendar, state=LATE)
if by_unit["uses_fallback"].any():  # some due date ran into a year without official holiday data
    fallback_note(fallback_years(work_calendar, period.start, period.end + timedelta(days=60)))
st.caption(strings.TIME_CAPTION)

totals = timeliness_totals(by_unit)
cols = st.columns(5)
cols[0].metric(strings.TIME_ITEMS, totals["items"])
cols[1].metric(strings.TIME_ON_TIME, totals["on_time"])
cols[2].metric(strings.TIME_LATE, totals["late"])
cols[3].metric(strings.TIME_UNKNOWN, totals["unknown"])
cols[4].metric(strings.TIME_RATE, "—" if totals["late_rate"] is None else f"{totals['late_rate']:.1%}")

st.subheader(strings.TIME_BY_UNIT)
if totals["late"]:
    st.plotly_chart(charts.late_rate_bar(by_unit), width="stretch")
shown = by_unit.drop(columns=["unit_id"])
table(shown, height=320, percent=["late_rate"])
download_table(shown, f"发布及时性_{period.start:%Y-%m}", key="time_units")

st.subheader(strings.TIME_LATE_LIST)
if late_items.empty:
    st.caption(strings.TIME_NONE_LATE)
else:
    table(late_items, height=400)
    if truncated:
        st.caption(strings.TRUNCATED_NOTE.format(limit=len(late_items)))
    download_table(late_items, f"超期发布信息_{period.start:%Y-%m}", key="time_late")
