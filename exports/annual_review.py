"""年度报告审查意见 (per unit, Word in 公文 format) from the stored check results of core.annual_reports.

Never imports streamlit. Lays out with the 公文 helpers of exports.documents (fonts in w:eastAsia, GB/T 9704
margins, signature, 版记); the facts come in as plain dataclasses built from `core.annual_reports.queries`.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from docx.enum.section import WD_SECTION

from core.annual_reports.format import TABLE_NAMES
from core.annual_reports.vocabulary import FAIL, UNCERTAIN
from exports.documents import (
    _LANDSCAPE_WIDTH_MM,
    _PORTRAIT_WIDTH_MM,
    OfficeInfo,
    _imprint,
    _new_document,
    _page_setup,
    _para,
    _save,
    _signature,
    _table,
    _title,
    cn_date,
)

_COLUMNS = ("序号", "核对项", "问题", "应为", "实为", "位置")
_WIDTHS_MM = (12, 38, 70, 30, 30, 45)
_BASIS = "根据《中华人民共和国政府信息公开条例》第四十九条、第五十条和《中华人民共和国政府信息公开工作年度报告格式》"


@dataclass(frozen=True)
class ReviewFinding:
    check_id: str
    check_name: str
    status: str  # FAIL (to correct) or UNCERTAIN (cells to fill in)
    message: str
    expected: str
    found: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AnnualReview:
    office: OfficeInfo
    unit_name: str
    year: int
    issue_date: date
    received_on: date | None
    file_name: str
    checks_run: int
    findings: tuple[ReviewFinding, ...]
    feedback_days: int


def review_from_checks(
    office: OfficeInfo,
    unit_name: str,
    year: int,
    checks: pd.DataFrame,
    issue_date: date,
    feedback_days: int,
    received_on: date | None = None,
    file_name: str = "",
) -> AnnualReview:
    """The review of one unit from its rows of `report_checks` (results the office dismissed are left out)."""
    kept = checks.loc[checks["status"].isin([FAIL, UNCERTAIN])]
    if "decision" in kept.columns:
        kept = kept.loc[kept["decision"].fillna("") != "dismissed"]
    findings = tuple(
        ReviewFinding(r.check_id, r.check_name, r.status, r.message, r.expected or "", r.found or "", tuple(r.cells))
        for r in kept.itertuples(index=False)
    )
    return AnnualReview(
        office, unit_name, year, issue_date, received_on, file_name, len(checks), findings, feedback_days
    )


def _body(review: AnnualReview) -> list[tuple[str, str]]:
    fails = [f for f in review.findings if f.status == FAIL]
    blanks = [f for f in review.findings if f.status == UNCERTAIN]
    received = f"于{cn_date(review.received_on)}报送的" if review.received_on else "报送的"
    lines = [
        (
            "Normal",
            f"{_BASIS}，我办对你单位{received}《{review.year}年政府信息公开工作年度报告》进行了审查，"
            f"逐项核对了{'、'.join(TABLE_NAMES.values())}的勾稽关系、正文与表格的一致性及公开时限，共核对{review.checks_run}项。"
            "现将审查意见反馈如下：",
        ),
        ("Heading 1", "一、审查情况"),
    ]
    if not review.findings:
        lines.append(("Normal", "经审查，报告各项核对均未发现问题。"))
    else:
        lines.append(
            (
                "Normal",
                f"经审查，发现需要更正的问题{len(fails)}项、因单元格空白或填写“/”无法核对的{len(blanks)}项，"
                "逐项列于附件《年度报告审查问题清单》。",
            )
        )
    for number, finding in enumerate(review.findings, 1):
        what = "（需更正）" if finding.status == FAIL else "（需补填）"
        lines.append(("Normal", f"{number}.{finding.check_name}{what}：{finding.message}。".replace("。。", "。")))
    lines += [
        ("Heading 1", "二、整改要求"),
        (
            "Normal",
            "请你单位对照问题清单逐项核实：数字有误的，按实际办理情况更正表格和正文；空白单元格应填写数字，没有的填“0”，"
            "不得填写“/”或留空；更正后重新在政府信息公开专栏发布，并在原链接处更新。",
        ),
        (
            "Normal",
            f"请于收到本意见之日起{review.feedback_days}个工作日内，将更正后的年度报告及发布链接书面反馈"
            f"{review.office.short_name}。",
        ),
        ("Heading 1", "三、有关事项"),
        ("Normal", "年度报告的报送、公开及质量情况纳入年度政务公开工作考核。"),
    ]
    return lines


def review_docx(review: AnnualReview) -> bytes:
    """The 审查意见 as .docx bytes: title, 主送, body, 附件说明, signature; then the 问题清单 (landscape), 版记."""
    segments = ("关于", review.unit_name, f"{review.year}年", "政府信息公开工作", "年度报告的审查意见")
    doc = _new_document("".join(segments), review.office, review.issue_date)
    _title(doc, segments)
    _para(doc, "Addressee", f"{review.unit_name}：", before=1)
    for style, text in _body(review):
        _para(doc, style, text)
    if review.findings:
        _para(doc, "Attachment Note", "附件：年度报告审查问题清单", before=1)
    _signature(doc, review.office, review.issue_date)
    if review.findings:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, landscape=True)
        _para(doc, "Attachment Mark", "附件")
        _para(doc, "Attachment Title", "年度报告审查问题清单")
        _para(
            doc,
            "Addressee",
            f"单位：{review.unit_name}　　报告：{review.year}年度　　文件：{review.file_name}",
            after=0.3,
        )
        rows = [
            [str(i), f"{f.check_id} {f.check_name}", f.message, f.expected or "—", f.found or "—",
             "；".join(f.cells) or "—"]
            for i, f in enumerate(review.findings, 1)
        ]  # fmt: skip
        _table(doc, _COLUMNS, rows, _WIDTHS_MM, left_columns={2, 5})
    width = _LANDSCAPE_WIDTH_MM if review.findings else _PORTRAIT_WIDTH_MM
    _imprint(doc, review.office, review.issue_date, width, review.office.copy_to)
    return _save(doc)


def review_file_name(unit_name: str, year: int) -> str:
    return f"{unit_name}{year}年度报告审查意见.docx"
