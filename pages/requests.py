"""依申请公开: requests of the year to date with due dates (holidays, extensions, 补正, consultation), per unit,
reply-time distribution, outcomes, and the open and overdue list."""

from datetime import date

import streamlit as st

from core.accounts.vocabulary import VIEW
from core.requests.deadlines import (
    MIN_FOR_RATE,
    by_unit,
    judge_requests,
    open_requests,
    outcome_breakdown,
    reply_distribution,
    state_counts,
)
from core.requests.queries import requests_received
from core.requests.vocabulary import AWAITING_CORRECTION, LATE, ON_TIME, OPEN, OVERDUE
from ui import charts, strings
from ui.auth import require_page
from ui.components import download_table, page_start
from ui.state import calendar, db
from ui.tables import table
from ui.text import plain

require_page(VIEW)
filters = page_start(strings.REQ_TITLE)
period, scope = filters.period, filters.scope
year_start = date(period.as_of.year, 1, 1)
with db() as con:
    stored = requests_received(con, scope, year_start, period.as_of)
judged = judge_requests(stored, period.as_of, calendar())
st.caption(strings.REQ_CAPTION.format(year=period.as_of.year, as_of=period.as_of))
if judged.empty:
    st.info(strings.REQ_EMPTY)
    st.stop()

states = state_counts(judged)
cols = st.columns(6)
cols[0].metric(strings.REQ_RECEIVED, len(judged))
for col, state in zip(cols[1:], (ON_TIME, LATE, OPEN, OVERDUE, AWAITING_CORRECTION)):
    col.metric(strings.REQUEST_STATE_LABELS[state], states[state])

st.subheader(strings.REQ_OPEN_LIST)
unanswered = open_requests(judged)
table(unanswered)
download_table(unanswered, f"未答复申请_{period.as_of}", key="req_open")

st.subheader(strings.REQ_BY_UNIT)
st.caption(strings.REQ_RATE_DEFINITION.format(n=MIN_FOR_RATE))
units = by_unit(judged)
table(units, percent=["on_time_rate"])
download_table(units, f"依申请公开_各单位_{period.as_of}", key="req_units")

left, right = st.columns(2)
with left:
    st.subheader(strings.REQ_DISTRIBUTION)
    st.plotly_chart(charts.count_bar(reply_distribution(judged), "bucket", "requests", "用时", "件数"), width="stretch")
with right:
    st.subheader(strings.REQ_OUTCOMES)
    st.plotly_chart(
        charts.count_bar(outcome_breakdown(judged), "outcome", "requests", "办理结果", "件数", "#6a1b9a"),
        width="stretch",
    )

st.subheader(strings.REQ_EXPLAIN)
labels = {f"{r.request_no}｜{r.unit_name}｜{r.received_on:%Y-%m-%d}": i for i, r in enumerate(judged.itertuples())}
picked = st.selectbox(strings.REQ_PICK, list(labels), key="req_pick", placeholder=strings.CHOOSE)
if picked:
    row = judged.iloc[labels[picked]]
    st.markdown(f"**{strings.COLUMN_LABELS['due_on']}：{plain(row['due_on'])}**（{plain(row['state'])}）")
    st.markdown(plain(row["explanation"]))
    if row["flags"]:
        st.warning(plain(row["flags"]))
