"""Operations on whole batches: reprocess the quarantine after the registry changed, undo the newest import.

Never imports streamlit. Both run in one transaction, like an import.
"""

import json
from collections.abc import Callable
from datetime import date

import duckdb

from core.calendar.workdays import WorkdayCalendar, load_calendar
from core.storage.db import fetch_rows, transaction
from loaders import write
from loaders.history import open_quarantine
from loaders.kinds import KIND_ORDER, KINDS, find_header
from loaders.limits import DateWindow
from loaders.pipeline import import_sheet, outcome_counts
from loaders.read import RawSheet
from loaders.report import FileReport
from loaders.unit_scope import UnitLimit, limit_of

REPROCESS_FILE_NAME = "隔离区重新处理"
__all__ = ["open_quarantine", "reprocess_quarantine", "undo"]


def canonical_record(kind: str, record: dict) -> dict:
    """A quarantined row keyed by each field's standard header name, whatever synonym its file used."""
    headers = list(record)
    header = find_header([headers], kind)
    if header is None:
        return record
    names = {field.name: field.synonyms[0] for field in KINDS[kind].fields}
    by_column = {col: names[field] for field, col in header.columns.items()}
    return {by_column.get(i, h): record[h] for i, h in enumerate(headers)}


def _sheet_from_quarantine(kind: str, rows: list[tuple[int, str]]) -> RawSheet:
    """Quarantined rows as a sheet: one header row (the union of their headers), then row i+2 = entry i."""
    records = [canonical_record(kind, json.loads(raw)) for _, raw in rows]
    headers = list(dict.fromkeys(h for record in records for h in record))
    return RawSheet("隔离区", [headers] + [[record.get(h, "") for h in headers] for record in records])


def reprocess_quarantine(
    con: duckdb.DuckDBPyConnection,
    calendar: WorkdayCalendar | None = None,
    today: date | None = None,
    prepare: Callable[[int], None] | None = None,
    file_name: str = REPROCESS_FILE_NAME,
) -> FileReport:
    """Run every unresolved quarantined row through validation again, as one new batch.

    Rows that now pass are written and marked resolved by that batch; rows that still fail keep their
    quarantine entry with the current reason (no second copy is made). A row from a liaison's upload is
    checked against that upload's units again (loaders.unit_scope). `prepare(batch)` runs inside the
    transaction right after the batch row exists (the quarantine editor writes its corrections there).
    """
    calendar = calendar or load_calendar()
    window = DateWindow.for_day(today or date.today())
    report = FileReport(file_name)
    pending = fetch_rows(
        con,
        """SELECT q.kind, q.quarantine_id, q.raw_json, i.unit_scope FROM quarantine q
                                 LEFT JOIN import_uploads i USING (import_id)
                                 WHERE q.resolved_import_id IS NULL AND q.kind <> 'annual_report'
                                 ORDER BY q.quarantine_id""",
    )
    if not pending:
        return report  # no batch for nothing: the newest real import stays undoable
    with transaction(con):
        report.import_id = write.start_import(con, file_name, "", "reprocess")
        if prepare is not None:
            prepare(report.import_id)
            pending = fetch_rows(
                con,
                "SELECT q.kind, q.quarantine_id, q.raw_json, i.unit_scope FROM quarantine q LEFT JOIN import_uploads i USING (import_id)"
                " WHERE q.quarantine_id IN (SELECT unnest(?)) ORDER BY q.quarantine_id",
                [[qid for _, qid, _, _ in pending]],
            )
        limits = list(dict.fromkeys(limit_of(scope) for *_, scope in pending))
        for kind in KIND_ORDER:
            for limit in limits:
                rows = [(qid, raw) for k, qid, raw, scope in pending if k == kind and limit_of(scope) == limit]
                if rows:
                    _reprocess_rows(con, kind, rows, report, calendar, window, limit)
        report.kind = ",".join(k for k in KIND_ORDER if any(p[0] == k for p in pending))
        write.finish_import(con, report.import_id, report.kind, outcome_counts(report), report.sheets_read, [])
    return report


def _reprocess_rows(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    rows: list[tuple[int, str]],
    report: FileReport,
    calendar: WorkdayCalendar,
    window: DateWindow,
    limit: UnitLimit,
) -> None:
    sheet = _sheet_from_quarantine(kind, rows)
    header = find_header(sheet.rows, kind)
    if header is None:
        return
    entries = import_sheet(con, sheet, header, report, calendar, window, limit)
    still = {row_number: reason for _, row_number, _, _, reason in entries}
    for position, (qid, _) in enumerate(rows):
        reason = still.get(position + 2)
        if reason:
            con.execute("UPDATE quarantine SET reason = ? WHERE quarantine_id = ?", [reason, qid])
        else:
            con.execute("UPDATE quarantine SET resolved_import_id = ? WHERE quarantine_id = ?", [report.import_id, qid])


def undo(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Undo the newest completed import in one transaction (UndoError if it is not the newest)."""
    with transaction(con):
        write.undo_import(con, import_id)
