"""审计日志 (管理员 only): who did what, when, from where; filters by person, action and day; xlsx export."""

from datetime import timedelta

import streamlit as st

from core.accounts.audit import audit_entries, audit_logins
from core.accounts.vocabulary import ACTION_LABELS, AUDIT, ROLE_LABELS
from ui import account_strings as text
from ui.auth import require_page
from ui.components import download_table, today
from ui.state import db
from ui.tables import table

require_page(AUDIT)
st.title(text.AUDIT_TITLE)
st.caption(text.AUDIT_HELP)
with db() as con:
    logins = audit_logins(con)
cols = st.columns(4)
since = cols[0].date_input(text.AUDIT_FROM, value=today() - timedelta(days=30), key="audit_from")
until = cols[1].date_input(text.AUDIT_TO, value=today(), key="audit_to")
login = cols[2].selectbox(text.AUDIT_LOGIN, [text.AUDIT_ALL, *logins], key="audit_login")
actions = {text.AUDIT_ALL: None, **{label: key for key, label in ACTION_LABELS.items()}}
action = cols[3].selectbox(text.AUDIT_ACTION, list(actions), key="audit_action")
with db() as con:
    entries = audit_entries(con, since, until, None if login == text.AUDIT_ALL else login, actions[action])
if entries.empty:
    st.info(text.AUDIT_EMPTY)
    st.stop()
shown = entries.assign(
    action=entries["action"].map(lambda a: ACTION_LABELS.get(a, a)),
    role=entries["role"].map(lambda r: ROLE_LABELS.get(r, r)),
).rename(columns=text.AUDIT_COLUMNS)
table(shown, height=520)
download_table(shown, f"审计日志_{since}_{until}", key="audit_xlsx")
