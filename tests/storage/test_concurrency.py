"""A CLI import beside the running app: it waits for the file, and the app shows the new rows without restart."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from core.errors import ConcurrentChangeError
from core.storage.db import connect, opened, transaction
from tests.apphelpers import app_as, county_database, new_database, small_county, write_csv

ROOT = REPO_ROOT
# Holds a read-write connection until its stdin closes: the test decides when the lock goes, not a clock.
_HOLD = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read(); c.close()"


def _hold(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _release(holder: subprocess.Popen) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=60)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _items_file(folder: Path) -> Path:
    return write_csv(
        folder / "more.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [["县甲局", "工作动态", "新增一条", "2026-10-27", "http://x/new"]],
    )


def test_cli_waits_while_another_process_holds_the_file(tmp_path):
    db = tmp_path / "d.duckdb"
    con = new_database(db)
    small_county(con, tmp_path)
    con.close()
    holder = _hold(db)
    cli = subprocess.Popen(
        [sys.executable, "-m", "loaders", "import", str(_items_file(tmp_path)), "--db", str(db), "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DASHBOARD_LOCK_WAIT": "600"},
    )
    assert cli.stderr is not None
    seen = []
    for line in cli.stderr:  # the importer says it is waiting: only then is the lock let go
        seen.append(line)
        if "占用" in line:
            break
    assert "占用" in seen[-1], seen
    _release(holder)
    out, err = cli.communicate(timeout=120)
    assert cli.returncode == 0, err
    assert json.loads(out.splitlines()[0])["loaded"] == 1


def test_cli_gives_up_with_a_message_and_writes_nothing_when_the_lock_stays(tmp_path):
    db = tmp_path / "d.duckdb"
    new_database(db).close()
    holder = _hold(db)
    try:
        result = _cli("import", str(_items_file(tmp_path)), "--db", str(db), env={"DASHBOARD_LOCK_WAIT": "1"})
    finally:
        _release(holder)
    assert result.returncode == 3
    assert "数据库文件正被其他程序占用" in result.stderr
    con = new_database(db)
    assert con.execute("SELECT count(*) FROM imports").fetchall() == [(0,)]
    con.close()


def test_app_shows_a_cli_import_on_the_next_rerun(tmp_path, monkeypatch):
    db = county_database(tmp_path)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = app_as(timeout=60).run()
    at.sidebar.selectbox[1].set_value("2026-10").run()
    before = next(m.value for m in at.metric if m.label == "本月发布信息")
    result = _cli("import", str(_items_file(tmp_path)), "--db", str(db))
    assert result.returncode == 0, result.stderr
    at.run()
    after = next(m.value for m in at.metric if m.label == "本月发布信息")
    assert (int(before), int(after)) == (3, 4)


def test_two_changes_of_one_record_at_the_same_moment_refuse_the_second_in_chinese(tmp_path):
    """Two staff marking the same finding at once: DuckDB writes the first and refuses the second ("Conflict on
    update"); the second gets ConcurrentChangeError with a Chinese message, and nothing of it is written."""
    path = tmp_path / "a.duckdb"
    first = new_database(path)
    first.execute("CREATE TABLE marks (id INTEGER, status VARCHAR, note VARCHAR)")
    first.execute("INSERT INTO marks VALUES (1, '未整改', '')")
    second = connect(path)
    with transaction(first):
        first.execute("UPDATE marks SET status = '已整改', note = '甲' WHERE id = 1")
        with pytest.raises(ConcurrentChangeError) as refused, transaction(second):
            second.execute("UPDATE marks SET status = '整改中', note = '乙' WHERE id = 1")
    assert "同一时刻修改了同一条记录" in refused.value.message and refused.value.hint
    assert second.execute("SELECT status, note FROM marks").fetchall() == [("已整改", "甲")]  # the first one's
    with transaction(second):  # the refused connection is usable again
        second.execute("UPDATE marks SET note = '乙' WHERE id = 1")
    assert first.execute("SELECT note FROM marks").fetchall() == [("乙",)]
    first.close()
    second.close()


def test_threads_opening_the_file_at_the_same_moment_all_get_a_connection(tmp_path):
    """Pages, the login gate and the warm-up open the file from many threads; with no connection open yet, two
    simultaneous opens each started a DuckDB instance and one failed ("Unique file handle conflict")."""
    path = tmp_path / "shared.duckdb"
    with opened(path) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    threads, rounds = 8, 40
    start_together = threading.Barrier(threads)
    failures: list[str] = []

    def open_and_read() -> None:
        for _ in range(rounds):
            start_together.wait()  # every round starts with no connection open: all threads open at once
            try:
                con = connect(path, wait_seconds=0)
                con.execute("SELECT count(*) FROM t").fetchall()
                con.close()
            except Exception as exc:  # noqa: BLE001 — the failure is what the test counts
                failures.append(f"{type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=open_and_read) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
