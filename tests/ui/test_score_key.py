"""The key of the pages' score cache (ui.state.ranking_key) stays the same when a month is scored: the first
scoring of a new database records the rubric in force, which must not make the next page score it all again.
It moves when a file the scores rest on is edited."""

import os
import shutil
from datetime import date

import pytest

import core.ranking.scoring
import core.registry.categories
import ui.state
from core.calendar.workdays import DEFAULT_HOLIDAYS_PATH, ENV_HOLIDAYS
from core.ranking.rubric import current_rubric
from core.registry.categories import CATEGORIES_FILE
from core.storage.db import opened
from core.storage.scope import UnitScope
from loaders.batches import undo
from tests.apphelpers import county_database, load, write_csv
from ui.state import cached_unit_scores, db, month_scores_for, ranking_key


def test_scoring_a_month_leaves_the_cache_key_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    with db() as fresh:
        assert fresh.execute("SELECT count(*) FROM rubric_versions").fetchone() == (0,)  # nothing scored yet
    key = ranking_key()
    cached_unit_scores(key, "2026-10", 2, date(2026, 11, 20), UnitScope())
    assert ranking_key() == key
    with db() as again:
        assert again.execute("SELECT count(*) FROM rubric_versions").fetchone() == (1,)


@pytest.mark.parametrize("name", ["GAMING_FILE", "CATEGORIES_FILE", "RUBRIC_FILE", "holidays"])
def test_an_edit_of_a_file_the_scores_rest_on_changes_the_key(tmp_path, monkeypatch, name):
    """data/gaming.toml and data/column_categories.csv decide rush_updates, reposts and the stale and blank columns:
    before they were in the key, 考核排名 kept the old thresholds' deductions until the next import while 更新频率
    showed the new flags. Each file is a copy here, named where core.ranking.scoring.scoring_files looks."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    real = DEFAULT_HOLIDAYS_PATH if name == "holidays" else getattr(core.ranking.scoring, name)
    copy = tmp_path / real.name
    shutil.copy(real, copy)
    if name == "holidays":
        monkeypatch.setenv(ENV_HOLIDAYS, str(copy))
    else:
        monkeypatch.setattr(core.ranking.scoring, name, copy)
    before = ranking_key()
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert ranking_key() != before


def test_an_edit_of_the_column_categories_is_scored_at_once(tmp_path, monkeypatch):
    """Shortening 动态要闻类's interval to 1 day makes more columns stale at October's end, in the cached scores of
    the next page run: the file is read again when it changes, not kept for the life of the process."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    copy = tmp_path / "column_categories.csv"
    shutil.copy(CATEGORIES_FILE, copy)
    monkeypatch.setattr(core.registry.categories, "CATEGORIES_FILE", copy)
    monkeypatch.setattr(core.ranking.scoring, "CATEGORIES_FILE", copy)
    day = date(2026, 11, 20)
    with db() as con:
        rubric, _, _ = current_rubric(con)

    def stale_columns() -> int:
        lines = month_scores_for(ranking_key(), day)("2026-10", rubric).lines
        return int(lines.loc[lines["rule_key"] == "stale_columns", "count"].sum())

    before = stale_columns()
    rows = copy.read_text(encoding="utf-8-sig").splitlines()
    edited = [
        ",".join([cells[0], "1天", *cells[2:]]) if cells[0] == "动态要闻类" else line
        for line in rows
        for cells in [line.split(",")]
    ]
    copy.write_text("\n".join(edited) + "\n", encoding="utf-8")
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert stale_columns() > before


def _late_items(folder, con):
    header = ["单位", "栏目", "标题", "发布日期", "成文日期", "链接"]
    rows = [["县甲局", "工作动态", f"迟到的一条{n}", "2026-10-15", "2026-08-01", ""] for n in range(3)]
    return load(con, write_csv(folder / "late.csv", header, rows))


@pytest.mark.parametrize("lands", ["before the month is scored", "while it is scored"])
def test_an_import_landing_between_key_and_scoring_is_never_served_after_its_undo(tmp_path, monkeypatch, lands):
    """Another session's import lands after a page read the month's key. Its rows must not end up cached under
    the old key: the key is the content, so the undo of that import brings the old key back."""
    path = county_database(tmp_path)
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    ui.state._cached_month_scores.clear()
    day = date(2026, 11, 20)
    with db() as con:
        rubric, _, _ = current_rubric(con)
    scores_for = month_scores_for(ranking_key(), day)
    imported = []

    def import_now():
        with opened(path) as con:
            imported.append(_late_items(tmp_path, con))

    real = ui.state.month_scores

    def scoring_while_it_lands(*args):
        import_now()
        return real(*args)

    if lands == "before the month is scored":
        import_now()
    else:
        monkeypatch.setattr(ui.state, "month_scores", scoring_while_it_lands)
    scores_for("2026-10", rubric)
    monkeypatch.setattr(ui.state, "month_scores", real)
    with opened(path) as con:
        undo(con, imported[0].import_id)
    served = month_scores_for(ranking_key(), day)("2026-10", rubric)
    assert not served.lines["evidence"].str.contains("迟到的一条").any()
