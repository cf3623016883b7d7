"""core.storage.migrations: fresh files get every migration, older ones are upgraded keeping data, newer ones refused."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import import_bytes, snapshot
from ledgers import FINDINGS_HEADER, ITEMS_HEADER, finding, item, registry_sheets, write_csv, write_xlsx

import core.storage.migrations
from core.errors import DatabaseVersionError
from core.storage.db import connect
from core.storage.migrations import MIGRATIONS, applied_migrations, migrate

ALL = [name for name, _ in MIGRATIONS]
FIRST = "m001_registry_items_imports"


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


@pytest.fixture
def raw_con(tmp_path: Path):
    connection = connect(tmp_path / "raw.duckdb")
    yield connection
    connection.close()


def test_fresh_database_gets_every_migration_in_order(raw_con: duckdb.DuckDBPyConnection) -> None:
    assert ALL[0] == FIRST and len(ALL) >= 3
    assert migrate(raw_con) == ALL
    assert applied_migrations(raw_con) == ALL
    assert {
        "imports",
        "quarantine",
        "units",
        "unit_aliases",
        "site_columns",
        "items",
        "findings",
        "finding_history",
        "requests",
        "annual_report_cells",
        "items_prev",
        "findings_prev",
    } <= tables(raw_con)


def test_migrating_twice_applies_nothing_the_second_time(raw_con: duckdb.DuckDBPyConnection) -> None:
    migrate(raw_con)
    before = tables(raw_con)
    assert migrate(raw_con) == []
    assert tables(raw_con) == before
    assert raw_con.execute("SELECT count(*) FROM _migrations").fetchone() == (len(ALL),)


def test_database_left_at_first_migration_is_upgraded_keeping_its_data(
    raw_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    assert migrate(raw_con, until=FIRST) == [FIRST]
    assert applied_migrations(raw_con) == [FIRST]
    assert "findings" not in tables(raw_con) and "requests" not in tables(raw_con)
    import_bytes(raw_con, write_xlsx(tmp_path / "名录.xlsx", registry_sheets()))
    report = import_bytes(raw_con, write_csv(tmp_path / "台账.csv", [ITEMS_HEADER, item(), item(unit="县XX局")], "gbk"))
    assert (report.loaded, report.rejected) == (1, 1)
    m001_tables = ("units", "unit_aliases", "site_columns", "items", "quarantine")
    before = snapshot(raw_con, m001_tables, with_imports=True)

    assert migrate(raw_con) == ALL[1:]
    assert applied_migrations(raw_con) == ALL
    assert snapshot(raw_con, m001_tables, with_imports=True) == before
    later = import_bytes(raw_con, write_csv(tmp_path / "问题.csv", [FINDINGS_HEADER, finding()]))
    assert later.loaded == 1 and later.import_id == report.import_id + 1


def test_database_from_newer_program_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.duckdb"
    con = connect(path)
    migrate(con, until=FIRST)
    con.execute("INSERT INTO _migrations VALUES ('m999_added_by_a_newer_version', ?)", [datetime.now()])
    before = tables(con)
    with pytest.raises(DatabaseVersionError) as info:
        migrate(con)
    assert "m999_added_by_a_newer_version" in info.value.message
    assert "更新版本" in info.value.message and info.value.hint
    assert tables(con) == before  # the known-but-missing migrations were not applied either
    assert applied_migrations(con) == [FIRST, "m999_added_by_a_newer_version"]
    con.close()


def test_failing_migration_is_rolled_back_whole(
    raw_con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("disk full")

    monkeypatch.setattr(core.storage.migrations, "MIGRATIONS", [*MIGRATIONS[:1], ("m002_broken", broken)])
    with pytest.raises(RuntimeError, match="disk full"):
        migrate(raw_con)
    assert "half_done" not in tables(raw_con)
    assert applied_migrations(raw_con) == [FIRST]  # the first one, done in its own transaction, stays
