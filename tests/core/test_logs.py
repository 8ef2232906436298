"""Production log lines: one record per line, key=value or JSON, with the caller's extra fields."""

import json
import logging

from alliances.core.logs import StructuredFormatter


def _record(message: str, **extra) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": "alliances.emails", "levelname": "ERROR", "msg": message})
    record.__dict__.update(extra)
    return record


def test_logfmt_quotes_what_needs_it_and_stays_on_one_line():
    line = StructuredFormatter().format(_record('échec "SMTP"\nrefusé', recipients=2))
    assert "\n" not in line
    assert 'level=ERROR logger=alliances.emails message="échec \\"SMTP\\"\\nrefusé" recipients=2' in line


def test_json_lines_carry_the_extra_fields():
    fields = json.loads(StructuredFormatter(json_lines=True).format(_record("échec", recipients=2)))
    assert (fields["level"], fields["message"], fields["recipients"]) == ("ERROR", "échec", 2)
