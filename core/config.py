"""Where the product keeps its files: the repository root, data/, the default database.

Never imports streamlit. `DASHBOARD_DB` overrides the database path (cron jobs, tests).
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SAMPLES_DIR = DATA_DIR / "samples"
DEFAULT_DB = DATA_DIR / "dashboard.duckdb"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database to use: an explicit path, else $DASHBOARD_DB, else data/dashboard.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("DASHBOARD_DB")
    return Path(env) if env else DEFAULT_DB
