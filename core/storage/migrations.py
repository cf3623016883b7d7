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


# The characters loaders.normalize.INVISIBLE_RE removes on import (issue 9), in RE2 syntax.
_INVISIBLE_SQL = (
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\x{200b}-\x{200f}\x{202a}-\x{202e}"
    r"\x{2060}-\x{2069}\x{feff}]"
)
# Upsert tables whose first column is a surrogate id outside the content hash (annual_report_cells has none).
_ID_COLUMNS = {
    "units": "unit_id",
    "site_columns": "column_id",
    "items": "item_id",
    "findings": "finding_id",
    "requests": "request_id",
    "annual_report_cells": None,
}
_NOT_HASHED = {"row_key", "row_hash", "import_id", "updated_import_id", "replaced_by_import"}


def m007_clean_stored_text(con: duckdb.DuckDBPyConnection) -> None:
    """Remove NUL, control, zero-width and bidi characters from every stored text (they broke the month's
    documents and the xlsx downloads, issue 9); rows whose text changed get their content hash recomputed the
    way loaders.write hashes (value columns in table order), so re-importing the cleaned file stays a duplicate.
    Keys are cleaned the same way, which equals the key of the cleaned values (keys concatenate values)."""
    columns = fetch_rows(
        con,
        """SELECT table_name, column_name FROM information_schema.columns
                                 WHERE data_type = 'VARCHAR' AND table_schema = 'main' AND table_name <> '_migrations'
                                   AND table_name IN (SELECT table_name FROM information_schema.tables
                                                      WHERE table_type = 'BASE TABLE')
                                   AND column_name <> 'row_hash' ORDER BY table_name, column_name""",
    )
    changed: set[str] = set()
    for table, column in columns:
        where = f'regexp_matches("{column}", ?)'
        if fetch_rows(con, f'SELECT 1 FROM "{table}" WHERE {where} LIMIT 1', [_INVISIBLE_SQL]):
            con.execute(
                f'UPDATE "{table}" SET "{column}" = regexp_replace("{column}", ?, \'\', \'g\') WHERE {where}',
                [_INVISIBLE_SQL, _INVISIBLE_SQL],
            )
            changed.add(table)
    for table in sorted(changed):
        base = table.removesuffix("_prev")
        if base not in _ID_COLUMNS:
            continue
        names = [
            r[0]
            for r in fetch_rows(
                con,
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            )
        ]
        hashed = [n for n in names if n not in _NOT_HASHED and n != _ID_COLUMNS[base]]
        con.execute(f'UPDATE "{table}" SET row_hash = CAST(hash({", ".join(hashed)}) AS VARCHAR)')


def m008_finding_due_dates_on_read(con: duckdb.DuckDBPyConnection) -> None:
    """Finding due dates are computed on read (issue 10): the stored due_on is dropped where it was computed.

    Before, the importer turned `10个工作日` / `15天` into a date with the calendar of that day and stored it,
    so entering next year's holidays later changed nothing. Now core.rectification.rules recomputes such limits
    from the `deadline` text and the calendar in force every time. The columns are kept, not dropped, because
    the import's write spec, the `_prev` twins and undo still carry them: `due_on` now holds only a date the
    ledger wrote as its 整改时限 (calendar-independent, so not a stale cache), NULL for counted limits;
    `due_uses_fallback` is no longer stored (NULL). Row hashes are recomputed over the same columns as the
    importer's, so re-importing an unchanged ledger still reports its rows as duplicates.
    """
    counted = "regexp_full_match(deadline, '[0-9]+个?(工作日|天|日|自然日)内?')"
    values = (
        "finding_no, inspection, found_on, unit_id, problem_type, description, deadline, due_on, "
        "due_uses_fallback, status, rectified_on, rectification_note, review"
    )
    for table in ("findings", "findings_prev"):
        con.execute(f"UPDATE {table} SET due_on = NULL WHERE {counted}")
        con.execute(f"UPDATE {table} SET due_uses_fallback = NULL")
        # a separate statement: SET expressions see the row as it was before their own UPDATE
        con.execute(f"UPDATE {table} SET row_hash = CAST(hash({values}) AS VARCHAR)")


def _add_columns(con: duckdb.DuckDBPyConnection, table: str, columns: str) -> None:
    """Add nullable columns to `table` and its `_prev` twin, keeping replaced_by_import last in the twin
    (the importer copies `SELECT t.*, import_id` into it by position)."""
    for column in columns.split(","):
        con.execute(f"ALTER TABLE {table} ADD COLUMN {column.strip()}")
    con.execute(
        f"CREATE TABLE {table}_prev_new AS SELECT *, 0::INTEGER AS replaced_by_import FROM {table} WITH NO DATA"
    )
    names = [r[0] for r in fetch_rows(con, f"SELECT * FROM (DESCRIBE {table}_prev_new)")]
    old = {r[0] for r in fetch_rows(con, f"SELECT * FROM (DESCRIBE {table}_prev)")}
    picked = ", ".join(n if n in old else "NULL" for n in names)
    con.execute(f"INSERT INTO {table}_prev_new SELECT {picked} FROM {table}_prev")
    con.execute(f"DROP TABLE {table}_prev")
    con.execute(f"ALTER TABLE {table}_prev_new RENAME TO {table}_prev")


def m009_review_and_request_dates(con: duckdb.DuckDBPyConnection) -> None:
    """Dates the rules of issue 10 need when a ledger carries them (NULL otherwise).

    findings.reviewed_on: the day of the 回头看 (a failed one reopens a finding only from that day);
    requests.correction_requested_on / correction_count: when and how often the applicant was asked to 补正
    (条例 第三十条: once, within 7 working days); requests.delayed_due_on: a 延迟答复 date (第三十五条).
    """
    _add_columns(con, "findings", "reviewed_on DATE")
    _add_columns(con, "requests", "correction_requested_on DATE, correction_count INTEGER, delayed_due_on DATE")


def m010_document_register(con: duckdb.DuckDBPyConnection) -> None:
    """发文登记 (issue 12): one row per issued document, so 文号 run in sequence per type and year and a document
    exported again keeps its number; and the free paragraphs (工作要求, 抄送) staff edit before 签发."""
    con.execute("""
        CREATE TABLE document_register (
            doc_key VARCHAR PRIMARY KEY, doc_type VARCHAR NOT NULL, year INTEGER NOT NULL, seq INTEGER,
            doc_number VARCHAR NOT NULL, title VARCHAR NOT NULL, as_of DATE, registered_at TIMESTAMP NOT NULL,
            UNIQUE (doc_type, year, seq));
        CREATE TABLE document_paragraphs (
            doc_key VARCHAR NOT NULL, part VARCHAR NOT NULL, paragraphs VARCHAR NOT NULL,
            edited_by VARCHAR NOT NULL, edited_at TIMESTAMP NOT NULL, PRIMARY KEY (doc_key, part))""")


def m011_accounts_sessions_audit(con: duckdb.DuckDBPyConnection) -> None:
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


def m012_rectification_feedback(con: duckdb.DuckDBPyConnection) -> None:
    """整改反馈 (issue 11): a unit's liaison answers an open finding (text, 整改完成日期, an optional evidence link
    or file); the office accepts it (通过: the finding is marked 已整改 through finding_history, whose row the
    feedback names) or returns it (退回, with a reason). Evidence files are kept as bytes in their own table,
    so the feedback lists never carry them; they are only ever offered for download."""
    con.execute("""
        CREATE SEQUENCE seq_feedback START 1;
        CREATE TABLE rectification_feedback (
            feedback_id INTEGER PRIMARY KEY DEFAULT nextval('seq_feedback'), finding_id INTEGER NOT NULL,
            body VARCHAR NOT NULL, rectified_on DATE NOT NULL, evidence_url VARCHAR, evidence_name VARCHAR,
            evidence_size BIGINT, evidence_sha256 VARCHAR, submitted_by VARCHAR NOT NULL,
            submitted_login VARCHAR NOT NULL, submitted_at TIMESTAMP NOT NULL, state VARCHAR NOT NULL,
            decided_by VARCHAR, decided_at TIMESTAMP, return_reason VARCHAR, history_id INTEGER);
        CREATE TABLE rectification_evidence (feedback_id INTEGER PRIMARY KEY, content BLOB NOT NULL)""")


def m013_bulletin_withdrawal(con: duckdb.DuckDBPyConnection) -> None:
    """Signed bulletins get versions (issue 11): a leader may withdraw a signed bulletin with a written reason;
    the withdrawn version stays readable (已撤回, reason, person, time) and the next 签发 stores version + 1.
    Rows signed before this migration become version 1."""
    con.execute("""
        ALTER TABLE bulletins RENAME TO bulletins_m011;
        ALTER TABLE bulletin_scores RENAME TO bulletin_scores_m011;
        ALTER TABLE bulletin_lines RENAME TO bulletin_lines_m011;
        CREATE TABLE bulletins (
            month VARCHAR NOT NULL, version INTEGER NOT NULL, rubric_version_id INTEGER NOT NULL,
            as_of DATE NOT NULL, frozen_at TIMESTAMP NOT NULL, frozen_by VARCHAR NOT NULL, doc_number VARCHAR,
            facts VARCHAR, withdrawn_at TIMESTAMP, withdrawn_by VARCHAR, withdraw_reason VARCHAR,
            PRIMARY KEY (month, version));
        CREATE TABLE bulletin_scores (
            month VARCHAR NOT NULL, version INTEGER NOT NULL, unit_id INTEGER NOT NULL, unit_name VARCHAR NOT NULL,
            unit_type VARCHAR NOT NULL, group_name VARCHAR NOT NULL, base DOUBLE NOT NULL,
            deductions DOUBLE NOT NULL, bonuses DOUBLE NOT NULL, score DOUBLE NOT NULL, rank INTEGER NOT NULL,
            grade VARCHAR NOT NULL, PRIMARY KEY (month, version, unit_id));
        CREATE TABLE bulletin_lines (
            month VARCHAR NOT NULL, version INTEGER NOT NULL, unit_id INTEGER NOT NULL, rule_key VARCHAR NOT NULL,
            rule_name VARCHAR NOT NULL, indicator VARCHAR, count INTEGER NOT NULL, points DOUBLE NOT NULL,
            amount DOUBLE NOT NULL, evidence VARCHAR);
        INSERT INTO bulletins SELECT month, 1, rubric_version_id, as_of, frozen_at, frozen_by, doc_number, facts,
            NULL, NULL, NULL FROM bulletins_m011;
        INSERT INTO bulletin_scores SELECT month, 1, unit_id, unit_name, unit_type, group_name, base, deductions,
            bonuses, score, rank, grade FROM bulletin_scores_m011;
        INSERT INTO bulletin_lines SELECT month, 1, unit_id, rule_key, rule_name, indicator, count, points, amount,
            evidence FROM bulletin_lines_m011;
        DROP TABLE bulletins_m011;
        DROP TABLE bulletin_scores_m011;
        DROP TABLE bulletin_lines_m011""")


def m014_import_uploader_and_quarantine_edits(con: duckdb.DuckDBPyConnection) -> None:
    """Who uploaded a batch and which units it was limited to (a liaison's upload, issue 11), a note on the batch,
    and the corrections staff made to quarantined rows before reprocessing them (issue 12 item 8).

    A table beside `imports` rather than new columns on it: batches of earlier programs keep their rows as they were,
    and a batch without an entry is the office's (no unit limit)."""
    con.execute("""
        CREATE TABLE import_uploads (
            import_id INTEGER PRIMARY KEY, uploaded_by VARCHAR, unit_scope INTEGER[], note VARCHAR);
        CREATE SEQUENCE seq_quarantine_edit START 1;
        CREATE TABLE quarantine_edits (
            edit_id INTEGER PRIMARY KEY DEFAULT nextval('seq_quarantine_edit'), quarantine_id INTEGER NOT NULL,
            import_id INTEGER NOT NULL, field VARCHAR NOT NULL, before VARCHAR, after VARCHAR,
            edited_by VARCHAR NOT NULL, edited_at TIMESTAMP NOT NULL)""")


def m015_reminders_and_inspections(con: duckdb.DuckDBPyConnection) -> None:
    """Liaison contacts from the 单位名录, every reminder sent with its answer, and each quarter's 互查 plan
    (issue 14).

    Contacts live beside `units` (not in it) so a 单位名录 without the contact columns changes no unit row hash;
    one row per unit per import, the newest non-empty value of each field counts, and undoing the import removes
    its rows (as for unit_aliases).
    """
    con.execute("""
        CREATE TABLE unit_contacts (
            unit_id INTEGER NOT NULL, liaison VARCHAR, mobile VARCHAR, email VARCHAR, import_id INTEGER NOT NULL);
        CREATE SEQUENCE seq_reminder_send START 1;
        CREATE TABLE reminder_sends (
            send_id BIGINT PRIMARY KEY DEFAULT nextval('seq_reminder_send'), sent_at TIMESTAMP NOT NULL,
            reminder_day DATE NOT NULL, channel VARCHAR NOT NULL, recipient VARCHAR NOT NULL, unit_id INTEGER,
            address VARCHAR NOT NULL, part INTEGER NOT NULL, parts INTEGER NOT NULL, content VARCHAR NOT NULL,
            mentions VARCHAR NOT NULL, ok BOOLEAN NOT NULL, answer VARCHAR NOT NULL, attempt INTEGER NOT NULL);
        CREATE TABLE inspection_pairs (
            quarter VARCHAR NOT NULL, inspector_id INTEGER NOT NULL, target_id INTEGER NOT NULL,
            saved_at TIMESTAMP NOT NULL, saved_by VARCHAR NOT NULL, PRIMARY KEY (quarter, target_id))""")


def m016_annual_report_checks(con: duckdb.DuckDBPyConnection) -> None:
    """Annual reports as read (issue 13): one row per unit and year with the file and the detected format, every
    mapped value with its raw text and location, and the result of each check per unit/year/check. The older
    annual_report_cells table (an Excel layout's cells) stays as it was."""
    con.execute("""
        CREATE TABLE annual_reports (
            unit_id INTEGER NOT NULL, year INTEGER NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
            file_format VARCHAR NOT NULL, report_format VARCHAR NOT NULL, complete BOOLEAN NOT NULL,
            received_on DATE NOT NULL, dated DATE, unit_written VARCHAR, report_text VARCHAR, sections VARCHAR,
            notes VARCHAR, imported_at TIMESTAMP NOT NULL, imported_by VARCHAR NOT NULL, PRIMARY KEY (unit_id, year));
        CREATE TABLE annual_report_values (
            unit_id INTEGER NOT NULL, year INTEGER NOT NULL, table_no VARCHAR NOT NULL, row_key VARCHAR NOT NULL,
            col_key VARCHAR NOT NULL, raw VARCHAR NOT NULL, value DOUBLE, invalid BOOLEAN NOT NULL,
            location VARCHAR NOT NULL, row_label VARCHAR,
            PRIMARY KEY (unit_id, year, table_no, row_key, col_key));
        CREATE TABLE annual_report_checks (
            unit_id INTEGER NOT NULL, year INTEGER NOT NULL, check_id VARCHAR NOT NULL, status VARCHAR NOT NULL,
            severity VARCHAR NOT NULL, message VARCHAR NOT NULL, expected VARCHAR, found VARCHAR, cells VARCHAR,
            checked_at TIMESTAMP NOT NULL, PRIMARY KEY (unit_id, year, check_id));
        CREATE TABLE annual_check_reviews (
            unit_id INTEGER NOT NULL, year INTEGER NOT NULL, check_id VARCHAR NOT NULL, decision VARCHAR NOT NULL,
            note VARCHAR, decided_by VARCHAR NOT NULL, decided_at TIMESTAMP NOT NULL,
            PRIMARY KEY (unit_id, year, check_id))""")


def m017_hash_the_new_ledger_dates(con: duckdb.DuckDBPyConnection) -> None:
    """The findings and requests ledgers now carry 回头看日期, 补正告知日期, 补正次数 and 延迟答复期限 (the
    columns of m009): their row hashes are recomputed over the importer's new value columns
    (loaders.write TABLES), so re-importing an unchanged ledger still reports its rows as duplicates."""
    values = {
        "findings": "finding_no, inspection, found_on, unit_id, problem_type, description, deadline, due_on, "
        "due_uses_fallback, status, rectified_on, rectification_note, review, reviewed_on",
        "requests": "unit_id, request_no, received_on, channel, applicant_type, extension_count, replied_on, "
        "outcome, correction_received_on, consultation_from, consultation_to, correction_requested_on, "
        "correction_count, delayed_due_on",
    }
    for base, columns in values.items():
        for table in (base, f"{base}_prev"):
            con.execute(f"UPDATE {table} SET row_hash = CAST(hash({columns}) AS VARCHAR)")


def m018_year_assessments(con: duckdb.DuckDBPyConnection) -> None:
    """The year's assessment as signed (签发) by the leader (issue 14 item 3): each version with who and when, the
    scores, the monthly scores averaged and the year items, so the announced result no longer follows the ledgers;
    a withdrawn version stays with its reason (as bulletins do)."""
    con.execute("""
        CREATE TABLE year_assessments (
            year INTEGER NOT NULL, version INTEGER NOT NULL, as_of DATE NOT NULL, frozen_at TIMESTAMP NOT NULL,
            frozen_by VARCHAR NOT NULL, doc_number VARCHAR NOT NULL, withdrawn_at TIMESTAMP, withdrawn_by VARCHAR,
            withdraw_reason VARCHAR, PRIMARY KEY (year, version));
        CREATE TABLE year_assessment_scores (
            year INTEGER NOT NULL, version INTEGER NOT NULL, unit_id INTEGER NOT NULL, unit_name VARCHAR,
            group_name VARCHAR, sort_order INTEGER, monthly_average DOUBLE, items_total DOUBLE, score DOUBLE,
            rank INTEGER, grade VARCHAR);
        CREATE TABLE year_assessment_monthly (
            year INTEGER NOT NULL, version INTEGER NOT NULL, unit_id INTEGER NOT NULL, month VARCHAR NOT NULL,
            score DOUBLE, rank INTEGER);
        CREATE TABLE year_assessment_items (
            year INTEGER NOT NULL, version INTEGER NOT NULL, unit_id INTEGER NOT NULL, item VARCHAR NOT NULL,
            item_points DOUBLE, item_explanation VARCHAR)""")


MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("m001_registry_items_imports", m001_registry_items_imports),
    ("m002_findings", m002_findings),
    ("m003_requests_annual_reports", m003_requests_annual_reports),
    ("m004_column_exemptions", m004_column_exemptions),
    ("m005_finding_conflicts", m005_finding_conflicts),
    ("m006_rubrics_and_bulletins", m006_rubrics_and_bulletins),
    ("m007_clean_stored_text", m007_clean_stored_text),
    ("m008_finding_due_dates_on_read", m008_finding_due_dates_on_read),
    ("m009_review_and_request_dates", m009_review_and_request_dates),
    ("m010_document_register", m010_document_register),
    ("m011_accounts_sessions_audit", m011_accounts_sessions_audit),
    ("m012_rectification_feedback", m012_rectification_feedback),
    ("m013_bulletin_withdrawal", m013_bulletin_withdrawal),
    ("m014_import_uploader_and_quarantine_edits", m014_import_uploader_and_quarantine_edits),
    ("m015_reminders_and_inspections", m015_reminders_and_inspections),
    ("m016_annual_report_checks", m016_annual_report_checks),
    ("m017_hash_the_new_ledger_dates", m017_hash_the_new_ledger_dates),
    ("m018_year_assessments", m018_year_assessments),
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
