"""考核排名: the month's ranking per group, top and bottom, rank trend, one unit's point-by-point breakdown,
freezing the bulletin, and the documents to send (通报, 整改通知书, 排名表, 图片). Print-friendly."""

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from core.accounts.actions import draft_paragraphs, freeze, withdraw
from core.accounts.vocabulary import DRAFT, VIEW_RANKING
from core.config import db_path
from core.errors import DashboardError
from core.ranking.bulletins import bulletin_versions
from core.ranking.paragraphs import bulletin_paragraphs
from core.ranking.view import (
    bulletin_facts,
    groups_in_scope,
    last_places,
    lines_table,
    month_facts,
    ranking_table,
    trend_choices,
)
from core.registry.office import load_office
from exports.charts import figure_png, ranking_bar
from exports.documents import notices_zip
from exports.monthly import bulletin_file, bulletin_number_preview, notices_for, ranking_xlsx
from exports.printout import docx_preview, ranking_pdf
from ui import charts, strings
from ui.auth import acting_as, require_page
from ui.components import audited_download, download_table, full_height, page_start, show_error, today
from ui.state import (
    cached_print_fragment,
    cached_rank_trend,
    cached_ranking_view,
    calendar,
    db,
    ranking_key,
    with_connection,
)
from ui.tables import table
from ui.text import plain, plain_format

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _act(work: Callable[[Any], object], done: str) -> None:
    """Run a change on its own connection: a toast and a rerun when it worked, the Chinese refusal otherwise."""
    try:
        with db() as con:
            work(con)
    except DashboardError as exc:
        show_error(exc)
        return
    st.toast(done)
    st.rerun()


st.markdown(strings.PRINT_CSS, unsafe_allow_html=True)
user = require_page(VIEW_RANKING)
filters = page_start(strings.RANK_TITLE)
period = filters.period
month = period.start.strftime("%Y-%m")
work_calendar = calendar()
with db() as con:
    versions = bulletin_versions(con, month)
key = ranking_key()
withdrawn = versions.loc[versions["withdrawn_at"].notna()]
picked = None
if not withdrawn.empty:  # a withdrawn bulletin stays readable (issue 11)
    picked = st.selectbox(
        strings.RANK_VERSION_PICK,
        [None, *map(int, withdrawn["version"])],
        format_func=lambda v: (
            strings.RANK_VERSION_CURRENT
            if v is None
            else strings.RANK_VERSION_OPTION.format(version=v, state=strings.RANK_VERSION_WITHDRAWN)
        ),
        key=f"rank_version_{month}",
    )
view = cached_ranking_view(str(db_path()), key, month, today(), picked)
if view.rubric_error:
    show_error(view.rubric_error)
if picked is not None and view.frozen:
    st.warning(
        plain_format(
            strings.RANK_WITHDRAWN_BANNER,
            version=picked,
            at=f"{view.frozen['frozen_at']:%Y-%m-%d %H:%M}",
            by=view.frozen["frozen_by"],
            doc=view.frozen["doc_number"] or "—",
            withdrawn_at=f"{view.frozen['withdrawn_at']:%Y-%m-%d %H:%M}",
            withdrawn_by=view.frozen["withdrawn_by"],
            reason=view.frozen["withdraw_reason"],
        )
    )
elif view.frozen:
    st.success(
        plain_format(
            strings.RANK_FROZEN,
            at=f"{view.frozen['frozen_at']:%Y-%m-%d %H:%M}",
            by=view.frozen["frozen_by"],
            doc=view.frozen["doc_number"] or "—",
            rubric=view.rubric.name,
            version=view.rubric_version_id,
        )
    )
else:
    st.info(plain_format(strings.RANK_LIVE, rubric=view.rubric.name))

ranking = ranking_table(view)
groups = groups_in_scope(view, filters.scope)
for box, group in zip(st.columns(max(1, len(groups))), groups):  # a leader's first ten seconds (issue 12 item 4)
    with box.container(border=True):
        st.markdown(f"**{plain_format(strings.RANK_LAST_BOX, group=group)}**")
        for place in last_places(view, group):
            st.markdown(
                plain_format(strings.RANK_LAST_UNIT, unit=place.unit_name, rank=place.rank, score=f"{place.score:g}")
            )
            for rule, amount, evidence in place.costliest:
                st.markdown(
                    "- "
                    + plain_format(strings.RANK_LAST_LINE, rule=rule, amount=f"{amount:g}", evidence=evidence or "—")
                )
            if not place.costliest:
                st.caption(strings.RANK_LAST_NONE)
for tab, group in zip(st.tabs(groups), groups):
    with tab:
        rows = ranking.loc[ranking["group_name"] == group]
        top, bottom = st.columns(2)
        top.markdown(f"**{strings.RANK_TOP}**：" + "、".join(map(plain, rows.head(3)["unit_name"])))
        bottom.markdown(f"**{strings.RANK_BOTTOM}**：" + "、".join(map(plain, rows.tail(3)["unit_name"])))
        st.plotly_chart(ranking_bar(rows, f"{period.label}{group}考核得分"), width="stretch", key=f"bar_{group}")
        table(rows.drop(columns=["group_name"]), height=full_height(len(rows)), unit_links=month)  # every row

st.subheader(strings.RANK_TREND)
trend = cached_rank_trend(key, month, today())
units = list(ranking["unit_name"])
trend_group = st.radio(strings.COLUMN_LABELS["group_name"], groups, horizontal=True, key="rank_trend_group")
options, bottom3 = trend_choices(view.ranking, trend_group, filters.scope) if trend_group else ([], [])
chosen = st.multiselect(strings.RANK_TREND_UNITS, options, default=bottom3, key=f"rank_trend_units_{trend_group}")
st.plotly_chart(charts.rank_lines(trend.loc[trend["unit_name"].isin(chosen)]), width="stretch")

st.subheader(strings.RANK_BREAKDOWN)
last = last_places(view, groups[0]) if groups else []  # the breakdown opens on the first group's last unit
unit = st.selectbox(
    strings.RANK_UNIT, units, index=units.index(last[0].unit_name) if last else 0, key=f"rank_unit_{month}"
)
row = ranking.loc[ranking["unit_name"] == unit].iloc[0]
cols = st.columns(4)
cols[0].metric(strings.RANK_SCORE, f"{row['score']:g}")
cols[1].metric(f"{strings.RANK_RANK}（{plain(row['group_name'])}）", int(row["rank"]))
cols[2].metric(strings.RANK_DEDUCTIONS, f"{row['deductions']:g}")
cols[3].metric(strings.RANK_BONUSES, f"{row['bonuses']:g}")
lines = lines_table(view)
own = lines.loc[lines["unit_name"] == unit]
if own.empty:
    st.caption(strings.RANK_NO_LINES)
else:
    table(own.drop(columns=["unit_name"]), height=full_height(len(own)))
download_table(lines, f"{period.label}得分明细", key="rank_lines")

if view.frozen and picked is None:
    st.subheader(strings.RANK_CHANGES)
    if view.changes is None or view.changes.empty:
        st.caption(strings.RANK_NO_CHANGES)
    else:
        st.caption(strings.RANK_CHANGES_NOTE)
        table(view.changes, height=full_height(len(view.changes)))
    with st.expander(strings.RANK_WITHDRAW):
        st.caption(strings.RANK_WITHDRAW_HELP)
        acting_as(user)
        reason = st.text_area(strings.RANK_WITHDRAW_REASON, key="withdraw_reason")
        if st.button(strings.RANK_WITHDRAW_BUTTON, key="withdraw"):
            _act(lambda con: withdraw(con, user, month, reason), strings.RANK_WITHDRAWN_DONE)
elif not view.frozen:
    with st.expander(strings.RANK_FREEZE):
        st.caption(strings.RANK_FREEZE_HELP)
        left, right = st.columns(2)
        with left:
            acting_as(user)
        with db() as con:
            proposed = bulletin_number_preview(con, month, load_office(), today())
        doc = right.text_input(strings.RANK_FREEZE_DOC, value=proposed, key="freeze_doc")
        asking = f"freeze_asked_{month}"
        if st.button(strings.RANK_FREEZE_ASK, key="freeze"):  # one click only asks (issue 12 item 7)
            st.session_state[asking] = True
        if st.session_state.get(asking):
            st.warning(
                plain_format(
                    strings.RANK_FREEZE_CONFIRM,
                    month=period.label,
                    version=len(versions) + 1,
                    doc=doc or "—",
                    rubric=view.rubric.name,
                )
            )
            yes, no = st.columns(2)
            if no.button(strings.RANK_FREEZE_CANCEL, key="freeze_cancel"):
                st.session_state[asking] = False
                st.rerun()
            if yes.button(strings.RANK_FREEZE_CONFIRM_BUTTON, key="freeze_confirm", type="primary"):
                st.session_state[asking] = False
                _act(
                    lambda con: freeze(
                        con, user, view.scores, view.rubric_version_id, doc, month_facts(con, view.scores, today())
                    ),
                    strings.RANK_FROZEN_DONE,
                )
if not versions.empty:
    st.subheader(strings.RANK_VERSIONS)
    shown = versions.assign(
        version_state=versions["withdrawn_at"]
        .notna()
        .map({True: strings.RANK_VERSION_WITHDRAWN, False: strings.RANK_VERSION_IN_FORCE})
    )
    table(
        shown[
            [
                "version",
                "version_state",
                "frozen_at",
                "frozen_by",
                "doc_number",
                "withdrawn_at",
                "withdrawn_by",
                "withdraw_reason",
            ]
        ]
    )

st.subheader(strings.RANK_DOCS)


def _bulletin(con) -> bytes:
    return bulletin_file(con, view, load_office(), bulletin_facts(con, view, today()), today())


def _chart_png(rows: pd.DataFrame, title: str, _con=None) -> bytes:
    return figure_png(ranking_bar(rows, title))


def _notices(con) -> bytes:
    return notices_zip(notices_for(con, view, load_office(), work_calendar, today()))


st.html(
    cached_print_fragment(str(db_path()), key, month, today(), picked)
)  # hidden on screen; what Ctrl+P prints (the same as the PDF)
# every file is built only when clicked and recorded in the audit log as it leaves (导出文件, issue 11)
documents = [
    (strings.RANK_DOC_BULLETIN, f"{period.label}政务公开工作通报.docx", DOCX, "doc_bulletin", _bulletin),
    (strings.RANK_DOC_NOTICES, f"{period.label}整改通知书.zip", "application/zip", "doc_notices", _notices),
    (strings.RANK_DOC_RANKING, f"{period.label}考核排名.xlsx", XLSX, "doc_ranking", lambda _con: ranking_xlsx(view)),
    (strings.RANK_DOC_PDF, f"{period.label}考核排名.pdf", "application/pdf", "doc_pdf", lambda _con: ranking_pdf(view)),
]
for col, (label, file_name, mime, doc_key, build) in zip(st.columns(4), documents):
    audited_download(label, file_name, mime, doc_key, build, f"{month} 考核排名", VIEW_RANKING, col)
for col, group in zip(st.columns(max(1, len(groups))), groups):
    rows = ranking.loc[ranking["group_name"] == group]
    title = f"{period.label}{group}考核得分"
    audited_download(
        strings.RANK_DOC_CHART.format(group=group),
        f"{period.label}{group.replace('/', '、')}考核得分.png",
        "image/png",
        f"png_{group}",
        partial(_chart_png, rows, title),
        f"{month} 考核排名",
        VIEW_RANKING,
        col,
    )

# ---- the bulletin's free paragraphs and its preview (issue 12 item 3) ----
st.subheader(strings.RANK_DRAFT)
if view.frozen:
    st.caption(strings.RANK_DRAFT_FROZEN)
elif picked is None and user.can(DRAFT):
    with db() as con:
        current = bulletin_paragraphs(con, month, load_office())
    if current.edited:
        st.caption(strings.RANK_DRAFT_EDITED)
    with st.form(f"draft_{month}"):
        st.caption(strings.RANK_DRAFT_HELP)
        acting_as(user)
        wanted = st.text_area(
            strings.RANK_DRAFT_REQUIREMENTS, value="\n".join(current.requirements), height=200, key="draft_requirements"
        )
        copy_to = st.text_input(strings.RANK_DRAFT_COPY_TO, value=current.copy_to, key="draft_copy_to")
        if st.form_submit_button(strings.RANK_DRAFT_SAVE):
            parts = [line.strip() for line in wanted.splitlines() if line.strip()]
            _act(lambda con: draft_paragraphs(con, user, month, parts, copy_to), strings.RANK_DRAFT_SAVED)


@st.cache_data(show_spinner=False, max_entries=4)
def _preview(document: bytes) -> list[bytes]:
    return docx_preview(document)


if st.button(strings.RANK_PREVIEW, key="bulletin_preview"):  # built only when asked; cached per document's bytes
    try:
        previews = _preview(with_connection(_bulletin))
    except DashboardError as exc:
        show_error(exc)
        previews = []
    for number, png in enumerate(previews, start=1):
        st.image(png, caption=strings.RANK_PREVIEW_PAGE.format(page=number))
