"""Official documents (公文) as .docx: the per-unit 整改通知书 and the monthly 通报, laid out per GB/T 9704-2012.

Never imports streamlit, never queries the database: callers pass plain dataclasses with the facts already decided
(which findings are open, how many days overdue, the ranking), and this module only words and lays them out.
Every run names its Chinese font in w:eastAsia, and so do the styles and docDefaults: python-docx's `font.name`
writes only w:ascii/w:hAnsi, so Chinese text would otherwise fall back to the theme font (stack-notes.md 5.5).
The .docx names the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); the office's Word/WPS has
them, and previews on Linux render with substitutes (domain.md 5.3).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from exports.tables import xml_safe


@dataclass(frozen=True)
class OfficeInfo:
    """The issuing office: its full name heads and signs documents; doc_prefix starts every 发文字号."""

    county_name: str  # "清源县"
    office_name: str  # "清源县政务公开工作领导小组办公室"
    short_name: str  # "清源县政务公开办"
    doc_prefix: str  # "清公开办" → 发文字号 "清公开办〔2026〕12号"
    contact: str = ""  # "联系人：张三，电话：0000-1234567" → printed as the 附注 below the date
    copy_to: str = ""  # 版记's 抄送机关, "县委办公室，县人民政府办公室。"; empty: the 版记 has no 抄送 line


@dataclass(frozen=True)
class NoticeFinding:
    """One open finding as the notice's attachment lists it; days_overdue > 0 means past due_on."""

    finding_no: str
    inspection: str
    found_on: date
    problem_type: str
    description: str
    due_on: date | None
    state: str
    days_overdue: int


@dataclass(frozen=True)
class RectificationNotice:
    """整改通知书 for one unit; findings are listed in the order given."""

    office: OfficeInfo
    unit_name: str
    doc_number: str
    issue_date: date
    month_label: str  # "2026年10月"
    findings: tuple[NoticeFinding, ...]
    feedback_days: int = 5  # written feedback within N working days
    as_of: date | None = None  # 统计截至 of the document set (the bulletin's day); None: the issue date
    copy_to: str = ""  # 抄送 of this notice; empty: none


@dataclass(frozen=True)
class RankingRow:
    """One line of a ranking table (附件1 of the bulletin)."""

    rank: int
    unit_name: str
    score: float
    grade: str
    movement: str  # in words: 升13位 / 降3位 / 持平 / —
    main_deductions: str


@dataclass(frozen=True)
class Deduction:
    """One scored deduction of a unit, as 附件2 lists it: the evidence in full, never shortened (issue 12)."""

    unit_name: str
    rule_name: str
    count: int
    amount: float  # negative
    evidence: str


@dataclass(frozen=True)
class ProblemSummary:
    """One kind of problem across the county for the body: how many, how many units, who lost most (in order)."""

    rule_name: str
    count: int
    units: tuple[tuple[str, float], ...]  # (unit, amount lost), most lost first; every unit concerned


@dataclass(frozen=True)
class MonthlyBulletin:
    """月度通报: overview, a summary per group (附件1 holds every unit), main problems (附件2 every deduction),
    requirements; as_of is the 统计截至 the whole document set counts to, stated in the text."""

    office: OfficeInfo
    doc_number: str
    issue_date: date
    month_label: str
    overview: tuple[str, ...]
    rankings: tuple[tuple[str, tuple[RankingRow, ...]], ...]
    problems: tuple[ProblemSummary, ...]
    requirements: tuple[str, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    as_of: date | None = None  # None: the issue date
    copy_to: str | None = None  # None: office.copy_to


# Fonts and sizes (号 → pt: 小初 36, 二号 22, 三号 16, 四号 14, 小四 12), GB/T 9704-2012 and domain.md 5.
_TITLE_FONT, _BODY_FONT, _H1_FONT, _H2_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
_PAGE_FONT, _LATIN_FONT = "宋体", "Times New Roman"  # digits/Latin in Times New Roman: local office habit
_BODY_PT, _LINE_PT = 16, 28  # 三号; fixed 28 pt gives the 22-line page offices use
_RED = RGBColor(0xFF, 0x00, 0x00)
_PORTRAIT_WIDTH_MM, _LANDSCAPE_WIDTH_MM = 156, 225  # type area (版心) width
_BASIS = (
    "根据《中华人民共和国政府信息公开条例》第四十七条关于“对行政机关未按照要求开展政府信息公开工作的，"
    "予以督促整改或者通报批评”的规定"
)
_NOTICE_COLUMNS = ("序号", "问题编号", "检查", "发现日期", "问题类型", "问题描述", "整改期限", "状态")
_NOTICE_WIDTHS_MM = (13, 29, 21, 25, 24, 61, 25, 27)  # sum 225: the landscape type area
_RANKING_COLUMNS = ("名次", "单位", "得分", "等次", "较上月", "主要扣分项")
# 较上月 needs 4 characters of 小四 (4.2 mm each) plus the cell margins, or "升13位" wraps (issue 12)
_RANKING_WIDTHS_MM = (13, 42, 15, 17, 20, 49)  # sum 156: the portrait type area
_DEDUCTION_COLUMNS = ("序号", "单位", "扣分项", "处数", "扣分", "具体情况")
_DEDUCTION_WIDTHS_MM = (13, 28, 27, 13, 13, 62)  # sum 156


@dataclass(frozen=True)
class _Style:
    """A paragraph style: the font its runs carry, alignment, first-line indent in characters, fixed line."""

    font: str
    size: float
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: float = 0
    line: float = _LINE_PT
    bold: bool = False
    outline: int | None = None  # outline level, so Word's navigation pane shows 一、/（一） headings


_CENTER, _LEFT, _RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
_STYLES = {
    "Normal": _Style(_BODY_FONT, _BODY_PT, indent_chars=2),
    "Issuer Mark": _Style(_TITLE_FONT, 36, _CENTER, line=46),
    "Document Number": _Style(_BODY_FONT, _BODY_PT, _CENTER),
    "Title": _Style(_TITLE_FONT, 22, _CENTER, line=34),
    "Addressee": _Style(_BODY_FONT, _BODY_PT, _LEFT),
    "Heading 1": _Style(_H1_FONT, _BODY_PT, indent_chars=2, outline=0),
    "Heading 2": _Style(_H2_FONT, _BODY_PT, indent_chars=2, outline=1),
    "Attachment Note": _Style(_BODY_FONT, _BODY_PT, indent_chars=2),
    "Signature": _Style(_BODY_FONT, _BODY_PT, _RIGHT),
    "Annotation": _Style(_BODY_FONT, _BODY_PT, indent_chars=2),
    "Attachment Mark": _Style(_H1_FONT, _BODY_PT, _LEFT),
    "Attachment Title": _Style(_TITLE_FONT, 22, _CENTER, line=34),
    "Table Text": _Style(_BODY_FONT, 12, _CENTER, line=18),
    "Imprint": _Style(_BODY_FONT, 14, _LEFT),
    "Footer": _Style(_PAGE_FONT, 14, _RIGHT),
}
# Schema order matters to Word (not to LibreOffice): the elements that must follow the ones we insert.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_SCALE = (
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def notice_docx(notice: RectificationNotice) -> bytes:
    """The 整改通知书 as .docx bytes: 版头, title, 主送, body, 附件说明, signature; then 问题清单 (landscape), 版记."""
    office, unit = notice.office, notice.unit_name
    segments = ("关于", unit, "政务公开问题", "限期整改的通知")
    doc = _new_document("".join(segments), office, notice.issue_date)
    _letterhead(doc, office, notice.doc_number)
    _title(doc, segments)
    _para(doc, "Addressee", f"{unit}：", before=1)
    for style, text in _notice_body(notice):
        _para(doc, style, text)
    _para(doc, "Attachment Note", "附件：问题清单", before=1)
    _signature(doc, office, notice.issue_date)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=True)
    _para(doc, "Attachment Mark", "附件")
    _para(doc, "Attachment Title", "问题清单")
    as_of = cn_date(notice.as_of or notice.issue_date)
    _para(doc, "Addressee", f"单位：{unit}　　统计截至：{as_of}", after=0.3)
    _table(
        doc,
        _NOTICE_COLUMNS,
        [_finding_cells(i, f) for i, f in enumerate(notice.findings, 1)],
        _NOTICE_WIDTHS_MM,
        left_columns={5},
    )
    _imprint(doc, office, notice.issue_date, _LANDSCAPE_WIDTH_MM, notice.copy_to)
    return _save(doc)


def bulletin_docx(bulletin: MonthlyBulletin) -> bytes:
    """The 月度通报 as .docx bytes: 版头, title, overview, 一、考核结果 (summary per group), 二、存在的主要问题,
    三、工作要求, 附件说明, 署名; 附件1 the full ranking per group, 附件2 every deduction with its evidence; 版记."""
    office = bulletin.office
    as_of = bulletin.as_of or bulletin.issue_date
    segments = ("关于", bulletin.month_label, "全县", "政务公开", "工作情况的", "通报")
    doc = _new_document("".join(segments), office, bulletin.issue_date)
    _letterhead(doc, office, bulletin.doc_number)
    _title(doc, segments)
    _para(doc, "Addressee", "各有关单位：", before=1)
    for text in bulletin.overview:
        _para(doc, "Normal", text)
    attachments = (f"{bulletin.month_label}政务公开考核排名表", f"{bulletin.month_label}政务公开考核扣分明细")
    _para(doc, "Heading 1", "一、考核结果")
    for number, (group, rows) in enumerate(bulletin.rankings, 1):
        _para(doc, "Heading 2", f"（{_cn_number(number)}）{group}")
        _para(doc, "Normal", _group_summary(group, rows))
    _para(doc, "Normal", "各单位得分、名次及主要扣分项见附件1。" if bulletin.rankings else "本月无考核排名数据。")
    _para(doc, "Heading 1", "二、存在的主要问题")
    for number, problem in enumerate(bulletin.problems, 1):
        _para(doc, "Normal", f"{number}.{_problem_sentence(problem)}")
    if bulletin.problems:
        _para(doc, "Normal", "各单位每一项扣分的具体情况见附件2。")
    else:
        _para(doc, "Normal", "本月检查未发现需要通报的突出问题。")
    if bulletin.requirements:
        _para(doc, "Heading 1", "三、工作要求")
        for text in bulletin.requirements:
            _para(doc, "Normal", text)
    _attachment_note(doc, attachments if bulletin.problems else attachments[:1])
    _signature(doc, office, bulletin.issue_date)
    _new_attachment(doc, 1, attachments[0], as_of)
    for number, (group, rows) in enumerate(bulletin.rankings, 1):
        _para(doc, "Heading 2", f"{_cn_number(number)}、{group}（{len(rows)}个单位）", before=0.5 if number > 1 else 0)
        _table(doc, _RANKING_COLUMNS, [_ranking_cells(row) for row in rows], _RANKING_WIDTHS_MM, left_columns={1, 5})
    if bulletin.problems:
        _new_attachment(doc, 2, attachments[1], as_of)
        cells = [_deduction_cells(i, d) for i, d in enumerate(bulletin.deductions, 1)]
        _table(doc, _DEDUCTION_COLUMNS, cells, _DEDUCTION_WIDTHS_MM, left_columns={1, 2, 5})
    copy_to = office.copy_to if bulletin.copy_to is None else bulletin.copy_to
    _imprint(doc, office, bulletin.issue_date, _PORTRAIT_WIDTH_MM, copy_to)
    return _save(doc)


def notices_zip(notices: list[RectificationNotice]) -> bytes:
    """A .zip holding one "整改通知书_<unit>.docx" per notice, in the order given (a repeated unit gets "_2")."""
    buffer, used = io.BytesIO(), set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for notice in notices:
            stem = f"整改通知书_{_safe_filename(notice.unit_name)}"
            name, n = f"{stem}.docx", 1
            while name in used:
                n += 1
                name = f"{stem}_{n}.docx"
            used.add(name)
            day = notice.issue_date
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, notice_docx(notice))
    return buffer.getvalue()


def docx_text_structure(data: bytes) -> list[tuple[str, str, float | None, str | None]]:
    """(style name, text, size in pt, eastAsia font) per body paragraph, table cells included, in document order.

    Size and font come from the first run with text, else from the paragraph style and its base styles; this is
    the reviewable form of a document (docx bytes carry timestamps, so they cannot be compared).
    """
    document = Document(io.BytesIO(data))
    result = []
    for block in document.iter_inner_content():
        paragraphs = [block] if isinstance(block, Paragraph) else _table_paragraphs(block)
        for paragraph in paragraphs:
            size, font = _resolved_font(paragraph)
            result.append((paragraph.style.name if paragraph.style else "", paragraph.text, size, font))
    return result


# --- wording -----------------------------------------------------------------------------------------------------


def _notice_body(notice: RectificationNotice) -> list[tuple[str, str]]:
    """(style, text) of the notice body: basis, the findings in numbers, what to do by when, what happens if not."""
    findings, office = notice.findings, notice.office
    overdue = [f for f in findings if f.days_overdue > 0]
    inspections = "、".join(_distinct(f.inspection for f in findings)) or "政务公开检查"
    as_of = cn_date(notice.as_of or notice.issue_date)
    if findings:
        count = f"截至{as_of}，你单位尚有{len(findings)}个问题未整改到位"
        count += (
            f"，其中{len(overdue)}个已超过整改期限（最长逾期{max(f.days_overdue for f in overdue)}天）。"
            if overdue
            else "，均未超过整改期限。"
        )
        kinds = "、".join(_distinct(f.problem_type for f in findings))
        count += (f"问题主要涉及{kinds}等方面，" if kinds else "") + "具体见附件《问题清单》。"
    else:
        count = f"截至{as_of}，你单位无未整改问题。"
    return [
        (
            "Normal",
            f"{_BASIS}，我办通过{inspections}对你单位{notice.month_label}政务公开工作进行了检查。"
            "现将有关问题及整改要求通知如下：",
        ),
        ("Heading 1", "一、问题情况"),
        ("Normal", count),
        ("Heading 1", "二、整改要求"),
        ("Normal", "请你单位对照问题清单逐项整改，在各问题所列整改期限前整改到位；已超过整改期限的问题，须立即整改。"),
        (
            "Normal",
            f"请于收到本通知之日起{notice.feedback_days}个工作日内，将整改情况（逐项列明整改措施、完成时间及"
            f"相关网页链接）书面反馈{office.short_name}。",
        ),
        ("Heading 1", "三、有关事项"),
        ("Normal", "整改情况纳入政务公开月度考核。对逾期未整改或整改不到位的，将在全县范围内予以通报。"),
    ]


def _finding_cells(number: int, finding: NoticeFinding) -> list[str]:
    """The attachment row of one finding; the state says how overdue it is."""
    state = _plain(finding.state) + (f"（逾期{finding.days_overdue}天）" if finding.days_overdue > 0 else "")
    due = finding.due_on.isoformat() if finding.due_on else "—"
    cells = [
        str(number),
        finding.finding_no,
        finding.inspection,
        finding.found_on.isoformat(),
        finding.problem_type,
        finding.description,
        due,
        state,
    ]
    return [_plain(cell) or "—" for cell in cells]


def _ranking_cells(row: RankingRow) -> list[str]:
    """A ranking line; movement already in words (core.ranking.view.movement_text: 升13位, 降3位, 持平)."""
    cells = [str(row.rank), row.unit_name, _score_text(row.score), row.grade, row.movement, row.main_deductions]
    return [_plain(cell) or "—" for cell in cells]


def _group_summary(group: str, rows: tuple[RankingRow, ...]) -> str:
    """本月参加考核的{group}N个，优秀…个…；前三名 A（98.5分）…；后三名 …（worst last, with scores)."""
    if not rows:
        return f"本月{group}无考核数据。"
    grades = "、".join(f"{g}{n}个" for g, n in Counter(_plain(r.grade) for r in rows).items() if g)
    text = f"本月参加考核的{group}共{len(rows)}个，其中{grades}。"
    named = [f"{_plain(r.unit_name)}（{_score_text(r.score)}分）" for r in rows]
    if len(rows) <= 3:
        return text + "得分依次为：" + "、".join(named) + "。"
    bottom = "、".join(named[-3:])
    return text + f"排名前三位的是{'、'.join(named[:3])}；排名后三位的是{bottom}。"


def _problem_sentence(problem: ProblemSummary) -> str:
    """一类问题: 共N处，涉及K个单位，扣分最多的是 A（扣9分）… — whole names and numbers, never cut."""
    worst = "、".join(f"{_plain(u)}（扣{_score_text(-amount)}分）" for u, amount in problem.units[:3])
    units = len(problem.units)
    lead = "扣分最多的是" if units > 3 else "分别是" if units > 1 else "是"
    return f"{_plain(problem.rule_name)}：共{problem.count}处，涉及{units}个单位，{lead}{worst}。"


def _deduction_cells(number: int, deduction: Deduction) -> list[str]:
    cells = [
        str(number),
        deduction.unit_name,
        deduction.rule_name,
        str(deduction.count),
        _score_text(deduction.amount),
        deduction.evidence,
    ]
    return [_plain(cell) or "—" for cell in cells]


def _score_text(value: float) -> str:
    """98.50 → "98.5", 90.0 → "90"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _plain(value: object) -> str:
    """Text of a field that a ledger may have left empty: None or a pandas NaN reads as ""."""
    return value.strip() if isinstance(value, str) else ""


def _distinct(values: Iterable[object]) -> list[str]:
    """Non-empty texts in first-seen order, for "网上巡查、季度互查"-style lists."""
    return [v for v in dict.fromkeys(_plain(v) for v in values) if v]


def _sentence(text: str) -> str:
    """`text` closed with a full stop, unless it already ends in closing punctuation."""
    return text if not text or text.endswith(("。", "！", "？", "…", "；")) else text + "。"


def cn_date(day: date) -> str:
    """成文日期 form: Arabic numerals, no leading zeros (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals, for the （一）（二） heading level."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _safe_filename(name: str) -> str:
    """A unit name usable as a file name on Windows (the office's machines)."""
    return re.sub(r'[\\/:*?"<>|\r\n\t]', "_", name).strip(" .") or "未命名单位"


def _text_width(text: str) -> float:
    """Width in characters of the body font: ASCII (digits) is half width."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


# --- layout ------------------------------------------------------------------------------------------------------


def _new_document(title: str, office: OfficeInfo, issued: date) -> DocxDocument:
    """An empty A4 公文: fonts in docDefaults and styles, margins, page numbers, properties."""
    doc = Document()
    _doc_defaults(doc)
    for name, spec in _STYLES.items():
        _define_style(doc, name, spec)
    _page_setup(doc.sections[0], landscape=False)
    _page_numbers(doc)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = xml_safe(title), office.short_name, office.short_name
    props.created = props.modified = datetime(issued.year, issued.month, issued.day)
    props.language, props.revision = "zh-CN", 1
    return doc


def _doc_defaults(doc: DocxDocument) -> None:
    """docDefaults: 仿宋 eastAsia and zh-CN, so even text outside our styles is not in the theme font."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, _BODY_FONT, _LATIN_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")  # Chinese line breaking and punctuation compression in Word


def _define_style(doc: DocxDocument, name: str, spec: _Style) -> None:
    """(Re)build a paragraph style from scratch; built-in ones lose their theme fonts, colours and borders."""
    styles = doc.styles
    style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    for tag in ("w:pPr", "w:rPr"):
        for child in style.element.findall(qn(tag)):
            style.element.remove(child)
    if name != "Normal":
        style.base_style = styles["Normal"]
    style.quick_style = True
    _set_fonts(style.element.get_or_add_rPr(), spec.font, _PAGE_FONT if spec.font == _PAGE_FONT else _LATIN_FONT)
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.first_line_indent = Pt(spec.size * spec.indent_chars)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(spec.line)
    fmt.space_before = fmt.space_after = Pt(0)
    if spec.outline is not None:
        fmt.keep_with_next = True
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec.outline))
        style.element.get_or_add_pPr().insert_element_before(level, *_AFTER_OUTLINE)


def _page_setup(section: Section, landscape: bool) -> None:
    """A4 with the GB/T 9704 type area 156 × 225 mm; a landscape section keeps that area turned sideways."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    top, bottom, left, right = (28, 26, 37, 35) if landscape else (37, 35, 28, 26)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(16 if landscape else 24)  # page number about 7 mm below the type area


def _page_numbers(doc: DocxDocument) -> None:
    """ "— 1 —" in 4号宋体: odd pages right-indented one character, even pages left-indented (GB/T 9704 7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for paragraph, odd in ((section.footer.paragraphs[0], True), (section.even_page_footer.paragraphs[0], False)):
        paragraph.style = doc.styles["Footer"]
        paragraph.alignment = _RIGHT if odd else _LEFT
        indent = Pt(14)
        if odd:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        _run(paragraph, "— ", _PAGE_FONT, 14, latin=_PAGE_FONT)
        _page_field(paragraph)
        _run(paragraph, " —", _PAGE_FONT, 14, latin=_PAGE_FONT)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field, as runs (begin, instruction, separate, placeholder, end), each with its fonts."""
    for kind in ("begin", " PAGE ", "separate", "1", "end"):
        run = _run(paragraph, "1" if kind == "1" else "", _PAGE_FONT, 14, latin=_PAGE_FONT)
        if kind.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = kind
            run._r.append(element)
        elif kind != "1":
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


def _letterhead(doc: DocxDocument, office: OfficeInfo, doc_number: str) -> None:
    """版头: red issuing-office mark, the 发文字号 centred under it (下行文, GB/T 9704 7.2.4), a red rule (7.2.5)."""
    mark = _para(doc, "Issuer Mark")
    mark.paragraph_format.space_before = Mm(35) - Pt(5)  # glyph top 35 mm under the type area's top (7.2.2)
    run = _run(mark, office.office_name, _TITLE_FONT, 36, color=_RED)
    # A long office name is condensed (字符缩放) rather than shrunk, as offices do, to stay inside 156 mm.
    fit = int(_PORTRAIT_WIDTH_MM / 25.4 * 72 * 0.98 / (36 * max(_text_width(office.office_name), 1)) * 100)
    if fit < 100:
        scale = OxmlElement("w:w")
        scale.set(qn("w:val"), str(max(fit, 33)))
        run._r.get_or_add_rPr().insert_element_before(scale, *_AFTER_SCALE)
    number = _para(doc, "Document Number", doc_number, before=2)
    number.alignment = _CENTER
    _border(number, "bottom", size_eighths=18, color="FF0000", space_pt=11)  # rule 4 mm under the number
    number.paragraph_format.space_after = Pt(2 * _LINE_PT)  # title two lines under the rule


def _title(doc: DocxDocument, segments: tuple[str, ...]) -> Paragraph:
    """标题 broken only between `segments` (words: "关于", "2026年10月", "全县", "政务公开", …), into as few lines
    as fit 156 mm, balanced so no line is much longer than another (GB/T 9704 7.3.3: 梯形或菱形, 回行时要做到
    词意完整). A segment wider than a line (a very long unit name) is broken between its characters."""
    per_line = _PORTRAIT_WIDTH_MM / 25.4 * 72 / _STYLES["Title"].size - 0.5  # half a character of slack
    words = [w for seg in segments for w in ([seg] if _title_width(seg) <= per_line else list(seg)) if w]
    lines = _balanced_lines(words, per_line)
    paragraph = _para(doc, "Title")
    for i, line in enumerate(lines):
        run = _run(paragraph, line, _TITLE_FONT, _STYLES["Title"].size)
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _title_width(text: str) -> float:
    """Width in title characters; Word and LibreOffice add about a quarter character between Chinese and digits."""
    shifts = sum(1 for x, y in zip(text, text[1:]) if (ord(x) < 128) != (ord(y) < 128))
    return _text_width(text) + 0.25 * shifts


def _balanced_lines(words: list[str], per_line: float) -> list[str]:
    """The fewest lines of whole words within `per_line`, then the split whose longest line is shortest."""
    for count in range(1, len(words) + 1):
        splits = [_join_at(words, cuts) for cuts in combinations(range(1, len(words)), count - 1)]
        fitting = [lines for lines in splits if max(map(_title_width, lines)) <= per_line]
        if fitting:  # titles have few words, so trying every split stays small
            return min(fitting, key=lambda lines: (max(map(_title_width, lines)), -_title_width(lines[0])))
    return ["".join(words)]


def _join_at(words: list[str], cuts: tuple[int, ...]) -> list[str]:
    bounds = (0, *cuts, len(words))
    return ["".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]


def _attachment_note(doc: DocxDocument, names: tuple[str, ...]) -> None:
    """附件说明 one line under the body, two characters in; several attachments numbered, names aligned (7.3.4)."""
    if len(names) == 1:
        _para(doc, "Attachment Note", f"附件：{names[0]}", before=1)
        return
    for i, name in enumerate(names, 1):
        paragraph = _para(doc, "Attachment Note", f"附件：{i}.{name}" if i == 1 else f"{i}.{name}", before=i == 1)
        if i > 1:
            paragraph.paragraph_format.first_line_indent = Pt(_BODY_PT * 5)  # under the first name, after 附件：


def _new_attachment(doc: DocxDocument, number: int, name: str, as_of: date) -> None:
    """A new page opening an attachment: 附件N (黑体, top left), its title, the 统计截至 line (7.4)."""
    _para(doc, "Attachment Mark", f"附件{number}").paragraph_format.page_break_before = True
    _para(doc, "Attachment Title", name, after=0.3)
    _para(doc, "Addressee", f"统计截至：{cn_date(as_of)}", after=0.3)


def _signature(doc: DocxDocument, office: OfficeInfo, issued: date) -> None:
    """署名 and 成文日期: date right-indented four characters, the name centred over it (GB/T 9704 7.3.5)."""
    date_text = cn_date(issued)
    name = _para(doc, "Signature", office.office_name, before=2)
    shift = 4 + (_text_width(date_text) - _text_width(office.office_name)) / 2
    name.paragraph_format.right_indent = Pt(_BODY_PT * max(2.0, shift))
    day = _para(doc, "Signature", date_text)
    day.paragraph_format.right_indent = Pt(_BODY_PT * 4)
    if office.contact:
        _para(doc, "Annotation", f"（{office.contact}）", before=1)


def _imprint(doc: DocxDocument, office: OfficeInfo, issued: date, width_mm: float, copy_to: str) -> None:
    """版记 at the foot of the last page (GB/T 9704 7.4.1): 抄送 (if any) and 印发机关/印发日期 in 4号仿宋, one
    character in from each side, between the first and the last rule (0.35 mm).

    The lines are framed paragraphs (w:framePr) aligned to the bottom of the type area: the frame stays on the
    page its text falls on, at the foot, however long the attachment runs; text before it wraps around it.
    Word and LibreOffice both honour framePr (LibreOffice 7.4 ignores a floating table's tblpPr)."""
    lines = ([f"抄送：{copy_to.strip()}"] if copy_to.strip() else []) + [f"{office.office_name}\t{cn_date(issued)}印发"]
    for i, text in enumerate(lines):
        paragraph = _para(doc, "Imprint")
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(14)
        if text.startswith("抄送："):  # a long 抄送 wraps under the first name, not under 抄送
            fmt.left_indent, fmt.first_line_indent = Pt(14 * 4), Pt(-14 * 3)
        fmt.keep_with_next = i < len(lines) - 1
        fmt.tab_stops.add_tab_stop(Mm(width_mm) - Pt(28), WD_TAB_ALIGNMENT.RIGHT)
        _run(paragraph, text, _BODY_FONT, 14)
        _bottom_frame(paragraph, width_mm)
        # identical borders on every line: LibreOffice groups the lines into one frame only then (measured with
        # 7.4; different borders or a "between" rule put the 版记 back inline), so it draws the first and last rule
        for side in ("top", "bottom"):
            _border(paragraph, side, size_eighths=8, color="000000", space_pt=1)  # 0.35 mm


def _bottom_frame(paragraph: Paragraph, width_mm: float) -> None:
    """Put the paragraph in a frame as wide as the type area, at the bottom of the page's margin box."""
    frame = OxmlElement("w:framePr")
    for attr, value in (
        ("w", str(round(width_mm / 25.4 * 1440))),
        ("hSpace", "0"),
        ("wrap", "around"),
        ("vAnchor", "margin"),
        ("hAnchor", "margin"),
        ("xAlign", "center"),
        ("yAlign", "bottom"),
    ):
        frame.set(qn(f"w:{attr}"), value)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(frame, "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", *_AFTER_PBDR)


def _table(
    doc: DocxDocument,
    headers: tuple[str, ...],
    rows: list[list[str]],
    widths_mm: tuple[int, ...],
    left_columns: set[int],
) -> Table:
    """A bordered table, bold header repeated on each page, rows never split; "无" when there are no rows."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style, table.alignment, table.autofit = doc.styles["Table Grid"], WD_TABLE_ALIGNMENT.CENTER, False
    for cell, text in zip(table.rows[0].cells, headers):
        _cell(cell, text, bold=True)
    _row_flags(table.rows[0]._tr, "w:cantSplit", "w:tblHeader")
    for values in rows:
        row = table.add_row()
        _row_flags(row._tr, "w:cantSplit")
        for i, (cell, text) in enumerate(zip(row.cells, values)):
            _cell(cell, text, align=_LEFT if i in left_columns else _CENTER)
    if not rows:
        cells = table.add_row().cells
        _cell(cells[0].merge(cells[-1]), "无")
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)  # tblGrid, read by LibreOffice
        for cell in table.columns[i].cells:
            cell.width = Mm(width)  # tcW, read by Word
    return table


def _cell(cell: _Cell, text: str, bold: bool = False, align: WD_ALIGN_PARAGRAPH = _CENTER) -> None:
    """Write one cell in 小四 仿宋, vertically centred."""
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    paragraph.alignment = align
    _run(paragraph, text, _BODY_FONT, 12, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _row_flags(tr: Any, *tags: str) -> None:
    """Add on/off row properties (w:cantSplit, w:tblHeader), already in schema order."""
    trpr = tr.get_or_add_trPr()
    for tag in tags:
        trpr.append(OxmlElement(tag))


def _para(container: DocxDocument, style: str, text: str = "", before: float = 0, after: float = 0) -> Paragraph:
    """A paragraph in `style` whose run carries the style's fonts; before/after are blank lines (28 pt each)."""
    spec = _STYLES[style]
    paragraph = container.add_paragraph(style=style)
    if text:
        _run(paragraph, text, spec.font, spec.size, bold=spec.bold)
    if before:
        paragraph.paragraph_format.space_before = Pt(_LINE_PT * before)
    if after:
        paragraph.paragraph_format.space_after = Pt(_LINE_PT * after)
    return paragraph


def _run(
    paragraph: Paragraph,
    text: str,
    font: str,
    size: float,
    bold: bool = False,
    color: RGBColor | None = None,
    latin: str = _LATIN_FONT,
) -> Run:
    """Add a run with the Chinese font in w:eastAsia and digits/Latin in `latin` (font.name alone misses Chinese)."""
    run = paragraph.add_run(xml_safe(text))  # a control character stored before issue 9 must not stop the month
    run.font.name = latin
    _set_fonts(run._element.get_or_add_rPr(), font, latin)
    run.font.size = Pt(size)
    run.font.bold = True if bold else None
    if color is not None:
        run.font.color.rgb = color
    return run


def _set_fonts(rpr: Any, east_asia: str, latin: str) -> None:
    """Name all four font slots and drop theme references, which would otherwise win over the names."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east_asia)):
        fonts.set(qn(attr), value)
    fonts.set(qn("w:hint"), "eastAsia")  # “”—… shared code points render in the Chinese font


def _border(paragraph: Paragraph, side: str, size_eighths: int, color: str, space_pt: int) -> None:
    """A paragraph rule on `side` (top/bottom), spanning the indents, i.e. the type area."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_PBDR)
    line = OxmlElement(f"w:{side}")
    for attr, value in (("val", "single"), ("sz", str(size_eighths)), ("space", str(space_pt)), ("color", color)):
        line.set(qn(f"w:{attr}"), value)
    if side == "top":
        borders.insert(0, line)
    else:
        borders.append(line)


def _save(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- reading back ------------------------------------------------------------------------------------------------


def _table_paragraphs(table: Table) -> list[Paragraph]:
    """Cell paragraphs row by row; a merged cell is listed once."""
    seen, paragraphs = set(), []
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                paragraphs.extend(cell.paragraphs)
    return paragraphs


def _resolved_font(paragraph: Paragraph) -> tuple[float | None, str | None]:
    """(size pt, eastAsia font) of the first run with text, falling back along the style chain."""
    run = next((r for r in paragraph.runs if r.text), None)
    size = run.font.size if run is not None else None
    font = _east_asia(run._element.rPr) if run is not None else None
    style = paragraph.style
    while style is not None and (size is None or font is None):
        size = size or style.font.size
        font = font or _east_asia(style.element.rPr)
        style = style.base_style
    return (size.pt if size is not None else None, font)


def _east_asia(rpr: Any) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None
