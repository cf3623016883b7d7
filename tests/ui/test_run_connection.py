"""One DuckDB connection per script run (ui.state.one_connection_per_run): shared by every db() of the run,
closed when the run ends however it ends, so another process (a CLI import) gets the file between runs."""

import subprocess
import sys

import duckdb
import pytest

from tests.apphelpers import new_database
from ui.state import db, one_connection_per_run


def _closed(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT 1").fetchall()
    except duckdb.ConnectionException:
        return True
    return False


def _another_process_opens(path) -> bool:
    code = f"import duckdb; duckdb.connect({str(path)!r}).close()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


@pytest.fixture
def database(tmp_path, monkeypatch):
    path = tmp_path / "a.duckdb"
    new_database(path).close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    return path


def test_a_run_shares_one_connection_and_frees_the_file_when_it_ends(database):
    with one_connection_per_run():
        with db() as first:
            first.execute("CREATE TABLE t (x INTEGER)")
        with db() as second:
            assert second is first and not _closed(first)  # kept open between two uses of the run
            second.execute("INSERT INTO t VALUES (1)")
        assert not _another_process_opens(database)  # held for the run …
    assert _closed(first)
    assert _another_process_opens(database)  # … and free as soon as it ends


def test_a_run_that_ends_with_an_exception_still_closes_its_connection(database):
    with pytest.raises(RuntimeError), one_connection_per_run():
        with db() as con:
            raise RuntimeError("st.stop() and reruns end a run by an exception")
    assert _closed(con) and _another_process_opens(database)


def test_outside_a_run_each_use_opens_and_closes_its_own(database):
    with db() as first:
        pass
    with db() as second:
        assert second is not first
    assert _closed(first) and _closed(second)


def test_a_value_asked_for_twice_in_a_run_is_computed_once_and_afresh_next_run():
    from ui.state import once_per_run

    calls = []

    def who() -> str:
        calls.append(1)
        return f"王五{len(calls)}"

    with one_connection_per_run():
        assert once_per_run("user", who) == once_per_run("user", who) == "王五1"
    with one_connection_per_run():
        assert once_per_run("user", who) == "王五2"  # a new run asks again (the session may have ended)
    assert once_per_run("user", who) == "王五3" and once_per_run("user", who) == "王五4"  # outside a run: each time
