"""The whole path of issue 11 in headless Chromium against a real server.py, each person signing in through the
login form: the liaison of 县甲局 uploads a findings ledger (his row imported, 乙镇's row quarantined as not his
unit) and answers his finding with 整改反馈; the office accepts it (the finding becomes 已整改); the leader 签发
the month. Afterwards the database holds the four changes in the audit log, in order, each under its login."""

from datetime import date
from pathlib import Path

import pytest

from core.accounts.vocabulary import EXPORT_DOCUMENT, FEEDBACK_ACCEPT, FEEDBACK_SUBMIT, FREEZE_MONTH, IMPORT_FILE
from core.storage.db import opened
from tests.accounts.helpers import PASSWORD
from tests.apphelpers import new_database, small_county, write_csv
from tests.e2e.app_server import start_app, stop_app
from tests.e2e.test_browser import CHROMIUM
from ui import strings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
TODAY = date(2026, 11, 20)
WAIT = 180_000
FEEDBACK_TEXT = "已补发通知公告并核对全部链接"
DONE_ON = TODAY  # the form's default 整改完成日期 (typing into a date field's segments is not what is tested)
HEADER = ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]


def _settled(page) -> None:
    """The script run has finished and the sidebar's lazily loaded month box is drawn (no fixed sleep)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=WAIT)
    page.locator('[data-testid="stSidebar"]').get_by_text(strings.SIDEBAR_MONTH).first.wait_for(timeout=WAIT)


def _sign_in(browser, url: str, login: str):
    """A new browser context signed in through the real form (账号/密码/登录)."""
    context = browser.new_context(viewport={"width": 1800, "height": 2400})
    context.set_default_timeout(WAIT)  # every click waits as long as the waits do on a loaded machine
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_label("账号").wait_for(timeout=WAIT)
    page.get_by_label("账号").fill(login)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.locator('[data-testid="stSidebar"]').get_by_text(f"（{login}）", exact=False).first.wait_for(timeout=WAIT)
    _settled(page)
    return context, page


def _open(page, url: str, path: str, heading: str) -> None:
    page.goto(f"{url}/{path}")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=WAIT)
    _settled(page)


def _cells(page) -> str:
    """Every table cell the grids draw (read from the accessible table beside their canvas)."""
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    cells.first.wait_for(state="attached", timeout=WAIT)
    return "\n".join(cells.all_inner_texts())


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    folder = tmp_path_factory.mktemp("journey")
    db = folder / "county.duckdb"
    con = new_database(db)
    small_county(con, folder)
    con.close()
    ledger = write_csv(
        folder / "本单位问题台账.csv",
        HEADER,
        [
            ["J1", "网上巡查", "2026-11-02", "县甲局", "内容错误", "政策解读缺失", "2026-12-15", "未整改"],
            ["J2", "网上巡查", "2026-11-03", "乙镇", "链接失效", "附件打不开", "2026-12-15", "未整改"],
        ],
    )
    return folder, db, ledger


def test_liaison_upload_feedback_office_accepts_leader_signs(county, browser):
    folder, db, ledger = county
    proc, url = start_app(db, folder / "server.log", env={"DASHBOARD_TODAY": TODAY.isoformat()})
    try:
        # 1. the liaison of 县甲局 uploads a ledger with a row of his unit and a row of 乙镇
        context, page = _sign_in(browser, url, "t_liaison")
        _open(page, url, "imports", strings.IMPORTS_TITLE)
        page.locator('input[type="file"]').set_input_files(str(ledger))
        page.get_by_text(ledger.name).first.wait_for(timeout=WAIT)
        page.get_by_role("button", name=strings.UPLOAD_BUTTON).click()
        page.get_by_text(strings.UPLOAD_DONE.format(files=1)).wait_for(timeout=WAIT)
        _settled(page)
        assert "Traceback" not in page.inner_text("body")
        reason = "该行单位为乙镇，不属于您负责的单位（县甲局），未导入"
        grid = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
        grid.filter(has_text=reason).first.wait_for(state="attached", timeout=WAIT)  # grids draw after the run
        assert ledger.name in _cells(page)

        # 2. he answers his finding J1 with 整改反馈 (text and 整改完成日期)
        _open(page, url, "rectification", strings.RECT_TITLE)
        form = page.locator('[data-testid="stForm"]')
        form.wait_for(timeout=WAIT)
        form.locator('[data-testid="stSelectbox"]').click()
        page.get_by_role("option", name="J1", exact=False).click()
        form.get_by_label(strings.RECT_FB_BODY).fill(FEEDBACK_TEXT)
        form.get_by_role("button", name=strings.RECT_FB_SUBMIT).click()
        answered = page.get_by_text(strings.RECT_FB_SUBMITTED).or_(page.locator('[data-testid="stAlertContentError"]'))
        answered.first.wait_for(timeout=WAIT)  # the confirmation, or a refusal whose words the assertion shows
        assert strings.RECT_FB_SUBMITTED in page.inner_text("body"), page.inner_text("body")[-1500:]
        _settled(page)
        context.close()

        # 3. the office sees it in 待审核反馈 and accepts it
        context, page = _sign_in(browser, url, "t_office")
        _open(page, url, "rectification", strings.RECT_TITLE)
        page.get_by_role("heading", name=strings.RECT_FB_QUEUE).first.wait_for(timeout=WAIT)
        page.get_by_text("县甲局 的问题 J1：联络（t_liaison）", exact=False).first.wait_for(timeout=WAIT)
        assert FEEDBACK_TEXT in page.inner_text("body")
        page.get_by_role("button", name=strings.RECT_FB_ACCEPT, exact=True).click()
        page.get_by_text(strings.RECT_FB_QUEUE_EMPTY).first.wait_for(timeout=WAIT)  # the queue is empty after it
        _settled(page)
        context.close()

        # 4. the leader lands on 考核排名, asks to 签发, confirms, and the month shows as signed
        context, page = _sign_in(browser, url, "t_leader")
        page.get_by_role("heading", name=strings.RANK_TITLE).first.wait_for(timeout=WAIT)
        page.get_by_text(strings.RANK_FREEZE).first.click()
        page.get_by_role("button", name=strings.RANK_FREEZE_ASK).click()
        page.get_by_role("button", name=strings.RANK_FREEZE_CONFIRM_BUTTON).click()
        page.get_by_text(strings.RANK_FROZEN_DONE).first.wait_for(timeout=WAIT)
        _settled(page)
        page.get_by_text("发布并冻结（文号", exact=False).first.wait_for(timeout=WAIT)
        assert "领导（t_leader）" in page.inner_text("body")
        # the signed bulletin leaves the tool through its download button, built on the click and audited
        with page.expect_download(timeout=WAIT) as download:
            page.get_by_role("button", name=strings.RANK_DOC_BULLETIN).click()
        assert download.value.suggested_filename.endswith("政务公开工作通报.docx")
        assert Path(download.value.path()).read_bytes()[:2] == b"PK"
        context.close()
    finally:
        stop_app(proc)

    # 5. the database: the four changes in order under the right logins; 乙镇's row never became a finding
    with opened(db) as con:
        changes = con.execute(
            "SELECT login, action, outcome FROM audit_log WHERE action IN (?, ?, ?, ?, ?) ORDER BY entry_id",
            [IMPORT_FILE, FEEDBACK_SUBMIT, FEEDBACK_ACCEPT, FREEZE_MONTH, EXPORT_DOCUMENT],
        ).fetchall()
        found = con.execute(
            "SELECT f.finding_no, u.name, f.status FROM findings f JOIN units u USING (unit_id)"
            " WHERE f.finding_no IN ('J1', 'J2') ORDER BY 1"
        ).fetchall()
        answer = con.execute("SELECT body, rectified_on, submitted_login FROM rectification_feedback").fetchall()
    assert changes == [
        ("t_liaison", IMPORT_FILE, "成功"),
        ("t_liaison", FEEDBACK_SUBMIT, "成功"),
        ("t_office", FEEDBACK_ACCEPT, "成功"),
        ("t_leader", FREEZE_MONTH, "成功"),
        ("t_leader", EXPORT_DOCUMENT, "成功"),
    ]
    assert found == [("J1", "县甲局", "已整改")]
    assert answer == [(FEEDBACK_TEXT, DONE_ON, "t_liaison")]
