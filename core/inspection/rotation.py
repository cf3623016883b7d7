"""Quarters and the rotation of a quarter's 互查: who inspects whom, proposed fairly and checked when edited.

Never imports streamlit. Pure functions over unit ids. The rules (issue 14): no unit inspects itself, no unit
inspects the same unit two quarters running, every unit inspected is inspected once, and the load is spread:
each inspector gets ⌈targets ÷ inspectors⌉ units at most. The proposal turns with the quarter, so the same
registry gives a different pairing each quarter, and is a bipartite matching (augmenting paths), so it finds an
assignment whenever one exists.
"""

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WRITTEN_QUARTER = re.compile(r"(\d{4})\s*(?:年\s*第?\s*([一二三四1-4])\s*季度|[Qq]([1-4]))")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return date(self.year + self.number // 4, (3 * self.number) % 12 + 1, 1) - timedelta(days=1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str) -> Quarter:
    """'2026Q4' → Quarter(2026, 4); ValueError with a Chinese message otherwise."""
    match = _QUARTER.match(text.strip())
    if match is None:
        raise ValueError(f"季度应写作 2026Q4 的形式：{text}")
    return Quarter(int(match.group(1)), int(match.group(2)))


def written_quarter(inspection: str) -> Quarter | None:
    """The quarter an inspection's name states (2026年第四季度互查, 2026Q4互查), or None."""
    match = _WRITTEN_QUARTER.search(inspection or "")
    if match is None:
        return None
    return Quarter(int(match.group(1)), _CN_QUARTER[match.group(2) or match.group(3)])


Pair = tuple[int, int]  # (inspector unit id, inspected unit id)


def propose_rotation(
    inspectors: list[int], targets: list[int], previous: set[Pair], quarter: Quarter
) -> tuple[list[Pair], list[int]]:
    """(pairs, targets left without an inspector): each target gets one inspector that is not itself and did not
    inspect it last quarter, at most ⌈len(targets)/len(inspectors)⌉ targets per inspector. Deterministic for the
    same inputs; the starting inspector of each target turns with the quarter."""
    if not inspectors or not targets:
        return [], list(targets)
    capacity = math.ceil(len(targets) / len(inspectors))
    turn = (quarter.year * 4 + quarter.number) % len(inspectors)
    holder: dict[tuple[int, int], int] = {}  # (inspector, slot) → target

    def candidates(i: int, target: int) -> list[int]:
        order = [inspectors[(i + turn + k) % len(inspectors)] for k in range(len(inspectors))]
        return [x for x in order if x != target and (x, target) not in previous]

    def place(i: int, target: int, seen: set[tuple[int, int]]) -> bool:
        # slot-major: every inspector's first unit before anyone's second, so the load stays even
        for slot in range(capacity):
            for inspector in candidates(i, target):
                if (inspector, slot) in seen:
                    continue
                seen.add((inspector, slot))
                other = holder.get((inspector, slot))
                if other is None or place(targets.index(other), other, seen):
                    holder[(inspector, slot)] = target
                    return True
        return False

    left = [t for i, t in enumerate(targets) if not place(i, t, set())]
    pairs = sorted(((insp, t) for (insp, _), t in holder.items()), key=lambda p: targets.index(p[1]))
    return pairs, left


def plan_problems(pairs: list[Pair], targets: list[int], previous: set[Pair], names: dict[int, str]) -> list[str]:
    """Why an (edited) plan breaks the rules, in Chinese naming the units; empty when it keeps them."""
    problems = [f"{names.get(a, a)}不能检查本单位" for a, b in pairs if a == b]
    problems += [
        f"{names.get(a, a)}上季度已检查{names.get(b, b)}，本季度不能再检查" for a, b in pairs if (a, b) in previous
    ]
    inspected: dict[int, int] = {}
    for _, b in pairs:
        inspected[b] = inspected.get(b, 0) + 1
    problems += [f"{names.get(t, t)}没有检查单位" for t in targets if t not in inspected]
    problems += [f"{names.get(t, t)}被安排了{n}个检查单位" for t, n in inspected.items() if n > 1]
    return problems
