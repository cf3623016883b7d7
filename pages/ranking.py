"""考核排名: the month's ranking per group, top and bottom, rank trend, one unit's point-by-point breakdown,
freezing the bulletin, and the documents to send (通报, 整改通知书, 排名表, 图片). Print-friendly."""

import streamlit as st

from core.accounts.vocabulary import VIEW_RANKING
from core.config import db_path
from core.ranking.bulletins import bulletin_versions
from core.ranking.view import groups_in_scope, last_places, lines_table, ranking_table, trend_choices
from exports.charts import ranking_bar
from ui import charts, strings
from ui.auth import require_page
from ui.components import download_table, full_height, page_start, show_error, today
from ui.ranking.documents import bulletin_builder, document_downloads
from ui.ranking.drafting import drafting_section
from ui.ranking.leader import last_place_boxes
from ui.ranking.signing import signing_section
from ui.state import cached_rank_trend, cached_ranking_view, db, ranking_key
from ui.tables import sticky_table, table
from ui.text import plain, plain_format

st.markdown(strings.PRINT_CSS, unsafe_allow_html=True)
user = require_page(VIEW_RANKING)
filters = page_start(strings.RANK_TITLE)
period = filters.period
month = period.start.strftime("%Y-%m")
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
        placeholder=strings.CHOOSE,
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
last_place_boxes(view, groups)  # a leader's first ten seconds (issue 12 item 4)
for tab, group in zip(st.tabs(groups), groups):
    with tab:
        rows = ranking.loc[ranking["group_name"] == group]
        top, bottom = st.columns(2)
        top.markdown(f"**{strings.RANK_TOP}**：" + "、".join(map(plain, rows.head(3)["unit_name"])))
        bottom.markdown(f"**{strings.RANK_BOTTOM}**：" + "、".join(map(plain, rows.tail(3)["unit_name"])))
        st.plotly_chart(ranking_bar(rows, f"{period.label}{group}考核得分"), width="stretch", key=f"bar_{group}")
        sticky_table(rows.drop(columns=["group_name"]), unit_links=month)  # every row, the header in view

st.subheader(strings.RANK_TREND)
trend = cached_rank_trend(key, month, today())
units = list(ranking["unit_name"])
trend_group = st.radio(strings.COLUMN_LABELS["group_name"], groups, horizontal=True, key="rank_trend_group")
options, bottom3 = trend_choices(view.ranking, trend_group, filters.scope) if trend_group else ([], [])
chosen = st.multiselect(
    strings.RANK_TREND_UNITS,
    options,
    default=bottom3,
    key=f"rank_trend_units_{trend_group}",
    placeholder=strings.CHOOSE,
)
st.plotly_chart(charts.rank_lines(trend.loc[trend["unit_name"].isin(chosen)]), width="stretch")

st.subheader(strings.RANK_BREAKDOWN)
last = last_places(view, groups[0]) if groups else []  # the breakdown opens on the first group's last unit
unit = st.selectbox(
    strings.RANK_UNIT,
    units,
    index=units.index(last[0].unit_name) if last else 0,
    key=f"rank_unit_{month}",
    placeholder=strings.CHOOSE,
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

signing_section(view, picked, user, month, period, versions)
document_downloads(view, ranking, groups, period, month, key, picked)
drafting_section(view, picked, user, month, bulletin_builder(view))
