"""单位画像 (本单位 for a liaison, his landing page): one unit's items month by month, its columns and their
freshness, its findings with their history, its requests, and its scores with the month's deductions.

Opened by the sidebar, by ?unit=…&month=… (a sent link, a unit name clicked in a table), or by picking a unit.
Which units a person may open is decided in core.ranking.unit_profile; a URL naming another unit is refused.
"""

from datetime import date

import streamlit as st

from core.accounts.vocabulary import VIEW
from core.monitoring.freshness import column_freshness, state_counts
from core.monitoring.publications import monthly_counts, shift_month, unit_items
from core.monitoring.vocabulary import BLANK, STALE
from core.ranking.unit_profile import finding_histories, unit_card, units_in_scope
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.requests.deadlines import judge_requests, open_requests
from core.requests.queries import requests_received
from core.storage.scope import UnitScope
from ui import charts, strings
from ui.auth import require_page
from ui.components import PageFilters, coverage_caption, download_table, page_filters, today
from ui.state import KEY_UNIT, PARAM_UNIT, cached_unit_scores, calendar, db, ranking_key, to_url, url_value
from ui.tables import item_list, table, timeline_markdown
from ui.text import plain, plain_format

SCORE_MONTHS = 6  # as the ranking page's rank trend

user = require_page(VIEW)
filters = page_filters()
st.title(strings.NAV_OWN_UNIT if user.is_scoped else strings.NAV_UNIT)
allowed = user.scoped(UnitScope(assessed_only=False))  # the whole registry for the office, his units for a liaison
requested = url_value(PARAM_UNIT)
with db() as con:
    units = units_in_scope(con, allowed)
    card = unit_card(con, allowed, requested) if requested is not None else None
if requested is not None and card is None:
    if user.is_scoped:
        st.error(plain_format(strings.UNIT_REFUSED, unit=requested, own="、".join(units["unit_name"]) or "—"))
    else:
        st.error(plain_format(strings.UNIT_UNKNOWN, unit=requested))
    st.stop()
if units.empty:
    st.info(strings.UNIT_NONE_IN_SCOPE)
    st.stop()
if card is not None:
    st.session_state[KEY_UNIT] = card.name
names = list(units["unit_name"])
if st.session_state.get(KEY_UNIT) not in names:
    st.session_state[KEY_UNIT] = names[0]
chosen = st.selectbox(strings.UNIT_PICK, names, key=KEY_UNIT, disabled=len(names) == 1, placeholder=strings.CHOOSE)
with db() as con:
    card = unit_card(con, allowed, chosen)
assert card is not None  # chosen is one of units_in_scope(allowed)
to_url(PARAM_UNIT, card.name)
st.caption(
    strings.UNIT_HEADER.format(
        unit_type=card.unit_type,
        group=card.group_name,
        assessed=strings.UNIT_ASSESSED if card.in_assessment else strings.UNIT_NOT_ASSESSED,
    )
)
if filters.period is None:
    st.info(strings.OVERVIEW_EMPTY)
    st.stop()
period = filters.period
month = period.start.strftime("%Y-%m")
scope = card.scope
work_calendar = calendar()
coverage_caption(PageFilters(period, scope, filters.group))
with db() as con:
    by_month = monthly_counts(con, scope, shift_month(month, -12), month)
    items, truncated = unit_items(con, card.unit_id, period)
    columns = column_freshness(con, period, scope)
    judged = judge_findings(findings(con, scope), period.as_of, work_calendar)
    history = finding_histories(con, scope)
    judged_requests = judge_requests(
        requests_received(con, scope, date(period.as_of.year, 1, 1), period.as_of), period.as_of, work_calendar
    )
scores = cached_unit_scores(ranking_key(), month, SCORE_MONTHS, today(), scope) if card.in_assessment else None

counts = state_counts(columns)
metrics = st.columns(6)
metrics[0].metric(strings.KPI_ITEMS, int(by_month.loc[by_month["month"] == month, "items"].sum()))
metrics[1].metric(strings.KPI_STALE, counts[STALE])
metrics[2].metric(strings.KPI_BLANK, counts[BLANK])
metrics[3].metric(strings.UNIT_OPEN_FINDINGS, int(judged["is_open"].sum()) if not judged.empty else 0)
metrics[4].metric(strings.KPI_OVERDUE, int(judged["is_overdue"].sum()) if not judged.empty else 0)
metrics[5].metric(strings.UNIT_OPEN_REQUESTS, len(open_requests(judged_requests)) if not judged_requests.empty else 0)

st.subheader(strings.UNIT_SCORES.format(months=SCORE_MONTHS))
if scores is None:
    st.caption(strings.UNIT_NOT_RANKED)
else:
    now = scores.history.loc[scores.history["month"] == month]
    if not now.empty:
        row = now.iloc[0]
        left, right = st.columns(2)
        left.metric(strings.UNIT_SCORE_NOW.format(label=period.label), f"{row['score']:g}")
        right.metric(
            strings.UNIT_RANK_NOW.format(group=card.group_name, n=int(row["units_in_group"])), int(row["rank"])
        )
    left, right = st.columns(2)
    left.plotly_chart(charts.score_history_line(scores.history), width="stretch", key="unit_score")
    right.plotly_chart(charts.rank_lines(scores.history), width="stretch", key="unit_rank")
    table(scores.history.drop(columns=["unit_id", "unit_name", "group_name"]))
    st.markdown(f"**{plain(strings.UNIT_LINES.format(label=period.label))}**")
    if scores.lines.empty:
        st.caption(strings.UNIT_LINES_NONE)
    else:
        lines = scores.lines.drop(columns=["unit_id", "unit_name"])
        table(lines)
        download_table(lines, f"{card.name}_{month}_扣分明细", key="unit_lines")

st.subheader(strings.UNIT_ITEMS)
st.plotly_chart(charts.count_bar(by_month, "month", "items", "月份", "发布条数"), width="stretch", key="unit_items")
st.markdown(f"**{plain(strings.UNIT_ITEMS_MONTH.format(label=period.label))}**")
item_list(items, truncated, height=300)

st.subheader(strings.UNIT_COLUMNS)
if columns.empty:
    st.caption(strings.UNIT_COLUMNS_NONE)
else:
    shown_columns = columns.drop(columns=["unit_id", "unit_name", "unit_type", "column_id"])
    table(shown_columns)
    download_table(shown_columns, f"{card.name}_栏目更新情况_{period.as_of}", key="unit_columns")

st.subheader(strings.UNIT_FINDINGS)
if judged.empty:
    st.caption(strings.UNIT_FINDINGS_NONE)
else:
    listed = judged.sort_values(["is_open", "days_overdue", "found_on"], ascending=[False, False, False])
    for finding in listed.itertuples():
        label = strings.UNIT_FINDING_LINE.format(
            no=finding.finding_no or finding.finding_id,
            state=finding.state,
            due=finding.due_on or "—",
            description=finding.description[:40],
        )
        with st.expander(plain(label), expanded=bool(finding.is_overdue)):
            st.markdown(plain(finding.description))  # the label keeps 40 characters; here it is whole
            st.caption(
                plain_format(
                    "{inspection}｜{found_on}发现｜{problem_type}｜整改时限 {deadline}",
                    inspection=finding.inspection or "—",
                    found_on=f"{finding.found_on:%Y-%m-%d}",
                    problem_type=finding.problem_type or "—",
                    deadline=finding.deadline or "—",
                )
            )
            steps = history.loc[history["finding_id"] == finding.finding_id]
            if steps.empty:
                st.caption(strings.UNIT_FINDING_NO_HISTORY)
            else:
                st.markdown(timeline_markdown(steps))

st.subheader(strings.UNIT_REQUESTS.format(year=period.as_of.year))
if judged_requests.empty:
    st.caption(strings.UNIT_REQUESTS_NONE)
else:
    shown_requests = judged_requests[
        ["request_no", "received_on", "channel", "due_on", "replied_on", "state", "days_overdue", "outcome"]
    ].assign(state=judged_requests["state"].map(strings.REQUEST_STATE_LABELS).fillna(judged_requests["state"]))
    table(shown_requests)
