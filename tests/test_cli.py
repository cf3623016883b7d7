"""`python -m loaders` as cron jobs and scripts run it: real subprocesses against a temp database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from ledgers import ITEMS_HEADER, UNITS_HEADER, item, registry_sheets, write_csv, write_xlsx

from core.storage.db import connect
from core.storage.migrations import migrate

REPO_ROOT = Path(__file__).resolve().parents[1]
REPORT_KEYS = {"file", "kind", "rows", "loaded", "updated", "duplicate", "rejected"}


def run(*args: str, db: Path | None = None, env_db: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_DB"}
    if env_db is not None:
        env["DASHBOARD_DB"] = str(env_db)
    command = [sys.executable, "-m", "loaders", *args] + (["--db", str(db)] if db is not None else [])
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def query(db: Path, sql: str) -> list[tuple]:
    con = connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "registry": write_xlsx(tmp_path / "单位名录.xlsx", registry_sheets()),
        "items": write_csv(
            tmp_path / "发布台账.csv",
            [
                ITEMS_HEADER,
                item(title="一"),
                item(unit="应急局", title="二"),
                item(unit="县文旅局", title="三"),
                item(title="四", published="2026-13-45"),
            ],
            "gbk",
        ),
        "fix": write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "文旅局", "县直部门", "是", 9]]}),
    }


@pytest.fixture
def first_run(tmp_path: Path, files: dict[str, Path]) -> tuple[Path, list[dict]]:
    """The CLI imports the items ledger and the registry (items named first on purpose): the db and its output."""
    db = tmp_path / "cli.duckdb"
    result = run("import", str(files["items"]), str(files["registry"]), "--json", db=db)
    assert result.returncode == 0, result.stderr
    return db, json_lines(result.stdout)


@pytest.fixture
def imported(first_run: tuple[Path, list[dict]]) -> Path:
    return first_run[0]


def test_import_json_prints_one_object_per_file_and_exits_0_with_rejected_rows(
    first_run: tuple[Path, list[dict]],
) -> None:
    imported, lines = first_run
    assert len(lines) == 2
    assert all(REPORT_KEYS <= set(line) for line in lines)
    by_file = {line["file"]: line for line in lines}
    assert by_file["单位名录.xlsx"]["kind"] == "units,columns"
    assert [by_file["发布台账.csv"][k] for k in ("kind", "rows", "loaded", "updated", "duplicate", "rejected")] == [
        "items",
        4,
        2,
        0,
        0,
        2,
    ]
    assert [line["file"] for line in lines] == ["单位名录.xlsx", "发布台账.csv"]  # registry written first
    assert query(imported, "SELECT file_name, rows, loaded, rejected FROM imports ORDER BY import_id") == [
        ("单位名录.xlsx", 10, 10, 0),
        ("发布台账.csv", 4, 2, 2),
    ]


def test_quarantine_lists_rejected_rows_with_reasons(imported: Path) -> None:
    result = run("quarantine", "--json", db=imported)
    assert result.returncode == 0, result.stderr
    rows = json_lines(result.stdout)
    assert sorted((r["file_name"], r["row_number"], r["reason"]) for r in rows) == [
        ("发布台账.csv", 4, "单位未登记: 县文旅局"),
        ("发布台账.csv", 5, "日期无法识别: 2026-13-45"),
    ]
    raw = {r["row_number"]: json.loads(r["raw_json"]) for r in rows}
    assert raw[4] == {"单位": "县文旅局", "栏目": "通知公告", "标题": "三", "发布日期": "2026-10-08"}
    text = run("quarantine", db=imported)
    assert "单位未登记: 县文旅局" in text.stdout and "共 2 行待处理" in text.stdout


def test_reprocess_after_registering_the_unit_loads_the_row(imported: Path, files: dict[str, Path]) -> None:
    assert run("import", str(files["fix"]), db=imported).returncode == 0
    result = run("reprocess", "--json", db=imported)
    assert result.returncode == 0, result.stderr
    [report] = json_lines(result.stdout)
    assert (report["rows"], report["loaded"], report["rejected"]) == (2, 1, 1)
    assert query(
        imported, "SELECT u.name, i.title FROM items i JOIN units u USING (unit_id) WHERE u.name = '县文旅局'"
    ) == [("县文旅局", "三")]
    still = json_lines(run("quarantine", "--json", db=imported).stdout)
    assert [r["reason"] for r in still] == ["日期无法识别: 2026-13-45"]


def test_unreadable_file_exits_non_zero_with_chinese_message_and_writes_nothing(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    db = tmp_path / "cli.duckdb"
    con = connect(db)
    migrate(con)
    con.close()
    fake = tmp_path / "截图.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)

    alone = run("import", str(fake), db=db)
    assert alone.returncode != 0
    assert "截图.xlsx" in alone.stdout + alone.stderr
    assert "无法导入" in alone.stdout + alone.stderr and "不是 Excel" in alone.stdout + alone.stderr
    assert query(db, "SELECT count(*) FROM imports") == [(0,)]

    mixed = run("import", str(fake), str(files["registry"]), "--json", db=db)
    assert mixed.returncode != 0
    by_file = {line["file"]: line for line in json_lines(mixed.stdout)}
    assert by_file["截图.xlsx"]["loaded"] == 0 and "不是 Excel" in by_file["截图.xlsx"]["error"]
    assert by_file["单位名录.xlsx"]["loaded"] == 10  # the readable file is still imported
    assert query(db, "SELECT file_name FROM imports") == [("单位名录.xlsx",)]


def test_dashboard_db_environment_variable_is_used_without_db_option(tmp_path: Path, files: dict[str, Path]) -> None:
    env_db = tmp_path / "from_env" / "dashboard.duckdb"
    result = run("import", str(files["registry"]), "--json", env_db=env_db)
    assert result.returncode == 0, result.stderr
    assert query(env_db, "SELECT count(*) FROM units") == [(5,)]
    listing = run("quarantine", env_db=env_db)
    assert listing.returncode == 0 and "隔离区为空" in listing.stdout


def test_undo_via_cli_takes_back_only_the_newest_batch(imported: Path) -> None:
    older = run("undo", "1", db=imported)
    assert older.returncode != 0 and "只能撤销最近一次导入" in older.stderr
    newest = run("undo", "2", db=imported)
    assert newest.returncode == 0 and "已撤销第 2 批导入" in newest.stdout
    assert query(imported, "SELECT count(*) FROM items") == [(0,)]
    assert query(imported, "SELECT count(*) FROM units") == [(5,)]


def test_database_from_a_newer_program_is_refused_with_a_message(tmp_path: Path, files: dict[str, Path]) -> None:
    db = tmp_path / "newer.duckdb"
    con = duckdb.connect(str(db))
    migrate(con)
    con.execute("INSERT INTO _migrations VALUES ('m999_future', now())")
    con.close()
    result = run("import", str(files["registry"]), db=db)
    assert result.returncode != 0
    assert "更新版本" in result.stderr and "Traceback" not in result.stderr
    assert query(db, "SELECT count(*) FROM imports") == [(0,)]
