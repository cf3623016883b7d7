"""年度考评: the year's assessment per group (monthly average, year items, score, rank, 等次) and one unit's year."""

import streamlit as st

from core.accounts.vocabulary import FREEZE, VIEW_RANKING, can
from core.assessment.signing import assessment_key, frozen_year, sign_year, withdraw_year, year_versions
from core.assessment.year import assess_year, load_assessment_rule
from core.ranking.rubric import current_rubric
from core.registry.doc_register import BULLETIN, next_number
from core.registry.office import load_office
from core.registry.vocabulary import RANKED_GROUPS
from core.storage.scope import UnitScope
from exports.assessment import AssessmentBulletin, assessment_bulletin_docx
from exports.monthly import office_info
from ui import strings
from ui.auth import require_page
from ui.components import act, download_table, page_filters, today
from ui.state import calendar, db
from ui.tables import table
from ui.text import plain

user = require_page(VIEW_RANKING)
scope = page_filters().scope
st.title(strings.ASSESS_TITLE)
day = today()
year = st.selectbox(
    strings.ASSESS_YEAR,
    [day.year, day.year - 1],
    format_func=lambda y: f"{y}年",
    key="assess_year",
    placeholder=strings.CHOOSE,
)
rule = load_assessment_rule()
as_of = min(day, day.replace(year=year, month=12, day=31))
with db() as con:
    rubric = current_rubric(con)[0]
    frozen = frozen_year(con, year, scope)
    versions = year_versions(con, year)
    result = frozen or assess_year(con, year, as_of, calendar(), rubric, scope, rule)
st.caption(
    plain(
        strings.ASSESS_CAPTION.format(
            rule=rule.name,
            weight=rule.monthly_weight,
            items="、".join(f"{i.name}{i.points:g}分" for i in rule.items),
            months=f"{result.months[0][5:]}–{result.months[-1][5:]}月" if result.months else "—",
            grades="、".join(f"{name}≥{low:g}" for name, low in rule.grades),
        )
    )
)
if frozen is not None:
    signed = versions.iloc[0]
    st.success(
        plain(
            strings.ASSESS_SIGNED.format(
                version=signed["version"],
                by=signed["frozen_by"],
                at=signed["frozen_at"],
                doc=signed["doc_number"] or "—",
            )
        )
    )
else:
    st.info(strings.ASSESS_LIVE)
if result.scores.empty:
    st.info(strings.ASSESS_EMPTY.format(year=year))
    st.stop()

shown = ["rank", "unit_name", "monthly_average", "items_total", "score", "grade"]
for group in RANKED_GROUPS:
    rows = result.scores.loc[result.scores["group_name"] == group]
    if rows.empty:
        continue
    st.subheader(strings.ASSESS_GROUP.format(group=group, n=len(rows)))
    table(rows[shown])
download_table(result.scores[["group_name", *shown]], f"{year}年度考评结果", key="assess_xlsx")
office = load_office()
with db() as con:  # the number it would get; the 发文登记 records it when the office registers the document
    number = next_number(con, assessment_key(year), BULLETIN, office.doc_prefix, day.year)
st.download_button(
    strings.ASSESS_BULLETIN,
    data=assessment_bulletin_docx(AssessmentBulletin(office_info(office), number, day, result, rule)),
    file_name=f"{year}年度政务公开工作考评结果通报.docx",
    key="assess_docx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)

st.subheader(strings.ASSESS_UNIT)
names = dict(zip(result.scores["unit_name"], result.scores["unit_id"]))
picked = st.selectbox(strings.ASSESS_PICK, list(names), key="assess_unit", placeholder=strings.CHOOSE)
if picked:
    unit_id = names[picked]
    left, right = st.columns(2)
    with left:
        st.caption(strings.ASSESS_MONTHS)
        table(result.monthly.loc[result.monthly["unit_id"] == unit_id, ["month", "score", "rank"]])
    with right:
        st.caption(strings.ASSESS_ITEMS)
        table(result.items.loc[result.items["unit_id"] == unit_id, ["item", "item_points", "item_explanation"]])


if can(user.role, FREEZE):
    st.subheader(strings.ASSESS_SIGN_TITLE)
    if frozen is None:
        doc = st.text_input(strings.ASSESS_SIGN_DOC, value=number, key="assess_doc")
        if st.button(strings.ASSESS_SIGN_ASK, key="assess_sign"):  # one click only asks
            st.session_state["assess_sign_asked"] = True
        if st.session_state.get("assess_sign_asked"):
            st.warning(plain(strings.ASSESS_SIGN_CONFIRM.format(year=year, version=len(versions) + 1, doc=doc or "—")))
            if st.button(strings.ASSESS_SIGN_CONFIRM_BUTTON, key="assess_sign_confirm", type="primary"):
                st.session_state["assess_sign_asked"] = False
                act(
                    lambda con: sign_year(
                        con,
                        user,
                        assess_year(con, year, as_of, calendar(), rubric, UnitScope(), rule),
                        as_of,
                        doc,
                        office.doc_prefix,
                        day,
                    ),
                    strings.ASSESS_SIGNED_DONE,
                )
    else:
        reason = st.text_input(strings.ASSESS_WITHDRAW_REASON, key="assess_withdraw_reason")
        if st.button(strings.ASSESS_WITHDRAW, key="assess_withdraw"):
            act(lambda con: withdraw_year(con, user, year, reason), strings.ASSESS_WITHDRAWN_DONE)
if not versions.empty:
    st.caption(strings.ASSESS_VERSIONS)
    table(versions)
