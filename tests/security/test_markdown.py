"""Markdown written by users and editors never carries script to a page, whatever is mixed in
(hypothesis builds texts from Markdown syntax and hostile fragments)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.core.richtext import render

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">lien</a>',
    "[lien](javascript:alert(1))",
    "[lien](JaVaScRiPt:alert(1))",
    "[l](data:text/html;base64,PHNjcmlwdD4=)",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    "<a href=x onclick=alert(1)>x</a>",
    '<div style="background:url(javascript:alert(1))">',
    "<object data=x>",
    "![img](https://evil.example/pixel.png)",
    "<form action=https://evil.example><input></form>",
    "<scr<script>ipt>alert(1)</script>",
    "&lt;script&gt;",
    "<<script>>",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
]
SYNTAX = [
    "# ",
    "## ",
    "* ",
    "1. ",
    "> ",
    "`",
    "```\n",
    "**",
    "_",
    "\n\n",
    "\n",
    "| a | b |\n|---|---|\n",
    "[",
    "](",
    ")",
]
TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(SYNTAX), st.text(max_size=20)), max_size=12).map(
    "".join
)

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "img",
    "form",
    "input",
    "base",
    "meta",
    "link",
    "math",
    "frame",
    "frameset",
}


class _Tags(HTMLParser):
    """The tags and attributes a browser would see (entities decoded, escaped text ignored)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _assert_harmless(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", html
            if name in ("href", "src") and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower().split(":", 1)
                assert len(scheme) == 1 or scheme[0] in ("http", "https", "mailto"), html


@settings(max_examples=300, derandomize=True, deadline=None)
@given(TEXT)
def test_rich_text_is_harmless(text):
    _assert_harmless(str(render(text)))
