"""The quarantine as staff correct it in the browser (issue 12 item 8): each rejected row as cells with the reason
next to the cell at fault; corrections of values and unknown unit names mapped to registered units (a new alias),
then a reprocess — all in one batch and one transaction.

Never imports streamlit. Rules:
- a correction replaces cell values of a quarantined row (its original text is kept in `quarantine_edits` with the
  person and time, and the batch that reprocessed it); the row keeps its standard header names from then on;
- a mapping registers the written name as an alias of the chosen unit (`unit_aliases`, under the reprocess batch),
  so later ledgers writing the same name resolve too;
- undoing that batch takes the alias back and returns the rows to the quarantine; the corrected values stay
  (a colleague's work is not lost by an undo, as with marks — README 撤销导入).
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.errors import DashboardError
from core.storage.db import fetch_df, fetch_rows, fetch_value
from loaders import batches
from loaders.kinds import KIND_LABELS, KINDS
from loaders.normalize import clean_name
from loaders.registry import Registry
from loaders.report import FileReport

CORRECTED_FILE_NAME = "隔离区更正后重新处理"
_UNKNOWN_UNIT = re.compile(r"单位未登记: (.+)$")


class QuarantineEditError(DashboardError):
    """A correction that cannot be applied (row already resolved, unknown unit, alias taken …); nothing written."""


@dataclass
class Corrections:
    """What staff changed: new cell values per quarantined row, and written unit names mapped to unit ids."""

    values: dict[int, dict[str, str]] = field(default_factory=dict)  # quarantine_id → standard header → value
    aliases: dict[str, int] = field(default_factory=dict)  # written name → unit_id

    def __bool__(self) -> bool:
        return any(self.values.values()) or bool(self.aliases)


def standard_headers(kind: str) -> list[str]:
    """The kind's fields by their standard header (the template's), in template order."""
    return [f.synonyms[0] for f in KINDS[kind].fields] if kind in KINDS else []


def fault_header(kind: str, record: dict[str, Any], reason: str) -> str | None:
    """The header of the cell the reason is about: the field named earliest in the reason (by any of its
    header names), else the cell whose value the reason quotes; None when neither (e.g. 两列不一致)."""
    if kind in KINDS:
        best: tuple[int, int, str] | None = None
        for f in KINDS[kind].fields:
            for synonym in f.synonyms:
                at = reason.find(synonym)
                if at >= 0 and (best is None or (at, -len(synonym)) < best[:2]):
                    best = (at, -len(synonym), f.synonyms[0])
        if best is not None:
            return best[2]
    quoted = [(len(str(v).strip()), h) for h, v in record.items() if str(v).strip() and str(v).strip() in reason]
    return max(quoted)[1] if quoted else None  # the longest quoted value: "2026-02-30", not a 序号 "30"


def standard_record(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A quarantined row keyed by each field's standard header (成文日期 → 形成日期), header by header — unlike
    reprocessing, which needs the whole header row, this also works for a row whose required cell was blank
    (blank cells are not stored, so that header is missing from the row)."""
    standard = {clean_name(s): f.synonyms[0] for f in KINDS[kind].fields for s in f.synonyms} if kind in KINDS else {}
    out: dict[str, Any] = {}
    for header, value in record.items():
        out.setdefault(standard.get(clean_name(header), header), value)
    return out


def unknown_unit(reason: str) -> str | None:
    """The written unit name of a 单位未登记 reason (what a mapping would register as an alias)."""
    found = _UNKNOWN_UNIT.search(reason)
    return found.group(1).strip() if found else None


def row_cells(kind: str, raw_json: str, reason: str) -> pd.DataFrame:
    """One quarantined row as a table: 列 (standard header), 值 (as written, "" when blank), 问题 (the reason, on
    the cell at fault only). Every field of the kind is listed, so a missing required value can be filled in."""
    record = standard_record(kind, json.loads(raw_json))
    headers = list(dict.fromkeys([*standard_headers(kind), *record]))
    fault = fault_header(kind, record, reason)
    rows = [
        {"列": h, "值": "" if record.get(h) is None else str(record.get(h)), "问题": reason if h == fault else ""}
        for h in headers
    ]
    if fault is None:
        rows.insert(0, {"列": "（整行）", "值": "", "问题": reason})
    return pd.DataFrame(rows, columns=["列", "值", "问题"])


def quarantine_table(con: duckdb.DuckDBPyConnection, uploaded_by: str | None = None, limit: int = 2000) -> pd.DataFrame:
    """Unresolved quarantined rows, newest batch first, with the header at fault — no raw JSON.

    `uploaded_by`: only rows of batches that login uploaded (a liaison sees his own rows, not the county's).
    Columns: quarantine_id, import_id, file_name, sheet, row_number, kind, kind_label, fault, reason, raw_json.
    """
    frame = fetch_df(
        con,
        """SELECT q.quarantine_id, q.import_id, q.file_name, q.sheet, q.row_number, q.kind, q.reason, q.raw_json
           FROM quarantine q LEFT JOIN import_uploads i USING (import_id)
           WHERE q.resolved_import_id IS NULL AND (CAST(? AS VARCHAR) IS NULL OR i.uploaded_by = ?)
           ORDER BY q.import_id DESC, q.file_name, q.sheet, q.row_number LIMIT ?""",
        [uploaded_by, uploaded_by, int(limit)],
    )
    frame["kind_label"] = frame["kind"].map(lambda k: KIND_LABELS.get(k, k))
    frame["fault"] = [
        fault_header(k, standard_record(k, json.loads(raw)), reason) or "—"
        for k, raw, reason in zip(frame["kind"], frame["raw_json"], frame["reason"])
    ]
    return frame


def corrections_history(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """Corrections made so far, newest first. Columns: edited_at, edited_by, import_id, quarantine_id, file_name,
    row_number, field, before, after."""
    return fetch_df(
        con,
        """SELECT e.edited_at, e.edited_by, e.import_id, e.quarantine_id, q.file_name, q.row_number, e.field,
                  e.before, e.after
           FROM quarantine_edits e LEFT JOIN quarantine q USING (quarantine_id)
           ORDER BY e.edit_id DESC LIMIT ?""",
        [int(limit)],
    )


def _check(con: duckdb.DuckDBPyConnection, corrections: Corrections) -> dict[int, tuple[str, str]]:
    """QuarantineEditError for anything that cannot be applied; the rows' (kind, raw_json) by id."""
    rows: dict[int, tuple[str, str]] = {}
    for qid in corrections.values:
        found = fetch_rows(
            con, "SELECT kind, raw_json, resolved_import_id FROM quarantine WHERE quarantine_id = ?", [int(qid)]
        )
        if not found:
            raise QuarantineEditError(f"隔离行 {qid} 不存在，未作更正。", "请刷新页面后重试。")
        kind, raw, resolved = found[0]
        if resolved is not None:
            raise QuarantineEditError(
                f"隔离行 {qid} 已在第 {resolved} 批重新处理时导入，未作更正。", "请刷新页面后重试。"
            )
        if kind not in KINDS:
            raise QuarantineEditError(
                f"隔离行 {qid} 是{KIND_LABELS.get(kind, kind)}的单元格，不能在此更正。",
                "请更正原文件后重新上传。",
            )
        rows[qid] = (kind, raw)
    registry = Registry(con)
    names = dict(fetch_rows(con, "SELECT unit_id, name FROM units"))
    for written, unit_id in corrections.aliases.items():
        alias = clean_name(written)
        if not alias:
            raise QuarantineEditError("要登记的别名为空，未作更正。", "请选择隔离原因为“单位未登记”的行。")
        if unit_id not in names:
            raise QuarantineEditError(
                f"单位编号 {unit_id} 不存在，未登记别名 {alias}。", "请从列表中选择已登记的单位。"
            )
        current = registry.unit_id(alias)
        if current is not None and current != unit_id:
            raise QuarantineEditError(
                f"“{alias}”已是{names.get(current, current)}的名称或别名，不能再登记为{names[unit_id]}的别名。",
                "如需更改，请在单位名录中修改后重新导入单位名录。",
            )
    return rows


def correct_and_reprocess(
    con: duckdb.DuckDBPyConnection,
    corrections: Corrections,
    edited_by: str,
    calendar: WorkdayCalendar | None = None,
    today: date | None = None,
) -> FileReport:
    """Apply the corrections and mappings, then reprocess the whole quarantine, as one batch in one transaction.

    The batch's note (shown in the batch history) says what was changed; QuarantineEditError writes nothing.
    """
    if not corrections:
        raise QuarantineEditError("没有需要保存的更正。", "请先修改隔离行的值，或为未登记单位选择对应的已登记单位。")
    rows = _check(con, corrections)
    names = dict(fetch_rows(con, "SELECT unit_id, name FROM units"))

    def prepare(batch: int) -> None:
        now = datetime.now()
        changed = 0
        for qid, values in corrections.values.items():
            kind, raw = rows[qid]
            record = standard_record(kind, json.loads(raw))
            for header, after in values.items():
                before = record.get(header)
                if str(before or "") == after:
                    continue
                record[header] = after
                changed += 1
                con.execute(
                    "INSERT INTO quarantine_edits (quarantine_id, import_id, field, before, after, edited_by, edited_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [qid, batch, header, None if before is None else str(before), after, edited_by, now],
                )
            con.execute(
                "UPDATE quarantine SET raw_json = ? WHERE quarantine_id = ?",
                [json.dumps(record, ensure_ascii=False, default=str), qid],
            )
        for written, unit_id in corrections.aliases.items():
            con.execute(
                "INSERT INTO unit_aliases (alias, unit_id, import_id) VALUES (?, ?, ?)",
                [clean_name(written), unit_id, batch],
            )
        parts = []
        if changed:
            parts.append(f"更正 {changed} 处")
        if corrections.aliases:
            mapped = "、".join(f"{clean_name(w)}→{names[u]}" for w, u in corrections.aliases.items())
            parts.append(f"新增单位别名 {mapped}")
        con.execute(
            "INSERT INTO import_uploads (import_id, uploaded_by, note) VALUES (?, ?, ?)",
            [batch, edited_by, f"{edited_by}：{'；'.join(parts)}"],
        )

    return batches.reprocess_quarantine(con, calendar, today, prepare=prepare, file_name=CORRECTED_FILE_NAME)


def batch_note(con: duckdb.DuckDBPyConnection, import_id: int) -> str:
    return fetch_value(con, "SELECT note FROM import_uploads WHERE import_id = ?", [import_id]) or ""


def registered_units(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(unit_id, name) of every registered unit in registry order, for choosing a mapping."""
    return [(int(u), n) for u, n in fetch_rows(con, "SELECT unit_id, name FROM units ORDER BY sort_order, name")]
