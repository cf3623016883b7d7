"""Every command line action is in the audit log (issue 11): `python -m loaders import|undo|reprocess|quarantine|
demo` and `python -m exports month`, as `cli:<OS user>` or `--as LOGIN` (role checked), in the transaction of
the change; a refusal is a 失败 entry and changes nothing."""

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.accounts.console import os_user
from core.config import REPO_ROOT
from core.storage.db import opened
from exports.__main__ import export_month
from loaders.__main__ import main as loaders_main
from tests.accounts.helpers import add_role_users
from tests.apphelpers import new_database, small_county, write_csv

CLI = f"cli:{os_user()}"
ADDRESS = f"命令行（{os_user()}）"


def loaders(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_DB"}
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args, "--db", str(db)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def entries(db: Path, action: str | None = None) -> list[tuple]:
    """(login, action, object, after, outcome, address) of the non-settings entries, oldest first."""
    with opened(db) as con:
        return con.execute(
            """SELECT login, action, object, after, outcome, address FROM audit_log
               WHERE action <> 'settings' AND (? IS NULL OR action = ?) ORDER BY entry_id""",
            [action, action],
        ).fetchall()


@pytest.fixture
def county_db(tmp_path: Path) -> Path:
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    add_role_users(con)
    con.close()
    return path


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "动态.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [["县甲局", "工作动态", "新", "2026-10-28", "http://x/n"], ["县无此局", "工作动态", "无主", "2026-10-28", ""]],
    )


def test_import_quarantine_reprocess_and_undo_from_the_cli_are_audited(county_db, ledger, tmp_path):
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    imported = loaders("import", str(ledger), str(broken), "--json", db=county_db)
    assert imported.returncode == 2, imported.stderr  # one file unreadable
    rows = entries(county_db, "import")
    assert [(r[0], r[4], r[5]) for r in rows] == [(CLI, "失败", ADDRESS), (CLI, "成功", ADDRESS)]
    sha = hashlib.sha256(ledger.read_bytes()).hexdigest()
    assert rows[0][2] == f"坏.xlsx（sha256 {hashlib.sha256(broken.read_bytes()).hexdigest()[:12]}）"
    assert rows[1][2] == f"动态.csv（sha256 {sha[:12]}）"
    with opened(county_db) as con:
        batch = con.execute("SELECT import_id FROM imports WHERE sha256 = ?", [sha]).fetchall()[0][0]
    assert rows[1][3].startswith(f"批次 {batch}：")

    assert loaders("quarantine", db=county_db).returncode == 0
    assert entries(county_db, "quarantine")[-1][2:5] == ("隔离区", "列出 1 行", "成功")
    assert loaders("reprocess", db=county_db).returncode == 0
    assert entries(county_db, "reprocess")[-1][0::4] == (CLI, "成功")
    with opened(county_db) as con:
        newest = con.execute("SELECT max(import_id) FROM imports WHERE undone_at IS NULL").fetchall()[0][0]
    assert loaders("undo", str(newest), db=county_db).returncode == 0
    assert entries(county_db, "undo")[-1][2:5] == (f"批次 {newest}", "已撤销", "成功")


def test_as_login_acts_with_that_accounts_role(county_db, ledger):
    as_office = loaders("import", str(ledger), "--as", "t_office", db=county_db)
    assert as_office.returncode == 0, as_office.stderr
    assert entries(county_db, "import")[-1][0::4] == ("t_office", "成功")
    assert entries(county_db, "import")[-1][5] == ADDRESS

    with opened(county_db) as con:
        before = con.execute("SELECT count(*) FROM imports").fetchall()
    as_leader = loaders("undo", "1", "--as", "t_leader", db=county_db)
    assert as_leader.returncode == 1 and "无权撤销导入" in as_leader.stderr
    assert entries(county_db)[-1][:2] + entries(county_db)[-1][4:5] == ("t_leader", "undo", "失败")
    unknown = loaders("quarantine", "--as", "nobody", db=county_db)
    assert unknown.returncode == 1 and "nobody" in unknown.stderr
    assert entries(county_db)[-1][:3] + entries(county_db)[-1][4:5] == (CLI, "login", "账号 nobody", "失败")
    with opened(county_db) as con:
        assert con.execute("SELECT count(*) FROM imports").fetchall() == before
        assert con.execute("SELECT count(*) FROM imports WHERE undone_at IS NOT NULL").fetchall() == [(0,)]


def test_each_exported_file_is_an_entry_with_its_hash(county_db, tmp_path):
    out = tmp_path / "out"
    written = export_month("2026-10", out, county_db, date(2026, 11, 20))
    rows = entries(county_db, "export")
    assert len(rows) == len(written) >= 3
    for path, (login, _, obj, after, outcome, _) in zip(written, rows):
        data = path.read_bytes()
        assert (login, outcome) == (CLI, "成功")
        assert obj == f"{path.name}（2026-10 月度文件）"
        assert after == f"{len(data)} 字节，sha256 {hashlib.sha256(data).hexdigest()}"


def test_an_export_refused_for_the_role_writes_no_file(county_db, tmp_path):
    from core.accounts.identity import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        export_month("2026-10", tmp_path / "out", county_db, date(2026, 11, 20), as_login="t_liaison")
    assert not any((tmp_path / "out").iterdir())
    assert entries(county_db, "export")[-1][0::4] == ("t_liaison", "失败")


def test_demo_replace_refuses_a_real_database_and_keeps_its_log(county_db):
    before = entries(county_db)
    assert loaders_main(["demo", "--db", str(county_db), "--replace", "--today", "2026-11-20"]) == 1
    assert entries(county_db) == before  # the very same file, untouched


def test_the_demo_build_is_the_first_entry_of_the_new_database(tmp_path):
    path = tmp_path / "demo.duckdb"
    assert loaders_main(["demo", "--db", str(path), "--today", "2026-11-20"]) == 0
    rows = entries(path, "demo")
    assert [(r[0], r[2], r[4]) for r in rows] == [(CLI, "数据库 demo.duckdb", "成功")]
    assert rows[0][3].startswith("台账截至 2026-11-20，25 个文件")
