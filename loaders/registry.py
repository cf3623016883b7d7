"""The units and columns already registered, for resolving the names written in a ledger.

Never imports streamlit. Staff write a unit's full name, a registered alias, or drop/add the leading 县;
all resolve to the same unit. Reloaded after a registry sheet is written inside the same transaction.
"""

import duckdb
import pandas as pd

from core.storage.db import fetch_rows
from loaders.normalize import clean_name


class Registry:
    """Name → unit_id, and (unit_id, column name) → column_id, as stored now."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.units: dict[str, int] = {}
        for name, unit_id in fetch_rows(con, "SELECT name, unit_id FROM units"):
            self.units[clean_name(name)] = unit_id
        for alias, unit_id in fetch_rows(con, "SELECT alias, unit_id FROM unit_aliases"):
            self.units.setdefault(clean_name(alias), unit_id)
        rows = fetch_rows(con, "SELECT unit_id, name, column_id, category FROM site_columns")
        self.columns: dict[tuple[int, str], int] = {(unit_id, name): column_id for unit_id, name, column_id, _ in rows}
        self.categories: dict[int, str] = {column_id: category for _, _, column_id, category in rows}

    def __eq__(self, other: object) -> bool:
        """The same names, aliases and columns: a sheet validated against one holds against the other."""
        if not isinstance(other, Registry):
            return NotImplemented
        return (self.units, self.columns, self.categories) == (other.units, other.columns, other.categories)

    __hash__ = None  # type: ignore[assignment]  # mutable contents

    def column_ids_in_category(self, category: str) -> list[int]:
        return [column_id for column_id, name in self.categories.items() if name == category]

    def unit_id(self, written: str) -> int | None:
        """The unit a written name means, or None when nobody registered it.

        Tried in order: as written, with or without the leading 县, and without the county's own name
        (`清源县应急管理局`), which annual reports and letters put in front.
        """
        name = clean_name(written)
        if not name:
            return None
        after_county = name.split("县", 1)[1] if "县" in name[1:] else ""  # 清源县应急管理局 → 应急管理局
        for candidate in (name, "县" + name, name.removeprefix("县"), "县" + after_county, after_county):
            if candidate in self.units:
                return self.units[candidate]
        return None


# The liaison's contacts a 单位名录 may carry (issue 14); stored in unit_contacts, not in units.
CONTACT_FIELDS = ("liaison", "mobile", "email")


def write_contacts(con: duckdb.DuckDBPyConnection, records: pd.DataFrame, import_id: int) -> None:
    """Record the contacts of the units in `records` (a validated 单位名录) under this import; readers take the
    newest non-empty value of each field, so a blank cell, or a 名录 without the contact columns, keeps what an
    earlier 名录 gave, and undoing the import takes its contacts back. The unit is looked up by its stored name."""
    present = [c for c in CONTACT_FIELDS if c in records and records[c].notna().any()]
    if records.empty or not present:
        return
    frame = records[["name", *CONTACT_FIELDS]].astype(object).where(records[["name", *CONTACT_FIELDS]].notna(), None)
    con.register("_contacts_df", frame)
    try:
        con.execute(
            """
            INSERT INTO unit_contacts (unit_id, liaison, mobile, email, import_id)
            SELECT u.unit_id, c.liaison, c.mobile, c.email, ?
            FROM _contacts_df c JOIN units u ON u.name = c.name
            WHERE coalesce(c.liaison, c.mobile, c.email) IS NOT NULL""",
            [import_id],
        )
    finally:
        con.unregister("_contacts_df")
