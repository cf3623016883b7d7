"""Imports, undo and reprocess as a logged-in person does them: role checked and audited in one transaction.

Never imports streamlit. The upload page and the CLI's web twin call these; the audit row names the file's
SHA-256 and the batch, and it is written inside the same transaction as the batch.
"""

import duckdb

from core.accounts.audit import audited
from core.accounts.identity import User
from core.accounts.vocabulary import IMPORT, IMPORT_FILE, REPROCESS, UNDO_IMPORT
from loaders import batches
from loaders.pipeline import ParsedFile, write_file
from loaders.report import FileReport


def write_file_as(con: duckdb.DuckDBPyConnection, user: User, parsed: ParsedFile, source: str = "app") -> FileReport:
    """pipeline.write_file by `user` (needs IMPORT)."""
    return audited(
        con,
        user,
        IMPORT,
        IMPORT_FILE,
        f"{parsed.file_name}（sha256 {parsed.sha256[:12]}）",
        lambda: write_file(con, parsed, source=source),
        after=lambda r: f"批次 {r.import_id}：{r.summary_zh()}",
    )


def undo_as(con: duckdb.DuckDBPyConnection, user: User, import_id: int) -> None:
    """batches.undo by `user` (needs IMPORT)."""
    audited(con, user, IMPORT, UNDO_IMPORT, f"批次 {import_id}", lambda: batches.undo(con, import_id), after="已撤销")


def reprocess_as(con: duckdb.DuckDBPyConnection, user: User) -> FileReport:
    """batches.reprocess_quarantine by `user` (needs IMPORT)."""
    return audited(
        con,
        user,
        IMPORT,
        REPROCESS,
        "隔离区",
        lambda: batches.reprocess_quarantine(con),
        after=lambda r: f"批次 {r.import_id}：{r.summary_zh()}",
    )
