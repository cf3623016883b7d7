"""A read report (model.Document) → its tables mapped onto the national format (model.MappedReport).

Pure: no I/O. Rows are identified by keywords of their labels (format.py), columns by position within the row's
value cells (as printed in the format). A blank, "/", "—" cell stays missing (number None), never 0.
"""

import re
import unicodedata
from datetime import date

from core.annual_reports import format as fmt
from core.annual_reports.model import Block, Cell, Document, MappedReport, Value
from core.annual_reports.vocabulary import FORMAT_2019, FORMAT_2021, MISSING_MARKS

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_UNIT_SUFFIX = re.compile(r"(万元|元|件|个|项|人次|次)$")
_HEADING = re.compile(r"^([一二三四五六七])[、.．]")
_TITLE = re.compile(r"(.{2,40}?)(\d{4})年度?政府信息公开(?:工作)?(?:年度)?报告")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR = re.compile(r"(20\d\d)年")
_NUMBERING = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]?")


def normalize(text: str) -> str:
    """NFKC (full-width → half-width brackets and digits), no whitespace, no quotes: the form labels are matched in."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s\u3000\"'“”‘’「」]", "", text)


def parse_number(raw: str) -> tuple[float | None, bool]:
    """(number, invalid): missing marks give (None, False); text that is no number gives (None, True)."""
    text = normalize(raw).replace(",", "")
    if text in MISSING_MARKS:
        return None, False
    text = _UNIT_SUFFIX.sub("", text)
    if _NUMBER.match(text):
        return float(text), False
    return None, True


def _value_like(text: str) -> bool:
    return parse_number(text)[1] is False


def _looks_invalid(text: str) -> bool:
    """Short text with a digit standing where a number belongs (约5, 5.5.): an unreadable value, not a label."""
    t = normalize(text)
    return len(t) <= 6 and any(ch.isdigit() for ch in t) and not _NUMBERING.match(t)


def split_row(block: Block) -> tuple[str, list[Cell]]:
    """A row's label (its text cells, merged repeats once) and its value cells (everything after the label)."""
    label_end, seen_value = 0, False
    for j, cell in enumerate(block.cells):
        if _value_like(cell.text):
            seen_value = True
        elif seen_value and _looks_invalid(cell.text):
            continue
        else:
            label_end, seen_value = j + 1, False
    labels = [normalize(c.text) for c in block.cells[:label_end] if normalize(c.text)]
    return "".join(dict.fromkeys(labels)), list(block.cells[label_end:])


def _take(cells: list[Cell], n: int) -> tuple[list[Cell | None], bool]:
    """Exactly n value cells: trailing blanks beyond n dropped, a short row padded with None (and flagged)."""
    cells = list(cells)
    while len(cells) > n and not normalize(cells[-1].text):
        cells.pop()
    while len(cells) > n and not normalize(cells[0].text):
        cells.pop(0)
    if len(cells) > n:
        cells = cells[-n:]
    short = len(cells) < n
    return [*cells, *[None] * (n - len(cells))], short


def detect_format(blocks: list[Block], year: int | None) -> str:
    text = normalize("".join(b.text for b in blocks))
    hits = {f: sum(text.count(m) for m in markers) for f, markers in fmt.FORMAT_MARKERS.items()}
    if max(hits.values()) > 0:
        return max(hits, key=lambda f: hits[f])
    return fmt.format_for_year(year) if year else FORMAT_2021


def _t3_row(label: str, group: str) -> tuple[str | None, str]:
    """(row key or None, group context after this row) for a table 三 label."""
    for spec in fmt.T3_ROWS:
        if spec.context_only or spec.key == "total":
            continue
        if any(k in label for k in spec.keywords):
            return spec.key, spec.group or group
    for name, spec in fmt.T3_GROUPS.items():
        keyword = next((k for k in spec.keywords if k in label), None)
        if keyword:
            rest = _NUMBERING.sub("", label.split(keyword, 1)[1])
            if not rest:
                return spec.key, name
            return _context_row(rest, name), name
    if group:
        key = _context_row(_NUMBERING.sub("", label), group)
        if key:
            return key, group
    if "总计" in label:
        return "total", ""
    return None, group


def _context_row(rest: str, group: str) -> str | None:
    for spec in fmt.T3_ROWS:
        if spec.group == group and any(k in rest for k in spec.keywords):
            return spec.key
    return None


def _t2_row(label: str) -> str | None:
    for spec in fmt.T2_ROWS:
        if any(k in label for k in spec.keywords):
            return spec.key
    return None


def _title(blocks: list[Block]) -> tuple[str, int | None]:
    for block in blocks[:8]:
        match = _TITLE.search(normalize(block.text))
        if match:
            return match.group(1), int(match.group(2))
    return "", None


def _signature(blocks: list[Block]) -> tuple[str, date | None]:
    """The unit under the signature and the date below it (the last date-only paragraph)."""
    paragraphs = [normalize(b.text) for b in blocks if b.paragraph and normalize(b.text)]
    for i in range(len(paragraphs) - 1, -1, -1):
        match = _DATE.match(paragraphs[i])
        if match:
            try:
                day = date(*(int(g) for g in match.groups()))
            except ValueError:
                return "", None
            before = paragraphs[i - 1] if i > 0 else ""
            unit = before if 2 <= len(before) <= 30 and not re.search(r"[，。,;；:：]", before) else ""
            return unit, day
    return "", None


def map_document(doc: Document, unit_hint: str = "", year_hint: int | None = None) -> MappedReport:
    """Map every table of the report onto the national format; paragraphs go to their sections."""
    blocks = doc.blocks
    unit, year = _title(blocks)
    signed_by, dated = _signature(blocks)
    if year is None:
        first = next((normalize(b.text) for b in blocks if b.paragraph and normalize(b.text)), "")
        match = _YEAR.search(first)
        year = int(match.group(1)) if match else year_hint
    report = MappedReport(
        doc.file_name,
        doc.file_format,
        unit or signed_by or unit_hint,
        year or year_hint,
        detect_format(blocks, year or year_hint),
        dated=dated,
    )
    _Walker(report).walk(blocks)
    return report


class _Walker:
    def __init__(self, report: MappedReport) -> None:
        self.report = report
        self.section = ""
        self.table = ""
        self.group = ""
        self.subtotal_rows: list[str] = []
        self.paragraphs: list[str] = []

    def walk(self, blocks: list[Block]) -> None:
        for block in blocks:
            text = normalize(block.text)
            if not text:
                continue
            if block.paragraph or len(block.cells) == 1 and not _value_like(block.cells[0].text):
                self._paragraph(text, block.cells[0].text if block.cells else "")
                continue
            self._row(block, text)
        self.report.text = "\n".join(self.paragraphs)
        self.report.subtotal_rows = tuple(dict.fromkeys(self.subtotal_rows))
        if self.report.format == FORMAT_2021 and "other" in self.report.rows_of("三"):
            # a single (六) row in a 2021 report: the row exists in the 2019 format only
            self.report.notes.append("表三（六）其他处理只有一行（2019年试行格式的写法）")

    def _paragraph(self, text: str, raw: str) -> None:
        heading = _HEADING.match(text)
        if heading and len(text) <= 40:
            self.section = heading.group(1)
            if self.section in ("二", "三", "四"):
                self.table, self.group = self.section, ""
            elif self.section in ("五", "六"):
                self.table = ""
            return
        self.paragraphs.append(raw.strip())
        sections = self.report.sections
        key = self.section or "一"
        sections[key] = (sections.get(key, "") + "\n" + raw.strip()).strip()

    def _row(self, block: Block, text: str) -> None:
        if "第二十条" in text:
            self.table = "二"
        elif "本年新收" in text or any(w in text for w in fmt.T3_HEADER_WORDS[:3]):
            self.table = "三"
        elif any(w in text for w in ("结果维持", "复议后起诉", "未经复议")):
            self.table = "四"
        label, values = split_row(block)
        if any(w in label for w in (*fmt.T3_HEADER_WORDS, *fmt.T4_HEADER_WORDS, "信息内容")):
            if self.table == "三" and "小计" in label:
                self.report.has_subtotal_column = True
            return  # a header row (merged header cells repeat as drawn)
        filled = any(normalize(c.text) for c in values)
        if self.table == "三":
            self._t3(label, values, filled)
        elif self.table == "四" and filled:
            self._t4(values)
        elif self.table == "二" and (filled or label):
            self._t2(label, values)

    def _store(self, table: str, row: str, columns: list[str], cells: list[Cell | None], label: str) -> None:
        for column, cell in zip(columns, cells):
            raw = cell.text if cell else ""
            number, invalid = parse_number(raw)
            where = cell.where if cell else "（该行缺少此格）"
            self.report.values.setdefault(
                (table, row, column), Value(table, row, column, raw, number, where, label, invalid)
            )

    def _t3(self, label: str, values: list[Cell], filled: bool) -> None:
        key, self.group = _t3_row(label, self.group)
        if key is not None and (not values or key.endswith("_sub") and not filled):
            return  # a group label of its own (三、本年度办理结果 / （三）不予公开): context, no numbers
        if key is None:
            if label:
                self.report.notes.append(f"表三未识别的行：{label}")
            return
        if key.endswith("_sub"):
            self.subtotal_rows.append(key)
        if key == "other_sub" and self.report.format == FORMAT_2019:
            key = "other"
        columns = [c.key for c in fmt.T3_COLUMNS]
        if self.report.has_subtotal_column:
            columns.insert(6, fmt.T3_SUBTOTAL_COLUMN.key)
        cells, short = _take(values, len(columns))
        if short:
            self.report.notes.append(f"表三“{label}”一行只有 {len(values)} 个数字格，应为 {len(columns)} 个")
        self._store("三", key, columns, cells, label)

    def _t4(self, values: list[Cell]) -> None:
        if len(values) < 5:
            return
        cells, short = _take(values, 15)
        if short:
            self.report.notes.append(f"表四只有 {len(values)} 个数字格，应为 15 个")
        for g, (group, _) in enumerate(fmt.T4_GROUPS):
            self._store("四", group, [c.key for c in fmt.T4_COLUMNS], cells[g * 5 : g * 5 + 5], "")

    def _t2(self, label: str, values: list[Cell]) -> None:
        key = _t2_row(label)
        layout = fmt.T2_COLUMNS[self.report.format]
        if key is None and not label and not self.report.rows_of("二"):
            key = "rules"
            self.report.notes.append("表二第一行的行标签空白，按位置认定为“规章”")
        if key is None:
            return
        if key not in layout:
            self.report.notes.append(f"表二“{label}”一行不属于{self.report.format}年格式")
            return
        columns = [c.key for c in layout[key]]
        cells, _ = _take(values, len(columns))
        self._store("二", key, columns, cells, label)


def missing_parts(report: MappedReport) -> list[str]:
    """What the report lacks against its format (an empty list: complete)."""
    parts = []
    for key, columns in fmt.T2_COLUMNS[report.format].items():
        for column in columns:
            if report.get("二", key, column.key) is None:
                parts.append(f"表二 {fmt.row_label('二', key)}")
                break
    needed = (*fmt.T3_REQUIRED, *fmt.t3_result_rows(report.format))
    parts += [f"表三 {fmt.row_label('三', key)}" for key in needed if report.get("三", key, "total") is None]
    if report.get("四", "review", "total") is None:
        parts.append("表四")
    return parts


__all__ = ["FORMAT_2019", "FORMAT_2021", "map_document", "missing_parts", "normalize", "parse_number"]
