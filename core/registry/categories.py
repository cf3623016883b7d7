"""Column categories and their required update intervals, read from data/column_categories.csv.

Never imports streamlit. The office edits the CSV; code never hard-codes an interval.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.config import DATA_DIR

CATEGORIES_FILE = DATA_DIR / "column_categories.csv"
FALLBACK_CATEGORY = "其他"


@dataclass(frozen=True)
class Category:
    name: str
    interval_days: int
    warn_ratio: float
    keywords: tuple[str, ...]
    source: str


@lru_cache(maxsize=4)
def load_categories(path: Path = CATEGORIES_FILE) -> dict[str, Category]:
    """Category name → Category, in file order."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {
            row["category"].strip(): Category(
                row["category"].strip(),
                int(row["interval_days"]),
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
