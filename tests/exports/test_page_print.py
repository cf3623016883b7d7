"""Printing the 考核排名 page itself from Chromium (Ctrl+P, page.pdf): A4 landscape, every unit of both groups, the
month and 统计截至 on each page (issue 12 item 1: the page printed ranks 1–19 of 35 from its scroll box)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.apphelpers import load, new_database, small_county, write_csv
from tests.e2e.app_server import logged_in_context, start_app, stop_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path("/usr/bin/chromium").exists() and shutil.which("pdftotext")), reason="needs Chromium and poppler"
    ),
]
UNITS = [f"县第{i}测试局" for i in range(1, 41)]


def test_the_printed_page_holds_every_unit_on_a4_landscape(tmp_path, browser):
    db = tmp_path / "county.duckdb"
    con = new_database(db)
    small_county(con, tmp_path)
    rows = [[name, "", "县直部门", "是"] for name in UNITS]
    load(con, write_csv(tmp_path / "more.csv", ["单位名称", "简称", "单位类型", "是否纳入考核"], rows))
    con.close()
    proc, url = start_app(db, tmp_path / "server.log")
    context = logged_in_context(browser, url, "t_leader")
    try:
        page = context.new_page()
        page.goto(url + "/ranking")
        page.get_by_text("末位单位及主要扣分").first.wait_for(timeout=180_000)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=180_000)
        page.locator(".rank-print").first.wait_for(state="attached", timeout=180_000)
        page.emulate_media(media="print")
        path = tmp_path / "page.pdf"
        page.pdf(path=str(path), format="A4", landscape=True, print_background=True)
    finally:
        context.close()
        stop_app(proc)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size")).split(":")[1]
    width, height = (float(v) for v in size.split("pts")[0].split("x"))
    assert width > height and round(height) in (595, 596)  # A4 landscape
    text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    for name in [*UNITS, "县甲局", "县丙局", "乙镇"]:  # both groups, every unit, table and bars
        assert text.count(name) >= 2, name
    assert "统计截至" in text and "第1页" in text
