"""Text is text (issue 9): markdown and HTML payloads in every user-supplied value reach every page, the
interactive paths included, and are shown only in their escaped form — never as a link, an image or markup."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.accounts.identity import User
from core.accounts.vocabulary import LEADER, LIAISON, OFFICE
from tests.apphelpers import load, new_database, write_csv
from tests.ledgers import FINDINGS_HEADER, REQUESTS_HEADER
from tests.pages.test_pages import PAGES, _app
from ui.auth import KEY_TEST_USER
from ui.text import plain

LINK_UNIT = "[官网](http://x)局"
IMAGE_UNIT = "![x](http://x/a.png)镇"
BOLD_UNIT = "**粗**<b>b</b>局"
HTML_UNIT = "<img src=x>$x$局"
COLOUR_UNIT = ":red[x]`c`局"
HEADING_UNIT = "#标题镇"
COUNTY = [LINK_UNIT, BOLD_UNIT, HTML_UNIT, COLOUR_UNIT]  # 县直部门
TOWNS = [IMAGE_UNIT, HEADING_UNIT]  # 乡镇
COLUMN = "[栏目](http://x)"
TITLE = "<b>标题</b>[链](http://x)"
DOC = "`文号`$x$"
FINDING_NO = "**F1**"
PERSON = "**王五**[官网](http://x)"
NOTE = "![x](http://x/a.png)<img src=x>:red[核实]"
FILE_NAME = "[官网](http://x)**粗**.csv"
EVIDENCE_NAME = "[官网](x)**粗**.pdf"

# Markup a payload would turn into if any character of it were left unescaped (our own strings' **bold** and
# `code` never contain the payloads' words, so they do not match).
UNESCAPED = [
    re.compile(r"(?<!\\)!?\[[^\]\\]*(?<!\\)\]\("),  # [text]( or ![alt](
    re.compile(r"(?<!\\)\*\*(?:粗|王五)"),
    re.compile(r"(?<!\\)<(?:b|img)\b"),
    re.compile(r"(?<!\\)\$x(?<!\\)\$"),
    re.compile(r"(?<!\\):red(?<!\\)\["),
    re.compile(r"(?<!\\)`(?:c|文号)(?<!\\)`"),
    re.compile(r"(?m)^\s*#+\s*标题"),
]
MARKDOWN_VALUES = {"markdown", "caption", "info", "success", "warning", "error", "title", "header", "subheader"}
MARKDOWN_VALUES |= {"toast", "exception"}


def _county(folder: Path) -> Path:
    """Units, columns, items, requests and finally findings (the newest batch), all carrying payloads."""
    path = folder / "markup.duckdb"
    con = new_database(path)
    units = [[u, "", "县直部门", "是"] for u in COUNTY] + [[u, "", "乡镇", "是"] for u in TOWNS]
    load(con, write_csv(folder / "units.csv", ["单位名称", "简称", "单位类型", "是否纳入考核"], units))
    columns = [[u, COLUMN, "动态要闻类", ""] for u in COUNTY + TOWNS]
    load(con, write_csv(folder / "columns.csv", ["单位名称", "栏目名称", "栏目类别", "更新周期(天)"], columns))
    items = [
        [u, COLUMN, f"{TITLE}{n}", "2026-10-20", "2026-09-01", DOC, f"http://example.gov.cn/{n}"]
        for n, u in enumerate(COUNTY + TOWNS[:1])
    ]
    load(con, write_csv(folder / "items.csv", ["单位", "栏目", "标题", "发布日期", "成文日期", "文号", "链接"], items))
    requests = [["`YSQ`-1", LINK_UNIT, "2026-10-08", "<b>网上</b>", "[公民](http://x)", "否", "", ""]]
    load(con, write_csv(folder / "requests.csv", REQUESTS_HEADER, requests))
    finding = [FINDING_NO, "[巡查](http://x)", "2026-10-09", LINK_UNIT, ":red[类型]", "![x](http://x/a.png)描述"]
    findings = [finding + ["10个工作日", "未整改", "", "<b>整改</b>", ""]]
    report = load(con, write_csv(folder / "findings.csv", FINDINGS_HEADER, findings))
    assert report.rejected == 0 and report.loaded == 1, report
    con.close()
    return path


@pytest.fixture
def markup_db(tmp_path: Path) -> Path:
    return _county(tmp_path)


def _nodes(node) -> Iterator:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _nodes(child)


def rendered_texts(at: AppTest) -> tuple[list[str], list[str]]:
    """(every string Streamlit renders as markdown: element bodies, widget/metric/tab/expander labels, progress
    text; every Plotly figure as JSON). Selectbox and multiselect options are plain text, so not included."""
    texts, charts = [], []
    for node in _nodes(at._tree):
        kind = getattr(node, "type", None)
        if kind in MARKDOWN_VALUES and isinstance(getattr(node, "value", None), str):
            texts.append(node.value)
        label = getattr(node, "label", None)
        if isinstance(label, str):
            texts.append(label)
        if kind == "progress":
            texts.append(node.proto.text)
        if kind == "plotly_chart":
            charts.append(json.dumps(json.loads(node.proto.spec), ensure_ascii=False))
    return texts, charts


def assert_shown_as_text(at: AppTest) -> list[str]:
    """No markdown element carries a payload's markup unescaped; no chart carries a payload's HTML tags; the
    HTML the app writes itself (st.html: sticky tables) holds no payload tag and links only to unit pages."""
    assert not at.exception
    texts, charts = rendered_texts(at)
    assert [(p.pattern, t) for t in texts for p in UNESCAPED if p.search(t)] == []
    assert [c for c in charts if re.search(r"<(?:b|img|a)\b", c)] == []
    written = [element.value for element in at.get("html")]
    assert [h for h in written if re.search(r"<img\b|<b>(?:b|标题|网上|整改)</b>", h)] == []  # the payloads' tags
    assert [a for h in written for a in re.findall(r"<a\b[^>]*>", h) if not a.startswith('<a href="unit?')] == []
    return texts


def _month(db: Path, monkeypatch, role: str = OFFICE) -> AppTest:
    """October on `db`, signed in as a person whose name is a payload (names come from the login now)."""
    at = _app(db, monkeypatch, month="2026-10", role=role)
    at.session_state[KEY_TEST_USER] = User(1, "wang", PERSON, role, ())
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_payloads_only_escaped(page, markup_db, monkeypatch):
    at = _month(markup_db, monkeypatch)
    at.switch_page(page).run()
    assert_shown_as_text(at)


def test_ranking_names_top_and_bottom_units_as_text_and_the_freeze_banner_names_the_person_as_text(
    markup_db, monkeypatch
):
    at = _month(markup_db, monkeypatch, role=LEADER)  # 签发 is the leader's
    at.switch_page("pages/ranking.py").run()
    texts = assert_shown_as_text(at)
    assert any(plain(LINK_UNIT) in t and "前三名" in t for t in texts) or any(
        plain(LINK_UNIT) in t and "后三名" in t for t in texts
    )
    at.text_input(key="freeze_doc").input(DOC)
    at.button(key="freeze").click().run()
    at.button(key="freeze_confirm").click().run()
    banner = [s.value for s in at.success]
    assert any(plain(PERSON) in s and plain(DOC) in s for s in banner), banner
    assert_shown_as_text(at)


def test_file_names_are_text_in_the_refusal_progress_and_undo_button(markup_db, tmp_path, monkeypatch):
    good = write_csv(
        tmp_path / "good.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [[LINK_UNIT, COLUMN, "新的一条", "2026-10-28", "http://example.gov.cn/new"]],
    )
    at = _month(markup_db, monkeypatch)
    at.switch_page("pages/imports.py").run()
    at.file_uploader[0].upload(FILE_NAME, good.read_bytes(), "text/csv")
    at.file_uploader[0].upload("**坏**[链](http://x).xlsx", b"\x89PNG\r\n\x1a\nnot a workbook", "image/png")
    at.run()
    at.button[0].click().run()
    assert_shown_as_text(at)
    assert any(plain("**坏**[链](http://x).xlsx") in e.value for e in at.error)
    undo = next(b for b in at.button if b.label.startswith("撤销最近一次导入"))
    assert plain(FILE_NAME) in undo.label


def test_a_payload_mark_is_text_on_the_page_and_in_the_undo_refusal(markup_db, monkeypatch):
    at = _month(markup_db, monkeypatch)
    at.switch_page("pages/rectification.py").run()
    at.selectbox(key="mark_status").set_value("整改中")
    at.text_input(key="mark_note").input(NOTE)
    at.button(key="mark_save").click().run()
    assert_shown_as_text(at)
    at.switch_page("pages/imports.py").run()
    next(b for b in at.button if b.label.startswith("撤销最近一次导入")).click().run()
    assert_shown_as_text(at)  # the confirmation names the file as text
    next(b for b in at.button if b.label == "确认撤销").click().run()
    assert_shown_as_text(at)  # refused: the findings batch created the marked finding
    refusal = [e.value for e in at.error]
    assert any(plain(PERSON) in e and plain(FINDING_NO) in e and plain(LINK_UNIT) in e for e in refusal), refusal


def test_a_payload_exemption_is_text(markup_db, monkeypatch):
    at = _month(markup_db, monkeypatch)
    at.switch_page("pages/freshness.py").run()
    at.selectbox(key="ex_unit").set_value(BOLD_UNIT)
    at.text_input(key="ex_note").input(NOTE)
    at.button(key="ex_add").click().run()
    assert_shown_as_text(at)
    exemptions = next(d.value for d in at.dataframe if "经办人" in d.value.columns)
    assert exemptions.iloc[0]["经办人"] == f"{PERSON}（wang）"  # tables show the value as it was typed


@pytest.mark.parametrize(
    "value",
    [LINK_UNIT, IMAGE_UNIT, BOLD_UNIT, HTML_UNIT, COLOUR_UNIT, HEADING_UNIT, PERSON, NOTE, "a\\b", "1. 第一\n- 二"],
)
def test_plain_leaves_no_markdown_metacharacter_unescaped(value):
    escaped = plain(value)
    assert not [p.pattern for p in UNESCAPED if p.search(escaped)]
    assert "\n" not in escaped
    # dropping each escaping backslash and the invisible word joiners gives back the text (newlines as spaces)
    assert re.sub(r"\\(.)", r"\1", escaped.replace("\u2060", "")) == value.replace("\n", " ")


def test_plain_breaks_autolinks_invisibly():
    for value in ("www.x.com", "a@b.com", "https://x.com/a"):
        escaped = plain(value)
        assert "\u2060" in escaped and "www.x" not in escaped and "://" not in escaped and "a@" not in escaped


def test_payload_feedback_text_reason_and_evidence_name_are_text_for_liaison_and_office(markup_db, monkeypatch):
    """整改反馈 (issue 11): the liaison's text and file name, and the office's return reason, stay text (a "/"
    in an uploaded name would be taken as a folder, so the name's link has none)."""
    from core.storage.db import connect, fetch_value

    con = connect(markup_db)
    unit = fetch_value(con, "SELECT unit_id FROM units WHERE name = ?", [LINK_UNIT])
    con.close()
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")

    def page(role: str) -> AppTest:
        at = _app(markup_db, monkeypatch, month="2026-10", role=role)
        at.session_state[KEY_TEST_USER] = User(1, "wang", PERSON, role, (unit,) if role == LIAISON else ())
        return at.run().switch_page("pages/rectification.py").run()

    at = page(LIAISON)
    at.text_area(key="fb_text").input(NOTE + "\n# 标题")
    at.file_uploader(key="fb_file").upload(EVIDENCE_NAME, b"%PDF-1.7", "application/pdf")
    at.button(key="fb_submit").click().run()
    assert_shown_as_text(at)
    at = page(OFFICE)
    texts = assert_shown_as_text(at)
    assert any(plain(PERSON) in t for t in texts)
    assert any(plain(EVIDENCE_NAME) in b.label for b in at.get("download_button"))
    at.text_input(key="fb_reason").input(NOTE)
    at.button(key="fb_return").click().run()
    assert_shown_as_text(at)
    at = page(LIAISON)
    assert any(plain(NOTE) in w.value for w in at.warning)
    assert_shown_as_text(at)
