"""Helpers for tests that need a real temporary database filled through the real loaders."""

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from core.storage.db import connect
from core.storage.migrations import migrate
from loaders.pipeline import import_file
from loaders.report import FileReport


def new_database(path: Path) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    migrate(con)
    return con


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def load(con: duckdb.DuckDBPyConnection, path: Path, source: str = "cli", today: date | None = None) -> FileReport:
    """Import as the CLI does; `today` is the import day the plausible-date window is judged against."""
    return import_file(con, path.read_bytes(), path.name, source=source, today=today)


FINDING_HEADER = ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"]


def small_county(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """A hand-made county whose figures are counted by hand in test_overview_queries.py.

    Units: 县甲局 (县直部门), 乙镇 (乡镇), 县丙局 (县直部门, publishes nothing), 县丁局 (垂管单位, not assessed).
    """
    load(
        con,
        write_csv(
            folder / "units.csv",
            ["单位名称", "简称", "单位类型", "是否纳入考核"],
            [
                ["县甲局", "甲局", "县直部门", "是"],
                ["乙镇", "", "乡镇", "是"],
                ["县丙局", "", "县直部门", "是"],
                ["县丁局", "", "垂管单位", "否"],
            ],
        ),
    )
    load(
        con,
        write_csv(
            folder / "columns.csv",
            ["单位名称", "栏目名称", "栏目类别", "更新周期(天)"],
            [
                ["县甲局", "工作动态", "动态要闻类", ""],
                ["县甲局", "通知公告", "通知公告政策文件类", ""],
                ["县甲局", "人事信息", "人事规划计划类", ""],
                ["乙镇", "工作动态", "动态要闻类", "7"],
                ["县丁局", "工作动态", "动态要闻类", ""],
            ],
        ),
    )
    load(
        con,
        write_csv(
            folder / "items.csv",
            ["单位", "栏目", "标题", "发布日期", "链接"],
            [
                ["甲局", "工作动态", "甲一", "2026-10-08", "http://x/1"],
                ["县甲局", "工作动态", "甲二", "2026-10-20", "http://x/2"],
                ["县甲局", "通知公告", "甲三", "2026-03-01", "http://x/3"],
                ["乙镇", "工作动态", "乙一", "2026-10-22", "http://x/4"],
                ["县丁局", "工作动态", "丁一", "2026-10-21", "http://x/5"],
            ],
        ),
    )
    load(
        con,
        write_csv(
            folder / "findings.csv",
            FINDING_HEADER,
            [
                ["F1", "网上巡查", "2026-10-09", "县甲局", "栏目更新不及时", "通知公告超期", "10个工作日", "未整改"],
                ["F2", "网上巡查", "2026-10-20", "乙镇", "内容错误", "错别字", "2026-11-30", "整改中"],
                ["F3", "季度互查", "2026-09-01", "县甲局", "链接失效", "链接打不开", "15天", "已整改"],
            ],
        ),
    )


def app_as(role: str = "office", unit_ids: tuple[int, ...] = (), timeout: float = 120):
    """dashboard.py in AppTest, logged in as a person of `role` (the test hook of ui/auth.py).

    AppTest has no cookies, so the harness puts the User under ui.auth.KEY_TEST_USER; a browser cannot.
    """
    from streamlit.testing.v1 import AppTest

    from core.accounts.identity import User
    from core.config import REPO_ROOT
    from ui.auth import KEY_TEST_USER

    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=timeout)
    at.session_state[KEY_TEST_USER] = User(1, "wang", "王五", role, unit_ids)
    return at


def add_long_finding(con: duckdb.DuckDBPyConnection, folder: Path, description: str) -> None:
    """Finding F9 of 县甲局 (found 2026-10-12, open) with `description`, imported through the loaders: for the
    pages that show a description whole where a label keeps only its start."""
    row = ["F9", "网上巡查", "2026-10-12", "县甲局", "内容错误", description, "10个工作日", "未整改"]
    load(con, write_csv(folder / "long_finding.csv", FINDING_HEADER, [row]))


def county_database(folder: Path) -> Path:
    """The hand-made county (small_county) in folder/county.duckdb, closed: for tests that open it as the app
    does, through DASHBOARD_DB."""
    path = folder / "county.duckdb"
    con = new_database(path)
    small_county(con, folder)
    con.close()
    return path


class _TableReader(HTMLParser):
    """The cells of every sticky table (ui.tables.sticky_table) in an HTML string, as text, and the address of
    every link in them by its text. Other tables (the print document) are skipped."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: dict[str, str] = {}
        self._inside = False
        self._cell: list[str] | None = None
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("class") == "sticky-table":
            self._inside = True
            self.tables.append([])
        elif not self._inside:
            return
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._inside = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._href is not None:
            self.links[data] = self._href
            self._href = None


def html_tables(at: AppTest) -> tuple[list[pd.DataFrame], dict[str, str]]:
    """The sticky tables a page shows through st.html (ui.tables.sticky_table), each as a frame of cell texts
    under its header row, and the links in them (text → address)."""
    reader = _TableReader()
    for element in at.get("html"):
        reader.feed(element.value)
    frames = [pd.DataFrame(rows[1:], columns=rows[0]) for rows in reader.tables if rows]
    return frames, reader.links


def ranking_shown(at: AppTest) -> pd.DataFrame:
    """考核排名's ranking table (every group's tab, in order) as shown: cell texts."""
    frames, _ = html_tables(at)
    return pd.concat([f for f in frames if "名次" in f.columns and "得分" in f.columns], ignore_index=True)
