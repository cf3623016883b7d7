"""考核排名's group table in Chromium (issue 12 item 4): every unit at full height, and the header row stays in view
while the leader scrolls down the list."""

from pathlib import Path

import pytest

from tests.apphelpers import load, new_database, write_csv
from tests.e2e.app_server import logged_in_context, start_app, stop_app
from tests.e2e.test_browser import CHROMIUM, wait_for_run
from ui import strings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
UNITS = [f"县第{n:02d}局" for n in range(1, 31)]  # more rows than a screen holds


@pytest.fixture(scope="module")
def many_units(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("ranking")
    db = folder / "county.duckdb"
    con = new_database(db)
    load(
        con,
        write_csv(
            folder / "units.csv",
            ["单位名称", "简称", "单位类型", "是否纳入考核"],
            [[u, "", "县直部门", "是"] for u in UNITS],
        ),
    )
    columns = [[u, "工作动态", "动态要闻类", ""] for u in UNITS]
    load(con, write_csv(folder / "columns.csv", ["单位名称", "栏目名称", "栏目类别", "更新周期(天)"], columns))
    items = [[u, "工作动态", f"{u}动态", f"2026-10-{1 + n % 28:02d}", f"http://x/{n}"] for n, u in enumerate(UNITS)]
    load(con, write_csv(folder / "items.csv", ["单位", "栏目", "标题", "发布日期", "链接"], items))
    con.close()
    proc, url = start_app(db, folder / "server.log")
    context = logged_in_context(browser, url, viewport={"width": 1400, "height": 800})
    yield url, context
    context.close()
    stop_app(proc)


def test_every_unit_is_listed_and_the_header_stays_in_view_while_scrolling(many_units):
    url, context = many_units
    page = context.new_page()
    page.goto(f"{url}/ranking?month=2026-10")
    wait_for_run(page, strings.RANK_TITLE)
    table = page.locator("table.sticky-table").first
    table.wait_for(timeout=180_000)
    assert table.locator("tbody tr").count() == len(UNITS)  # no scroll box hiding the bottom rows
    header = table.locator("thead th").first
    last_row = table.locator("tbody tr").last
    last_row.scroll_into_view_if_needed()
    table_top = table.bounding_box()["y"]
    header_box = header.bounding_box()
    assert table_top < -100  # the table's top has scrolled far out of view …
    assert 0 <= header_box["y"] < 5  # … and its header row is at the top of the window
    at_header = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.textContent",
        [header_box["x"] + header_box["width"] / 2, header_box["y"] + header_box["height"] / 2],
    )
    assert at_header == strings.COLUMN_LABELS["rank"]  # drawn on top of the rows, not hidden under them
    page.close()
