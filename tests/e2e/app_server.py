"""The app as start.sh serves it (streamlit run server.py: login page and session gate) on 127.0.0.1 for
browser tests, and a Chromium context logged in through the real login form."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from core.storage.db import opened
from tests.accounts.helpers import PASSWORD, add_role_users


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    db: Path, log: Path, with_accounts: bool = True, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start server.py on a free port over `db` (accounts t_admin/t_office/t_leader/t_liaison added) and wait
    until its health endpoint answers; the server's output goes to `log`. `env` adds environment variables
    (e.g. DASHBOARD_SECURITY for a security.toml of the test's own)."""
    if with_accounts:
        with opened(db) as con:  # the liaison gets the county's first unit
            first_unit = con.execute(
                "SELECT name FROM units ORDER BY sort_order NULLS LAST, unit_id LIMIT 1"
            ).fetchall()
            add_role_users(con, first_unit[0][0])
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_DB": str(db), **(env or {})},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:  # the health endpoint answers once the server listens
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                pytest.fail(log.read_text(errors="replace"))
            time.sleep(0.25)
    proc.kill()
    pytest.fail("server did not start")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


class _Keep(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # keep the 303 of a successful login: its Set-Cookie is what we want


def session_cookie(url: str, login: str = "t_office") -> dict:
    """Sign in by posting the real login form (as a browser does) and return the session cookie it sets."""
    body = urllib.parse.urlencode({"login": login, "password": PASSWORD}).encode()
    opener = urllib.request.build_opener(_Keep)
    try:
        opener.open(urllib.request.Request(url + "/login", data=body, method="POST"), timeout=60)
        pytest.fail("the login did not redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 303, answer.code
        name, _, value = answer.headers["Set-Cookie"].split(";")[0].partition("=")
    return {"name": name, "value": value, "url": url}


def logged_in_context(browser, url: str, login: str = "t_office", viewport: dict | None = None):
    """A browser context holding the session of `login`, signed in through the login form's POST — so the
    context's first page request is whatever the test opens (a deep link stays a first request)."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
    context.add_cookies([session_cookie(url, login)])
    return context
