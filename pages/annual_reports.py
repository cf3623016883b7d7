"""年度报告: every unit's report of a year — received or not by 31 January, its checks, the 审查意见 to send."""

import logging

import pandas as pd
import streamlit as st

from core.accounts.vocabulary import IMPORT, MARK, VIEW, can
from core.annual_reports.checks import CHECKS
from core.annual_reports.format import TABLE_NAMES
from core.annual_reports.layout import cell_locations, marked, report_table, year_on_year
from core.annual_reports.queries import decide_as, report_checks, report_status, report_values, result_rows
from core.annual_reports.vocabulary import DECISIONS, FAIL, LATE, MISSING, ON_TIME, UNCERTAIN
from core.errors import DashboardError
from core.registry.office import load_office
from exports.annual_review import review_file_name
from exports.annual_summary import summary_file_name, summary_xlsx, unit_review
from loaders.annual_read import UPLOAD_TYPES
from loaders.annual_report import check_report, import_report
from ui import strings
from ui.auth import require_page
from ui.components import DOCX_MIME, XLSX_MIME, audited_download, page_filters, today
from ui.state import db
from ui.tables import table
from ui.text import plain, plain_format

_log = logging.getLogger("dashboard")
KEY_DRAFTS = "annual_drafts"

user = require_page(VIEW)
filters = page_filters()
st.title(strings.ANNUAL_TITLE)
st.caption(strings.ANNUAL_CAPTION)
day = today()
years = list(range(day.year, 2018, -1))
year = st.selectbox(
    strings.ANNUAL_YEAR,
    years,
    index=1 if len(years) > 1 else 0,
    format_func=lambda y: f"{y}年度",
    placeholder=strings.CHOOSE,
)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column, labels in (
        ("status", strings.CHECK_STATUS_LABELS),
        ("severity", strings.CHECK_SEVERITY_LABELS),
        ("state", strings.RECEIPT_STATE_LABELS),
        ("report_format", strings.REPORT_FORMAT_LABELS),
        ("decision", strings.ANNUAL_DECISION_LABELS),
    ):
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, labels=labels: labels.get(v, v) if isinstance(v, str) else "—")
    if "cells" in frame.columns:
        frame["cells"] = ["；".join(c) or "—" for c in frame["cells"]]
    if "received_on" in frame.columns:
        frame["received_on"] = [
            v.date().isoformat() if pd.notna(v) else "—" for v in pd.to_datetime(frame["received_on"])
        ]
    for column in ("file_name", "expected", "found", "decision_note", "main_problems"):
        if column in frame.columns:
            frame[column] = [v if isinstance(v, str) and v else "—" for v in frame[column]]
    if "complete" in frame.columns:
        frame["complete"] = frame["complete"].map(lambda v: "—" if pd.isna(v) else ("是" if v else "否"))
    return frame.rename(columns=strings.ANNUAL_COLUMN_LABELS)


def _refusal(name: str, exc: Exception) -> str:
    if not isinstance(exc, DashboardError):
        _log.error("annual report %s failed", name, exc_info=exc)
    message = exc.message if isinstance(exc, DashboardError) else strings.UPLOAD_UNEXPECTED
    return plain_format(strings.ANNUAL_REFUSED, name=name, message=message)


# ---- upload -------------------------------------------------------------------------------------------------
with st.expander(strings.ANNUAL_UPLOAD, expanded=False):
    uploads = st.file_uploader(
        strings.ANNUAL_UPLOAD_LABEL,
        type=list(UPLOAD_TYPES),
        accept_multiple_files=True,
        help=strings.ANNUAL_UPLOAD_HELP,
    )
    published_on = st.date_input(strings.ANNUAL_PUBLISHED_ON, value=day, max_value=day)
    may_import = can(user.role, IMPORT)
    cols = st.columns(2)
    store = may_import and cols[0].button(strings.ANNUAL_IMPORT, type="primary", disabled=not uploads)
    draft = cols[1].button(strings.ANNUAL_CHECK_ONLY, help=strings.ANNUAL_CHECK_ONLY_HELP, disabled=not uploads)
    if uploads and (store or draft):
        st.session_state[KEY_DRAFTS] = []
        with db() as con:
            for upload in uploads:
                try:
                    if store:
                        checked = import_report(con, user, upload.getvalue(), upload.name, published_on)
                    else:
                        checked = check_report(con, upload.getvalue(), upload.name, published_on)
                        if user.is_scoped and checked.unit_id not in user.unit_ids:
                            raise DashboardError(f"只能核对本单位的年度报告: {upload.name}")
                except Exception as exc:  # noqa: BLE001 — one bad file must not stop the others
                    st.error(_refusal(upload.name, exc))
                    continue
                fails = sum(r.status == FAIL for r in checked.results)
                uncertain = sum(r.status == UNCERTAIN for r in checked.results)
                template = strings.ANNUAL_STORED if store else strings.ANNUAL_CHECKED
                text = plain_format(
                    template,
                    name=upload.name,
                    unit=checked.report.unit_name or "—",
                    year=checked.report.year,
                    fails=fails,
                    uncertain=uncertain,
                )
                (st.warning if fails else st.success)(text)
                if draft:
                    st.session_state[KEY_DRAFTS].append((upload.name, result_rows(checked.results)))
    for name, frame in st.session_state.get(KEY_DRAFTS, []):
        st.markdown(plain(name))
        st.dataframe(_shown(frame[["check_id", "check_name", "status", "severity", "message", "expected", "found", "cells"]]),
                     hide_index=True, width="stretch")  # fmt: skip

# ---- every unit ---------------------------------------------------------------------------------------------
with db() as con:
    status = report_status(con, filters.scope, year, day)
    checks = report_checks(con, filters.scope, year)
received = status["state"].isin([ON_TIME, LATE])
metrics = st.columns(4)
metrics[0].metric(strings.ANNUAL_UNITS, len(status))
metrics[1].metric(strings.ANNUAL_RECEIVED, int(received.sum()))
metrics[2].metric(strings.ANNUAL_MISSING, int((status["state"] == MISSING).sum()))
metrics[3].metric(strings.ANNUAL_WITH_FAILS, int((status["fails"] > 0).sum()))

st.subheader(strings.ANNUAL_STATUS)
shown_status = status.drop(columns=["unit_id"])
st.dataframe(_shown(shown_status), hide_index=True, width="stretch", height=38 + 35 * len(status))
audited_download(
    strings.ANNUAL_SUMMARY_DOWNLOAD,
    summary_file_name(year),
    XLSX_MIME,
    "annual_summary",
    lambda con: summary_xlsx(con, filters.scope, year, day),
    f"{year}年度报告审查",
)

st.subheader(strings.ANNUAL_CHECKS)
reported = status.loc[received]
if reported.empty:
    st.caption(strings.ANNUAL_NO_REPORTS)
    st.stop()
unit_name = st.selectbox(strings.ANNUAL_UNIT, list(reported["unit_name"]), placeholder=strings.CHOOSE)
row = reported.loc[reported["unit_name"] == unit_name].iloc[0]
unit_checks = checks.loc[checks["unit_id"] == row["unit_id"]]
columns = ["check_id", "check_name", "status", "severity", "message", "expected", "found", "cells", "decision"]
columns.append("decision_note")
st.dataframe(
    _shown(unit_checks[columns]),
    hide_index=True,
    width="stretch",
    height=38 + 35 * len(unit_checks),
    column_config={strings.ANNUAL_COLUMN_LABELS["message"]: st.column_config.TextColumn(width="large")},
)
office = load_office()
unit_id = int(row["unit_id"])
audited_download(
    strings.ANNUAL_REVIEW_DOWNLOAD,
    review_file_name(unit_name, year),
    DOCX_MIME,
    "annual_review",
    lambda con: unit_review(con, filters.scope, year, unit_id, day, office),
    f"{year}年度报告审查",
)

with db() as con:
    this_year = report_values(con, filters.scope, year, unit_id)
    previous = report_values(con, filters.scope, year - 1, unit_id)
st.subheader(strings.ANNUAL_TABLES)
st.caption(strings.ANNUAL_TABLES_CAPTION)
with_cells = unit_checks.loc[[bool(c) for c in unit_checks["cells"]]]
chosen = st.selectbox(
    strings.ANNUAL_TABLES_CHECK,
    list(with_cells["check_id"]),
    format_func=lambda c: f"{c} {CHECKS[c][0] if c in CHECKS else ''}",
    placeholder=strings.CHOOSE,
)  # 不通过 first (report_checks' order), so the first failing check is marked without a click
locations = cell_locations(with_cells.loc[with_cells["check_id"] == chosen, "cells"].iloc[0]) if chosen else set()
drawn = [t for t in TABLE_NAMES if (this_year["table_no"] == t).any()]
if not drawn:
    st.caption(strings.ANNUAL_TABLES_NONE)
for tab, table_no in zip(st.tabs([TABLE_NAMES[t] for t in drawn]) if drawn else [], drawn, strict=True):
    with tab:
        shown_table, where = report_table(this_year, table_no, str(row["report_format"]))
        marks = marked(where, locations)
        marks.insert(0, strings.ANNUAL_TABLES_ROW, False)
        table(
            shown_table.rename_axis(strings.ANNUAL_TABLES_ROW).reset_index(),
            height=38 + 35 * len(shown_table),
            marked=marks,
            key=f"annual_table_{table_no}",
        )
st.subheader(strings.ANNUAL_YOY)
if previous.empty:
    st.caption(strings.ANNUAL_YOY_NONE)
else:
    table(year_on_year(this_year, previous))

if can(user.role, MARK):  # the domain function checks again (decide_as); this only spares a liaison the form
    open_results = unit_checks.loc[unit_checks["status"].isin([FAIL, UNCERTAIN])]
    with st.expander(strings.ANNUAL_DECIDE):
        if open_results.empty:
            st.caption(strings.ANNUAL_DECIDE_NONE)
        else:
            with st.form("annual_decide"):
                check_id = st.selectbox(
                    strings.ANNUAL_DECIDE_CHECK,
                    list(open_results["check_id"]),
                    format_func=lambda c: f"{c} {CHECKS[c][0] if c in CHECKS else ''}",
                    placeholder=strings.CHOOSE,
                )
                decision = st.radio(
                    strings.ANNUAL_DECIDE_DECISION,
                    list(DECISIONS),
                    format_func=lambda d: strings.ANNUAL_DECISION_LABELS[d],
                    horizontal=True,
                )
                note = st.text_input(strings.ANNUAL_DECIDE_NOTE, max_chars=500)
                if st.form_submit_button(strings.ANNUAL_DECIDE_SAVE):
                    try:
                        with db() as con:
                            decide_as(con, user, int(row["unit_id"]), year, check_id, decision, note)
                    except DashboardError as exc:
                        st.error(plain(f"{exc.message} {exc.hint}".strip()))
                    else:
                        label = strings.ANNUAL_DECISION_LABELS[decision]
                        st.success(plain_format(strings.ANNUAL_DECIDE_SAVED, check=check_id, decision=label))
