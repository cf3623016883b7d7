"""Shared fixtures: a migrated temp DuckDB, a connection, a small registry, the hand-made county."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from core.storage.db import connect
from core.storage.migrations import migrate
from tests.database import import_bytes
from tests.ledgers import registry_sheets, write_xlsx


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "dashboard.duckdb"
    con = connect(path)
    try:
        migrate(con)
    finally:
        con.close()
    return path


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "单位名录.xlsx", registry_sheets())


@pytest.fixture
def registry_con(con: duckdb.DuckDBPyConnection, registry_file: Path) -> duckdb.DuckDBPyConnection:
    report = import_bytes(con, registry_file)
    assert report.rejected == 0 and report.loaded == 10, report
    return con


@pytest.fixture
def county(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The hand-made county of tests/apphelpers.small_county, loaded through the real loaders."""
    from tests.apphelpers import new_database, small_county

    con = new_database(tmp_path / "county.duckdb")
    small_county(con, tmp_path)
    yield con
    con.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, one per test module (tests skip without /usr/bin/chromium)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield b
        b.close()
