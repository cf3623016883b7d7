"""The demo database's accounts (and only the demo's): one per role, password demo1234, no forced change.

Never imports streamlit. Called once by loaders/demo.py after the sample ledgers are in; a real database
starts with no account at all (`python -m accounts add`).
"""

import duckdb

from core.accounts.identity import CLI_USER
from core.accounts.users import add_user
from core.accounts.vocabulary import ADMIN, LEADER, LIAISON, OFFICE

DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS = (
    ("demo_admin", "演示管理员", ADMIN, ()),
    ("demo_office", "演示办公室", OFFICE, ()),
    ("demo_leader", "演示领导", LEADER, ()),
    ("demo_liaison", "演示联络员", LIAISON, ("县教育局",)),
)


def add_demo_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """Create the four demo accounts (issue 11); the liaison's unit must be in the demo registry."""
    for login, name, role, units in DEMO_ACCOUNTS:
        add_user(con, CLI_USER, login, name, role, DEMO_PASSWORD, list(units), must_change_password=False)
