"""审计日志 (管理员 only): who did what, when, from where; filters by day, person, action, outcome and a text;
xlsx export, itself an audit entry (built and recorded when the button is pressed)."""

from datetime import timedelta

import streamlit as st

from core.accounts.audit import audit_entries, audit_logins, record_export
from core.accounts.vocabulary import ACTION_LABELS, AUDIT, FAILURE, ROLE_LABELS, SUCCESS
from exports.tables import table_xlsx
from ui import account_strings as text
from ui import strings
from ui.auth import require_page
from ui.components import today
from ui.state import db, with_connection
from ui.tables import table
from ui.text import plain_format

LIMIT = 5000

user = require_page(AUDIT)
st.title(text.AUDIT_TITLE)
st.caption(text.AUDIT_HELP)
with db() as con:
    logins = audit_logins(con)
cols = st.columns(5)
since = cols[0].date_input(text.AUDIT_FROM, value=today() - timedelta(days=30), key="audit_from")
until = cols[1].date_input(text.AUDIT_TO, value=today(), key="audit_to")
login = cols[2].selectbox(text.AUDIT_LOGIN, [text.AUDIT_ALL, *logins], key="audit_login", placeholder=strings.CHOOSE)
actions = {text.AUDIT_ALL: None, **{label: key for key, label in ACTION_LABELS.items()}}
action = cols[3].selectbox(text.AUDIT_ACTION, list(actions), key="audit_action", placeholder=strings.CHOOSE)
outcome = cols[4].selectbox(
    text.AUDIT_OUTCOME, [text.AUDIT_ALL, SUCCESS, FAILURE], key="audit_outcome", placeholder=strings.CHOOSE
)
contains = st.text_input(text.AUDIT_CONTAINS, help=text.AUDIT_CONTAINS_HELP, key="audit_contains").strip()
if since > until:
    st.error(text.AUDIT_BAD_RANGE)
    st.stop()
with db() as con:
    entries = audit_entries(
        con,
        since,
        until,
        None if login == text.AUDIT_ALL else login,
        actions[action],
        LIMIT,
        None if outcome == text.AUDIT_ALL else outcome,
        contains or None,
    )
if entries.empty:
    st.info(text.AUDIT_EMPTY)
    st.stop()
shown = (
    entries.assign(
        action=entries["action"].map(lambda a: ACTION_LABELS.get(a, a)),
        role=entries["role"].map(lambda r: ROLE_LABELS.get(r, r)),
    )
    .fillna("")
    .replace({"": "—"})
    .rename(columns=text.AUDIT_COLUMNS)
)
st.caption(plain_format(text.AUDIT_COUNT, count=len(shown)))
if len(shown) >= LIMIT:
    st.warning(text.AUDIT_TRUNCATED.format(limit=LIMIT))
table(shown, height=520)
file_stem = f"审计日志_{since}_{until}"
st.download_button(
    strings.DOWNLOAD_XLSX,
    data=lambda: with_connection(
        lambda con: record_export(
            con,
            user,
            f"{file_stem}.xlsx",
            lambda: table_xlsx(shown, file_stem, strings.COLUMN_LABELS),
            f"审计日志 {since}～{until}，{len(shown)} 条",
            permission=AUDIT,
        )
    ),
    file_name=f"{file_stem}.xlsx",
    key="audit_xlsx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
