"""Settings are files under data/; a change of a file's SHA-256 is a 设置变更 entry with before/after hash,
recorded when the product loads them (server, CLIs), once per change and per database."""

import hashlib
import os
import subprocess
import sys

import pytest

from core.accounts.settings_audit import ABSENT, FIRST_SEEN, record_settings_changes
from core.config import REPO_ROOT
from core.storage.db import opened
from tests.apphelpers import new_database


def _settings(con) -> list[tuple]:
    return con.execute(
        "SELECT login, object, before, after, outcome FROM audit_log WHERE action = 'settings' ORDER BY entry_id"
    ).fetchall()


@pytest.fixture
def holidays(tmp_path, monkeypatch):
    path = tmp_path / "holidays.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_HOLIDAYS", str(path))
    monkeypatch.setenv("DASHBOARD_SECURITY", str(tmp_path / "security.toml"))  # absent: not recorded
    return path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_load_records_each_file_then_only_changes(tmp_path, holidays):
    con = new_database(tmp_path / "a.duckdb")
    first = record_settings_changes(con, "服务器")
    assert f"节假日 {holidays}" in first and "考核细则 data/rubric.toml" in first
    assert "年度考评办法 data/assessment.toml" in first and "提醒渠道 data/reminders.toml" in first
    assert not any(obj.startswith("安全设置") for obj in first)  # an optional file that does not exist
    assert record_settings_changes(con) == []
    old = _sha(holidays)
    holidays.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,调休\n", encoding="utf-8")
    assert record_settings_changes(con) == [f"节假日 {holidays}"]
    login, obj, before, after, outcome = _settings(con)[-1]
    assert (login, obj, before, outcome) == ("system", f"节假日 {holidays}", f"sha256 {old}", "成功")
    assert after.startswith(f"sha256 {_sha(holidays)}（文件修改于 ")
    assert [r[2] for r in _settings(con) if r[1] == obj] == [FIRST_SEEN, f"sha256 {old}"]
    holidays.unlink()
    assert record_settings_changes(con) == [f"节假日 {holidays}"]
    assert _settings(con)[-1][2:4] == (f"sha256 {_sha_text(after)}", ABSENT)
    con.close()


def _sha_text(after: str) -> str:
    return after.split()[1].split("（")[0]


def test_each_database_keeps_its_own_record(tmp_path, holidays):
    first = new_database(tmp_path / "a.duckdb")
    record_settings_changes(first)
    second = new_database(tmp_path / "b.duckdb")
    assert f"节假日 {holidays}" in record_settings_changes(second)  # not skipped because a.duckdb saw it
    first.close()
    second.close()


def test_a_cli_run_records_a_changed_file(tmp_path, holidays):
    db = tmp_path / "c.duckdb"
    new_database(db).close()
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_DB"}

    def quarantine() -> None:
        run = [sys.executable, "-m", "loaders", "quarantine", "--db", str(db)]
        assert subprocess.run(run, cwd=REPO_ROOT, env=env, capture_output=True, timeout=120).returncode == 0

    quarantine()
    holidays.write_text("date,kind,name\n2027-10-01,holiday,国庆节\n", encoding="utf-8")
    quarantine()
    with opened(db) as con:
        rows = [r for r in _settings(con) if r[1] == f"节假日 {holidays}"]
    assert [r[2] for r in rows][0] == FIRST_SEEN and len(rows) == 2
    assert rows[1][3].startswith(f"sha256 {_sha(holidays)}")
