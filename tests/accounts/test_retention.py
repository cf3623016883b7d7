"""Audit retention (网络安全法 第二十一条: ≥ 6 months): only `prune_before` deletes entries, never one younger
than 183 days, and the pruning is itself an entry; nothing else in the product updates or deletes the log.

DuckDB 2.0 has no triggers or rules (CREATE TRIGGER is a syntax error), so the database file itself cannot
refuse an UPDATE/DELETE typed by someone who holds it: append-only is a property of the product's code,
checked here by reading that code."""

import ast
import re
import subprocess
import sys
from datetime import date, datetime

import pytest

from core.accounts.audit import RETENTION_DAYS, prune_before
from core.accounts.identity import CLI_USER, PermissionDeniedError
from core.config import REPO_ROOT
from core.errors import DashboardError
from tests.accounts.helpers import add_role_users

TODAY = date(2026, 12, 1)


def _old_entries(con) -> None:
    for when in (datetime(2026, 1, 5, 9), datetime(2026, 5, 31, 23, 59), datetime(2026, 6, 1, 0, 0)):
        con.execute(
            "INSERT INTO audit_log (logged_at, login, role, action, object, outcome) VALUES (?, 'x', '', 'login', '', '成功')",
            [when],
        )


def _logged(con) -> list:
    return [r[0] for r in con.execute("SELECT logged_at FROM audit_log WHERE login = 'x' ORDER BY 1").fetchall()]


def test_six_months_is_183_days():
    assert (TODAY - date(2026, 6, 1)).days == RETENTION_DAYS == 183


def test_prune_refuses_a_day_younger_than_six_months_and_records_the_attempt(con):
    _old_entries(con)
    with pytest.raises(DashboardError, match="至少 6 个月"):
        prune_before(con, CLI_USER, date(2026, 6, 2), TODAY)
    assert len(_logged(con)) == 3
    last = con.execute("SELECT action, outcome FROM audit_log ORDER BY entry_id DESC LIMIT 1").fetchone()
    assert last == ("audit_prune", "失败")


def test_prune_deletes_only_entries_before_the_day_and_is_itself_an_entry(con):
    _old_entries(con)
    assert prune_before(con, CLI_USER, date(2026, 6, 1), TODAY) == 2
    assert _logged(con) == [datetime(2026, 6, 1, 0, 0)]
    last = con.execute("SELECT action, object, after, outcome FROM audit_log ORDER BY entry_id DESC LIMIT 1")
    assert last.fetchone() == ("audit_prune", "审计日志 2026-06-01 之前", "已删除 2 条", "成功")


def test_only_an_admin_may_prune(county):
    _old_entries(county)
    with pytest.raises(PermissionDeniedError):
        prune_before(county, add_role_users(county)["office"], date(2026, 1, 1), TODAY)
    assert len(_logged(county)) == 3


def test_the_cli_refuses_a_recent_day(db_path):
    run = subprocess.run(
        [sys.executable, "-m", "accounts", "--db", str(db_path), "audit", "--prune-before", date.today().isoformat()],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "至少 6 个月" in run.stderr


_WRITES = re.compile(
    r"(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|DROP\s+TABLE\s+audit_log|TRUNCATE\s+(TABLE\s+)?audit_log)", re.I
)


def _product_files():
    for folder in ("core", "loaders", "exports", "ui", "pages", "accounts"):
        yield from (REPO_ROOT / folder).rglob("*.py")
    yield REPO_ROOT / "server.py"
    yield REPO_ROOT / "dashboard.py"


def test_nothing_but_prune_before_deletes_and_nothing_updates_the_log():
    hits = [(path, m.group(0)) for path in _product_files() for m in _WRITES.finditer(path.read_text("utf-8"))]
    audit = REPO_ROOT / "core/accounts/audit.py"
    assert [(p, re.sub(r"\s+", " ", h)) for p, h in hits] == [(audit, "DELETE FROM audit_log")]
    tree = ast.parse(audit.read_text("utf-8"))
    prune = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "prune_before")
    assert "DELETE FROM audit_log" in ast.get_source_segment(audit.read_text("utf-8"), prune)
