"""Open one of the rhythm pages in AppTest on a database file, on a fixed day, signed in as a role."""

from pathlib import Path

from core.accounts.vocabulary import OFFICE
from tests.apphelpers import app_as


def open_page(db: Path, page: str, day: str, monkeypatch, role: str = OFFICE, units: tuple[int, ...] = ()):
    """AppTest of `page` (e.g. "pages/rhythm.py") after the entry script ran; fails on any exception or error."""
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    monkeypatch.setenv("DASHBOARD_TODAY", day)
    at = app_as(role, units).run()
    at.switch_page(page).run()
    assert not at.exception and not at.error
    return at


def closed_with_ids(con, path: Path) -> tuple[Path, dict[str, int]]:
    """Close a freshly built county and return its file with unit name → id (for a liaison's login)."""
    ids = dict(con.execute("SELECT name, unit_id FROM units").fetchall())
    con.close()
    return path, ids
