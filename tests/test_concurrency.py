"""A CLI import beside the running app: it waits for the file, and the app shows the new rows without restart."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apphelpers import new_database, small_county, write_csv

ROOT = Path(__file__).resolve().parent.parent
_HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(float(sys.argv[2]))"


def _hold(path: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


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
    new_database(db).close()
    small_county_con = new_database(db)
    small_county(small_county_con, tmp_path)
    small_county_con.close()
    holder = _hold(db, 2.5)
    started = time.monotonic()
    result = _cli("import", str(_items_file(tmp_path)), "--db", str(db), "--json")
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 2.0  # it waited rather than failing
    assert "占用" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["loaded"] == 1


def test_cli_gives_up_with_a_message_and_writes_nothing_when_the_lock_stays(tmp_path):
    db = tmp_path / "d.duckdb"
    new_database(db).close()
    holder = _hold(db, 6)
    result = _cli("import", str(_items_file(tmp_path)), "--db", str(db), env={"DASHBOARD_LOCK_WAIT": "1"})
    holder.kill()
    holder.wait()
    assert result.returncode == 3
    assert "数据库文件正被其他程序占用" in result.stderr
    con = new_database(db)
    assert con.execute("SELECT count(*) FROM imports").fetchall() == [(0,)]
    con.close()


def test_app_shows_a_cli_import_on_the_next_rerun(tmp_path, monkeypatch):
    db = tmp_path / "d.duckdb"
    con = new_database(db)
    small_county(con, tmp_path)
    con.close()
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.sidebar.selectbox[1].set_value("2026-10").run()
    before = next(m.value for m in at.metric if m.label == "本月发布信息")
    result = _cli("import", str(_items_file(tmp_path)), "--db", str(db))
    assert result.returncode == 0, result.stderr
    at.run()
    after = next(m.value for m in at.metric if m.label == "本月发布信息")
    assert (int(before), int(after)) == (3, 4)
