"""Security settings: password rule, lockout, idle timeout, listen address, trusted SSO header.

Never imports streamlit. Defaults below; `data/security.toml` (or the file named by $DASHBOARD_SECURITY)
overrides any of them. The README's settings table lists every name here.
"""

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from core.config import DATA_DIR
from core.errors import DashboardError

SECURITY_FILE = DATA_DIR / "security.toml"
ENV_SECURITY = "DASHBOARD_SECURITY"


@dataclass(frozen=True)
class SecuritySettings:
    """Each field: (name in security.toml, default). See README 安全设置."""

    min_password_length: int = 8  # 密码至少 8 位，且同时含字母和数字
    max_failed_logins: int = 5  # 连续失败次数达到即锁定
    lockout_minutes: int = 10  # 锁定时长
    idle_timeout_minutes: int = 30  # 无操作超过即需重新登录
    listen_address: str = "0.0.0.0"  # start.sh 监听的地址；只在本机时设为 127.0.0.1
    trusted_login_header: str = ""  # 反向代理（统一身份认证）传来账号的请求头；仅在监听 127.0.0.1 时生效


def load_settings(path: Path | None = None) -> SecuritySettings:
    """The settings from security.toml (missing file → defaults); unknown keys or wrong types are refused."""
    path = path or Path(os.environ.get(ENV_SECURITY) or SECURITY_FILE)
    if not path.exists():
        return SecuritySettings()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f.name: f for f in fields(SecuritySettings)}
    values = {}
    for key, value in data.items():
        if key not in known:
            raise DashboardError(f"安全设置中有未知的项目: {key}", f"请检查 {path.name}；可用的项目见 README。")
        if not isinstance(value, type(getattr(SecuritySettings, key))):
            raise DashboardError(f"安全设置 {key} 的取值类型不对: {value!r}", f"请检查 {path.name}。")
        values[key] = value
    return SecuritySettings(**values)
