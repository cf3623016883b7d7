"""季度互查: the quarter's rotation (proposed, editable, stored), its assignment and checklist, the results read
back from the findings ledger, and the 互查情况通报."""

import pandas as pd
import streamlit as st

from core.accounts.vocabulary import VIEW, VIEW_RANKING
from core.errors import DashboardError
from core.inspection.entry import DEFAULT_WORKDAYS, PROBLEM_TYPES, MutualFinding, due_preview
from core.inspection.plans import (
    PERMISSION,
    checklist,
    inspection_units,
    previous_pairs,
    quarter_findings,
    quarter_results,
    save_plan,
    saved_plan,
)
from core.inspection.rotation import propose_rotation, quarter_of
from core.registry.doc_register import BULLETIN, inspection_key, next_number
from core.registry.office import load_office
from exports.inspection import inspection_bulletin_file, plan_workbook
from loaders.finding_entry import enter_finding_as
from ui import strings
from ui.auth import acting_as, require_page
from ui.components import audited_download, page_filters, show_error, today
from ui.state import calendar, db
from ui.tables import table
from ui.text import plain, plain_format

KEY_PROPOSAL = "inspection_proposal"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

user = require_page(VIEW)
scope = page_filters().scope
st.title(strings.INSP_TITLE)
day = today()
current = quarter_of(day)
choices = [current, current.previous(), current.previous().previous()]
quarter = st.selectbox(
    strings.INSP_QUARTER, choices, format_func=lambda q: q.label, key="insp_quarter", placeholder=strings.CHOOSE
)
st.caption(strings.INSP_CAPTION.format(label=quarter.label))
as_of = min(day, quarter.end)
with db() as con:
    units = inspection_units(con, scope)
    plan = saved_plan(con, quarter, scope)
    judged = quarter_findings(con, quarter, scope, calendar(), as_of)
office_view = scope.unit_ids is None  # the whole county's plan and bulletin are the office's

st.subheader(strings.INSP_PLAN.format(n=len(plan)))
if plan.empty:
    st.info(strings.INSP_NO_PLAN.format(label=quarter.label))
else:
    table(plan[["inspector_name", "unit_name", "unit_type"]].rename(columns={"unit_name": "inspected_name"}))

if office_view and user.can(PERMISSION):
    with st.expander(strings.INSP_EDIT, expanded=plan.empty):
        names = dict(zip(units["unit_id"], units["unit_name"]))
        ids = {name: unit_id for unit_id, name in names.items()}
        chosen = st.multiselect(
            strings.INSP_INSPECTORS, list(ids), default=list(ids), key="insp_inspectors", placeholder=strings.CHOOSE
        )
        if st.button(strings.INSP_PROPOSE, key="insp_propose"):
            with db() as con:
                before = previous_pairs(con, quarter)
            pairs, left = propose_rotation([ids[n] for n in chosen], list(names), before, quarter)
            st.session_state[KEY_PROPOSAL] = (quarter.key, pairs, left)
        proposal = st.session_state.get(KEY_PROPOSAL)
        if proposal and proposal[0] == quarter.key:
            _, pairs, left = proposal
            if left:
                st.warning(plain(strings.INSP_UNASSIGNED.format(names="、".join(names[t] for t in left))))
            edited = st.data_editor(
                pd.DataFrame({"检查单位": [names[a] for a, _ in pairs], "被检查单位": [names[b] for _, b in pairs]}),
                column_config={"检查单位": st.column_config.SelectboxColumn(options=list(ids), required=True)},
                disabled=["被检查单位"],
                hide_index=True,
                key=f"insp_editor_{quarter.key}",
            )
            st.caption(strings.INSP_EDITOR_HELP)
            if st.button(strings.INSP_SAVE, key="insp_save", type="primary"):
                final = [(ids[a], ids[b]) for a, b in zip(edited["检查单位"], edited["被检查单位"])]
                try:
                    with db() as con:
                        saved = save_plan(con, user, quarter, final, list(names))
                    st.session_state.pop(KEY_PROPOSAL, None)
                    st.success(strings.INSP_SAVED.format(label=quarter.label, n=saved))
                    st.rerun()
                except Exception as exc:  # noqa: BLE001 — a refusal is shown in Chinese, nothing was written
                    show_error(exc)

if not plan.empty:
    with db() as con:
        items = checklist(con, quarter, scope, as_of)
    st.download_button(
        strings.INSP_PLAN_XLSX,
        data=plan_workbook(plan, items, quarter, as_of),
        file_name=f"{quarter.label}互查分工与检查清单.xlsx",
        key="insp_plan_xlsx",
        on_click="ignore",
        mime=_XLSX,
    )

st.subheader(strings.INSP_RESULTS.format(as_of=as_of))
results = quarter_results(judged, units)
shown = results.drop(columns="unit_id").astype({"last_due_on": object})
table(shown.assign(last_due_on=[d if pd.notna(d) else "—" for d in shown["last_due_on"]]))
if office_view and not plan.empty and user.can(PERMISSION):
    with st.expander(strings.INSP_ENTER):
        st.caption(strings.INSP_ENTER_HELP)
        inspected = dict(zip(plan["unit_name"], zip(plan["unit_id"], plan["inspector_name"])))
        first, second = st.columns(2)
        unit = first.selectbox(
            strings.INSP_ENTER_UNIT, list(inspected), key="insp_enter_unit", placeholder=strings.CHOOSE
        )
        second.caption(plain_format(strings.INSP_ENTER_INSPECTOR, name=inspected[unit][1]))
        unit_columns = list(items.loc[items["unit_name"] == unit, "column_name"])
        column = second.selectbox(
            strings.INSP_ENTER_COLUMN,
            [strings.INSP_ENTER_WHOLE_SITE, *unit_columns],
            key="insp_enter_column",
            placeholder=strings.CHOOSE,
        )
        problem_type = first.selectbox(
            strings.INSP_ENTER_TYPE, PROBLEM_TYPES, key="insp_enter_type", placeholder=strings.CHOOSE
        )
        problem = st.text_area(strings.INSP_ENTER_PROBLEM, key="insp_enter_problem")
        found_on = first.date_input(strings.INSP_ENTER_FOUND, value=as_of, key="insp_enter_found")
        workdays = second.number_input(strings.INSP_ENTER_DAYS, 1, 60, DEFAULT_WORKDAYS, key="insp_enter_days")
        number = first.text_input(strings.INSP_ENTER_NUMBER, key="insp_enter_number")
        entry = MutualFinding(
            quarter,
            int(inspected[unit][0]),
            "" if column == strings.INSP_ENTER_WHOLE_SITE else column,
            problem_type,
            problem,
            found_on,
            int(workdays),
            number,
        )
        st.caption(strings.INSP_ENTER_DUE.format(due=due_preview(entry, calendar()), n=entry.workdays))
        acting_as(user)
        if st.button(strings.INSP_ENTER_SAVE, key="insp_enter_save", type="primary"):
            try:
                with db() as con:
                    report = enter_finding_as(con, user, entry, day, calendar())
                st.toast(strings.INSP_ENTER_SAVED.format(unit=unit, batch=report.import_id))
                st.rerun()
            except DashboardError as exc:
                show_error(exc)

if office_view and not plan.empty:
    office = load_office()
    with db() as con:  # the number it has, or would get: the 发文登记 records it when the bulletin is first downloaded
        number = next_number(con, inspection_key(quarter.key), BULLETIN, office.doc_prefix, as_of.year)
    st.caption(plain_format(strings.INSP_BULLETIN_NUMBER, number=number))
    audited_download(
        strings.INSP_BULLETIN,
        f"{quarter.label}政务公开互查情况通报.docx",
        _DOCX,
        "insp_bulletin",
        lambda con: inspection_bulletin_file(con, office, quarter, as_of, as_of, plan, results, judged),
        f"{quarter.label}互查情况通报",
        VIEW_RANKING,
    )
