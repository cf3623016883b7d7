"""Where the product keeps its files: the repository root, data/, the default database.

Never imports streamlit. `DASHBOARD_DB` overrides the database path (cron jobs, tests); `DASHBOARD_TODAY`
pins the day figures are judged on.
"""

import os
from datetime import date
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


def today() -> date:
    """The day figures are judged on: $DASHBOARD_TODAY (YYYY-MM-DD) when set, so tests and checks can pin it;
    else the system clock."""
    pinned = os.environ.get("DASHBOARD_TODAY", "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise ValueError(f"环境变量 DASHBOARD_TODAY={pinned!r} 不是 YYYY-MM-DD 格式的日期") from None
