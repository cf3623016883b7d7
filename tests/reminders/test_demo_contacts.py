"""The demo database gives every liaison a (fictitious) mobile and e-mail, so the demo's reminders @-mention them."""

from datetime import date

import duckdb

from core.calendar.workdays import load_calendar
from core.reminders.digest import reminder_digest
from core.reminders.messages import unit_messages
from core.storage.scope import UnitScope
from loaders.demo import build_demo_database


def test_demo_reminders_reach_each_liaisons_mobile(tmp_path):
    path = tmp_path / "demo.duckdb"
    build_demo_database(path, date(2026, 12, 7))
    with duckdb.connect(str(path)) as con:
        units, with_mobile = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE unit_id IN (SELECT unit_id FROM unit_contacts WHERE mobile <> ''))"
            " FROM units"
        ).fetchall()[0]
        assert units and with_mobile == units
        messages = unit_messages(reminder_digest(con, date(2026, 12, 7), UnitScope(), load_calendar()))
    assert messages
    assert all(m.mobile and m.mobile.startswith("1380000") and m.email for m in messages)
    assert all("联络员" in m.content for m in messages)
