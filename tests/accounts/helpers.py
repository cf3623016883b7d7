"""Accounts the account tests share: one per role, on the hand-made county (liaison of 县甲局)."""

import duckdb

from core.accounts.identity import CLI_USER, User
from core.accounts.users import add_user
from core.accounts.vocabulary import ADMIN, LEADER, LIAISON, OFFICE

PASSWORD = "secret123"


def add_role_users(con: duckdb.DuckDBPyConnection, liaison_unit: str = "县甲局") -> dict[str, User]:
    """admin/office/leader/liaison accounts, no forced password change; keyed by role."""
    users = {}
    for role, name in ((ADMIN, "管理"), (OFFICE, "办公"), (LEADER, "领导"), (LIAISON, "联络")):
        units = [liaison_unit] if role == LIAISON else []
        users[role] = add_user(con, CLI_USER, f"t_{role}", name, role, PASSWORD, units, must_change_password=False)
    return users


def audit_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(login, action, outcome) of every audit row, oldest first."""
    return con.execute("SELECT login, action, outcome FROM audit_log ORDER BY entry_id").fetchall()
