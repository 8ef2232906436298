"""Text written into XML by hand (the convention's OpenDocument file): escaped, and stripped of the
characters XML 1.0 forbids.

A vertical tab or a \\x01 pasted from a word processor is legal in a form field but makes an XML
file "not well-formed": the word processor then refuses to open the whole document. Escaping
(`&`, `<`, `>`, quotes) is not enough; those characters must go.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# Everything outside XML 1.0's Char production (tab, LF and CR are the only control characters
# allowed; lone surrogates and U+FFFE/U+FFFF are not characters at all).
_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_clean(text: str) -> str:
    """Return `text` without the characters XML 1.0 forbids."""
    return _INVALID_XML.sub("", text)


def xml_escape(text: str) -> str:
    """Return `text` ready to stand between XML tags or in a double-quoted attribute."""
    return escape(xml_clean(str(text)), {'"': "&quot;"})
