"""The reminder texts in plain Chinese: one per unit (to its liaison) and one summary for the office, and the
splitting of a text into robot messages of at most N bytes.

Never imports streamlit. Counts come first, then every item by name (a liaison must be able to act on the
message alone); a unit with nothing to be reminded of gets no message.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.frames import dates
from core.reminders.digest import Digest

OFFICE = "office"  # the recipient key of the office summary; a unit's is f"unit:{unit_id}"
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Message:
    """One reminder: who it is for, its text, and where it goes (mobile to @ in the group, e-mail address)."""

    recipient: str
    unit_id: int | None
    title: str
    content: str
    mobile: str | None = None
    email: str | None = None


_SECTION_NUMBERS = "一二三四五"  # at most five sections: the silent week and the four lists below


def _day(d: date | None) -> str:
    return "—" if d is None else f"{d.month}月{d.day}日"


def _when(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（周{_WEEKDAYS[d.weekday()]}）"


def _rows(frame: pd.DataFrame, unit_id: int) -> pd.DataFrame:
    return frame.loc[frame["unit_id"] == unit_id]


def _unit_lines(digest: Digest, unit_id: int) -> list[str]:
    lines: list[str] = []
    if (digest.silent["unit_id"] == unit_id).any():
        lines.append(
            f"一、上周（{_day(digest.week_start)}至{_day(digest.week_end)}）本单位网站未发布任何信息，"
            "请按“一周一更新”要求及时更新。"
        )
    sections = (
        (
            digest.warning,
            "个栏目即将超期未更新",
            lambda r, due: (
                f"“{r.column_name}”（上次更新{_day(dates(pd.Series([r.last_published_on]))[0])}，"
                f"最迟{_day(due)}须更新）"
            ),
        ),
        (
            digest.findings_overdue,
            "个整改问题本周新逾期",
            lambda r, due: (
                f"{r.finding_no or '未编号'}：{r.description}（{r.inspection}，整改期限{_day(due)}，"
                f"已逾期{int(r.days_overdue)}天）"
            ),
        ),
        (
            digest.findings_soon,
            "个整改问题5个工作日内到期",
            lambda r, due: f"{r.finding_no or '未编号'}：{r.description}（{r.inspection}，整改期限{_day(due)}）",
        ),
        (
            digest.requests_soon,
            "件依申请公开5个工作日内到答复期限",
            lambda r, due: f"{r.request_no}（{_day(dates(pd.Series([r.received_on]))[0])}收到，答复期限{_day(due)}）",
        ),
    )
    number = len(lines)  # sections so far (the silent week's line is the first when there is one)
    for frame, what, describe in sections:
        rows = _rows(frame, unit_id)
        if rows.empty:
            continue
        items = [describe(r, d) for r, d in zip(rows.itertuples(index=False), dates(rows["due_on"]))]
        lines.append(f"{_SECTION_NUMBERS[number]}、{len(rows)}{what}：")
        number += 1
        lines += [f"  {i}. {text}" for i, text in enumerate(items, 1)]
    return lines


def unit_messages(digest: Digest) -> list[Message]:
    """One message per unit in the digest that has something to be reminded of, in registry order."""
    messages = []
    for unit in digest.units.itertuples(index=False):
        if digest.empty_for(unit.unit_id):
            continue
        title = f"政务公开提醒：{unit.unit_name}"
        head = f"【{title}】{_when(digest.today)}"
        greeting = f"{unit.liaison}同志，" if isinstance(unit.liaison, str) and unit.liaison else ""
        content = "\n".join(
            [head, f"{greeting}请核实并处理以下事项：", *_unit_lines(digest, unit.unit_id), "如已处理请忽略。"]
        )
        messages.append(
            Message(
                f"unit:{unit.unit_id}",
                int(unit.unit_id),
                title,
                content,
                unit.mobile if isinstance(unit.mobile, str) else None,
                unit.email if isinstance(unit.email, str) else None,
            )
        )
    return messages


def _named(frame: pd.DataFrame) -> str:
    counts = frame.groupby("unit_name", sort=False).size()
    return "、".join(f"{name}（{n}）" if n > 1 else str(name) for name, n in counts.items())


def office_message(digest: Digest) -> Message:
    """The office's summary: each count with the units named (a unit with several items shows how many)."""
    silent = list(dict.fromkeys(digest.silent["unit_name"]))
    parts = [
        (
            f"上周（{_day(digest.week_start)}至{_day(digest.week_end)}）未发布信息的单位{len(silent)}个",
            "、".join(silent),
        ),
        (f"即将超期未更新的栏目{len(digest.warning)}个", _named(digest.warning)),
        (f"本周新逾期的整改问题{len(digest.findings_overdue)}个", _named(digest.findings_overdue)),
        (f"5个工作日内到期的整改问题{len(digest.findings_soon)}个", _named(digest.findings_soon)),
        (f"5个工作日内到答复期限的依申请公开{len(digest.requests_soon)}件", _named(digest.requests_soon)),
    ]
    units_told = sum(not digest.empty_for(u) for u in digest.units["unit_id"])
    lines = [f"【政务公开每周提醒·汇总】{_when(digest.today)}"]
    lines += [f"{i}. {text}{'：' + names if names else '。'}" for i, (text, names) in enumerate(parts, 1)]
    lines.append(f"已向{units_told}个单位分别发送提醒。")
    return Message(OFFICE, None, "政务公开每周提醒汇总", "\n".join(lines))


def split_content(content: str, max_bytes: int) -> list[str]:
    """`content` as parts of at most `max_bytes` UTF-8 bytes each, cut between lines; a part of several carries
    "（续i/n）" at its top. A single line longer than a part is cut between characters."""
    if len(content.encode()) <= max_bytes:
        return [content]
    budget = max_bytes - len("（续99/99）\n".encode())
    pieces: list[str] = []
    for line in content.split("\n"):
        while len(line.encode()) > budget:
            cut = budget
            while len(line[:cut].encode()) > budget:
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    parts: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if current and len("\n".join([*current, piece]).encode()) > budget:
            parts.append("\n".join(current))
            current = []
        current.append(piece)
    parts.append("\n".join(current))
    return [f"（续{i}/{len(parts)}）\n{part}" for i, part in enumerate(parts, 1)]
