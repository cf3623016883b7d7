"""Entry point: page config, first-start demo build, shared sidebar filters, navigation. Nothing else."""

import streamlit as st

from core.accounts.vocabulary import AUDIT, IMPORT, VIEW, VIEW_RANKING
from ui import account_strings, strings
from ui.auth import allowed_pages, landing_page, login_gate, scoped_filters, user_sidebar
from ui.chrome import chrome_in_chinese
from ui.components import Filters, demo_banner, page_menu, resume_intended_page, show_error, sidebar_filters
from ui.state import KEY_FILTERS, ensure_database, one_connection_per_run
from ui.warmup import state_to_warm, warm_after_changes

st.set_page_config(page_title=strings.APP_TITLE, page_icon=":material/account_balance:", layout="wide")


def _run() -> Filters:
    """Sign-in gate, sidebar and the chosen page; returns the session's filters."""
    user = login_gate()
    # each page with the permission it needs; the sidebar lists only what the role may use (issue 11)
    unit_title = strings.NAV_OWN_UNIT if user.is_scoped else strings.NAV_UNIT
    pages = allowed_pages(
        user,
        [
            (st.Page("pages/overview.py", title=strings.NAV_OVERVIEW, icon=":material/dashboard:"), VIEW),
            (st.Page("pages/unit.py", title=unit_title, icon=":material/domain:"), VIEW),
            (st.Page("pages/publications.py", title=strings.NAV_PUBLICATIONS, icon=":material/bar_chart:"), VIEW),
            (st.Page("pages/freshness.py", title=strings.NAV_FRESHNESS, icon=":material/update:"), VIEW),
            (st.Page("pages/timeliness.py", title=strings.NAV_TIMELINESS, icon=":material/timer:"), VIEW),
            (st.Page("pages/rectification.py", title=strings.NAV_RECTIFICATION, icon=":material/task_alt:"), VIEW),
            (st.Page("pages/requests.py", title=strings.NAV_REQUESTS, icon=":material/mail:"), VIEW),
            (st.Page("pages/rhythm.py", title=strings.NAV_RHYTHM, icon=":material/event_repeat:"), VIEW),
            (st.Page("pages/inspection.py", title=strings.NAV_INSPECTION, icon=":material/fact_check:"), VIEW),
            (st.Page("pages/annual_reports.py", title=strings.NAV_ANNUAL, icon=":material/summarize:"), VIEW),
            (st.Page("pages/ranking.py", title=strings.NAV_RANKING, icon=":material/leaderboard:"), VIEW_RANKING),
            (st.Page("pages/assessment.py", title=strings.NAV_ASSESSMENT, icon=":material/grade:"), VIEW_RANKING),
            (st.Page("pages/imports.py", title=strings.NAV_IMPORTS, icon=":material/upload_file:"), IMPORT),
            (st.Page("pages/audit.py", title=account_strings.NAV_AUDIT, icon=":material/policy:"), AUDIT),
        ],
    )
    # the root URL opens the role's landing page; every page keeps its own path (/ranking, /unit?unit=…)
    navigation = st.navigation([landing_page(user, pages), *pages], position="hidden")
    resume_intended_page(pages)
    st.sidebar.title(strings.APP_TITLE)
    page_menu(pages)
    filters = st.session_state[KEY_FILTERS] = scoped_filters(sidebar_filters(), user)
    user_sidebar(user)
    demo_banner()
    chrome_in_chinese()  # uploaders say 选择文件; no grid toolbar or column menu in English
    navigation.run()
    return filters


try:
    ensure_database()
    with one_connection_per_run():  # every db() of the run shares one connection (ui/state.py)
        shown = _run()
        moved = state_to_warm()
    warm_after_changes(shown.period, shown.scope, moved)  # after a change: the next pages' scores (ui/warmup.py)
except Exception as exc:  # noqa: BLE001 — the last line of defence: never a traceback in front of a user
    show_error(exc)
