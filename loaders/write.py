"""All writes of an import: the batch row, set-based upserts with row outcomes, quarantine, undo.

Never imports streamlit. Callers hold the transaction (one per file). Outcomes are decided in SQL against
the stored `row_key`/`row_hash`, so a 100k-row ledger costs a few joins, not 100k round trips.
"""

import json
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from core.errors import UndoError
from core.storage.db import fetch_rows, fetch_value
from loaders.normalize import strip_invisible


@dataclass(frozen=True)
class TableSpec:
    table: str
    id_column: str
    sequence: str
    value_columns: tuple[str, ...]
    key_sql: str  # the ledger's key (ledger-formats.md), computed from the value columns


SPECS: dict[str, TableSpec] = {
    "units": TableSpec("units", "unit_id", "seq_unit", ("name", "unit_type", "in_assessment", "sort_order"), "name"),
    "columns": TableSpec(
        "site_columns",
        "column_id",
        "seq_column",
        ("unit_id", "name", "category", "max_interval_days", "registered", "registered_on"),
        "concat_ws('|', unit_id, name)",
    ),
    "items": TableSpec(
        "items",
        "item_id",
        "seq_item",
        ("unit_id", "column_id", "title", "published_on", "created_on", "doc_number", "url", "is_interpretation"),
        "coalesce(nullif(url, ''), concat_ws('|', unit_id, column_id, title, published_on))",
    ),
    "findings": TableSpec(
        "findings",
        "finding_id",
        "seq_finding",
        (
            "finding_no",
            "inspection",
            "found_on",
            "unit_id",
            "problem_type",
            "description",
            "deadline",
            "due_on",
            "due_uses_fallback",
            "status",
            "rectified_on",
            "rectification_note",
            "review",
            "reviewed_on",
        ),
        # 编号 like WX-2026-001 is the office's stable number; a bare 1, 2, 3 (a 序号) restarts
        # in every inspection, so it only identifies a finding together with the inspection
        "CASE WHEN coalesce(finding_no, '') = '' "
        "THEN concat_ws('|', inspection, unit_id, description) "
        "WHEN regexp_full_match(finding_no, '[0-9]+') "
        "THEN concat_ws('|', inspection, found_on, finding_no) ELSE finding_no END",
    ),
    "requests": TableSpec(
        "requests",
        "request_id",
        "seq_request",
        (
            "unit_id",
            "request_no",
            "received_on",
            "channel",
            "applicant_type",
            "extension_count",
            "replied_on",
            "outcome",
            "correction_received_on",
            "consultation_from",
            "consultation_to",
            "correction_requested_on",
            "correction_count",
            "delayed_due_on",
        ),
        "concat_ws('|', unit_id, request_no)",
    ),
    "annual_report": TableSpec(
        "annual_report_cells",
        "unit_id",
        "",
        ("unit_id", "year", "table_no", "row_label", "col_label", "value", "raw"),
        "concat_ws('|', unit_id, year, table_no, row_label, col_label)",
    ),
}
_UPSERT_TABLES = ("units", "site_columns", "items", "findings", "requests", "annual_report_cells")


def start_import(con: duckdb.DuckDBPyConnection, file_name: str, sha256: str, source: str) -> int:
    """Insert the batch row (completed in the same transaction as its rows) and return its id."""
    return fetch_value(
        con,
        "INSERT INTO imports (file_name, sha256, source, started_at) VALUES (?, ?, ?, ?) RETURNING import_id",
        [file_name, sha256, source, datetime.now()],
    )


def earlier_import_of(con: duckdb.DuckDBPyConnection, sha256: str, current: int) -> int | None:
    """The completed batch that already imported a byte-identical file, if any."""
    return fetch_value(
        con,
        "SELECT max(import_id) FROM imports WHERE sha256 = ? AND status = 'completed' "
        "AND import_id <> ? AND finished_at IS NOT NULL",
        [sha256, current],
    )


def open_quarantine_of_file(con: duckdb.DuckDBPyConnection, sha256: str) -> int:
    """How many rows of the file with this content wait in the quarantine."""
    return int(
        fetch_value(
            con, "SELECT count(*) FROM quarantine WHERE file_sha256 = ? AND resolved_import_id IS NULL", [sha256]
        )
    )


def finish_import(
    con: duckdb.DuckDBPyConnection,
    import_id: int,
    kind: str,
    counts: dict[str, int],
    sheets_read: list[str],
    sheets_skipped: list[str],
) -> None:
    con.execute(
        "UPDATE imports SET kind = ?, finished_at = ?, rows = ?, loaded = ?, updated = ?, duplicate = ?, "
        "rejected = ?, sheets_read = ?, sheets_skipped = ? WHERE import_id = ?",
        [
            kind,
            datetime.now(),
            counts["rows"],
            counts["loaded"],
            counts["updated"],
            counts["duplicate"],
            counts["rejected"],
            "、".join(sheets_read),
            "、".join(sheets_skipped),
            import_id,
        ],
    )


def _hash_expr(columns: tuple[str, ...]) -> str:
    """Content fingerprint of a row: DuckDB's 64-bit hash over the value columns (NULLs hash distinctly).

    It is only ever compared between two versions of the same key, so 64 bits are plenty and it is far
    cheaper than md5 over a concatenation.
    """
    return f"CAST(hash({', '.join(columns)}) AS VARCHAR)"


def _as_datetimes(column: pd.Series) -> pd.Series:
    """A column of date objects (None for none) as datetime64: DuckDB scans it as one typed array instead of
    inspecting 100k Python objects; each distinct day (a few hundred) is converted once (issue 9, import speed)."""
    codes, days = pd.factorize(column)
    if not len(days):
        return column
    converted = pd.to_datetime(pd.Series(days, dtype=object)).to_numpy()
    return pd.Series(np.where(codes >= 0, converted[codes], np.datetime64("NaT")), index=column.index)


def upsert(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame, import_id: int) -> Counter:
    """Write `frame` (row_number + value columns) into the kind's table; returns outcome → number of rows.

    Outcomes: loaded (new key), updated (key stored with other content, or repeated later in this file with
    other content), duplicate (same key and content as stored or as the previous row with that key).
    The last row of a key wins; the version it replaces is kept in `<table>_prev` for undo. Several frame
    rows may share a row_number (an annual-report table row has many cells): that row counts once, as
    updated if any cell was, else loaded if any was, else duplicate.
    """
    spec = SPECS[kind]
    table, values = spec.table, spec.value_columns
    # pragma_table_info: 0.5 ms; information_schema.columns took 20 ms the first time in a process (issue 9, speed)
    types = dict(fetch_rows(con, f"SELECT name, type FROM pragma_table_info('{table}')"))
    staged_frame = frame[["row_number", *values]]  # a new frame (copy-on-write): the caller's stays as it was
    for c in values:
        if types[c] == "DATE" and staged_frame[c].dtype == object:
            staged_frame[c] = _as_datetimes(staged_frame[c])
    con.register("_incoming_df", staged_frame)
    typed = ", ".join(f"CAST({c} AS {types[c]}) AS {c}" for c in values)  # an all-empty column arrives untyped
    staged = f"SELECT *, {spec.key_sql} AS row_key FROM (SELECT row_number, {typed} FROM _incoming_df)"
    if kind == "findings":  # a staff mark may override the ledger's status before the content is hashed
        con.execute(f"CREATE OR REPLACE TEMP TABLE _keyed AS {staged}")
        _hold_user_marks(con, import_id)
        staged = "SELECT * FROM _keyed"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT *, {_hash_expr(values)} AS row_hash FROM ({staged})")
    con.unregister("_incoming_df")
    counts = Counter(
        dict(
            fetch_rows(
                con,
                f"""
        WITH o AS (SELECT row_number, row_key, row_hash,
                          lag(row_hash) OVER w AS prev_hash, row_number() OVER w AS occurrence
                   FROM _incoming WINDOW w AS (PARTITION BY row_key ORDER BY row_number)),
        cell AS (
            SELECT o.row_number,
                   CASE WHEN o.occurrence > 1 THEN CASE WHEN o.row_hash = o.prev_hash THEN 1 ELSE 3 END
                        WHEN t.row_key IS NULL THEN 2
                        WHEN t.row_hash = o.row_hash THEN 1 ELSE 3 END AS rank
            FROM o LEFT JOIN {table} t ON t.row_key = o.row_key)
        SELECT outcome, count(*) FROM (
            SELECT ['duplicate', 'loaded', 'updated'][max(rank)] AS outcome FROM cell GROUP BY row_number)
        GROUP BY outcome
        UNION ALL SELECT 'repeated', count(*) FROM o WHERE occurrence > 1""",
            )
        )
    )
    con.execute("DROP TABLE IF EXISTS _final")
    if counts.pop("repeated", 0):  # a key repeated in the file: its last row wins
        con.execute("""CREATE TEMP TABLE _final AS SELECT * FROM _incoming
                       QUALIFY row_number() OVER (PARTITION BY row_key ORDER BY row_number DESC) = 1""")
    else:  # every key once (the usual ledger): the staged rows are final, no second copy of 100k rows
        con.execute("ALTER TABLE _incoming RENAME TO _final")
    if kind == "findings":
        _record_finding_changes(con, import_id)
    # keep the version this import replaces, unless this import wrote it (an earlier sheet of the same file)
    con.execute(
        f"""INSERT INTO {table}_prev SELECT t.*, ? FROM {table} t
                    JOIN _final f ON t.row_key = f.row_key
                    WHERE t.row_hash <> f.row_hash AND t.import_id <> ?
                      AND coalesce(t.updated_import_id, -1) <> ?""",
        [import_id, import_id, import_id],
    )
    assignments = ", ".join(f"{c} = f.{c}" for c in values)
    con.execute(
        f"""UPDATE {table} SET {assignments}, row_hash = f.row_hash, updated_import_id = ?
                    FROM _final f WHERE {table}.row_key = f.row_key AND {table}.row_hash <> f.row_hash""",
        [import_id],
    )
    new_id = f"nextval('{spec.sequence}')" if spec.sequence else ""
    id_col = f"{spec.id_column}, " if spec.sequence else ""
    con.execute(
        f"""INSERT INTO {table} ({id_col}{", ".join(values)}, row_key, row_hash, import_id)
                    SELECT {new_id + ", " if new_id else ""}{", ".join("f." + c for c in values)}, f.row_key, f.row_hash, ?
                    FROM _final f WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.row_key = f.row_key)""",
        [import_id],
    )
    if kind == "findings":
        _record_new_findings(con, import_id)
    return counts


def _hold_user_marks(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """A finding whose last change was a mark by staff keeps that status against a disagreeing ledger row;
    the disagreement is recorded in finding_conflicts for the office to decide (issue 4)."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _held AS
        SELECT k.row_number, f.finding_id, k.status AS ledger_status, k.rectified_on AS ledger_rectified_on,
               f.status AS kept_status, f.rectified_on AS kept_rectified_on
        FROM _keyed k JOIN findings f ON f.row_key = k.row_key
        JOIN (SELECT finding_id, arg_max(source, history_id) AS last_source FROM finding_history GROUP BY 1) h
             ON h.finding_id = f.finding_id
        WHERE h.last_source = 'user' AND k.status IS DISTINCT FROM f.status""")
    con.execute(
        """
        INSERT INTO finding_conflicts (finding_id, import_id, ledger_status, ledger_rectified_on, kept_status,
                                       detected_at)
        SELECT finding_id, ?, ledger_status, ledger_rectified_on, kept_status, now() FROM _held""",
        [import_id],
    )
    con.execute("""UPDATE _keyed SET status = h.kept_status, rectified_on = h.kept_rectified_on
                   FROM _held h WHERE _keyed.row_number = h.row_number""")


def _record_finding_changes(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """History row for every stored finding whose status or 回头看 this import changes."""
    con.execute(
        """
        INSERT INTO finding_history (finding_id, changed_at, old_status, new_status, rectified_on, review,
                                     import_id, source)
        SELECT t.finding_id, now(), t.status, f.status, f.rectified_on, f.review, ?, 'import'
        FROM findings t JOIN _final f ON t.row_key = f.row_key
        WHERE t.status IS DISTINCT FROM f.status OR t.review IS DISTINCT FROM f.review""",
        [import_id],
    )


def _record_new_findings(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    con.execute(
        """
        INSERT INTO finding_history (finding_id, changed_at, old_status, new_status, rectified_on, review,
                                     import_id, source)
        SELECT finding_id, now(), NULL, status, rectified_on, review, import_id, 'import'
        FROM findings WHERE import_id = ? AND updated_import_id IS NULL
          AND finding_id NOT IN (SELECT finding_id FROM finding_history)""",
        [import_id],
    )


def add_aliases(con: duckdb.DuckDBPyConnection, aliases: list[tuple[str, str]], import_id: int) -> None:
    """Register (unit name, alias) pairs not yet known; the unit is looked up by its stored name."""
    if not aliases:
        return
    frame = pd.DataFrame(aliases, columns=["unit_name", "alias"])
    con.register("_aliases_df", frame)
    con.execute(
        """
        INSERT INTO unit_aliases (alias, unit_id, import_id)
        SELECT DISTINCT a.alias, u.unit_id, ? FROM _aliases_df a JOIN units u ON u.name = a.unit_name
        WHERE a.alias NOT IN (SELECT alias FROM unit_aliases) AND a.alias <> a.unit_name""",
        [import_id],
    )
    con.unregister("_aliases_df")


def _json_value(value: Any) -> Any:
    """Raw cells as staff typed them: dates and times as ISO text, Excel's 152.0 as 152, text without invisible
    characters; anything else JSON cannot hold as its text form (a 09:30 cell once lost a whole file, issue 9)."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else (value if math.isfinite(value) else str(value))
    if isinstance(value, str):
        return strip_invisible(value)
    if value is None or isinstance(value, (bool, int)):
        return value
    return strip_invisible(str(value))  # timedelta (a [h]:mm cell) and whatever a reader may add


def quarantine(
    con: duckdb.DuckDBPyConnection,
    import_id: int,
    file_name: str,
    sha256: str,
    rows: list[tuple[str, int, str, dict[str, Any], str]],
) -> None:
    """Keep rejected rows (sheet, row_number, kind, raw header→value, reason); one entry per file row."""
    known = set(
        fetch_rows(
            con,
            "SELECT sheet, row_number FROM quarantine WHERE file_sha256 = ? AND resolved_import_id IS NULL",
            [sha256],
        )
    )
    fresh = [r for r in rows if (r[0], r[1]) not in known]
    if not fresh:
        return
    con.executemany(
        "INSERT INTO quarantine (import_id, file_name, file_sha256, sheet, row_number, kind, raw_json, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                import_id,
                file_name,
                sha256,
                sheet,
                row,
                kind,
                json.dumps({k: _json_value(v) for k, v in raw.items()}, ensure_ascii=False),
                reason,
            ]
            for sheet, row, kind, raw, reason in fresh
        ],
    )


def undo_import(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Take back the newest completed import: its rows go, the versions it replaced come back, and staff
    work stays (README 撤销导入): marks and conflict decisions remain the findings' state, open conflicts the
    batch raised go with it, and a batch whose new findings or columns carry staff work is refused (UndoError)."""
    newest = fetch_value(con, "SELECT max(import_id) FROM imports WHERE status = 'completed'")
    if newest != import_id:
        raise UndoError(
            f"只能撤销最近一次导入（第 {newest} 批）；第 {import_id} 批之后还有导入。", "请先撤销更晚的批次。"
        )
    _refuse_losing_staff_work(con, import_id)
    for table in _UPSERT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE import_id = ? OR updated_import_id = ?", [import_id, import_id])
        columns = ", ".join(c for c in _columns(con, table))
        con.execute(f"INSERT INTO {table} SELECT {columns} FROM {table}_prev WHERE replaced_by_import = ?", [import_id])
        con.execute(f"DELETE FROM {table}_prev WHERE replaced_by_import = ?", [import_id])
    con.execute("DELETE FROM unit_aliases WHERE import_id = ?", [import_id])
    con.execute("DELETE FROM unit_contacts WHERE import_id = ?", [import_id])
    con.execute("DELETE FROM finding_history WHERE import_id = ?", [import_id])
    # an undecided conflict was raised by a ledger row that is now gone; a decided one is a person's record
    con.execute("DELETE FROM finding_conflicts WHERE import_id = ? AND resolved_at IS NULL", [import_id])
    _reapply_staff_states(con)
    con.execute("DELETE FROM quarantine WHERE import_id = ?", [import_id])
    con.execute("UPDATE quarantine SET resolved_import_id = NULL WHERE resolved_import_id = ?", [import_id])
    con.execute("UPDATE imports SET status = 'undone', undone_at = ? WHERE import_id = ?", [datetime.now(), import_id])


_STAFF_WORK_LIMIT = 5  # named one by one in the refusal; the rest are counted


def _refuse_losing_staff_work(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """UndoError naming the marks, conflict decisions and exemptions on findings or columns this batch created:
    undoing it would delete their finding or column and leave them orphaned (issue 9, README 撤销导入).
    A conflict decision on such a finding always follows a mark on it, so the marks name it too."""
    work = fetch_rows(
        con,
        """
        SELECT '问题 ' || coalesce(nullif(f.finding_no, ''), left(f.description, 20)) || '（' || u.name || '）：'
               || coalesce(h.changed_by, '') || ' 于 ' || strftime(h.changed_at, '%Y-%m-%d %H:%M') || ' 标记为' || h.new_status
        FROM finding_history h JOIN findings f USING (finding_id) JOIN units u ON u.unit_id = f.unit_id
        WHERE f.import_id = ? AND h.source <> 'import'
        UNION ALL
        SELECT '栏目 ' || u.name || '/' || s.name || '：' || e.created_by || ' 登记的豁免（' || e.reason || '）'
        FROM column_exemptions e JOIN site_columns s USING (column_id) JOIN units u ON u.unit_id = s.unit_id
        WHERE s.import_id = ?
        ORDER BY 1""",
        [import_id, import_id],
    )
    if not work:
        return
    named = "；".join(w for (w,) in work[:_STAFF_WORK_LIMIT])
    more = f"；等共 {len(work)} 项" if len(work) > _STAFF_WORK_LIMIT else ""
    raise UndoError(
        f"未撤销第 {import_id} 批导入：该批新增的问题或栏目上已有同事的工作，撤销会将其一并删除——{named}{more}。",
        "若文件内容有误，请导入更正后的台账：同一编号的问题、同名栏目会被更新，人工标记和豁免保留。"
        "若这些问题或栏目确实不应存在，请先与经办人核实，再联系信息化管理员处理。",
    )


def _reapply_staff_states(con: duckdb.DuckDBPyConnection) -> None:
    """A finding whose last remaining history entry is a person's (a mark, or a conflict decision that took a
    ledger's status) has that entry's status: a restored older ledger version never overrides it."""
    con.execute("""
        UPDATE findings SET status = h.new_status, rectified_on = h.rectified_on
        FROM (SELECT finding_id, new_status, rectified_on, source FROM finding_history
              QUALIFY row_number() OVER (PARTITION BY finding_id ORDER BY history_id DESC) = 1) h
        WHERE findings.finding_id = h.finding_id AND h.source <> 'import'
          AND (findings.status IS DISTINCT FROM h.new_status OR findings.rectified_on IS DISTINCT FROM h.rectified_on)""")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r[0]
        for r in fetch_rows(
            con,
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
    ]
