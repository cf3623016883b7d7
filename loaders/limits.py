"""Limits on untrusted ledger files and the plausible-date window, with optional overrides in data/limits.toml.

Never imports streamlit, pandas or duckdb (the CLI and the reader child import this before anything heavy).
Why limits at all: a 1.9 KB xlsx with one stray cell at XFD1048576 makes python-calamine allocate 512 GiB and
abort the process; a zip member can inflate to gigabytes (issue 9). Each limit is named in the README (导入限制).
"""

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from core.config import DATA_DIR
from core.errors import DashboardError

LIMITS_FILE = DATA_DIR / "limits.toml"


@dataclass(frozen=True)
class Limits:
    """Every limit in one place; the README's 导入限制 table lists the same names and defaults."""

    max_file_mb: int = 200  # bytes of the uploaded file
    reader_memory_mb: int = 3072  # RLIMIT_AS of the child process that reads an Excel file
    reader_seconds: int = 120  # wall time of that child before it is killed
    max_member_mb: int = 512  # inflated size of one xlsx zip member (declared and counted while inflating)
    max_total_inflated_mb: int = 1024  # all zip members together
    max_compression_ratio: int = 500  # inflated / compressed, judged once a member passes 10 MB inflated
    max_rows: int = 1_048_576  # farthest row that holds a cell (Excel's own maximum)
    max_columns: int = 1024  # farthest column that holds a cell
    max_cells: int = 30_000_000  # farthest row × farthest column: the grid calamine allocates
    max_cell_kb: int = 1024  # one cell: UTF-8 KB in CSV (csv.field_size_limit), XML text in xlsx (Excel: 32,767 chars)
    earliest_date: date = date(2000, 1, 1)  # no ledger date before this is plausible
    future_margin_days: int = 31  # a date may lie this far after the import day (typed ahead, time zones)
    deadline_margin_days: int = 1096  # a fixed 整改期限 may lie this far after the import day


class LimitsConfigError(DashboardError):
    """data/limits.toml names an unknown limit or gives a value of the wrong type."""


def load_limits(path: Path = LIMITS_FILE) -> Limits:
    """The defaults, overridden by the keys of `path` when it exists (unknown keys are refused, by name)."""
    if not path.exists():
        return Limits()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LimitsConfigError(f"导入限制配置无法读取: {path.name}", "检查 data/limits.toml 的格式。") from exc
    known = {f.name: f for f in fields(Limits)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise LimitsConfigError(f"导入限制配置中有未知的项目: {key}", f"可用的项目: {'、'.join(known)}")
        expected = date if key == "earliest_date" else int
        if not isinstance(value, expected) or isinstance(value, bool):
            raise LimitsConfigError(f"导入限制配置项 {key} 的值类型不对: {value!r}", "数量写整数，日期写 2000-01-01。")
        changes[key] = value
    return replace(Limits(), **changes)


@dataclass(frozen=True)
class DateWindow:
    """The dates a ledger may plausibly hold, judged against the import day (passed in, never date.today())."""

    earliest: date
    latest: date  # import day + future_margin_days
    latest_deadline: date  # import day + deadline_margin_days

    @classmethod
    def for_day(cls, today: date, limits: Limits | None = None) -> "DateWindow":
        limits = limits or load_limits()
        return cls(
            limits.earliest_date,
            today + timedelta(days=limits.future_margin_days),
            today + timedelta(days=limits.deadline_margin_days),
        )
