"""Imports, undo and reprocess as a logged-in person does them: role checked and audited in one transaction.

Never imports streamlit. The upload page and the CLI's web twin call these; the audit row names the file's
SHA-256 and the batch, and it is written inside the same transaction as the batch. `record_demo_build` is
the first entry of a freshly built demo database (by the CLI's person, or `system` at the server's first start).
A liaison's upload is
limited to his units (loaders.unit_scope); undo, reprocess and quarantine corrections need MANAGE_IMPORTS,
which a liaison does not hold.
"""

from datetime import date
from pathlib import Path

import duckdb

from core.accounts.audit import audited, record
from core.accounts.identity import User
from core.accounts.vocabulary import (
    BUILD_DEMO,
    CORRECT_QUARANTINE,
    IMPORT,
    IMPORT_FILE,
    MANAGE_IMPORTS,
    REPROCESS,
    UNDO_IMPORT,
)
from core.storage.db import opened, transaction
from loaders import batches, quarantine_edit
from loaders.pipeline import ParsedFile, write_file
from loaders.report import FileReport
from loaders.unit_scope import limit_of


def write_file_as(con: duckdb.DuckDBPyConnection, user: User, parsed: ParsedFile, source: str = "app") -> FileReport:
    """pipeline.write_file by `user` (needs IMPORT); a unit-scoped person writes only rows of his units."""
    limit = limit_of(user.unit_ids) if user.is_scoped else None
    return audited(
        con,
        user,
        IMPORT,
        IMPORT_FILE,
        f"{parsed.file_name}（sha256 {parsed.sha256[:12]}）",
        lambda: write_file(con, parsed, source=source, allowed_units=limit, uploaded_by=user.login),
        after=lambda r: f"批次 {r.import_id}：{r.summary_zh()}",
    )


def undo_as(con: duckdb.DuckDBPyConnection, user: User, import_id: int) -> None:
    """batches.undo by `user` (needs MANAGE_IMPORTS)."""
    audited(
        con,
        user,
        MANAGE_IMPORTS,
        UNDO_IMPORT,
        f"批次 {import_id}",
        lambda: batches.undo(con, import_id),
        after="已撤销",
    )


def reprocess_as(con: duckdb.DuckDBPyConnection, user: User) -> FileReport:
    """batches.reprocess_quarantine by `user` (needs MANAGE_IMPORTS)."""
    return audited(
        con,
        user,
        MANAGE_IMPORTS,
        REPROCESS,
        "隔离区",
        lambda: batches.reprocess_quarantine(con),
        after=lambda r: f"批次 {r.import_id}：{r.summary_zh()}",
    )


def record_demo_build(path: Path, user: User, day: date, files: int, replaced: bool = False) -> None:
    """The new demo database's entry: who built it, as of which day (the build itself is many transactions)."""
    with opened(path) as con, transaction(con):
        record(
            con,
            user,
            BUILD_DEMO,
            f"数据库 {path.name}",
            after=f"台账截至 {day}，{files} 个文件{'，覆盖了原演示数据库' if replaced else ''}",
        )


def correct_as(con: duckdb.DuckDBPyConnection, user: User, corrections: quarantine_edit.Corrections) -> FileReport:
    """quarantine_edit.correct_and_reprocess by `user` (needs MANAGE_IMPORTS); the audit row lists every change."""
    rows = "、".join(str(q) for q, values in corrections.values.items() if values)
    return audited(
        con,
        user,
        MANAGE_IMPORTS,
        CORRECT_QUARANTINE,
        f"隔离行 {rows or '—'}",
        lambda: quarantine_edit.correct_and_reprocess(con, corrections, user.login),
        before="；".join(f"隔离行 {q} {h}→{v}" for q, values in corrections.values.items() for h, v in values.items()),
        after=lambda r: f"批次 {r.import_id}：{quarantine_edit.batch_note(con, r.batch)}；{r.summary_zh()}",
    )
