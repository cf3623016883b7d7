"""数据导入: upload ledgers with progress, per-file outcomes, quarantine (corrected in place), templates, batch history
and undo with a confirmation.

Each uploaded file succeeds or fails on its own (issue 9): whatever one file raises is reported under its name
and the others of the batch are still imported. Excel files are read in a capped child process (loaders.sandbox).
A liaison (issue 11) uploads too: only rows of his units are written (loaders.unit_scope); he sees his own
batches and quarantined rows and can neither undo nor reprocess nor correct (MANAGE_IMPORTS).
"""

import logging

import pandas as pd
import streamlit as st

from core.accounts.vocabulary import IMPORT, MANAGE_IMPORTS
from core.errors import DashboardError
from loaders.audited import correct_as, reprocess_as, undo_as, write_file_as
from loaders.history import import_history, unregistered_columns
from loaders.kinds import KIND_LABELS, KINDS
from loaders.limits import load_limits
from loaders.pipeline import Checker, parse_file
from loaders.quarantine_edit import (
    Corrections,
    batch_note,
    corrections_history,
    quarantine_table,
    registered_units,
    row_cells,
    unknown_unit,
)
from loaders.read import UPLOAD_TYPES
from loaders.templates import registry_lists, template_xlsx
from loaders.undo_preview import undo_preview
from ui import import_strings as text
from ui import strings
from ui.auth import require_page
from ui.components import page_filters, show_error
from ui.state import db
from ui.tables import table
from ui.text import plain, plain_format

KEY_REPORTS = "import_reports"
KEY_UNDO_ASKED = "import_undo_asked"  # the batch whose undo waits for confirmation
KEY_DONE = "import_done"  # what the last correction/reprocess did, shown once after the rerun
_log = logging.getLogger("dashboard")


def _refusal(name: str, exc: Exception) -> str:
    if not isinstance(exc, DashboardError):
        _log.error("import of %s failed", name, exc_info=exc)
    message = exc.message if isinstance(exc, DashboardError) else strings.UPLOAD_UNEXPECTED
    return plain_format(strings.UPLOAD_REFUSED, name=name, message=message)


user = require_page(IMPORT)
manage = user.can(MANAGE_IMPORTS)
own_batches = None if manage else user.login  # a liaison sees the batches he uploaded, nobody else's
page_filters()
st.title(strings.IMPORTS_TITLE)

with db() as con:
    units = registered_units(con)
if user.is_scoped:
    names = dict(units)
    st.info(plain_format(text.LIAISON_SCOPE, units="、".join(names.get(u, str(u)) for u in user.unit_ids) or "—"))

st.caption(plain_format(text.UPLOAD_LIMIT, mb=load_limits().max_file_mb))
uploads = st.file_uploader(
    strings.UPLOAD_LABEL, type=list(UPLOAD_TYPES), accept_multiple_files=True, help=strings.UPLOAD_HELP
)
if uploads and st.button(strings.UPLOAD_BUTTON, type="primary"):
    parsed, refused = [], []
    with db() as con:
        checker = Checker.of(con)  # each Excel file is validated while its reader child reads it
    for upload in uploads:
        try:
            parsed.append(parse_file(upload.getvalue(), upload.name, checker=checker))
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
    quarantine = quarantine_table(con, uploaded_by=own_batches)
    unregistered = unregistered_columns(con) if manage else pd.DataFrame()
    history = import_history(con, uploaded_by=own_batches)
    edits = corrections_history(con) if manage else pd.DataFrame()

st.subheader(strings.QUARANTINE_TITLE)
if KEY_DONE in st.session_state:
    st.success(st.session_state.pop(KEY_DONE))
if quarantine.empty:
    st.caption(strings.QUARANTINE_EMPTY)
else:
    st.caption(strings.QUARANTINE_HINT if manage else text.LIAISON_QUARANTINE_HINT)
    table(quarantine[list(text.QUARANTINE_COLUMNS)].rename(columns=text.QUARANTINE_COLUMNS), height=300)

if manage and not quarantine.empty:
    st.subheader(text.EDITOR_TITLE)
    st.caption(text.EDITOR_HINT)
    rows = {int(r.quarantine_id): r for r in quarantine.itertuples(index=False)}
    qid = st.selectbox(
        text.EDITOR_PICK,
        list(rows),
        format_func=lambda q: text.EDITOR_ROW.format(  # option labels are plain text, not markdown
            qid=q,
            file=rows[q].file_name,
            row=rows[q].row_number,
            fault=rows[q].fault,
            reason=rows[q].reason,
        ),
        key="quarantine_pick",
        placeholder=strings.CHOOSE,
    )
    row = rows[qid]
    if row.kind not in KINDS:
        st.caption(text.EDITOR_NOT_EDITABLE)
    else:
        cells = row_cells(row.kind, row.raw_json, row.reason)
        edited = st.data_editor(
            cells,
            disabled=["列", "问题"],
            hide_index=True,
            width="stretch",
            key=f"quarantine_cells_{qid}",
            column_config={
                "问题": st.column_config.TextColumn(width="large"),
                "值": st.column_config.TextColumn(width="medium"),
            },
        )
        changed = {
            h: str(after or "")
            for h, before, after in zip(cells["列"], cells["值"], edited["值"])
            if h != "（整行）" and str(after or "") != before
        }
        aliases: dict[str, int] = {}
        written = unknown_unit(row.reason)
        if written:
            choice = st.selectbox(
                plain_format(text.EDITOR_MAP_UNIT, name=written),  # labels render markdown: escaped
                [None, *[u for u, _ in units]],
                format_func=lambda u: text.EDITOR_NO_MAP if u is None else dict(units)[u],  # plain text
                key=f"quarantine_map_{qid}",
                placeholder=strings.CHOOSE,
            )
            if choice is not None:
                aliases[written] = int(choice)
        if st.button(text.EDITOR_SAVE, type="primary", key="quarantine_save"):
            try:
                with db() as con:
                    report = correct_as(con, user, Corrections(values={qid: changed}, aliases=aliases))
                    note = batch_note(con, report.batch)
                st.session_state.pop(KEY_REPORTS, None)
                st.session_state[KEY_DONE] = plain_format(
                    text.EDITOR_DONE, batch=report.import_id, note=note, summary=report.summary_zh()
                )
                st.rerun()
            except DashboardError as exc:
                show_error(exc)
    if st.button(strings.REPROCESS_BUTTON):
        try:
            with db() as con:
                report = reprocess_as(con, user)
            st.session_state[KEY_DONE] = plain_format(strings.REPROCESS_DONE, summary=report.summary_zh())
            st.rerun()
        except DashboardError as exc:
            show_error(exc)

if manage and not edits.empty:
    with st.expander(text.EDITS_TITLE):
        table(edits.drop(columns=["file_name", "row_number"]).rename(columns=text.EDITS_COLUMNS), height=240)

if not unregistered.empty:
    st.subheader(strings.UNREGISTERED_TITLE)
    table(unregistered)

st.subheader(strings.TEMPLATES_TITLE)
template_kinds = [k for k in KINDS.values() if manage or k.key != "units"]  # a liaison cannot load 单位名录
cols = st.columns(len(template_kinds))
with db() as con:
    template_lists = registry_lists(con)  # 单位/栏目 dropdowns of the registered names
for col, kind in zip(cols, template_kinds):
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
).rename(columns={"status": "batch_status", **text.HISTORY_EXTRA})
if shown.empty:
    st.caption(text.HISTORY_NONE)
else:
    table(shown.drop(columns=["undoable"]), height=300)

if manage:
    undoable = history.loc[history["undoable"]]
    if undoable.empty:
        st.caption(strings.UNDO_NONE)
    else:
        newest = int(undoable.iloc[0]["import_id"])
        if st.button(plain_format(strings.UNDO_BUTTON, import_id=newest, file=undoable.iloc[0]["file_name"])):
            st.session_state[KEY_UNDO_ASKED] = newest
        if st.session_state.get(KEY_UNDO_ASKED) == newest:
            with db() as con:
                preview = undo_preview(con, newest)
            with st.container(border=True):
                st.warning(
                    plain_format(
                        text.UNDO_CONFIRM_TITLE, import_id=newest, file=preview.file_name, started=preview.started_at
                    )
                )
                for line in preview.lines():
                    st.markdown(f"- {plain(line)}")
                st.caption(text.UNDO_KEEPS)
                confirm, cancel = st.columns(2)
                if confirm.button(text.UNDO_CONFIRM, type="primary", key="undo_confirm"):
                    st.session_state.pop(KEY_UNDO_ASKED, None)
                    try:
                        with db() as con:
                            undo_as(con, user, newest)
                        st.session_state.pop(KEY_REPORTS, None)
                        st.toast(strings.UNDO_DONE.format(import_id=newest))
                        st.rerun()
                    except DashboardError as exc:
                        show_error(exc)
                if cancel.button(text.UNDO_CANCEL, key="undo_cancel"):
                    st.session_state.pop(KEY_UNDO_ASKED, None)
                    st.rerun()
