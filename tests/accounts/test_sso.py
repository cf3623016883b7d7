"""The trusted login header is honoured only when the server listens on loopback (behind the proxy), and
only when the setting names it; start.sh binds to listen_address (tests/e2e/test_login.py runs the real
server with the header)."""

import subprocess

import pytest
from streamlit import config

from core.config import REPO_ROOT
from server import trusted_login

SCOPE = {"type": "http", "headers": [(b"x-remote-user", b"t_office")], "path": "/"}


@pytest.fixture
def security(tmp_path, monkeypatch):
    def write(text: str) -> None:
        path = tmp_path / "security.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("DASHBOARD_SECURITY", str(path))

    before = config.get_option("server.address")
    yield write
    config.set_option("server.address", before)


@pytest.mark.parametrize(
    ("address", "setting", "expected"),
    [
        ("127.0.0.1", 'trusted_login_header = "X-Remote-User"', ("X-Remote-User", "t_office")),
        ("0.0.0.0", 'trusted_login_header = "X-Remote-User"', None),  # the office LAN could forge it
        ("10.1.2.3", 'trusted_login_header = "X-Remote-User"', None),
        ("127.0.0.1", 'trusted_login_header = ""', None),  # off
        ("127.0.0.1", 'trusted_login_header = "X-Other"', None),  # the request does not carry it
    ],
)
def test_the_header_counts_only_on_loopback_with_the_setting_on(security, address, setting, expected):
    security(setting)
    config.set_option("server.address", address)
    assert trusted_login(SCOPE) == expected


def test_start_sh_binds_to_the_address_in_the_setting(tmp_path):
    (tmp_path / "security.toml").write_text('listen_address = "127.0.0.1"\n', encoding="utf-8")
    script = (REPO_ROOT / "start.sh").read_text(encoding="utf-8")
    line = next(x for x in script.splitlines() if x.startswith("address="))
    env = {"DASHBOARD_SECURITY": str(tmp_path / "security.toml"), "PATH": "/usr/bin:/bin"}
    shown = subprocess.run(
        ["bash", "-c", f"{line}; echo $address"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert shown.stdout.strip() == "127.0.0.1", shown.stderr
    default = subprocess.run(
        ["bash", "-c", f"{line}; echo $address"],
        cwd=REPO_ROOT,
        env={**env, "DASHBOARD_SECURITY": str(tmp_path / "absent.toml")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert default.stdout.strip() == "0.0.0.0"
