"""工作节奏: the Monday reminders (copy-ready text, the xlsx 催办单, the send record)."""

from datetime import timedelta

import streamlit as st

from core.accounts.vocabulary import VIEW
from core.reminders.digest import reminder_digest
from core.reminders.messages import office_message, unit_messages
from core.reminders.sends import send_log
from exports.reminders import chase_workbook, copy_text
from ui import strings
from ui.auth import require_page
from ui.components import page_filters, today
from ui.state import calendar, db
from ui.tables import table
from ui.text import plain

require_page(VIEW)
filters = page_filters()
scope = filters.scope
st.title(strings.RHYTHM_TITLE)
day = st.date_input(strings.RHYTHM_DAY, value=today(), key="rhythm_day")
with db() as con:
    digest = reminder_digest(con, day, scope, calendar())
    log = send_log(con, scope, day - timedelta(days=30))
st.caption(strings.RHYTHM_CAPTION.format(day=day, start=digest.week_start, end=digest.week_end, horizon=digest.horizon))
counts = (
    (strings.RHYTHM_SILENT, digest.silent["unit_id"].nunique()),
    (strings.RHYTHM_WARNING, len(digest.warning)),
    (strings.RHYTHM_OVERDUE, len(digest.findings_overdue)),
    (strings.RHYTHM_FINDINGS_SOON, len(digest.findings_soon)),
    (strings.RHYTHM_REQUESTS_SOON, len(digest.requests_soon)),
)
for col, (label, value) in zip(st.columns(len(counts)), counts):
    col.metric(label, value)
messages = unit_messages(digest)
summary = office_message(digest)
if scope.unit_ids is None:  # the summary names every unit: the office's, not a liaison's
    st.subheader(strings.RHYTHM_SUMMARY)
    st.code(summary.content, language=None, wrap_lines=True)
st.subheader(strings.RHYTHM_UNITS.format(n=len(messages)))
if not messages:
    st.info(strings.RHYTHM_NO_UNITS)
for message in messages:
    label = message.title + ("" if message.mobile else strings.RHYTHM_NO_CONTACT)
    with st.expander(plain(label)):
        st.code(message.content, language=None, wrap_lines=True)
left, right = st.columns(2)
with left, st.expander(strings.RHYTHM_ALL_TEXT):
    st.code(copy_text(([summary] if scope.unit_ids is None else []) + messages), language=None, wrap_lines=True)
right.download_button(
    strings.RHYTHM_CHASE_XLSX,
    data=chase_workbook(digest),
    file_name=f"催办单_{day}.xlsx",
    key="rhythm_chase",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
st.subheader(strings.RHYTHM_SEND_LOG)
if log.empty:
    st.caption(strings.RHYTHM_SEND_LOG_EMPTY)
else:
    table(log)
