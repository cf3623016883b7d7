"""更新频率: columns against their required interval, 一周一更新 week by week, and column exemptions."""

from datetime import timedelta

import streamlit as st

from core.accounts.actions import add_exemption, revoke_exemption
from core.accounts.vocabulary import VIEW
from core.config import db_path
from core.errors import DashboardError
from core.monitoring.exemptions import REASONS, exemptions
from core.monitoring.freshness import (
    column_freshness,
    problem_columns,
    state_counts,
    veto_flags,
    weekly_items,
    weekly_summary,
    weeks_ending_in,
)
from core.monitoring.gaming import load_gaming_settings, repost_summary, rush_reason, rush_updates
from core.monitoring.timeliness import fallback_years
from core.monitoring.vocabulary import BLANK, EXEMPT, STALE, WARNING
from core.registry.categories import load_categories, warn_percent_text
from ui import charts, strings
from ui.auth import acting_as, require_page
from ui.components import download_table, fallback_note, page_start, show_error
from ui.state import cached_reposts, calendar, db, ranking_key
from ui.tables import table
from ui.text import plain_format

user = require_page(VIEW)
filters = page_start(strings.FRESH_TITLE)
period, scope = filters.period, filters.scope
work_calendar = calendar()
span = st.radio(strings.WEEKLY_RANGE, strings.WEEKLY_RANGES, horizontal=True, key="fresh_span")
first_monday, last_sunday = weeks_ending_in(period)
if span == strings.WEEKLY_RANGES[1]:
    first_monday = last_sunday - timedelta(days=7 * 13 - 1)
with db() as con:
    columns = column_freshness(con, period, scope)
    weekly = weekly_items(con, scope, work_calendar, first_monday, last_sunday)
    granted = exemptions(con, scope=scope)
    gaming = load_gaming_settings()
    rushed = rush_updates(con, period, scope, work_calendar, gaming)
    reposted = cached_reposts(str(db_path()), ranking_key(), period, scope, gaming)
fallback_note(fallback_years(work_calendar, first_monday, last_sunday))

counts = state_counts(columns)
st.caption(strings.FRESH_CAPTION.format(as_of=period.as_of, warn=warn_percent_text(load_categories())))
for col, state in zip(st.columns(4), (STALE, WARNING, BLANK, EXEMPT)):
    col.metric(strings.FRESHNESS_STATE_LABELS[state], counts[state])

st.subheader(strings.FRESH_PROBLEMS)
problems = problem_columns(columns)
if problems.empty:
    st.caption(strings.FRESH_NO_PROBLEMS)
else:
    table(problems, height=320, unit_links=period.start.strftime("%Y-%m"))
    download_table(problems, f"超期与空白栏目_{period.as_of}", key="fresh_problems")
vetoed = veto_flags(columns)
if not vetoed.empty:
    st.warning(strings.FRESH_VETO.format(n=len(vetoed)))
    table(vetoed.drop(columns=["unit_id"]), height=200)
with st.expander(strings.FRESH_ALL):
    shown = columns.drop(columns=["unit_id", "column_id"])
    table(shown, height=400)
    download_table(shown, f"栏目更新情况_{period.as_of}", key="fresh_all")

st.subheader(strings.WEEKLY_TITLE)
st.caption(strings.WEEKLY_CAPTION)
summary = weekly_summary(weekly)
if last_sunday < first_monday:  # early in a month no week of it has ended yet (its first Sunday is ahead)
    st.info(plain_format(strings.WEEKLY_NONE_YET, first_sunday=f"{first_monday + timedelta(days=6):%m-%d}"))
elif not weekly.empty:
    st.plotly_chart(charts.week_heatmap(weekly), width="stretch")
    st.markdown(f"**{strings.WEEKLY_SUMMARY}**")
    shown = summary.drop(columns=["unit_id"])
    table(shown, height=300)
    download_table(shown, f"一周一更新_{first_monday}_{last_sunday}", key="fresh_weekly")

st.subheader(strings.GAMING_TITLE)
st.caption(
    strings.GAMING_CAPTION.format(
        min_items=gaming.rush_min_items,
        share=gaming.rush_share,
        workdays=gaming.rush_last_workdays,
        old_days=gaming.old_draft_days,
        title_days=strings.GAMING_TITLE_DAYS.format(n=gaming.same_title_days)
        if gaming.same_title_days
        else strings.GAMING_TITLE_ANY,
    )
)
st.markdown(f"**{strings.GAMING_RUSH.format(n=len(rushed))}**")
if rushed.empty:
    st.caption(strings.GAMING_RUSH_NONE)
else:
    if rushed["estimated"].any():
        st.caption(strings.GAMING_ESTIMATED.format(year=rushed["window_start"].iloc[0].year))
    table(
        rushed.drop(columns=["unit_id", "estimated", "last_titles"]),
        percent=["share"],
        unit_links=period.start.strftime("%Y-%m"),
    )
    for _, row in rushed.iterrows():  # every item of the closing days named, never cut as a grid cell would be
        st.markdown(plain_format(strings.GAMING_UNIT_LINE, unit=row["unit_name"], reason=rush_reason(row)))
summary = repost_summary(reposted)
st.markdown(f"**{strings.GAMING_REPOST.format(n=len(reposted), units=len(summary))}**")
if reposted.empty:
    st.caption(strings.GAMING_REPOST_NONE)
else:
    # one unit at a time (the most flagged first), its items in the grid and each one's reason in full below; the
    # download holds every unit's. All units at once, the browser took seconds to draw them (1M items: 17k items
    # flagged a month; 更新频率 6 s with every reason, 1.5 s with every unit's grid)
    counts = dict(zip(summary["unit_name"], summary["reposts"]))
    unit_name = st.selectbox(
        strings.GAMING_REPOST_UNIT,
        list(counts),
        format_func=lambda name: strings.GAMING_REPOST_UNIT_OPTION.format(unit=name, n=counts[name]),
        key="fresh_repost_unit",
    )
    table(reposted.loc[reposted["unit_name"] == unit_name].drop(columns=["unit_id", "reason"]))
    reasons = summary.loc[summary["unit_name"] == unit_name, "reasons"].iloc[0]
    with st.container(border=True):
        st.markdown("\n\n".join(plain_format(strings.GAMING_UNIT_LINE, unit=unit_name, reason=r) for r in reasons))
    download_table(reposted.drop(columns=["unit_id"]), f"旧稿新发_{period.as_of}", key="fresh_reposts")

st.subheader(strings.EXEMPT_TITLE)
st.caption(strings.EXEMPT_HELP)
units = sorted(columns["unit_name"].unique(), key=list(columns["unit_name"]).index)
with st.container(border=True):
    left, right = st.columns(2)
    unit = left.selectbox(strings.EXEMPT_UNIT, units, key="ex_unit", placeholder=strings.CHOOSE)
    unit_columns = columns.loc[columns["unit_name"] == unit]
    column = right.selectbox(
        strings.EXEMPT_COLUMN, list(unit_columns["column_name"]), key="ex_column", placeholder=strings.CHOOSE
    )
    start_on = left.date_input(strings.EXEMPT_FROM, value=period.start, key="ex_from")
    end_on = right.date_input(strings.EXEMPT_TO, value=period.end, key="ex_to")
    reason = left.selectbox(strings.EXEMPT_REASON, REASONS, key="ex_reason", placeholder=strings.CHOOSE)
    note = right.text_input(strings.EXEMPT_NOTE, key="ex_note")
    acting_as(user)
    if st.button(strings.EXEMPT_ADD, key="ex_add") and column:
        column_id = int(unit_columns.loc[unit_columns["column_name"] == column, "column_id"].iloc[0])
        try:
            with db() as con:
                add_exemption(con, user, column_id, start_on, end_on, f"{reason}{'：' + note if note else ''}")
            st.toast(strings.EXEMPT_ADDED)
            st.rerun()
        except DashboardError as exc:
            show_error(exc)

st.markdown(f"**{strings.EXEMPT_LIST}**")
if granted.empty:
    st.caption(strings.EXEMPT_NONE)
else:
    table(granted, height=240)
    active = granted.loc[granted["active"], "exemption_id"].tolist()
    if active:
        left, right = st.columns(2)
        chosen = left.selectbox(strings.EXEMPT_REVOKE_PICK, active, key="ex_revoke_id", placeholder=strings.CHOOSE)
        with right:
            acting_as(user)
        if st.button(strings.EXEMPT_REVOKE, key="ex_revoke"):
            try:
                with db() as con:
                    revoke_exemption(con, user, int(chosen))
                st.toast(strings.EXEMPT_REVOKED)
                st.rerun()
            except DashboardError as exc:
                show_error(exc)
