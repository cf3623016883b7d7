"""The DuckDB schema, owned here only: named, ordered migrations, each applied in one transaction.

Never imports streamlit. An older database file is upgraded by applying the migrations it lacks; a file
written by a newer program (it has migrations we do not know) is refused rather than silently misread.
Upsertable tables carry `row_key` (the ledger's key), `row_hash` (content) and the imports that wrote them;
their `<table>_prev` twin keeps the version an import replaced, so the newest import can be undone.
"""

from collections.abc import Callable
from datetime import datetime

import duckdb

from core.errors import DatabaseVersionError
from core.storage.db import fetch_rows, transaction

_BOOKKEEPING = (
    "row_key VARCHAR NOT NULL, row_hash VARCHAR NOT NULL, import_id INTEGER NOT NULL, updated_import_id INTEGER"
)


def _with_prev(con: duckdb.DuckDBPyConnection, table: str, columns: str) -> None:
    """Create `table` and its `<table>_prev` twin (same columns + the import that replaced the version)."""
    con.execute(f"CREATE TABLE {table} ({columns}, {_BOOKKEEPING})")
    con.execute(f"CREATE TABLE {table}_prev AS SELECT *, 0::INTEGER AS replaced_by_import FROM {table} WITH NO DATA")


def m001_registry_items_imports(con: duckdb.DuckDBPyConnection) -> None:
    """Import batches, quarantine, units with aliases, site columns, published items."""
    con.execute("""
        CREATE SEQUENCE seq_import START 1;
        CREATE TABLE imports (
            import_id INTEGER PRIMARY KEY DEFAULT nextval('seq_import'),
            file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, kind VARCHAR, source VARCHAR,
            started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR NOT NULL DEFAULT 'completed',
            rows INTEGER, loaded INTEGER, updated INTEGER, duplicate INTEGER, rejected INTEGER,
            sheets_read VARCHAR, sheets_skipped VARCHAR, undone_at TIMESTAMP);
        CREATE SEQUENCE seq_quarantine START 1;
        CREATE TABLE quarantine (
            quarantine_id INTEGER PRIMARY KEY DEFAULT nextval('seq_quarantine'),
            import_id INTEGER NOT NULL, file_name VARCHAR, file_sha256 VARCHAR, sheet VARCHAR,
            row_number INTEGER, kind VARCHAR, raw_json VARCHAR, reason VARCHAR NOT NULL,
            resolved_import_id INTEGER);
        CREATE SEQUENCE seq_unit START 1;
        CREATE SEQUENCE seq_column START 1;
        CREATE SEQUENCE seq_item START 1;
        CREATE TABLE unit_aliases (alias VARCHAR NOT NULL, unit_id INTEGER NOT NULL, import_id INTEGER NOT NULL);
    """)
    _with_prev(
        con,
        "units",
        "unit_id INTEGER NOT NULL, name VARCHAR NOT NULL, unit_type VARCHAR NOT NULL, "
        "in_assessment BOOLEAN NOT NULL, sort_order INTEGER",
    )
    _with_prev(
        con,
        "site_columns",
        "column_id INTEGER NOT NULL, unit_id INTEGER NOT NULL, name VARCHAR NOT NULL, "
        "category VARCHAR NOT NULL, max_interval_days INTEGER, registered BOOLEAN NOT NULL, registered_on DATE",
    )
    _with_prev(
        con,
        "items",
        "item_id BIGINT NOT NULL, unit_id INTEGER NOT NULL, column_id INTEGER NOT NULL, "
        "title VARCHAR NOT NULL, published_on DATE NOT NULL, created_on DATE, doc_number VARCHAR, url VARCHAR, "
        "is_interpretation BOOLEAN NOT NULL",
    )


def m002_findings(con: duckdb.DuckDBPyConnection) -> None:
    """Inspection findings and the history of their status changes (from imports or from staff)."""
    con.execute("CREATE SEQUENCE seq_finding START 1; CREATE SEQUENCE seq_finding_history START 1;")
    _with_prev(
        con,
        "findings",
        "finding_id INTEGER NOT NULL, finding_no VARCHAR, inspection VARCHAR NOT NULL, "
        "found_on DATE NOT NULL, unit_id INTEGER NOT NULL, problem_type VARCHAR NOT NULL, "
        "description VARCHAR NOT NULL, deadline VARCHAR NOT NULL, due_on DATE, due_uses_fallback BOOLEAN, "
        "status VARCHAR NOT NULL, rectified_on DATE, rectification_note VARCHAR, review VARCHAR",
    )
    con.execute("""
        CREATE TABLE finding_history (
            history_id INTEGER PRIMARY KEY DEFAULT nextval('seq_finding_history'),
            finding_id INTEGER NOT NULL, changed_at TIMESTAMP NOT NULL,
            old_status VARCHAR, new_status VARCHAR NOT NULL, rectified_on DATE, review VARCHAR,
            import_id INTEGER, source VARCHAR NOT NULL, changed_by VARCHAR, note VARCHAR)""")


def m003_requests_annual_reports(con: duckdb.DuckDBPyConnection) -> None:
    """依申请公开 requests, and annual-report tables stored cell by cell."""
    con.execute("CREATE SEQUENCE seq_request START 1;")
    _with_prev(
        con,
        "requests",
        "request_id INTEGER NOT NULL, unit_id INTEGER NOT NULL, request_no VARCHAR NOT NULL, "
        "received_on DATE NOT NULL, channel VARCHAR, applicant_type VARCHAR, extension_count INTEGER NOT NULL, "
        "replied_on DATE, outcome VARCHAR, correction_received_on DATE, consultation_from DATE, "
        "consultation_to DATE",
    )
    _with_prev(
        con,
        "annual_report_cells",
        "unit_id INTEGER NOT NULL, year INTEGER NOT NULL, "
        "table_no VARCHAR NOT NULL, row_label VARCHAR NOT NULL, col_label VARCHAR NOT NULL, "
        "value DOUBLE, raw VARCHAR",
    )


def m004_column_exemptions(con: duckdb.DuckDBPyConnection) -> None:
    """Columns staff exempt from freshness for a period (本期无新增, 栏目已整合): dated, attributed, revocable."""
    con.execute("""
        CREATE SEQUENCE seq_exemption START 1;
        CREATE TABLE column_exemptions (
            exemption_id INTEGER PRIMARY KEY DEFAULT nextval('seq_exemption'),
            column_id INTEGER NOT NULL, start_on DATE NOT NULL, end_on DATE NOT NULL, reason VARCHAR NOT NULL,
            created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
            revoked_by VARCHAR, revoked_at TIMESTAMP)""")


def m005_finding_conflicts(con: duckdb.DuckDBPyConnection) -> None:
    """Ledger rows that disagree with a status staff set by hand: kept for a decision, never overwritten."""
    con.execute("""
        CREATE SEQUENCE seq_conflict START 1;
        CREATE TABLE finding_conflicts (
            conflict_id INTEGER PRIMARY KEY DEFAULT nextval('seq_conflict'),
            finding_id INTEGER NOT NULL, import_id INTEGER NOT NULL, ledger_status VARCHAR NOT NULL,
            ledger_rectified_on DATE, kept_status VARCHAR NOT NULL, detected_at TIMESTAMP NOT NULL,
            resolved_at TIMESTAMP, resolved_by VARCHAR, resolution VARCHAR)""")


def m006_rubrics_and_bulletins(con: duckdb.DuckDBPyConnection) -> None:
    """Rubric versions, and frozen monthly bulletins: scores, ranks and every scored line as announced."""
    con.execute("""
        CREATE SEQUENCE seq_rubric START 1;
        CREATE TABLE rubric_versions (
            version_id INTEGER PRIMARY KEY DEFAULT nextval('seq_rubric'), sha256 VARCHAR NOT NULL UNIQUE,
            name VARCHAR NOT NULL, content VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL);
        CREATE TABLE bulletins (
            month VARCHAR PRIMARY KEY, rubric_version_id INTEGER NOT NULL, as_of DATE NOT NULL,
            frozen_at TIMESTAMP NOT NULL, frozen_by VARCHAR NOT NULL, doc_number VARCHAR, facts VARCHAR);
        CREATE TABLE bulletin_scores (
            month VARCHAR NOT NULL, unit_id INTEGER NOT NULL, unit_name VARCHAR NOT NULL, unit_type VARCHAR NOT NULL,
            group_name VARCHAR NOT NULL, base DOUBLE NOT NULL, deductions DOUBLE NOT NULL, bonuses DOUBLE NOT NULL,
            score DOUBLE NOT NULL, rank INTEGER NOT NULL, grade VARCHAR NOT NULL, PRIMARY KEY (month, unit_id));
        CREATE TABLE bulletin_lines (
            month VARCHAR NOT NULL, unit_id INTEGER NOT NULL, rule_key VARCHAR NOT NULL, rule_name VARCHAR NOT NULL,
            indicator VARCHAR, count INTEGER NOT NULL, points DOUBLE NOT NULL, amount DOUBLE NOT NULL,
            evidence VARCHAR)""")


def m007_accounts_sessions_audit(con: duckdb.DuckDBPyConnection) -> None:
    """Accounts (argon2id hashes only), login sessions (token hashes only) and the append-only audit log (issue 11)."""
    con.execute("""
        CREATE SEQUENCE seq_user START 1;
        CREATE TABLE users (
            user_id INTEGER PRIMARY KEY DEFAULT nextval('seq_user'), login VARCHAR NOT NULL UNIQUE,
            name VARCHAR NOT NULL, role VARCHAR NOT NULL, unit_ids INTEGER[] NOT NULL, password_hash VARCHAR NOT NULL,
            must_change_password BOOLEAN NOT NULL, disabled BOOLEAN NOT NULL, failed_logins INTEGER NOT NULL,
            locked_until TIMESTAMP, created_at TIMESTAMP NOT NULL, password_changed_at TIMESTAMP);
        CREATE TABLE sessions (
            token_hash VARCHAR PRIMARY KEY, user_id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL, revoked_at TIMESTAMP, address VARCHAR);
        CREATE SEQUENCE seq_audit START 1;
        CREATE TABLE audit_log (
            entry_id BIGINT PRIMARY KEY DEFAULT nextval('seq_audit'), logged_at TIMESTAMP NOT NULL, login VARCHAR NOT NULL,
            role VARCHAR NOT NULL, action VARCHAR NOT NULL, object VARCHAR NOT NULL, before VARCHAR, after VARCHAR,
            outcome VARCHAR NOT NULL, address VARCHAR)""")


MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("m001_registry_items_imports", m001_registry_items_imports),
    ("m002_findings", m002_findings),
    ("m003_requests_annual_reports", m003_requests_annual_reports),
    ("m004_column_exemptions", m004_column_exemptions),
    ("m005_finding_conflicts", m005_finding_conflicts),
    ("m006_rubrics_and_bulletins", m006_rubrics_and_bulletins),
    ("m007_accounts_sessions_audit", m007_accounts_sessions_audit),
]


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migrations recorded in this database, in order applied."""
    con.execute("CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    return [r[0] for r in fetch_rows(con, "SELECT name FROM _migrations ORDER BY applied_at, name")]


def migrate(con: duckdb.DuckDBPyConnection, until: str | None = None) -> list[str]:
    """Apply the missing migrations (up to and including `until`); return the names applied now."""
    done = set(applied_migrations(con))
    known = {name for name, _ in MIGRATIONS}
    unknown = sorted(done - known)
    if unknown:
        raise DatabaseVersionError(
            f"数据库由更新版本的程序创建（含未知的结构版本 {', '.join(unknown)}），本程序无法安全使用。",
            "请升级本程序，或改用其他数据库文件（DASHBOARD_DB）。",
        )
    applied = []
    for name, step in MIGRATIONS:
        if name not in done:
            with transaction(con):
                step(con)
                con.execute("INSERT INTO _migrations VALUES (?, ?)", [name, datetime.now()])
            applied.append(name)
        if name == until:
            break
    return applied
