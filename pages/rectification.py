"""整改跟踪: findings by state, unit, inspection and type; aging; overdue and 催办 lists; one finding's record;
marking a state by hand; conflicts between ledgers and marks; 整改反馈 — a liaison answers his unit's open
findings, the office reviews the 待审核反馈 queue (issue 11). Who may submit or review is decided in
core.rectification.feedback; the forms are shown only to the roles that may use them."""

import pandas as pd
import streamlit as st

from core.accounts.actions import mark_finding, resolve_conflict
from core.accounts.identity import User
from core.accounts.vocabulary import FEEDBACK, REVIEW_FEEDBACK, VIEW
from core.errors import DashboardError
from core.rectification import feedback
from core.rectification.marks import open_conflicts
from core.rectification.queries import finding_timeline, findings
from core.rectification.rules import aging, chase_list, count_by, judge_findings, overdue_list
from core.rectification.vocabulary import FEEDBACK_RETURNED, STATES
from core.storage.scope import UnitScope
from loaders.limits import load_limits
from ui import charts, strings
from ui.auth import acting_as, require_page
from ui.components import download_table, page_start, show_error, today
from ui.state import calendar, db, with_connection
from ui.tables import table
from ui.text import plain, plain_format

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
QUEUE_COLUMNS = ["feedback_id", "unit_name", "finding_no", "description", "body", "rectified_on", "submitted_by"]
QUEUE_COLUMNS += ["submitted_at", "evidence_url", "evidence_name"]
MINE_COLUMNS = ["finding_no", "state", "feedback_state", "return_reason", "deadline", "description", "found_on"]
MINE_COLUMNS += ["inspection", "submitted_at", "decided_by", "decided_at"]
TIMELINE_TEXT = ["old_status", "new_status", "review", "file_name", "changed_by", "note"]
MB = 1024 * 1024


def _when(value) -> str:
    return "—" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _evidence_download(scope: UnitScope, row) -> None:
    """The evidence file, fetched from the database only when clicked (on Streamlit's download thread)."""
    feedback_id = int(row.feedback_id)

    def content() -> bytes:
        found = with_connection(lambda con: feedback.evidence_file(con, scope, feedback_id))
        return found.content if found else b""

    st.download_button(
        plain_format(strings.RECT_FB_DOWNLOAD, name=row.evidence_name, kb=max(1, int(row.evidence_size) // 1024)),
        data=content,
        file_name=row.evidence_name,
        mime="application/octet-stream",
        on_click="ignore",
        key=f"fb_download_{feedback_id}",
    )


def review_queue(user: User, scope: UnitScope) -> None:
    """待审核反馈: count and list for everyone who sees the units; 通过/退回 for the office."""
    with db() as con:
        queue = feedback.feedback_queue(con, scope)
    st.subheader(strings.RECT_FB_QUEUE)
    st.metric(strings.RECT_FB_QUEUE_COUNT, len(queue))
    if queue.empty:
        st.caption(strings.RECT_FB_QUEUE_EMPTY)
        return
    st.caption(strings.RECT_FB_QUEUE_HELP if user.can(REVIEW_FEEDBACK) else strings.RECT_FB_READ_ONLY)
    table(queue[QUEUE_COLUMNS])
    if not user.can(REVIEW_FEEDBACK):
        return
    labels = {f"{r.feedback_id}｜{r.unit_name}｜{r.finding_no or r.finding_id}": r for r in queue.itertuples()}
    row = labels[st.selectbox(strings.RECT_FB_PICK, list(labels), key="fb_pick", placeholder=strings.CHOOSE)]
    st.caption(
        plain_format(
            strings.RECT_FB_DETAIL,
            unit=row.unit_name,
            no=row.finding_no or row.finding_id,
            by=row.submitted_by,
            at=_when(row.submitted_at),
            day=pd.Timestamp(row.rectified_on).date(),
        )
    )
    with st.container(border=True):
        st.text(row.body)  # st.text is never markdown
    if isinstance(row.evidence_url, str):
        st.caption(plain_format(strings.RECT_FB_LINK_SHOWN, url=row.evidence_url))
        st.link_button(strings.RECT_FB_OPEN_LINK, row.evidence_url)  # http(s) only, checked when submitted
    if isinstance(row.evidence_name, str):
        _evidence_download(scope, row)
    if not isinstance(row.evidence_url, str) and not isinstance(row.evidence_name, str):
        st.caption(strings.RECT_FB_NO_EVIDENCE)
    reason = st.text_input(strings.RECT_FB_REASON, key="fb_reason")
    acting_as(user)
    accept, give_back, _ = st.columns([1, 1, 6])
    if accept.button(strings.RECT_FB_ACCEPT, key="fb_accept", type="primary"):
        try:
            with db() as con:
                feedback.accept_feedback(con, user, int(row.feedback_id))
            st.toast(strings.RECT_FB_ACCEPTED)
            st.rerun()
        except DashboardError as exc:
            show_error(exc)
    if give_back.button(strings.RECT_FB_RETURN, key="fb_return"):
        try:
            with db() as con:
                feedback.return_feedback(con, user, int(row.feedback_id), reason)
            st.toast(strings.RECT_FB_RETURNED)
            st.rerun()
        except DashboardError as exc:
            show_error(exc)


def answer_findings(user: User, scope: UnitScope) -> None:
    """A liaison's open findings with the state of his feedback, and the 整改反馈 form."""
    day = today()
    with db() as con:
        mine = feedback.feedback_findings(con, scope, day)
    st.subheader(strings.RECT_FB_MINE)
    types = "、".join(s[1:] for s in feedback.EVIDENCE_SUFFIXES)
    st.caption(strings.RECT_FB_MINE_HELP.format(types=types, mb=load_limits().max_file_mb))
    if mine.empty:
        st.caption(strings.RECT_FB_MINE_EMPTY)
        return
    shown = mine.assign(feedback_state=mine["feedback_state"].map(strings.FEEDBACK_STATE_LABELS))
    table(shown.assign(feedback_state=shown["feedback_state"].fillna(strings.FEEDBACK_NONE))[MINE_COLUMNS])
    for r in mine.loc[(mine["feedback_state"] == FEEDBACK_RETURNED) & mine["can_answer"]].itertuples():
        st.warning(
            plain_format(
                strings.RECT_FB_RETURNED_NOTE,
                no=r.finding_no or r.finding_id,
                by=r.decided_by,
                at=_when(r.decided_at),
                reason=r.return_reason,
            )
        )
    answerable = mine.loc[mine["can_answer"]]
    if answerable.empty:
        st.caption(strings.RECT_FB_NOTHING_TO_ANSWER)
        return
    labels = {
        f"{r.finding_no or r.finding_id}｜{r.description[:30]}｜{r.state}": int(r.finding_id)
        for r in answerable.itertuples()
    }
    with st.form("fb_form", clear_on_submit=True):
        st.markdown(f"**{strings.RECT_FB_FORM}**")
        picked = st.selectbox(strings.RECT_FB_FORM_PICK, list(labels), key="fb_finding", placeholder=strings.CHOOSE)
        body = st.text_area(strings.RECT_FB_BODY, key="fb_text")
        done_on = st.date_input(strings.RECT_FB_DATE, value=day, max_value=day, key="fb_date")
        url = st.text_input(strings.RECT_FB_LINK, key="fb_url", placeholder="https://")
        upload = st.file_uploader(strings.RECT_FB_FILE, key="fb_file")
        acting_as(user)
        submitted = st.form_submit_button(strings.RECT_FB_SUBMIT, type="primary", key="fb_submit")
    if submitted and picked:
        try:
            evidence = feedback.Evidence(upload.name, upload.getvalue()) if upload is not None else None
            with db() as con:
                feedback.submit_feedback(
                    con,
                    user,
                    labels[picked],
                    body,
                    done_on,
                    day,
                    max_evidence_bytes=load_limits().max_file_mb * MB,
                    evidence_url=url,
                    evidence=evidence,
                )
            st.toast(strings.RECT_FB_SUBMITTED)
            st.rerun()
        except DashboardError as exc:
            show_error(exc)


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

if user.can(FEEDBACK):
    answer_findings(user, scope)
else:
    review_queue(user, scope)

st.subheader(strings.RECT_BY)
by_tabs = st.tabs(list(strings.RECT_BY_TABS.values()), key="rect_by_tab", on_change="rerun")
for tab, (column, label) in zip(by_tabs, strings.RECT_BY_TABS.items(), strict=False):
    if not tab.open:
        continue  # only the tab being looked at is built (a click on another reruns): a chart and a table each
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
picked = st.selectbox(strings.RECT_PICK, list(labels), key="rect_pick", placeholder=strings.CHOOSE)
if picked:
    finding_id = labels[picked]
    description = judged.loc[judged["finding_id"] == finding_id, "description"].iloc[0]
    st.markdown(plain(description))  # the picker's line keeps 30 characters; here it is whole
    with db() as con:
        timeline = finding_timeline(con, finding_id)
    shown = timeline.assign(source=timeline["source"].map(strings.SOURCE_HISTORY))
    table(shown.assign(**{c: shown[c].fillna("—") for c in TIMELINE_TEXT}))
    with st.expander(strings.RECT_MARK):
        st.caption(strings.RECT_MARK_HELP)
        left, right = st.columns(2)
        status = left.selectbox(strings.RECT_MARK_STATUS, STATES, key="mark_status", placeholder=strings.CHOOSE)
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
    conflict_id = left.selectbox(
        strings.RECT_CONFLICT_PICK, conflicts["conflict_id"].tolist(), key="conflict_pick", placeholder=strings.CHOOSE
    )
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
