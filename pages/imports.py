"""数据导入: upload ledgers with progress, per-file outcomes, quarantine, templates, batch history and undo.

Each uploaded file succeeds or fails on its own (issue 9): whatever one file raises is reported under its name
and the others of the batch are still imported. Excel files are read in a capped child process (loaders.sandbox).
"""

import logging

import pandas as pd
import streamlit as st

from core.accounts.vocabulary import IMPORT
from core.errors import DashboardError
from loaders.audited import reprocess_as, undo_as, write_file_as
from loaders.history import import_history, open_quarantine, unregistered_columns
from loaders.kinds import KIND_LABELS, KINDS
from loaders.pipeline import parse_file
from loaders.read import UPLOAD_TYPES
from loaders.templates import registry_lists, template_xlsx
from ui import strings
from ui.auth import require_page
from ui.components import page_filters, show_error, table
from ui.state import db
from ui.text import plain_format

KEY_REPORTS = "import_reports"
_log = logging.getLogger("dashboard")


def _refusal(name: str, exc: Exception) -> str:
    if not isinstance(exc, DashboardError):
        _log.error("import of %s failed", name, exc_info=exc)
    message = exc.message if isinstance(exc, DashboardError) else strings.UPLOAD_UNEXPECTED
    return plain_format(strings.UPLOAD_REFUSED, name=name, message=message)


user = require_page(IMPORT)
page_filters()
st.title(strings.IMPORTS_TITLE)

uploads = st.file_uploader(
    strings.UPLOAD_LABEL, type=list(UPLOAD_TYPES), accept_multiple_files=True, help=strings.UPLOAD_HELP
)
if uploads and st.button(strings.UPLOAD_BUTTON, type="primary"):
    parsed, refused = [], []
    for upload in uploads:
        try:
            parsed.append(parse_file(upload.getvalue(), upload.name))
        except Exception as exc:  # noqa: BLE001 — one bad file must not stop the others
            refused.append(_refusal(upload.name, exc))
    bar = st.progress(0.0)
    reports = []
    with db() as con:
        for done, item in enumerate(sorted(parsed, key=lambda p: p.order), start=1):
            bar.progress(
                done / len(parsed),
                text=plain_format(strings.UPLOAD_PROGRESS, done=done, total=len(parsed), name=item.file_name),
            )
            try:
                reports.append(write_file_as(con, user, item))
            except Exception as exc:  # noqa: BLE001 — one bad file must not stop the others; it was rolled back
                refused.append(_refusal(item.file_name, exc))
    bar.empty()
    st.session_state[KEY_REPORTS] = (reports, refused)

if KEY_REPORTS in st.session_state:
    reports, refused = st.session_state[KEY_REPORTS]
    for message in refused:
        st.error(message)
    if reports:
        st.success(strings.UPLOAD_DONE.format(files=len(reports)))
        st.subheader(strings.OUTCOME_TABLE)
        table(
            pd.DataFrame([{**r.as_json(), "kind": r.kind_label} for r in reports])[
                ["file", "kind", "rows", "loaded", "updated", "duplicate", "rejected", "import_id"]
            ]
        )

with db() as con:
    quarantine = open_quarantine(con, limit=2000)
    unregistered = unregistered_columns(con)
    history = import_history(con)

st.subheader(strings.QUARANTINE_TITLE)
if quarantine.empty:
    st.caption(strings.QUARANTINE_EMPTY)
else:
    st.caption(strings.QUARANTINE_HINT)
    table(quarantine[["quarantine_id", "file_name", "sheet", "row_number", "reason", "raw_json"]], height=300)
    if st.button(strings.REPROCESS_BUTTON):
        try:
            with db() as con:
                report = reprocess_as(con, user)
            st.success(plain_format(strings.REPROCESS_DONE, summary=report.summary_zh()))
            st.rerun()
        except DashboardError as exc:
            show_error(exc)

if not unregistered.empty:
    st.subheader(strings.UNREGISTERED_TITLE)
    table(unregistered)

st.subheader(strings.TEMPLATES_TITLE)
cols = st.columns(len(KINDS))
with db() as con:
    template_lists = registry_lists(con)  # 单位/栏目 dropdowns of the registered names
for col, kind in zip(cols, KINDS.values()):
    col.download_button(
        kind.label,
        data=template_xlsx(kind.key, template_lists),
        file_name=f"{kind.label}导入模板.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key=f"template_{kind.key}",
    )

st.subheader(strings.HISTORY_TITLE)
shown = history.assign(
    source=history["source"].map(strings.SOURCE_LABELS),
    kind=history["kind"].fillna("").map(lambda k: "、".join(KIND_LABELS.get(x, x) for x in k.split(",") if x)),
    status=history["status"].map(strings.STATUS_LABELS),
).rename(columns={"status": "batch_status"})
table(shown.drop(columns=["undoable"]), height=300)
undoable = history.loc[history["undoable"]]
if undoable.empty:
    st.caption(strings.UNDO_NONE)
else:
    newest = undoable.iloc[0]
    if st.button(plain_format(strings.UNDO_BUTTON, import_id=int(newest["import_id"]), file=newest["file_name"])):
        try:
            with db() as con:
                undo_as(con, user, int(newest["import_id"]))
            st.session_state.pop(KEY_REPORTS, None)
            st.toast(strings.UNDO_DONE.format(import_id=int(newest["import_id"])))
            st.rerun()
        except DashboardError as exc:
            show_error(exc)
