"""Cell values as county staff type them → canonical Python values (text, dates, yes/no, deadlines).

Never imports streamlit. Each parser returns a value or raises CellError with the Chinese reason that goes
into the quarantine, e.g. `日期无法识别: 2026-13-45`.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_REAL_SERIAL_DAY = date(1900, 3, 1)  # serials below 61 are Excel's fictional 1900-01-00 … 1900-02-29
_SERIAL_RANGE = (20000, 80000)  # 1954 … 2119: a bare number in this range in a date column is an Excel serial
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_TIME_SUFFIX = re.compile(r"(?:[ T]+|(?<=[日号]))\d{1,2}[:时]\d{2}(?::\d{2}(?:\.\d+)?|分(?:\d{1,2}秒)?)?$")
_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "无", ""}
_DEADLINE_RE = re.compile(r"^(\d+)\s*个?\s*(工作日|天|日|自然日)(?:内)?$")
_ALIAS_SPLIT = re.compile(r"[、,，;；/／\n]+")
# A line break typed (Alt+Enter) or wrapped inside a Chinese cell is layout, not a word gap: `关于做好\n国庆…` is the
# same title as `关于做好国庆…`. Next to Han characters or CJK punctuation it is dropped; elsewhere it becomes a space.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_WRAPPED_LINE = re.compile(rf"(?:(?<=[{_CJK}])[ \t]*[\r\n]+\s*(?=\S))|(?:(?<=\S)[ \t]*[\r\n]+\s*(?=[{_CJK}]))")


# Removed from every stored text (issue 9): NUL and the other C0/C1 controls (tab and line breaks are folded into
# spaces instead), DEL, zero-width and bidi-control characters, word joiners and the BOM. They break the xlsx/docx
# exports and make `县教育\u200b局` a different unit from `县教育局`.
INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SHOWN_AS_CODE = frozenset(("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"))


def invisible_chars(text: str) -> list[str]:
    """The removed characters found in `text` as code points (`['U+200B']`), in order of first appearance."""
    if text.isprintable():  # Chinese text is printable; controls, zero-width and bidi characters are not
        return []
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in INVISIBLE_RE.findall(text)))


def strip_invisible(text: str) -> str:
    """`text` without the characters of INVISIBLE_RE."""
    return text if text.isprintable() else INVISIBLE_RE.sub("", text)


def visible(text: str) -> str:
    """A message with every invisible character written as [U+XXXX] and named at the end, so a clerk sees why
    `县教育局` did not match: `单位未登记: 县教育[U+00AD]局（含不可见字符 U+00AD）`."""
    if text.isprintable():
        return text
    codes: list[str] = []
    out = []
    for c in text:
        if unicodedata.category(c) in _SHOWN_AS_CODE or (c.isspace() and c != " "):
            code = f"U+{ord(c):04X}"
            codes.append(code)
            out.append(f"[{code}]")
        else:
            out.append(c)
    return "".join(out) + f"（含不可见字符 {'、'.join(dict.fromkeys(codes))}）"


class CellError(ValueError):
    """A cell that cannot be understood; `reason` is the Chinese text kept in the quarantine (made visible)."""

    def __init__(self, reason: str) -> None:
        reason = visible(reason)
        super().__init__(reason)
        self.reason = reason


def clean_text(value: Any) -> str:
    """Full-width → half-width (NFKC), invisible characters removed, line breaks and runs of spaces folded, ends
    trimmed; '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else value
    text = str(value)
    if text.isprintable():  # no controls, no invisible characters, no whitespace but ' ': the common case
        if text.isascii():
            return " ".join(text.split())  # NFKC leaves ASCII unchanged: skip it for URLs, numbers, codes
        if "  " not in text and text[:1] != " " and text[-1:] != " " and unicodedata.is_normalized("NFKC", text):
            return text  # already what the full path below would return (a typical Chinese title)
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():  # cheap C check first: most Chinese cells have nothing to remove
        text = INVISIBLE_RE.sub("", text)
    if "\n" in text or "\r" in text:
        text = _WRAPPED_LINE.sub("", text)
    return " ".join(text.split())


def clean_name(value: Any) -> str:
    """A unit or column name: clean_text without any inner spaces (staff pad names to align them)."""
    return clean_text(value).replace(" ", "")


def already_clean(texts: list[str], names: bool = False) -> bool:
    """True when clean_text (clean_name with `names`: no space at all) returns every one of `texts` unchanged; a few
    C passes over the joined column instead of one Python call per value (100k distinct titles and links; issue 9).

    Joined with line breaks: none of the texts holds one once the join is printable, and a line break is a
    stable character for NFKC (nothing composes across it), so the join is normalized iff every text is. For
    names one search for a space decides what the searches for doubled and end spaces would (4 ms each for
    100k links).
    """
    joined = "\n".join(texts)
    if not _printable(texts, joined):  # no controls, invisible characters, or whitespace other than ' '
        return False
    if names:
        if " " in joined:
            return False
    elif "  " in joined or "\n " in joined or " \n" in joined or joined[:1] == " " or joined[-1:] == " ":
        return False
    return unicodedata.is_normalized("NFKC", joined)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))  # what str.isprintable accepts of ASCII


def _printable(texts: list[str], joined: str) -> bool:
    """ "".join(texts).isprintable(), given their join with line breaks. ASCII text (links, document numbers) is
    checked as bytes: deleting the printable ones leaves only the line breaks that joined them; 10 → 2 ms for
    100k links (issue 9, import speed)."""
    if not joined.isascii():
        return "".join(texts).isprintable()
    return len(joined.encode("ascii").translate(None, _PRINTABLE_ASCII)) == max(len(texts) - 1, 0)


def parse_date(value: Any) -> date | None:
    """Every date form in the ledger contract; None for an empty cell; CellError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value < _FIRST_REAL_SERIAL_DAY:  # a date cell holding a tiny serial: 0, or 60 (Excel's fictional 1900-02-29)
            serial = (value - _EXCEL_EPOCH).days
            raise CellError(
                "日期为0（空白日期单元格）"
                if serial == 0
                else f"日期无法识别: Excel 日期序号 {serial}（{value}，多为误填的数字）"
            )
        return value
    if isinstance(value, (time, timedelta)):  # a 09:30 cell: calamine reads it as a time of day, not a date
        value = value.isoformat() if isinstance(value, time) else str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value, str(value))
    if _TIME_ONLY.fullmatch(clean_text(value)):  # a 09:30 cell (the reader child sends times as text)
        if set(clean_text(value)) <= set("0:."):  # calamine reads a 0 date cell as the time 00:00:00
            raise CellError("日期为0（空白日期单元格）")
        raise CellError(f"只有时间没有日期: {clean_text(value)}")
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
                day_found = date(year, month, day)
            except ValueError:
                break
            return parse_date(day_found)  # 1899-12-30 is how a reader writes a 0 date cell: judged as one
    raise CellError(f"日期无法识别: {clean_text(value)}")


def _from_serial(number: float, raw: str) -> date:
    if number == 0:
        raise CellError("日期为0（空白日期单元格）")
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
