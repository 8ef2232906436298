"""One log record per line on stderr, as key=value pairs (logfmt) or JSON: what a log shipper
or `journalctl` reads without a parser of ours (production settings, LOG_FORMAT)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Attributes of every LogRecord: the others were passed by the caller in `extra=` and are kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class StructuredFormatter(logging.Formatter):
    def __init__(self, *args: Any, json_lines: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.json_lines = json_lines

    def fields(self, record: logging.LogRecord) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields |= {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return fields

    def format(self, record: logging.LogRecord) -> str:
        fields = self.fields(record)
        if self.json_lines:
            return json.dumps(fields, ensure_ascii=False, default=str)
        return " ".join(f"{key}={_logfmt(value)}" for key, value in fields.items())


def _logfmt(value: Any) -> str:
    text = str(value)
    if text and not any(c in text for c in ' ="\n\\'):
        return text
    return json.dumps(text, ensure_ascii=False)  # quoted, newlines and quotes escaped: one line


class NotAboutEmails(logging.Filter):
    """Keep out of the administrators' mailbox the task records about sending an email: when the
    mail server is the cause, mailing them fails too; they are in the logs (`alliances.emails`)
    and in the admin (« Courriels en échec »)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "alliances.core.emails." not in record.getMessage()
