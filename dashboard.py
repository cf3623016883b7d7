"""Entry point: page config, first-start demo build, shared sidebar filters, navigation. Nothing else."""

import streamlit as st

from ui import strings
from ui.components import demo_banner, resume_intended_page, show_error, sidebar_filters
from ui.state import KEY_FILTERS, ensure_database

st.set_page_config(page_title=strings.APP_TITLE, page_icon=":material/account_balance:", layout="wide")

try:
    ensure_database()
    pages = [
        st.Page("pages/overview.py", title=strings.NAV_OVERVIEW, icon=":material/dashboard:", default=True),
        st.Page("pages/publications.py", title=strings.NAV_PUBLICATIONS, icon=":material/bar_chart:"),
        st.Page("pages/freshness.py", title=strings.NAV_FRESHNESS, icon=":material/update:"),
        st.Page("pages/timeliness.py", title=strings.NAV_TIMELINESS, icon=":material/timer:"),
        st.Page("pages/rectification.py", title=strings.NAV_RECTIFICATION, icon=":material/task_alt:"),
        st.Page("pages/requests.py", title=strings.NAV_REQUESTS, icon=":material/mail:"),
        st.Page("pages/ranking.py", title=strings.NAV_RANKING, icon=":material/leaderboard:"),
        st.Page("pages/imports.py", title=strings.NAV_IMPORTS, icon=":material/upload_file:"),
    ]
    navigation = st.navigation(pages)
    resume_intended_page(pages)
    st.sidebar.title(strings.APP_TITLE)
    st.session_state[KEY_FILTERS] = sidebar_filters()
    demo_banner()
    navigation.run()
except Exception as exc:  # noqa: BLE001 — the last line of defence: never a traceback in front of a user
    show_error(exc)
