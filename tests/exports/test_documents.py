"""公文 exports: notices and bulletins opened back with python-docx; fonts, page setup, texts, tables, zip, PDF."""

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, RGBColor

from exports.documents import (
    Deduction,
    MonthlyBulletin,
    NoticeFinding,
    OfficeInfo,
    ProblemSummary,
    RankingRow,
    RectificationNotice,
    bulletin_docx,
    docx_text_structure,
    notice_docx,
    notices_zip,
)

OFFICE = OfficeInfo(
    "清源县",
    "清源县政务公开工作领导小组办公室",
    "清源县政务公开办",
    "清公开办",
    "联系人：张三，电话：0000-1234567",
    "县委办公室，县人民政府办公室。",
)
FINDINGS = (
    NoticeFinding(
        "WX-2026-001",
        "网上巡查",
        date(2026, 10, 12),
        "栏目更新不及时",
        "“通知公告”栏目超过6个月未更新",
        date(2026, 11, 5),
        "未整改",
        12,
    ),
    NoticeFinding(
        "HC-2026-007",
        "季度互查",
        date(2026, 10, 20),
        "信息发布不规范",
        "=部分文件未标注发文字号",
        date(2026, 12, 1),
        "整改中",
        0,
    ),
    NoticeFinding(
        "WX-2026-015", "网上巡查", date(2026, 10, 28), "政策解读缺失", "重要政策文件未同步发布解读", None, "未整改", 0
    ),
)
NOTICE = RectificationNotice(
    OFFICE, "县应急管理局", "清公开办〔2026〕12号", date(2026, 11, 23), "2026年10月", FINDINGS, feedback_days=5
)
TITLE = "关于县应急管理局政务公开问题限期整改的通知"
TITLE_LINES = "关于县应急管理局\n政务公开问题限期整改的通知"  # broken between words, never inside one
HEADERS = ["序号", "问题编号", "检查", "发现日期", "问题类型", "问题描述", "整改期限", "状态"]
ROWS = (
    RankingRow(1, "县应急管理局", 98.5, "优秀", "升2位", ""),
    RankingRow(2, "县民政局", 95.25, "优秀", "降1位", "解读比例不足扣2分"),
    RankingRow(3, "县人力资源和社会保障局", 90.0, "良好", "持平", "栏目更新不及时扣3分"),
    RankingRow(4, "县交通运输局", 88.0, "良好", "—", "依申请公开答复超期扣5分"),
)
LONG_EVIDENCE = "；".join(f"HC-2026Q4-{n:03d} 第{n}号问题（逾期{100 + n}天）" for n in range(1, 40))
DEDUCTIONS = (
    Deduction("县民政局", "问题逾期未整改", 39, -9.0, LONG_EVIDENCE),
    Deduction("县人力资源和社会保障局", "栏目超期未更新", 1, -3.0, "通知公告（超期12天）"),
    Deduction("县交通运输局", "问题逾期未整改", 1, -5.0, "WX-2026-015（逾期8天）"),
)
PROBLEMS = (
    ProblemSummary("问题逾期未整改", 40, (("县民政局", -9.0), ("县交通运输局", -5.0))),
    ProblemSummary("栏目超期未更新", 1, (("县人力资源和社会保障局", -3.0),)),
)
BULLETIN = MonthlyBulletin(
    OFFICE,
    "清公开办〔2026〕13号",
    date(2026, 11, 3),
    "2026年10月",
    ("10月，全县46个单位共发布政府信息3210条。", "网上巡查发现问题25个，已整改18个。"),
    (("县直部门", ROWS[:3]), ("乡镇（街道）", ROWS[3:])),
    PROBLEMS,
    ("各单位要对照问题清单逐项整改。",),
    DEDUCTIONS,
    date(2026, 10, 31),
)


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _texts(data: bytes) -> list[str]:
    return [text for _, text, _, _ in docx_text_structure(data)]


def _all_runs(document):
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        paragraphs += section.footer.paragraphs + section.even_page_footer.paragraphs
    return [run for p in paragraphs for run in p.runs]


def test_notice_texts_hold_number_title_addressee_findings_signature_and_date():
    document = _open(notice_docx(NOTICE))
    body = [p.text for p in document.paragraphs]
    assert body[:4] == [OFFICE.office_name, "清公开办〔2026〕12号", TITLE_LINES, "县应急管理局："]
    assert OFFICE.office_name in body[5:] and "2026年11月23日" in body
    assert "（联系人：张三，电话：0000-1234567）" in body and "附件：问题清单" in body
    assert any("第四十七条" in t for t in body)
    assert any("尚有3个问题未整改到位，其中1个已超过整改期限（最长逾期12天）" in t for t in body)
    assert any("5个工作日内" in t and "书面反馈清源县政务公开办" in t for t in body)
    assert any("予以通报" in t and "考核" in t for t in body)
    texts = _texts(notice_docx(NOTICE))
    for finding in FINDINGS:
        assert finding.description in texts and finding.finding_no in texts
    assert "2026-11-05" in texts and "2026-12-01" in texts


def test_attachment_table_has_a_header_and_one_row_per_finding():
    table = _open(notice_docx(NOTICE)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == HEADERS
    assert len(rows) == 1 + len(FINDINGS)
    assert rows[1] == [
        "1",
        "WX-2026-001",
        "网上巡查",
        "2026-10-12",
        "栏目更新不及时",
        "“通知公告”栏目超过6个月未更新",
        "2026-11-05",
        "未整改（逾期12天）",
    ]
    assert rows[2][5] == "=部分文件未标注发文字号" and rows[2][7] == "整改中"
    assert rows[3][6] == "—"
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on every page


def test_notice_without_findings_says_so_instead_of_crashing():
    data = notice_docx(
        RectificationNotice(OFFICE, "县民政局", "清公开办〔2026〕13号", date(2026, 11, 23), "2026年10月", ())
    )
    document = _open(data)
    assert [[c.text for c in row.cells] for row in document.tables[0].rows][1][0] == "无"
    assert len(document.tables[0].rows) == 2
    assert any("你单位无未整改问题" in p.text for p in document.paragraphs)


def test_fields_a_ledger_left_empty_read_as_dashes():
    # pandas hands over NaN or None where a ledger cell was blank, whatever the annotations say
    blank = NoticeFinding("", float("nan"), date(2026, 10, 1), None, "栏目空白", None, "未整改", 0)
    data = notice_docx(
        RectificationNotice(OFFICE, "县统计局", "清公开办〔2026〕17号", date(2026, 11, 23), "2026年10月", (blank,))
    )
    document = _open(data)
    assert [c.text for c in document.tables[0].rows[1].cells] == [
        "1",
        "—",
        "—",
        "2026-10-01",
        "—",
        "栏目空白",
        "—",
        "未整改",
    ]
    assert any("我办通过政务公开检查对你单位" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("data", [notice_docx(NOTICE), bulletin_docx(BULLETIN)], ids=["notice", "bulletin"])
def test_every_run_names_an_east_asia_font(data):
    runs = _all_runs(_open(data))
    assert len(runs) > 30
    missing = [run.text for run in runs if run._element.rPr.rFonts.get(qn("w:eastAsia")) is None]
    assert missing == []


@pytest.mark.parametrize("data", [notice_docx(NOTICE), bulletin_docx(BULLETIN)], ids=["notice", "bulletin"])
def test_normal_style_and_doc_defaults_name_the_chinese_body_font(data):
    document = _open(data)
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == 28
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:eastAsiaTheme")) is None


def test_pages_are_a4_with_gb_margins_and_the_attachment_is_landscape():
    portrait, landscape = _open(notice_docx(NOTICE)).sections
    assert (round(portrait.page_width.mm), round(portrait.page_height.mm)) == (210, 297)
    margins = [
        round(m.mm) for m in (portrait.top_margin, portrait.bottom_margin, portrait.left_margin, portrait.right_margin)
    ]
    assert margins == [37, 35, 28, 26]
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)
    type_area = (
        landscape.page_width - landscape.left_margin - landscape.right_margin,
        landscape.page_height - landscape.top_margin - landscape.bottom_margin,
    )
    assert [round(Length(x).mm) for x in type_area] == [225, 156]  # the 版心 turned sideways


def test_structure_of_letterhead_title_and_addressee():
    structure = docx_text_structure(notice_docx(NOTICE))
    assert structure[:4] == [
        ("Issuer Mark", OFFICE.office_name, 36.0, "方正小标宋简体"),
        ("Document Number", "清公开办〔2026〕12号", 16.0, "仿宋_GB2312"),
        ("Title", TITLE_LINES, 22.0, "方正小标宋简体"),
        ("Addressee", "县应急管理局：", 16.0, "仿宋_GB2312"),
    ]
    assert ("Heading 1", "一、问题情况", 16.0, "黑体") in structure
    assert ("Table Text", "问题描述", 12.0, "仿宋_GB2312") in structure


def test_letterhead_is_red_with_a_red_rule_and_the_title_is_centred():
    document = _open(notice_docx(NOTICE))
    mark, number, title = document.paragraphs[:3]
    assert mark.runs[0].font.color.rgb == RGBColor(0xFF, 0, 0)
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    assert title.style.paragraph_format.alignment == 1  # centre


def test_signature_sits_over_the_date_four_characters_from_the_right():
    paragraphs = _open(bulletin_docx(BULLETIN)).paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "2026年11月3日")  # no leading zeros
    signature, day = paragraphs[index - 1], paragraphs[index]
    assert signature.text == OFFICE.office_name and signature.style.name == "Signature"
    assert day.paragraph_format.right_indent.pt == 64  # 4 × 16 pt
    assert signature.paragraph_format.right_indent.pt >= 32


def test_footer_holds_a_page_field_between_dashes_on_odd_and_even_pages():
    document = _open(notice_docx(NOTICE))
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (document.sections[0].footer, document.sections[0].even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph._p.xpath(".//w:instrText")[0].text.strip() == "PAGE"
        assert {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in paragraph.runs} == {"宋体"}
        assert all(r.font.size.pt == 14 for r in paragraph.runs)


def test_imprint_is_framed_at_the_foot_of_the_last_page_with_copy_to():
    for data, copy_to in (
        (notice_docx(NOTICE), None),
        (bulletin_docx(BULLETIN), "抄送：县委办公室，县人民政府办公室。"),
    ):
        paragraphs = _open(data).paragraphs
        last = paragraphs[-1]
        assert last.text == f"{OFFICE.office_name}\t2026年11月{23 if copy_to is None else 3}日印发"
        framed = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
        assert [p.text for p in framed] == ([copy_to] if copy_to else []) + [last.text]
        for p in framed:
            frame = p._p.pPr.find(qn("w:framePr"))
            assert (frame.get(qn("w:vAnchor")), frame.get(qn("w:yAlign"))) == ("margin", "bottom")
            borders = p._p.pPr.find(qn("w:pBdr"))
            assert borders.find(qn("w:top")) is not None and borders.find(qn("w:bottom")) is not None


def test_bulletin_body_summarises_and_the_ranking_goes_to_attachment_1():
    data = bulletin_docx(BULLETIN)
    document = _open(data)
    body = [p.text for p in document.paragraphs]
    assert body[1:4] == ["清公开办〔2026〕13号", "关于2026年10月全县\n政务公开工作情况的通报", "各有关单位："]
    assert document.paragraphs[1].alignment == 1  # 发文字号 centred (下行文)
    for expected in (
        "10月，全县46个单位共发布政府信息3210条。",
        "一、考核结果",
        "（一）县直部门",
        "本月参加考核的县直部门共3个，其中优秀2个、良好1个。"
        "得分依次为：县应急管理局（98.5分）、县民政局（95.25分）、县人力资源和社会保障局（90分）。",
        "（二）乡镇（街道）",
        "二、存在的主要问题",
        "1.问题逾期未整改：共40处，涉及2个单位，分别是县民政局（扣9分）、县交通运输局（扣5分）。",
        "三、工作要求",
        "各单位要对照问题清单逐项整改。",
        "附件：1.2026年10月政务公开考核排名表",
        "2.2026年10月政务公开考核扣分明细",
        "附件1",
        "统计截至：2026年10月31日",
        "附件2",
    ):
        assert expected in body, expected
    first, second, deductions = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert first[0] == ["名次", "单位", "得分", "等次", "较上月", "主要扣分项"]
    assert first[1:] == [
        ["1", "县应急管理局", "98.5", "优秀", "升2位", "—"],
        ["2", "县民政局", "95.25", "优秀", "降1位", "解读比例不足扣2分"],
        ["3", "县人力资源和社会保障局", "90", "良好", "持平", "栏目更新不及时扣3分"],
    ]
    assert second[1] == ["4", "县交通运输局", "88", "良好", "—", "依申请公开答复超期扣5分"]
    assert deductions[1] == ["1", "县民政局", "问题逾期未整改", "39", "-9", LONG_EVIDENCE]  # whole, never cut
    assert "…" not in "".join(_texts(data))
    styles = {text: style for style, text, _, _ in docx_text_structure(data)}
    assert styles["一、考核结果"] == "Heading 1" and styles["（一）县直部门"] == "Heading 2"


def test_group_summary_names_top_and_bottom_three_with_scores_worst_last():
    rows = tuple(RankingRow(i, f"单位{i}", 100 - i, "优秀", "持平", "") for i in range(1, 9))
    bulletin = MonthlyBulletin(
        OFFICE, "清公开办〔2026〕1号", date(2026, 11, 3), "2026年10月", (), (("县直部门", rows),), ()
    )
    body = [p.text for p in _open(bulletin_docx(bulletin)).paragraphs]
    assert (
        "本月参加考核的县直部门共8个，其中优秀8个。排名前三位的是单位1（99分）、单位2（98分）、单位3（97分）；"
        "排名后三位的是单位6（94分）、单位7（93分）、单位8（92分）。"
    ) in body
    assert "附件2" not in body and "附件：2026年10月政务公开考核排名表" in body


def test_bulletin_without_problems_or_requirements_still_reads_well():
    quiet = MonthlyBulletin(
        OFFICE, "清公开办〔2026〕14号", date(2026, 12, 2), "2026年11月", ("本月情况平稳。",), (("县直部门", ()),), ()
    )
    body = [p.text for p in _open(bulletin_docx(quiet)).paragraphs]
    assert "本月检查未发现需要通报的突出问题。" in body and "三、工作要求" not in body
    assert [[c.text for c in row.cells] for row in _open(bulletin_docx(quiet)).tables[0].rows][1][0] == "无"


@pytest.mark.parametrize(
    ("unit", "lines"),
    [
        ("县应急管理局", ["关于县应急管理局", "政务公开问题限期整改的通知"]),
        ("县局", ["关于县局政务公开问题限期整改的通知"]),
        ("县人力资源和社会保障局", ["关于县人力资源和社会保障局", "政务公开问题限期整改的通知"]),
        ("清源县市生态环境局清源分局城关镇生态环境监测站", None),
    ],
)
def test_titles_break_only_between_words(unit, lines):
    notice = RectificationNotice(OFFICE, unit, "清公开办〔2026〕15号", date(2026, 11, 23), "2026年10月", ())
    title = next(p for p in _open(notice_docx(notice)).paragraphs if p.style.name == "Title")
    got = title.text.split("\n")
    assert "".join(got) == f"关于{unit}政务公开问题限期整改的通知"
    if lines is not None:
        assert got == lines
    else:  # a name wider than a line breaks inside the name only; the fixed words stay whole
        assert got[-1].endswith("限期整改的通知") and all(len(line) <= 20 for line in got)


def test_notices_zip_holds_one_named_docx_per_unit():
    other = RectificationNotice(
        OFFICE, "城关镇/人民政府", "清公开办〔2026〕16号", date(2026, 11, 23), "2026年10月", FINDINGS[:1]
    )
    data = notices_zip([NOTICE, other, NOTICE])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [
            "整改通知书_县应急管理局.docx",
            "整改通知书_城关镇_人民政府.docx",
            "整改通知书_县应急管理局_2.docx",
        ]
        for name in names:
            assert _open(archive.read(name)).paragraphs[3].text.endswith("：")
        assert _open(archive.read(names[1])).paragraphs[3].text == "城关镇/人民政府："
    assert notices_zip([]) and zipfile.ZipFile(io.BytesIO(notices_zip([]))).namelist() == []


def test_notice_converts_to_pdf_with_libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "notice.docx"
    source.write_bytes(notice_docx(NOTICE))
    # A private profile: a LibreOffice already running for the same user would otherwise swallow the job.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "notice.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
            check=True,
            timeout=60,
        )
        assert any(tmp_path.glob("page*.png"))
