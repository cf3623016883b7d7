"""Settings changes in the audit log: the files under data/ that the office edits, by their SHA-256.

Never imports streamlit. The rubric, the column categories, the holidays, the office details, the security
settings, the import limits, the 更新节奏 criteria, the 年度考评 rule and the reminder channels are files
(data/*.toml, data/*.csv) edited with a text editor, not in the app, so there is no moment inside the product where "a person changed a setting". What the product can do,
and does: whenever it loads them — the server at start and on each fresh session check (at most every few
seconds, see server.py), every command line run (loaders, exports, accounts) — it hashes each file and, when
the hash differs from the one the log last recorded for that file, appends a 设置变更 entry with the before
and after SHA-256, the file's modification time and owner. The log itself is the memory (no extra table).
The person who edited the file is not known to the product: the entry's login is `system`; the file's owner
and time, and the server's own access logs, are the trail. A file that disappears is recorded as 无此文件.
"""

import hashlib
import os
import re
import threading
from datetime import datetime
from pathlib import Path

import duckdb

from core.accounts import audit
from core.accounts.identity import User
from core.accounts.vocabulary import SETTINGS_CHANGE
from core.config import DATA_DIR, REPO_ROOT
from core.storage.db import fetch_rows, transaction

SYSTEM_LOGIN = "system"
ABSENT = "无此文件"
FIRST_SEEN = "（首次记录）"
_HEX = re.compile(r"sha256 ([0-9a-f]{64})")
_lock = threading.Lock()
_seen: dict[tuple[str, str], tuple[int, int, str]] = {}  # (database, file) → (mtime_ns, size, object) last checked


def watched_files() -> list[tuple[str, Path]]:
    """(what it is, path) of every settings file, with the same environment overrides as their loaders."""
    return [
        ("考核细则", DATA_DIR / "rubric.toml"),
        ("栏目类别", DATA_DIR / "column_categories.csv"),
        ("节假日", Path(os.environ.get("DASHBOARD_HOLIDAYS") or DATA_DIR / "holidays.csv")),
        ("办公室信息", DATA_DIR / "office.toml"),
        ("安全设置", Path(os.environ.get("DASHBOARD_SECURITY") or DATA_DIR / "security.toml")),
        ("导入限制", DATA_DIR / "limits.toml"),
        ("更新节奏判定标准", DATA_DIR / "gaming.toml"),
        ("年度考评办法", DATA_DIR / "assessment.toml"),
        ("提醒渠道", Path(os.environ.get("DASHBOARD_REMINDERS") or DATA_DIR / "reminders.toml")),
    ]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _state(path: Path) -> tuple[int, int, str, str]:
    """(mtime_ns, size, 'sha256 …' or ABSENT, details for the entry)."""
    try:
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return -1, -1, ABSENT, ABSENT
    try:
        import pwd

        owner = pwd.getpwuid(info.st_uid).pw_name
    except (ImportError, KeyError):
        owner = str(info.st_uid)
    changed = datetime.fromtimestamp(info.st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    state = f"sha256 {digest}"
    return info.st_mtime_ns, info.st_size, state, f"{state}（文件修改于 {changed}，属主 {owner}）"


def _recorded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """object → the state ('sha256 …' or ABSENT) of the newest 设置变更 entry for it."""
    rows = fetch_rows(
        con,
        """SELECT object, after FROM audit_log WHERE action = ? AND outcome = '成功'
           QUALIFY row_number() OVER (PARTITION BY object ORDER BY entry_id DESC) = 1""",
        [SETTINGS_CHANGE],
    )
    recorded = {}
    for obj, after in rows:
        found = _HEX.search(after or "")
        recorded[obj] = f"sha256 {found.group(1)}" if found else ABSENT
    return recorded


def record_settings_changes(con: duckdb.DuckDBPyConnection, address: str = "") -> list[str]:
    """Append a 设置变更 entry for each settings file whose hash differs from the last recorded one; the
    objects recorded now. Files unchanged on disk since this process last looked cost one stat each."""
    database = str(fetch_rows(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"))
    with _lock:
        current = {}
        for label, path in watched_files():
            obj = f"{label} {_shown(path)}"
            key = (database, str(path))
            try:
                info = path.stat()
                stamp = (info.st_mtime_ns, info.st_size)
            except OSError:
                stamp = (-1, -1)
            if key in _seen and _seen[key][:2] == stamp and _seen[key][2] == obj:
                continue
            current[key] = (obj, _state(path))
        if not current:
            return []
        system = User(0, SYSTEM_LOGIN, "系统", "", address=address or None)
        written = []
        with transaction(con):
            recorded = _recorded(con)
            for obj, (_, _, state, details) in current.values():
                before = recorded.get(obj)
                if before == state or (before is None and state == ABSENT):
                    continue  # unchanged, or an optional file that never existed
                audit.record(con, system, SETTINGS_CHANGE, obj, before or FIRST_SEEN, details)
                written.append(obj)
        for key, (obj, (mtime, size, _, _)) in current.items():
            _seen[key] = (mtime, size, obj)
        return written
