"""The scoring rubric the office edits (data/rubric.toml): loaded, validated, versioned.

Never imports streamlit. An invalid file is refused with every problem named by key; the last valid version
recorded in the database stays in force. Every version used is kept (rubric_versions), so a frozen bulletin
can always say, and recompute with, the rubric it was scored by.
"""

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from core.config import DATA_DIR
from core.errors import DashboardError
from core.registry.vocabulary import UNIT_TYPES
from core.storage.db import fetch_rows, fetch_value, transaction

RUBRIC_FILE = DATA_DIR / "rubric.toml"
RULE_KEYS = (
    "silent_weeks",
    "stale_columns",
    "blank_columns",
    "late_items",
    "new_findings",
    "overdue_findings",
    "late_requests",
    "timely_interpretations",
    "below_quota",
    "column_veto",
    "rush_updates",
    "reposts",
)
# Rules whose points apply once a month however large the count, and which need a `threshold` to count against.
QUOTA_KEYS = frozenset({"below_quota"})


class RubricError(DashboardError):
    """data/rubric.toml cannot be used; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "考核细则文件有误，未启用：" + "；".join(problems),
            "请修改 data/rubric.toml 后刷新页面；在修正之前继续使用上一个有效版本。",
        )
        self.problems = problems


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    indicator: str
    kind: str  # deduction / bonus
    points: float
    cap: float  # 0 = no cap
    unit_types: tuple[str, ...]
    threshold: int = 0  # QUOTA_KEYS only

    def amount(self, count: int) -> float:
        """Points for `count` occurrences (once for a quota rule), capped; negative for a deduction."""
        total = count * self.points if self.key not in QUOTA_KEYS else (self.points if count else 0)
        if self.cap:
            total = min(total, self.cap)
        return -total if self.kind == "deduction" else total


@dataclass(frozen=True)
class Grade:
    name: str
    min: float


@dataclass(frozen=True)
class Rubric:
    name: str
    base: float
    bonus_cap: float
    grades: tuple[Grade, ...]  # highest first
    rules: tuple[Rule, ...]
    source: str  # the TOML text, kept with every frozen bulletin
    sha256: str

    def grade(self, score: float) -> str:
        return next((g.name for g in self.grades if score >= g.min), self.grades[-1].name)


def parse_rubric(text: str) -> Rubric:
    """TOML text → Rubric, or RubricError listing every problem (in Chinese, by key)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError([f"文件格式错误（{exc}）"]) from exc
    problems: list[str] = []
    rules = tuple(r for r in (_rule(raw, i, problems) for i, raw in enumerate(data.get("rules", []), 1)) if r)
    grades = tuple(
        sorted(
            (
                Grade(str(g.get("name", "")), _number(g.get("min"), f"等次{g.get('name')}的 min", problems))
                for g in data.get("grades", [])
            ),
            key=lambda g: -g.min,
        )
    )
    if not rules:
        problems.append("没有任何考核规则（[[rules]]）")
    if not grades or any(not g.name for g in grades):
        problems.append("等次（grades）缺失或没有名称")
    keys = [r.key for r in rules]
    problems += [f"规则 {k} 重复" for k in sorted({k for k in keys if keys.count(k) > 1})]
    base = _number(data.get("base", 100), "base", problems)
    bonus_cap = _number(data.get("bonus_cap", 0), "bonus_cap", problems)
    if problems:
        raise RubricError(problems)
    return Rubric(
        str(data.get("name", "考核细则")),
        base,
        bonus_cap,
        grades,
        rules,
        text,
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _number(value: object, what: str, problems: list[str]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        problems.append(f"{what} 应为不小于 0 的数字（现为 {value!r}）")
        return 0.0
    return float(value)


def _rule(raw: dict, index: int, problems: list[str]) -> Rule | None:
    key = raw.get("key")
    where = f"第{index}条规则（{key or '无 key'}）"
    start = len(problems)
    if key not in RULE_KEYS:
        problems.append(f"{where}：key 应为 {'/'.join(RULE_KEYS)} 之一")
    if raw.get("kind") not in ("deduction", "bonus"):
        problems.append(f"{where}：kind 应为 deduction（扣分）或 bonus（加分）")
    points = _number(raw.get("points"), f"{where}的 points", problems)
    cap = _number(raw.get("cap", 0), f"{where}的 cap", problems)
    types = tuple(raw.get("unit_types", UNIT_TYPES))
    if not types or any(t not in UNIT_TYPES for t in types):
        problems.append(f"{where}：unit_types 只能包含 {'、'.join(UNIT_TYPES)}")
    threshold = int(_number(raw.get("threshold", 0), f"{where}的 threshold", problems))
    if key in QUOTA_KEYS and threshold <= 0:
        problems.append(f"{where}：{key} 需要 threshold（每月至少发布条数）")
    if len(problems) > start:
        return None
    return Rule(
        str(key), str(raw.get("name", key)), str(raw.get("indicator", "")), raw["kind"], points, cap, types, threshold
    )


def record_version(con: duckdb.DuckDBPyConnection, rubric: Rubric) -> int:
    """The id of this rubric's version, recording it the first time it is used."""
    existing = fetch_value(con, "SELECT version_id FROM rubric_versions WHERE sha256 = ?", [rubric.sha256])
    if existing is not None:
        return int(existing)
    with transaction(con):
        return int(
            fetch_value(
                con,
                """INSERT INTO rubric_versions (sha256, name, content, recorded_at)
                                       VALUES (?, ?, ?, ?) RETURNING version_id""",
                [rubric.sha256, rubric.name, rubric.source, datetime.now()],
            )
        )


def rubric_version(con: duckdb.DuckDBPyConnection, version_id: int) -> Rubric:
    """A recorded version (it was valid when recorded)."""
    return parse_rubric(fetch_rows(con, "SELECT content FROM rubric_versions WHERE version_id = ?", [version_id])[0][0])


def current_rubric(con: duckdb.DuckDBPyConnection, path: Path = RUBRIC_FILE) -> tuple[Rubric, int, RubricError | None]:
    """(rubric in force, its version id, the error that kept a newer file out — or None).

    A valid file is in force and recorded; an invalid one leaves the newest recorded version in force.
    """
    try:
        rubric = parse_rubric(path.read_text(encoding="utf-8"))
    except (RubricError, OSError, UnicodeDecodeError) as exc:
        error = exc if isinstance(exc, RubricError) else RubricError([f"无法读取 {path.name}（{exc}）"])
        latest = fetch_value(con, "SELECT max(version_id) FROM rubric_versions")
        if latest is None:
            raise error from None
        return rubric_version(con, int(latest)), int(latest), error
    return rubric, record_version(con, rubric), None
