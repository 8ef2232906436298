"""A minimal SMTP server on 127.0.0.1, in a thread of the test process (standard library only).

It speaks just what Django's SMTP backend says (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps
every message it accepts as bytes (or refuses every recipient), and stops with the test.
"""

from __future__ import annotations

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._reply("220 localhost ESMTP tests")
        data: list[bytes] | None = None
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            if data is not None:
                if raw in (b".\r\n", b".\n"):
                    self.server.messages.append(b"".join(data))  # type: ignore[attr-defined]
                    data = None
                    self._reply("250 OK: queued")
                else:
                    data.append(raw[1:] if raw.startswith(b"..") else raw)
                continue
            command = raw.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 localhost")
            elif command.startswith("DATA"):
                data = []
                self._reply("354 End data with <CR><LF>.<CR><LF>")
            elif command.startswith("RCPT") and self.server.refuse_recipients:  # type: ignore[attr-defined]
                self._reply("550 5.1.1 No such user")
            elif command.startswith("QUIT"):
                self._reply("221 Bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self._reply("250 OK")


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, refuse_recipients: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[bytes] = []
        self.refuse_recipients = refuse_recipients
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self) -> SmtpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
