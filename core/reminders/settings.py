"""Reminder channel settings from data/reminders.toml (or $DASHBOARD_REMINDERS), validated on load.

Never imports streamlit. No secret password is read from the file: the SMTP password comes from the environment
variable the file names (password_env). A wrong key or type is refused naming the file and the key.
"""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from core.config import DATA_DIR
from core.errors import DashboardError

REMINDERS_FILE = DATA_DIR / "reminders.toml"
ENV_REMINDERS = "DASHBOARD_REMINDERS"
CHANNELS = ("print", "webhook", "email")
TLS_MODES = ("none", "starttls", "ssl")


@dataclass(frozen=True)
class WebhookSettings:
    url: str = ""
    secret: str = ""
    per_minute: int = 20
    max_bytes: int = 2048
    office_mobiles: list[str] = field(default_factory=list)
    timeout_seconds: int = 10


@dataclass(frozen=True)
class EmailSettings:
    host: str = ""
    port: int = 25
    tls: str = "none"
    user: str = ""
    password_env: str = "REMINDER_SMTP_PASSWORD"
    sender: str = ""
    office_to: list[str] = field(default_factory=list)
    timeout_seconds: int = 10

    @property
    def password(self) -> str:
        return os.environ.get(self.password_env, "") if self.password_env else ""


@dataclass(frozen=True)
class ReminderSettings:
    channels: list[str] = field(default_factory=lambda: ["print"])
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    email: EmailSettings = field(default_factory=EmailSettings)


def _section(cls: type, data: dict[str, Any], where: str, path: Path) -> Any:
    known = {f.name: f for f in fields(cls)}
    defaults = cls()
    values = {}
    for key, value in data.items():
        if key not in known:
            raise DashboardError(f"提醒设置中有未知的项目: {where}{key}", f"请检查 {path.name}；可用的项目见 README。")
        if not isinstance(value, type(getattr(defaults, key))) or isinstance(value, bool):
            raise DashboardError(f"提醒设置 {where}{key} 的取值类型不对: {value!r}", f"请检查 {path.name}。")
        values[key] = value
    return replace(defaults, **values)


def load_reminder_settings(path: Path | None = None) -> ReminderSettings:
    """The settings (missing file → defaults: print only)."""
    path = path or Path(os.environ.get(ENV_REMINDERS) or REMINDERS_FILE)
    if not path.exists():
        return ReminderSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DashboardError(f"提醒设置文件格式有误: {path.name}（{exc}）", "请按 TOML 格式修改后重试。") from exc
    webhook = _section(WebhookSettings, data.pop("webhook", {}), "webhook.", path)
    email = _section(EmailSettings, data.pop("email", {}), "email.", path)
    top = _section(ReminderSettings, data, "", path)
    unknown = [c for c in top.channels if c not in CHANNELS]
    if unknown:
        raise DashboardError(
            f"提醒设置 channels 中有未知的渠道: {'、'.join(unknown)}", f"可用：{'、'.join(CHANNELS)}。"
        )
    if email.tls not in TLS_MODES:
        raise DashboardError(
            f"提醒设置 email.tls 应为 {'、'.join(TLS_MODES)} 之一: {email.tls}", f"请检查 {path.name}。"
        )
    return replace(top, webhook=webhook, email=email)
