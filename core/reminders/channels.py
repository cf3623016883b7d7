"""The channels a reminder travels by: a group-robot webhook and SMTP e-mail, with a rate limiter.

Never imports streamlit. Each send returns a Delivery (ok, the answer as text) and never raises for a network or
server failure, so one failed message never stops the others; the caller records it and retries on the next run.
The webhook JSON is the widely used group-robot form {"msgtype":"text","text":{"content":…,
"mentioned_mobile_list":[…]}}; robots that ask for signing get `timestamp` (ms) and `sign` = base64(HMAC-SHA256
(key=secret, timestamp + "\\n" + secret)) as query parameters.
"""

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from core.reminders.settings import EmailSettings, WebhookSettings

_ANSWER_LIMIT = 500  # characters of a server's answer kept in the record


@dataclass(frozen=True)
class Delivery:
    ok: bool
    answer: str


class RateLimiter:
    """At most `per_minute` sends in any 60 seconds; `clock` and `sleep` are injectable (tests advance a clock)."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_minute = max(1, per_minute)
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()

    def wait(self) -> None:
        """Block until one more send fits in the window, then count it."""
        while True:
            now = self.clock()
            while self.sent and now - self.sent[0] >= 60:
                self.sent.popleft()
            if len(self.sent) < self.per_minute:
                self.sent.append(now)
                return
            self.sleep(60 - (now - self.sent[0]))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """`url` with timestamp and sign appended (the robot signing scheme); unchanged when `secret` is empty."""
    if not secret:
        return url
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp_ms}&sign={sign}"


def webhook_payload(content: str, mobiles: list[str]) -> bytes:
    """The robot's JSON body for one text message."""
    body = {"msgtype": "text", "text": {"content": content, "mentioned_mobile_list": mobiles}}
    return json.dumps(body, ensure_ascii=False).encode()


def _answer_ok(status: int, body: str) -> bool:
    """HTTP 2xx and, when the robot answers JSON with an errcode, errcode 0 (its way to refuse with 200)."""
    if not 200 <= status < 300:
        return False
    try:
        answer = json.loads(body)
    except ValueError:
        return True
    return not isinstance(answer, dict) or answer.get("errcode", 0) in (0, "0")


def send_webhook(
    settings: WebhookSettings, url: str, content: str, mobiles: list[str], now_ms: Callable[[], int] | None = None
) -> Delivery:
    """POST one text message to the robot at `url`; the answer is the HTTP status and body (or the error)."""
    timestamp = now_ms() if now_ms else int(time.time() * 1000)
    request = urllib.request.Request(
        signed_url(url, settings.secret, timestamp),
        data=webhook_payload(content, mobiles),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:  # noqa: S310 — URL is the office's setting
            body = response.read().decode("utf-8", "replace")
            return Delivery(_answer_ok(response.status, body), f"HTTP {response.status} {body}"[:_ANSWER_LIMIT])
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        return Delivery(False, f"HTTP {exc.code} {body}"[:_ANSWER_LIMIT])
    except (OSError, ValueError) as exc:  # refused, timed out, unknown host, malformed URL
        return Delivery(False, f"发送失败：{type(exc).__name__}: {exc}"[:_ANSWER_LIMIT])


def send_email(settings: EmailSettings, to: list[str], subject: str, content: str) -> Delivery:
    """Send one plain-text e-mail over SMTP (TLS as set); the answer is the server's reply or the error."""
    message = EmailMessage()
    message["From"] = settings.sender or settings.user
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid()
    message.set_content(content)
    try:
        if settings.tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout_seconds, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
        with client:
            if settings.tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password)
            refused = client.send_message(message)
            code, text = client.noop()
    except (OSError, smtplib.SMTPException) as exc:
        return Delivery(False, f"发送失败：{type(exc).__name__}: {exc}"[:_ANSWER_LIMIT])
    if refused:
        return Delivery(False, f"收件人被拒绝：{refused}"[:_ANSWER_LIMIT])
    return Delivery(True, f"已投递 {', '.join(to)}（{code} {text.decode('utf-8', 'replace')}）"[:_ANSWER_LIMIT])
