"""The 年度考评结果通报 (公文 .docx) from core.assessment's YearAssessment.

Never imports streamlit, never queries the database. Reuses the 公文 layout helpers of exports.documents so it
looks like the monthly 通报: per group the units of each 等次 in the body, the full table as 附件.
"""

from dataclasses import dataclass
from datetime import date

from core.assessment.year import AssessmentRule, YearAssessment
from core.registry.vocabulary import RANKED_GROUPS
from exports import documents as gw
from exports.documents import OfficeInfo

_COLUMNS = ("名次", "单位", "月度平均分", "年度项目", "年度得分", "等次")
_WIDTHS_MM = (13, 50, 25, 25, 22, 21)  # sum 156: the portrait type area


@dataclass(frozen=True)
class AssessmentBulletin:
    office: OfficeInfo
    doc_number: str
    issue_date: date
    result: YearAssessment
    rule: AssessmentRule


def assessment_bulletin_docx(bulletin: AssessmentBulletin) -> bytes:
    """版头, title, overview (the rule), 一、考评结果 (per group, the units of each 等次), 附件 (every unit's
    monthly average, year items, score, rank and 等次), 版记."""
    result, rule, office = bulletin.result, bulletin.rule, bulletin.office
    segments = ("关于", f"{result.year}年度", "全县", "政务公开", "工作考评结果的", "通报")
    doc = gw._new_document("".join(segments), office, bulletin.issue_date)
    gw._letterhead(doc, office, bulletin.doc_number)
    gw._title(doc, segments)
    gw._para(doc, "Addressee", "各有关单位：", before=1)
    months = f"{int(result.months[0][5:])}—{int(result.months[-1][5:])}月" if result.months else "—"
    items = "、".join(f"{i.name}（{i.points:g}分）" for i in rule.items)
    gw._para(
        doc,
        "Normal",
        f"按照“一年一考评”工作要求，依据《{rule.name}》，对全县{len(result.scores)}个单位{result.year}年度政务公开工作进行了"
        f"综合考评。年度得分由{months}月度考核得分的平均分×{rule.monthly_weight:g}与年度项目{items}合成。现将结果通报如下。",
    )
    gw._para(doc, "Heading 1", "一、考评结果")
    groups = [g for g in RANKED_GROUPS if (result.scores["group_name"] == g).any()]
    for number, group in enumerate(groups, 1):
        rows = result.scores.loc[result.scores["group_name"] == group]
        gw._para(doc, "Heading 2", f"（{gw._cn_number(number)}）{group}")
        parts = []
        for name, _ in rule.grades:
            units = rows.loc[rows["grade"] == name, "unit_name"].tolist()
            if units:
                parts.append(f"{name}等次{len(units)}个：{'、'.join(units)}")
        gw._para(doc, "Normal", "；".join(parts) + "。")
    attachment = f"{result.year}年度政务公开工作考评结果"
    gw._para(doc, "Normal", "各单位得分及等次见附件。")
    gw._attachment_note(doc, (attachment,))
    gw._signature(doc, office, bulletin.issue_date)
    gw._new_attachment(doc, 1, attachment, bulletin.issue_date)
    for number, group in enumerate(groups, 1):
        rows = result.scores.loc[result.scores["group_name"] == group]
        gw._para(
            doc, "Heading 2", f"{gw._cn_number(number)}、{group}（{len(rows)}个单位）", before=0.5 if number > 1 else 0
        )
        cells = [
            [str(r.rank), r.unit_name, f"{r.monthly_average:.2f}", f"{r.items_total:g}", f"{r.score:.2f}", r.grade]
            for r in rows.itertuples(index=False)
        ]
        gw._table(doc, _COLUMNS, cells, _WIDTHS_MM, left_columns={1})
    gw._imprint(doc, office, bulletin.issue_date, gw._PORTRAIT_WIDTH_MM, office.copy_to)
    return gw._save(doc)
