"""Every hostile file class of issue 9 through the CLI (one subprocess for all files) and the upload page (AppTest).

Each file ends as its Case says: refused with a Chinese message naming it and nothing written, or imported with
every row in an outcome; row counts are unchanged by a batch of refused files; stored text is clean.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.storage.db import connect
from loaders.normalize import INVISIBLE_RE
from loaders.pipeline import import_file
from tests.apphelpers import app_as, new_database
from tests.ledgers import registry_sheets, write_xlsx
from tests.loaders.hostile import CASES, Case, write_cases
from ui import strings

ROOT = Path(__file__).resolve().parents[2]
TABLES = (
    "imports",
    "units",
    "unit_aliases",
    "site_columns",
    "items",
    "findings",
    "finding_history",
    "requests",
    "quarantine",
    "annual_report_cells",
)
REFUSED = [c for c in CASES if c.expect == "refused"]
BY_NAME = {c.name: c for c in CASES}


def test_the_suite_covers_at_least_forty_classes() -> None:
    assert len(CASES) >= 40 and len(BY_NAME) == len(CASES)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return write_cases(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("registry")
    db = folder / "registry.duckdb"
    con = new_database(db)
    path = write_xlsx(folder / "单位名录.xlsx", registry_sheets())
    import_file(con, path.read_bytes(), path.name)
    con.close()
    return db


def _copy(db: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copy(db, target)
    return target


def _counts(db: Path) -> dict[str, int]:
    con = connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def _imported_names(db: Path) -> set[str]:
    con = connect(db)
    try:
        return {r[0] for r in con.execute("SELECT file_name FROM imports WHERE status = 'completed'").fetchall()}
    finally:
        con.close()


def _cli(paths: list[Path], db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_DB"}
    return subprocess.run(
        [sys.executable, "-m", "loaders", "import", *map(str, paths), "--db", str(db), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cli_run(files, registry_db, tmp_path_factory):
    db = _copy(registry_db, tmp_path_factory.mktemp("cli"), "all.duckdb")
    result = _cli(list(files.values()), db)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result, {line["file"]: line for line in lines}, db


def _notes(line: dict) -> list[str]:
    return [p["reason"] for p in line.get("problems", [])] + [p["reason"] for p in line.get("cleaned", [])]


def _assert_cli_outcome(case: Case, line: dict) -> None:
    if case.expect == "refused" or (case.expect == "either" and line.get("error")):
        assert line.get("error"), line
        assert case.name in line["error"] and case.note in line["error"], line["error"]
        return
    assert not line.get("error"), line
    assert line["rows"] == line["loaded"] + line["updated"] + line["duplicate"] + line["rejected"] > 0, line
    if case.rejected is not None:
        assert line["rejected"] == case.rejected, line
    if case.note:
        assert any(case.note in n for n in _notes(line)), _notes(line)


def test_cli_gives_every_file_one_json_line_and_no_traceback(cli_run) -> None:
    result, lines, _ = cli_run
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 2  # some files were refused; the others were imported
    assert sorted(lines) == sorted(BY_NAME)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli_outcome_of_each_hostile_file(cli_run, case: Case) -> None:
    _, lines, db = cli_run
    _assert_cli_outcome(case, lines[case.name])
    if lines[case.name].get("error"):
        assert case.name not in _imported_names(db)


def test_cli_stores_no_invisible_characters_and_no_external_entities(cli_run) -> None:
    _, _, db = cli_run
    con = connect(db)
    try:
        texts = [
            v
            for (v,) in con.execute(
                "SELECT title FROM items UNION ALL SELECT name FROM units UNION ALL SELECT raw_json FROM quarantine"
            ).fetchall()
        ]
    finally:
        con.close()
    assert texts and not [t for t in texts if INVISIBLE_RE.search(t)]
    assert not [t for t in texts if "root:" in t]


def test_cli_refused_files_change_no_row_counts(files, registry_db, tmp_path) -> None:
    db = _copy(registry_db, tmp_path, "refused.duckdb")
    before = _counts(db)
    result = _cli([files[c.name] for c in REFUSED], db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == len(REFUSED)
    assert _counts(db) == before


def _upload_all(db: Path, paths: list[Path], monkeypatch) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = app_as(timeout=300).run()
    at.switch_page("pages/imports.py").run()
    for path in paths:
        at.file_uploader[0].upload(path.name, path.read_bytes(), "application/octet-stream")
    at.run()
    next(b for b in at.button if b.label == strings.UPLOAD_BUTTON).click().run()
    return at


@pytest.fixture(scope="module")
def upload_run(files, registry_db, tmp_path_factory):
    db = _copy(registry_db, tmp_path_factory.mktemp("upload"), "upload.duckdb")
    monkeypatch = pytest.MonkeyPatch()
    try:
        at = _upload_all(db, list(files.values()), monkeypatch)
    finally:
        monkeypatch.undo()
    return at, [_as_read(e.value) for e in at.error], _imported_names(db)


def _as_read(markdown: str) -> str:
    """What the clerk reads: the page escapes file names and messages as text (ui.text.plain)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def test_upload_page_survives_the_whole_hostile_batch(upload_run) -> None:
    at, _, _ = upload_run
    assert not at.exception


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_upload_outcome_of_each_hostile_file(upload_run, case: Case) -> None:
    _, errors, imported = upload_run
    refusals = [e for e in errors if e.startswith(case.name)]
    if case.expect == "refused":
        assert case.name not in imported
        assert any(case.note in e and "未写入任何数据" in e for e in refusals), errors
    elif case.expect == "imported":
        assert case.name in imported and not refusals, errors
    else:
        assert (case.name in imported) != bool(refusals), errors


def test_upload_of_refused_files_changes_no_row_counts(files, registry_db, tmp_path, monkeypatch) -> None:
    db = _copy(registry_db, tmp_path, "refused-upload.duckdb")
    before = _counts(db)
    at = _upload_all(db, [files[c.name] for c in REFUSED], monkeypatch)
    assert not at.exception
    assert len([e for e in at.error if "未写入任何数据" in e.value]) == len(REFUSED)
    assert _counts(db) == before
