"""发文登记 and the document set: 文号 in sequence per type and year, kept on re-export; one 统计截至; paragraphs
edited before 签发; the bulletin rendered to PDF lists every unit in 附件1 and never cuts text with "…"."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document

from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.ranking.bulletins import freeze
from core.ranking.paragraphs import bulletin_paragraphs, edit_bulletin_paragraphs
from core.ranking.view import month_facts, ranking_view
from core.registry.doc_register import (
    BULLETIN,
    NOTICE,
    NumberRequest,
    register_number,
    register_numbers,
    register_table,
)
from core.registry.office import load_office
from exports.documents import notice_docx
from exports.monthly import bulletin_number_preview, month_documents

CAL = load_calendar()
TODAY = date(2026, 11, 23)


@pytest.fixture
def county_con(county):
    return county  # tests/conftest.py: the hand-made county loaded through the real loaders


def _documents(con, today=TODAY):
    view = ranking_view(con, "2026-10", today, CAL)
    return view, month_documents(con, view, load_office(), CAL, month_facts(con, view.scores, today), today)


def _body(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_numbers_run_per_type_and_year_and_a_document_keeps_its_number(county_con):
    def request(key, kind=NOTICE, year=2026):
        return NumberRequest(key, kind, "清公开办整改" if kind == NOTICE else "清公开办", year, "标题")

    assert register_numbers(county_con, [request("a"), request("b")]) == [
        "清公开办整改〔2026〕1号",
        "清公开办整改〔2026〕2号",
    ]
    assert register_number(county_con, request("x", BULLETIN)) == "清公开办〔2026〕1号"  # its own sequence
    assert register_number(county_con, request("c", year=2027)) == "清公开办整改〔2027〕1号"  # a new year restarts
    assert register_number(county_con, request("a")) == "清公开办整改〔2026〕1号"  # kept
    assert register_number(county_con, request("d")) == "清公开办整改〔2026〕3号"
    assert len(register_table(county_con)) == 5


def test_an_announced_number_is_recorded_and_later_numbers_follow_it(county_con):
    frozen = NumberRequest("bulletin:2026-09", BULLETIN, "清公开办", 2026, "通报", number="清公开办〔2026〕9号")
    assert register_number(county_con, frozen) == "清公开办〔2026〕9号"
    odd = NumberRequest("bulletin:2026-08", BULLETIN, "清公开办", 2026, "通报", number="清公开办〔2026〕第8号")
    assert register_number(county_con, odd) == "清公开办〔2026〕第8号"  # kept verbatim, no sequence taken
    fresh = NumberRequest("bulletin:2026-10", BULLETIN, "清公开办", 2026, "通报")
    assert register_number(county_con, fresh) == "清公开办〔2026〕10号"


def test_exporting_the_month_again_keeps_every_number(county_con):
    _, first = _documents(county_con)
    preview = bulletin_number_preview(county_con, "2026-10", load_office(), TODAY)
    _, again = _documents(county_con, date(2026, 11, 30))
    assert [n.doc_number for n in first.notices] == [n.doc_number for n in again.notices]
    assert [n.doc_number for n in first.notices] == ["清公开办整改〔2026〕1号", "清公开办整改〔2026〕2号"]
    assert _body(first.bulletin)[1] == _body(again.bulletin)[1] == preview == "清公开办〔2026〕1号"


def test_the_notice_and_the_bulletin_state_the_same_as_of_day(county_con):
    view, docs = _documents(county_con)
    bulletin = "".join(_body(docs.bulletin))
    assert "数据统计截至2026年10月31日" in bulletin and "统计截至：2026年10月31日" in bulletin
    for notice in docs.notices:
        assert notice.as_of == view.scores.as_of == date(2026, 10, 31)
    notice_text = "".join(_body(notice_docx(docs.notices[0])))
    assert "截至2026年10月31日" in notice_text and "统计截至：2026年10月31日" in notice_text


def test_staff_edit_requirements_and_copy_to_before_signing_only(county_con):
    office = load_office()
    assert bulletin_paragraphs(county_con, "2026-10", office).requirements == office.bulletin_requirements
    edit_bulletin_paragraphs(county_con, "2026-10", ["请各单位月底前完成自查。", " "], "县委办公室。", "李四")
    edited = bulletin_paragraphs(county_con, "2026-10", office)
    assert (edited.requirements, edited.copy_to, edited.edited) == (("请各单位月底前完成自查。",), "县委办公室。", True)
    _, docs = _documents(county_con)
    body = _body(docs.bulletin)
    assert "请各单位月底前完成自查。" in body and "抄送：县委办公室。" in body
    assert office.bulletin_requirements[0] not in body
    view = ranking_view(county_con, "2026-10", TODAY, CAL)
    freeze(county_con, view.scores, view.rubric_version_id, "王五", "清公开办〔2026〕1号")
    with pytest.raises(DashboardError, match="已经签发"):
        edit_bulletin_paragraphs(county_con, "2026-10", ["改"], "", "李四")


def test_empty_copy_to_prints_no_copy_line(county_con):
    edit_bulletin_paragraphs(county_con, "2026-10", ["要求。"], "", "李四")
    _, docs = _documents(county_con)
    assert not any(t.startswith("抄送") for t in _body(docs.bulletin))


def test_bulletin_pdf_lists_every_unit_in_the_ranking_attachment_and_no_ellipsis(county_con, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    view, docs = _documents(county_con)
    source = tmp_path / "bulletin.docx"
    source.write_bytes(docs.bulletin)
    profile = (tmp_path / "profile").as_uri()  # a private profile: a running LibreOffice would swallow the job
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "bulletin.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    attachment = text[text.index("考核排名表", text.index("附件：") + 10) :]
    for unit in view.scores.scores["unit_name"]:
        assert unit in attachment, unit
    assert "…" not in text and "..." not in text
    assert "清源县政务公开工作领导小组办公室" in text and "印发" in text.split("附件2")[-1]
