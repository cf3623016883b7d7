"""Shared widgets: the sidebar filters, Chinese-labelled tables, error display."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.accounts.audit import record_export
from core.accounts.vocabulary import VIEW
from core.config import today as config_today
from core.errors import DashboardError
from core.monitoring.overview import available_months, is_demo, ledger_coverage
from core.storage.scope import UNIT_GROUPS, Period, UnitScope, month_period, scope_for_group
from exports.tables import table_xlsx
from ui import account_strings, strings
from ui.state import (
    KEY_FILTERS,
    KEY_GROUP,
    KEY_INTENDED_PAGE,
    KEY_MONTH,
    PARAM_GROUP,
    PARAM_MONTH,
    db,
    from_url,
    start_url_run,
    to_url,
    with_connection,
)
from ui.text import plain

_log = logging.getLogger("dashboard")


@dataclass(frozen=True)
class Filters:
    period: Period | None
    scope: UnitScope
    group: str


def today() -> date:
    """The app's today: $DASHBOARD_TODAY when set (tests, checks), else the clock — see core.config.today."""
    return config_today()


def default_month(months: list[str], day: date) -> str:
    """The newest month with data that is not after `day` (a stray 2062 date must not become the default,
    issue 9); the newest of all when every month lies ahead. `months` are 'YYYY-MM', newest first."""
    current = day.strftime("%Y-%m")
    return next((m for m in months if m <= current), months[0])


def sidebar_filters() -> Filters:
    """Month and unit-type selectors shared by every page (kept in session state across pages), mirrored in
    the URL as ?month=2026-10&group=县直部门 so any view can be sent as a link (issue 12 item 5): a link
    opened sets them, a change made here updates the URL."""
    start_url_run()
    with db() as con:
        months = available_months(con)
    from_url(PARAM_GROUP, KEY_GROUP, UNIT_GROUPS)
    group = st.sidebar.selectbox(strings.SIDEBAR_GROUP, list(UNIT_GROUPS), key=KEY_GROUP, placeholder=strings.CHOOSE)
    to_url(PARAM_GROUP, group)
    if not months:
        st.sidebar.caption(strings.SIDEBAR_NO_DATA)
        return Filters(None, scope_for_group(group), group)
    from_url(PARAM_MONTH, KEY_MONTH, months)
    if st.session_state.get(KEY_MONTH) not in months:
        st.session_state[KEY_MONTH] = default_month(months, today())
    month = st.sidebar.selectbox(
        strings.SIDEBAR_MONTH,
        months,
        key=KEY_MONTH,
        format_func=lambda m: f"{m[:4]}年{int(m[5:])}月",
        placeholder=strings.CHOOSE,
    )
    to_url(PARAM_MONTH, month)
    return Filters(month_period(month, today()), scope_for_group(group), group)


def page_menu(pages: list) -> None:
    """The sidebar's list of pages, drawn by us: Streamlit's own list is off (client.showSidebarNavigation =
    false), so that its English pages/ file list never shows, not even before st.navigation has run."""
    with st.sidebar:
        for page in pages:
            st.page_link(page)


def page_filters() -> Filters:
    """The sidebar filters that dashboard.py put in session state for this run.

    On a freshly started server, Streamlit runs a page opened by its own URL (…/freshness) without the
    entry script, in its legacy pages/ mode; such a visit is sent through dashboard.py once, which switches
    Streamlit to st.navigation for good.
    """
    if KEY_FILTERS not in st.session_state:
        st.session_state[KEY_INTENDED_PAGE] = st.context.url
        st.switch_page("dashboard.py", query_params=st.query_params.to_dict())
    return st.session_state[KEY_FILTERS]


@dataclass(frozen=True)
class PageFilters:
    """The filters of a page that has data: a month is always chosen."""

    period: Period
    scope: UnitScope
    group: str


def page_start(title: str) -> PageFilters:
    """Every data page's opening: the filters, the title, and a stop with a hint while there is no data."""
    filters = page_filters()
    st.title(title)
    if filters.period is None:
        st.info(strings.OVERVIEW_EMPTY)
        st.stop()
        raise AssertionError("st.stop() returns only outside a script run")
    coverage_caption(PageFilters(filters.period, filters.scope, filters.group))
    return PageFilters(filters.period, filters.scope, filters.group)


def resume_intended_page(pages: list) -> None:
    """After a page link was sent through dashboard.py (see page_filters), open the page it asked for."""
    url = st.session_state.pop(KEY_INTENDED_PAGE, None)
    if not url:
        return
    path = url.rstrip("/").rsplit("/", 1)[-1]
    target = next((p for p in pages if p.url_path == path), None)
    if target is not None:
        st.switch_page(target, query_params=st.query_params.to_dict())


def demo_banner() -> None:
    with db() as con:
        demo = is_demo(con)
    if demo:
        st.info(strings.DEMO_BANNER)
        st.caption(account_strings.DEMO_ACCOUNTS)


def full_height(rows: int) -> int:
    """The st.dataframe height in px that shows all `rows` rows without an inner scroll box (35 px a row plus the
    header): no bottom row is hidden on screen or in a printout (issue 12 item 4)."""
    return 35 * (max(rows, 1) + 1) + 3


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audited_download(
    label: str,
    file_name: str,
    mime: str,
    key: str,
    build: Callable[[Any], bytes],  # given the download's own connection
    about: str = "",
    permission: str = VIEW,
    container: Any = st,
) -> None:
    """A download button whose file is built only when clicked and recorded as it leaves the tool (导出文件 in the
    audit log: person, file, size, SHA-256; issue 11), in the same transaction as anything the build writes."""
    from ui.auth import current_user  # ui.auth imports this module

    user = current_user()
    container.download_button(
        label,
        data=lambda: with_connection(
            lambda con: record_export(con, user, file_name, lambda: build(con), about, permission)
        ),
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
    )


def download_table(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """The table shown above, as a styled .xlsx with the same Chinese headers; built only when clicked, audited."""
    audited_download(
        strings.DOWNLOAD_XLSX,
        f"{file_stem}.xlsx",
        XLSX_MIME,
        key,
        lambda _con: table_xlsx(frame, file_stem, strings.COLUMN_LABELS),
    )


def fallback_note(years: list[int]) -> None:
    """Say so when figures depend on a year without official holiday data."""
    if years:
        st.warning(strings.FALLBACK_NOTE.format(years="、".join(str(y) for y in years)))


def act(work: Callable[[Any], object], done: str) -> None:
    """Run a change the user asked for (签发, 撤回, a saved draft) on its own connection: a toast and a rerun when
    it worked, the Chinese refusal otherwise (the domain wrote nothing then). 考核排名 and 年度考评 share it."""
    try:
        with db() as con:
            work(con)
    except DashboardError as exc:
        show_error(exc)
        return
    st.toast(done)
    st.rerun()


def show_error(exc: Exception) -> None:
    """A Chinese message instead of a traceback; unexpected errors go to the server log."""
    if isinstance(exc, DashboardError):
        st.error(plain(exc.message))
        if exc.hint:
            st.caption(plain(exc.hint))
        return
    _log.exception("page failed")
    st.error(strings.UNEXPECTED_ERROR)


def coverage_caption(filters: PageFilters) -> None:
    """The ledger's latest date, and "本月数据截至 X 日" while the selected month is not complete (issue 10)."""
    with db() as con:
        coverage = ledger_coverage(con, filters.period, filters.scope)
    if coverage.latest is None:
        return
    parts = [strings.LEDGER_LATEST.format(latest=coverage.latest)]
    if coverage.partial_through is not None:
        parts.append(strings.MONTH_PARTIAL.format(day=coverage.partial_through.day))
    st.caption("；".join(parts))
