"""Browser speed of every page (issue 12 item 11): headless Chromium against server.py on a demo database, click on
the page's sidebar link → the first paint after Streamlit's run finished (timed inside the page), first visit and
warm, one user and 10 concurrent sessions.
Run on demand (prints figures; not a test), under the heavy lock:

    flock /tmp/heavy.lock .venv/bin/python -m bench.browser_speed [--sessions 10] [--rounds 2] [--db BIG.duckdb]

With --after-import, one user instead: a CLI import lands while the server runs, and 单位画像 is clicked first
as the first page after it, then after another page's run has finished (ui.warmup scores at the end of that run).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from core.storage.db import opened
from tests.e2e.app_server import logged_in_context, start_app, stop_app
from ui import strings

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LINK = '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]'
PAGES = [
    strings.NAV_OVERVIEW,
    strings.NAV_UNIT,
    strings.NAV_PUBLICATIONS,
    strings.NAV_FRESHNESS,
    strings.NAV_TIMELINESS,
    strings.NAV_RECTIFICATION,
    strings.NAV_REQUESTS,
    strings.NAV_RHYTHM,
    strings.NAV_INSPECTION,
    strings.NAV_ANNUAL,
    strings.NAV_RANKING,
]


def _session(url: str, rounds: int) -> dict[str, list[float]]:
    """One browser session: each page clicked `rounds` times in turn; seconds per click, the first is the first visit.

    The session lands on 总览 (the office's landing page), so 总览 is clicked last in each round: a link to the page
    already shown may start no run at all, and under load 5 of 10 sessions then waited for one in vain. 总览's
    first figure is therefore its first click after the landing, not a first visit."""
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"))  # the system Chromium
        context = logged_in_context(browser, url)
        page = context.new_page()
        page.goto(url, timeout=180_000)  # 10 Chromiums and the server share the machine: the default 30 s is short
        page.wait_for_selector(DONE, timeout=180_000)
        try:
            for _ in range(rounds):
                for name in [*PAGES[1:], PAGES[0]]:
                    times[name].append(_click(page, name))
        except PlaywrightTimeout as exc:
            raise PlaywrightTimeout(f"{str(exc).splitlines()[0]} — {_evidence(page)}") from exc
        finally:
            browser.close()
    return times


# Measured inside the page: from the link's click to the first paint after the run it started has finished.
# The run has started once stApp's run state was seen as not "notRunning" or the address is the new page's (a run
# fast enough for React to draw its start and end in one go never shows "running"); it has finished when, after
# that, the state reads "notRunning" at a change of the state or of the page. Playwright's own click
# (actionability checks, scrolling) and its polling for the attribute (intervals up to 500 ms) added 0.1–0.5 s
# no user waits for: a trivial two-page Streamlit app measured 0.20–0.30 s that way and 0.07–0.13 s this way.
_CLICK_TO_SETTLED = """([name, limit, links]) => new Promise((resolve, reject) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  const link = [...document.querySelectorAll(links)]
    .find((a) => a.textContent.includes(name));
  if (!link) { reject(new Error('no sidebar link ' + name)); return; }
  const fromPath = location.pathname;
  let sawRun = false;
  const observers = [];
  const stop = () => observers.forEach((o) => o.disconnect());
  const timer = setTimeout(() => { stop(); reject(new Error('no finished run within the limit')); }, limit);
  const look = (records) => {
    if (records.some((r) => r.oldValue && r.oldValue !== 'notRunning')) sawRun = true;
    const state = app.getAttribute('data-test-script-state');
    if (state !== 'notRunning') { sawRun = true; return; }
    if (sawRun || location.pathname !== fromPath) {
      stop();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clicked), 0));
    }
  };
  observers.push(new MutationObserver(look), new MutationObserver(() => look([])));
  observers[0].observe(app, { attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state'] });
  observers[1].observe(main, { subtree: true, childList: true, characterData: true });
  const clicked = performance.now();
  link.click();
})"""
_LIMIT_MS = 120_000
_ERROR_WORDS = strings.UNEXPECTED_ERROR.split("，")[0]  # 页面出现意外错误: the app's last line of defence showed


def _click(page, name: str) -> float:
    """Seconds from a click on the page's sidebar link to the first paint after the run it starts (see above);
    a page that shows the app's error box counts as a failure, not as a time."""
    try:
        # the sidebar is drawn by the run that ends a page: a run that finished may not have drawn it yet
        page.locator(LINK, has_text=name).first.wait_for(timeout=_LIMIT_MS)
        seconds = page.evaluate(_CLICK_TO_SETTLED, [name, _LIMIT_MS, LINK]) / 1000
    except Exception as exc:  # noqa: BLE001 — a JS rejection arrives as playwright's Error
        raise PlaywrightTimeout(f"{name}: {exc}") from exc
    if page.get_by_text(_ERROR_WORDS).count():
        raise PlaywrightTimeout(f"{name}: {_ERROR_WORDS}")
    return seconds


def _evidence(page) -> str:
    """Where a session that timed out stood: its address, the app's run state, the first visible words, and a
    screenshot (path), so a failure under load can be told from a slow machine."""
    shot = Path(tempfile.mkdtemp(prefix="bench-failed-")) / "page.png"
    try:
        page.screenshot(path=str(shot), full_page=True)
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state", timeout=5_000)
        words = " ".join(page.inner_text("body", timeout=5_000).split())[:200]
    except PlaywrightTimeout:
        state, words = "?", "?"
    return f"at {page.url}, script state {state}, page says: {words!r}; screenshot {shot}"


def _attempt(url: str, rounds: int) -> dict[str, list[float]] | str:
    """_session, or the first line of why it failed (a timeout under load must not hide the other sessions)."""
    try:
        return _session(url, rounds)
    except PlaywrightTimeout as exc:
        return str(exc).splitlines()[0]


def _row(name: str, runs: list[dict[str, list[float]]]) -> str:
    first = [r[name][0] for r in runs]
    warm = [t for r in runs for t in r[name][1:]]
    return f"{name:<10} first {statistics.median(first):5.2f}s (max {max(first):5.2f})   warm " + (
        f"{statistics.median(warm):5.2f}s (max {max(warm):5.2f})" if warm else "—"
    )


def _after_import(url: str, db: Path, today: str, folder: Path, rounds: int) -> None:
    """First visits of 单位画像 after a CLI import, `rounds` times each way (see the module's docstring): as the
    page clicked right after the import, and after 发布统计's run has finished (the time that run took, warm-up
    included, is printed too: its page is drawn before the warm-up starts)."""
    with opened(db) as con:
        row = con.execute(
            "SELECT u.name, c.name FROM site_columns c JOIN units u USING (unit_id) ORDER BY c.column_id LIMIT 1"
        ).fetchone()
    unit, column = row or ("", "")
    first, after, warmed = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"))
        page = logged_in_context(browser, url).new_page()
        page.goto(url, timeout=180_000)
        page.wait_for_selector(DONE, timeout=180_000)
        for n in range(2 * rounds):
            ledger = folder / f"new{n}.csv"
            ledger.write_text(f"单位,栏目,标题,发布日期,成文日期,链接\n{unit},{column},测速新增信息{n},{today},,\n")
            subprocess.run([sys.executable, "-m", "loaders", "import", str(ledger), "--db", str(db)], check=True)
            if n % 2:
                warmed.append(_click(page, strings.NAV_PUBLICATIONS))
                after.append(_click(page, strings.NAV_UNIT))
            else:
                first.append(_click(page, strings.NAV_UNIT))
            _click(page, strings.NAV_OVERVIEW)
        browser.close()
    print("after a CLI import (seconds per click)")
    print(f"  单位画像 as the first page after it:           {' '.join(f'{t:5.2f}' for t in first)}")
    print(f"  发布统计 first (its run, warm-up included):    {' '.join(f'{t:5.2f}' for t in warmed)}")
    print(f"  单位画像 after that:                           {' '.join(f'{t:5.2f}' for t in after)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--today", default="2026-12-01")
    parser.add_argument("--db", type=Path, help="a copy of this database instead of a new demo (e.g. bench.big_county)")
    parser.add_argument("--after-import", action="store_true", help="one user: 单位画像 after a CLI import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as folder:
        db = Path(folder) / "demo.duckdb"
        if args.db:
            shutil.copy(args.db, db)
        else:
            subprocess.run(
                [sys.executable, "-m", "loaders", "demo", "--db", str(db), "--today", args.today],
                check=True,
                capture_output=True,
            )
        proc, url = start_app(db, Path(folder) / "server.log", env={"DASHBOARD_TODAY": args.today})
        try:
            if args.after_import:
                _after_import(url, db, args.today, Path(folder), args.rounds)
                return
            single = [_session(url, args.rounds)]
            print(f"one user ({args.rounds} rounds; the first click of a page is its first visit)")
            for name in PAGES:
                print("  " + _row(name, single))
            if args.sessions < 2:  # --sessions 1: the one user only
                return
            with ThreadPoolExecutor(args.sessions) as pool:
                outcomes = list(pool.map(lambda _: _attempt(url, args.rounds), range(args.sessions)))
            many = [o for o in outcomes if not isinstance(o, str)]
            failed = [o for o in outcomes if isinstance(o, str)]
            print(f"{args.sessions} concurrent sessions (median and max over the {len(many)} that finished)")
            for reason in failed:
                print(f"  a session failed: {reason}")
            if failed:  # the server's log says why a page failed; the folder below is deleted on exit
                kept = Path(tempfile.mkdtemp(prefix="bench-server-log-")) / "server.log"
                shutil.copy(Path(folder) / "server.log", kept)
                print(f"  server log kept: {kept}")
            if not many:
                return
            for name in PAGES:
                print("  " + _row(name, many))
        finally:
            stop_app(proc)


if __name__ == "__main__":
    main()
