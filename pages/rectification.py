"""整改跟踪: findings by state, unit, inspection and type; aging; overdue and 催办 lists; one finding's record;
marking a state by hand; conflicts between ledgers and marks."""

import streamlit as st

from core.accounts.actions import mark_finding, resolve_conflict
from core.accounts.vocabulary import VIEW
from core.errors import DashboardError
from core.rectification.marks import open_conflicts
from core.rectification.queries import finding_timeline, findings
from core.rectification.rules import aging, chase_list, count_by, judge_findings, overdue_list
from core.rectification.vocabulary import STATES
from ui import charts, strings
from ui.auth import acting_as, require_page
from ui.components import download_table, page_start, show_error
from ui.state import calendar, db
from ui.tables import table

LIST_COLUMNS = [
    "finding_no",
    "unit_name",
    "inspection",
    "found_on",
    "problem_type",
    "description",
    "deadline",
    "due_on",
    "state",
    "days_overdue",
]

user = require_page(VIEW)
filters = page_start(strings.RECT_TITLE)
period, scope = filters.period, filters.scope
with db() as con:
    stored = findings(con, scope)
    conflicts = open_conflicts(con, scope=scope)
if stored.empty:
    st.info(strings.RECT_EMPTY)
    st.stop()
judged = judge_findings(stored, period.as_of, calendar())

st.caption(strings.RECT_CAPTION.format(as_of=period.as_of))
cols = st.columns(6)
cols[0].metric(strings.RECT_OPEN, int(judged["is_open"].sum()))
cols[1].metric(strings.RECT_OVERDUE, int(judged["is_overdue"].sum()))
cols[2].metric(strings.RECT_NEW_OVERDUE, int(judged["newly_overdue"].sum()))
cols[3].metric(strings.RECT_DUE_SOON, int(judged["due_soon"].sum()))
cols[4].metric(strings.RECT_DONE, int((judged["state"] == "已整改").sum()))
cols[5].metric(strings.RECT_LATE_DONE, int((judged["rectified_on_time"] == False).sum()))  # noqa: E712

st.subheader(strings.RECT_BY)
for tab, (column, label) in zip(
    st.tabs(list(strings.RECT_BY_TABS.values())), strings.RECT_BY_TABS.items(), strict=False
):
    with tab:
        counts = count_by(judged, column)
        st.plotly_chart(charts.stacked_states(counts, column, STATES), width="stretch", key=f"by_{column}")
        table(counts, height=260)
        download_table(counts, f"整改统计_{label}_{period.as_of}", key=f"dl_by_{column}")

left, right = st.columns([2, 3])
with left:
    st.subheader(strings.RECT_AGING)
    st.plotly_chart(
        charts.count_bar(aging(judged), "age_bucket", "findings", "已持续", "问题数", "#c62828"), width="stretch"
    )
with right:
    st.subheader(strings.RECT_CHASE)
    st.caption(strings.RECT_CHASE_HELP)
    chase = chase_list(judged)[["chase_reason", *LIST_COLUMNS]]
    if chase.empty:
        st.caption(strings.RECT_NONE)
    else:
        table(chase.rename(columns={"chase_reason": "催办原因"}), height=260)
        download_table(chase.rename(columns={"chase_reason": "催办原因"}), f"催办清单_{period.as_of}", key="dl_chase")

st.subheader(strings.RECT_OVERDUE_LIST)
overdue = overdue_list(judged)[LIST_COLUMNS]
if overdue.empty:
    st.caption(strings.RECT_NONE)
else:
    table(overdue, height=360)
    download_table(overdue, f"逾期未整改_{period.as_of}", key="dl_overdue")

st.subheader(strings.RECT_TIMELINE)
labels = {
    f"{r.finding_no or r.finding_id}｜{r.unit_name}｜{r.description[:30]}": int(r.finding_id)
    for r in judged.sort_values("found_on", ascending=False).itertuples()
}
picked = st.selectbox(strings.RECT_PICK, list(labels), key="rect_pick")
if picked:
    finding_id = labels[picked]
    with db() as con:
        timeline = finding_timeline(con, finding_id)
    table(timeline.assign(source=timeline["source"].map(strings.SOURCE_HISTORY)))
    with st.expander(strings.RECT_MARK):
        st.caption(strings.RECT_MARK_HELP)
        left, right = st.columns(2)
        status = left.selectbox(strings.RECT_MARK_STATUS, STATES, key="mark_status")
        done_on = right.date_input(strings.RECT_MARK_DATE, value=period.as_of, key="mark_date")
        note = left.text_input(strings.RECT_MARK_NOTE, key="mark_note")
        with right:
            acting_as(user)
        if st.button(strings.RECT_MARK_BUTTON, key="mark_save"):
            try:
                with db() as con:
                    mark_finding(con, user, finding_id, status, note, done_on if status == "已整改" else None)
                st.toast(strings.RECT_MARKED)
                st.rerun()
            except DashboardError as exc:
                show_error(exc)

if not conflicts.empty:
    st.subheader(strings.RECT_CONFLICTS)
    table(conflicts, height=220)
    left, right = st.columns(2)
    conflict_id = left.selectbox(strings.RECT_CONFLICT_PICK, conflicts["conflict_id"].tolist(), key="conflict_pick")
    with right:
        acting_as(user)
    take, keep = st.columns(2)
    for button_column, take_ledger, label in (
        (take, True, strings.RECT_TAKE_LEDGER),
        (keep, False, strings.RECT_KEEP_MARK),
    ):
        if button_column.button(label, key=f"conflict_{take_ledger}"):
            try:
                with db() as con:
                    resolve_conflict(con, user, int(conflict_id), take_ledger)
                st.toast(strings.RECT_CONFLICT_DONE)
                st.rerun()
            except DashboardError as exc:
                show_error(exc)
