"""Column categories and their required update intervals, read from data/column_categories.csv.

Never imports streamlit. The office edits the CSV; code never hard-codes an interval. An interval is written
`14天`, `6个月` or `1年` (a bare number is days): months and years are calendar months and years (民法典
第二百零二条: the period ends on the corresponding day of the last month, or that month's last day), not 180/365.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.config import DATA_DIR

CATEGORIES_FILE = DATA_DIR / "column_categories.csv"
FALLBACK_CATEGORY = "其他"
_INTERVAL = re.compile(r"^(\d+)\s*(天|日|个月|月|年)?$")


@dataclass(frozen=True)
class Interval:
    """A required update interval: `months` calendar months plus `days` days (one of them 0)."""

    months: int
    days: int
    text: str  # as the office wrote it, for the page


def parse_interval(text: str) -> Interval:
    """`14` / `14天` → 14 days; `6个月` → 6 months; `1年` → 12 months. ValueError for anything else."""
    cleaned = text.strip().replace(" ", "")
    match = _INTERVAL.match(cleaned)
    if match is None:
        raise ValueError(f"更新周期无法识别: {text}（可写 14天、6个月、1年）")
    count, unit = int(match.group(1)), match.group(2) or "天"
    if unit in ("天", "日"):
        return Interval(0, count, f"{count}天")
    return Interval(count * 12 if unit == "年" else count, 0, cleaned)


@dataclass(frozen=True)
class Category:
    name: str
    interval: Interval
    warn_ratio: float
    keywords: tuple[str, ...]
    source: str


def load_categories(path: Path | None = None) -> dict[str, Category]:
    """Category name → Category, in file order (interval column `interval`, or the older `interval_days`), from
    `path` (default data/column_categories.csv). Read again when the file changes: the office edits it while the
    server runs, and a cache for the life of the process kept the old intervals on every page (and in the scores,
    which were scored again under the new file's key with the old categories)."""
    file = path or CATEGORIES_FILE
    return _read_categories(file, file.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_categories(path: Path, mtime_ns: int) -> dict[str, Category]:
    """load_categories, once per file and modification time."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {
            row["category"].strip(): Category(
                row["category"].strip(),
                parse_interval(row.get("interval") or row.get("interval_days") or ""),
                float(row["warn_ratio"]),
                tuple(row["keywords"].split()),
                row.get("source", "").strip(),
            )
            for row in csv.DictReader(fh)
        }


def canonical_category(text: str) -> str | None:
    """What staff typed as a category (`动态要闻`, `通知公告、政策文件类`) → the category's name, or None."""
    cleaned = text.replace("、", "").replace("类", "").strip()
    if not cleaned:
        return None
    for name in load_categories():
        if cleaned == name.replace("类", ""):
            return name
    for name in load_categories():
        if name.replace("类", "").startswith(cleaned) or cleaned.startswith(name.replace("类", "")):
            return name
    return None


def guess_category(column_name: str) -> str:
    """Category of a column nobody registered, from well-known words in its name; else 其他."""
    best, best_len = FALLBACK_CATEGORY, 0
    for category in load_categories().values():
        for word in category.keywords:
            if word in column_name and len(word) > best_len:
                best, best_len = category.name, len(word)
    return best


def warn_percent_text(categories: dict[str, Category]) -> str:
    """The warning band as the page states it: "80" when every category warns at 80 %, else "60–90"."""
    percents = sorted({round(c.warn_ratio * 100) for c in categories.values()})
    if not percents:
        return "—"
    return str(percents[0]) if len(percents) == 1 else f"{percents[0]}–{percents[-1]}"
