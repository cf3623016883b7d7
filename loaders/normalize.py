"""Cell values as county staff type them → canonical Python values (text, dates, yes/no, deadlines).

Never imports streamlit. Each parser returns a value or raises CellError with the Chinese reason that goes
into the quarantine, e.g. `日期无法识别: 2026-13-45`.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (20000, 80000)  # 1954 … 2119: a bare number in this range in a date column is an Excel serial
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_TIME_SUFFIX = re.compile(r"(?:[ T]+|(?<=[日号]))\d{1,2}[:时]\d{2}(?::\d{2}(?:\.\d+)?|分(?:\d{1,2}秒)?)?$")
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "无", ""}
_DEADLINE_RE = re.compile(r"^(\d+)\s*个?\s*(工作日|天|日|自然日)(?:内)?$")
_ALIAS_SPLIT = re.compile(r"[、,，;；/／\n]+")
# A line break typed (Alt+Enter) or wrapped inside a Chinese cell is layout, not a word gap: `关于做好\n国庆…` is the
# same title as `关于做好国庆…`. Next to Han characters or CJK punctuation it is dropped; elsewhere it becomes a space.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_WRAPPED_LINE = re.compile(rf"(?:(?<=[{_CJK}])[ \t]*[\r\n]+\s*(?=\S))|(?:(?<=\S)[ \t]*[\r\n]+\s*(?=[{_CJK}]))")


class CellError(ValueError):
    """A cell that cannot be understood; `reason` is the Chinese text kept in the quarantine."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean_text(value: Any) -> str:
    """Full-width → half-width (NFKC), line breaks and runs of spaces folded, ends trimmed; '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else value
    text = str(value)
    if text.isascii() and "\n" not in text and "\r" not in text:
        return " ".join(text.split())  # NFKC leaves ASCII unchanged: skip it for URLs, numbers, codes
    text = unicodedata.normalize("NFKC", text)
    if "\n" in text or "\r" in text:
        text = _WRAPPED_LINE.sub("", text)
    return " ".join(text.split())


def clean_name(value: Any) -> str:
    """A unit or column name: clean_text without any inner spaces (staff pad names to align them)."""
    return clean_text(value).replace(" ", "")


def parse_date(value: Any) -> date | None:
    """Every date form in the ledger contract; None for an empty cell; CellError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value, str(value))
    text = _TIME_SUFFIX.sub("", clean_text(value)).replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _from_serial(float(text), text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups()[:3])
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise CellError(f"日期无法识别: {clean_text(value)}")


def _from_serial(number: float, raw: str) -> date:
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        if 19000101 <= number <= 21001231 and float(number).is_integer():
            parsed = parse_date(str(int(number)))
            if parsed is not None:
                return parsed
        raise CellError(f"日期无法识别: {raw}")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def parse_bool(value: Any, default: bool) -> bool:
    """是/否 and their usual spellings; empty → default; anything else is an error."""
    text = clean_name(value).lower()
    if text == "":
        return default
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"应填“是”或“否”: {clean_text(value)}")


_COUNT_WORDS = {"一": 1, "二": 2, "两": 2, "三": 3}


def parse_extensions(value: Any) -> int:
    """是否延期 → how many extensions: 是 → 1, 否/empty → 0, `2`, `2次`, `两次` → 2 (a second one breaks Art. 33)."""
    text = clean_name(value).removesuffix("次")
    if text.isdigit():
        return int(text)
    if text in _COUNT_WORDS:
        return _COUNT_WORDS[text]
    return 1 if parse_bool(value, default=False) else 0


def parse_int(value: Any) -> int | None:
    """A whole number such as 排序 or 更新周期(天); empty → None."""
    text = clean_name(value)
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError as exc:
        raise CellError(f"应为整数: {clean_text(value)}") from exc
    if not number.is_integer() or number < 0:
        raise CellError(f"应为非负整数: {clean_text(value)}")
    return int(number)


def split_aliases(value: Any) -> list[str]:
    """`县应急局、应急局` → ['县应急局', '应急局'] (split on 、 , ， ; ； /)."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    parts = (clean_name(p) for p in _ALIAS_SPLIT.split(text))
    return list(dict.fromkeys(p for p in parts if p))


@dataclass(frozen=True)
class Deadline:
    """A 整改期限: either a fixed date, or N days / N working days after found_on."""

    due: date | None = None
    days: int | None = None
    working_days: bool = False
    raw: str = ""


def parse_deadline(value: Any) -> Deadline:
    """`2026-11-30`, `10个工作日`, `15天`, `15日内` → Deadline; CellError when it is none of these."""
    text = clean_name(value)
    if not text:
        raise CellError("缺少整改期限")
    match = _DEADLINE_RE.match(text)
    if match:
        return Deadline(days=int(match.group(1)), working_days=match.group(2) == "工作日", raw=text)
    try:
        return Deadline(due=parse_date(value), raw=text)
    except CellError as exc:
        raise CellError(f"整改期限无法识别: {clean_text(value)}") from exc
