"""A group robot and an SMTP server on 127.0.0.1, real sockets in a thread each, recording what they receive.

The robot answers {"errcode":0} unless a message contains one of `fail_when` (then HTTP 500), so a test can make
one recipient's send fail. The SMTP server speaks just enough of RFC 5321 for smtplib (EHLO/HELO, MAIL, RCPT,
DATA, NOOP, RSET, QUIT). Tests wait on `received` events, never on sleeps.
"""

import json
import socketserver
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Threaded:
    """A socketserver served from a daemon thread for the length of a `with` block."""

    server: socketserver.BaseServer

    def _serve(self) -> None:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class RobotLog:
    posts: list[dict] = field(default_factory=list)  # {"path", "query", "body"}
    fail_when: list[str] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)


class Robot(_Threaded):
    def __init__(self) -> None:
        self.log = RobotLog()
        log = self.log

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 — http.server's name
                length = int(self.headers["Content-Length"])
                raw = self.rfile.read(length)
                parts = urllib.parse.urlsplit(self.path)
                body = json.loads(raw.decode("utf-8"))
                log.posts.append(
                    {"path": parts.path, "query": urllib.parse.parse_qs(parts.query), "body": body, "raw": raw}
                )
                failing = any(text in body["text"]["content"] for text in log.fail_when)
                answer = b'{"errcode":500,"errmsg":"busy"}' if failing else b'{"errcode":0,"errmsg":"ok"}'
                self.send_response(500 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                log.received.set()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/webhook/send?key=SECRETKEY"
        self._serve()


@dataclass
class Mailbox:
    messages: list[dict] = field(default_factory=list)  # {"from", "to", "data"}
    received: threading.Event = field(default_factory=threading.Event)


class SmtpServer(_Threaded):
    def __init__(self) -> None:
        self.box = Mailbox()
        box = self.box

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                self.reply("220 loopback ESMTP")
                sender, rcpts = "", []
                while True:
                    line = self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")
                    verb = line[:4].upper()
                    if not line and self.rfile.closed:
                        return
                    if verb == "EHLO":
                        self.reply("250-loopback")
                        self.reply("250 8BITMIME")
                    elif verb == "HELO":
                        self.reply("250 loopback")
                    elif verb == "MAIL":
                        sender, rcpts = line.split(":", 1)[1].strip(), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        rcpts.append(line.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 end with .")
                        data = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data.append(chunk)
                        box.messages.append({"from": sender, "to": rcpts, "data": b"".join(data)})
                        self.reply("250 queued")
                        box.received.set()
                    elif verb in ("NOOP", "RSET"):
                        self.reply("250 OK")
                    elif verb == "QUIT" or not line:
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._serve()
