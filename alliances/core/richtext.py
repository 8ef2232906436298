"""Markdown written by people, rendered to sanitised HTML: the only way rich text reaches a page.

The source is stored as typed; it is rendered and sanitised on display. Rendering uses cmark-gfm
(GitHub's C implementation of CommonMark, linear in the length of the text) rather than
Python-Markdown, whose link and emphasis patterns rescan the rest of the text at every unmatched
`[`: `"[" * 20000` took 55 s, `"*_" * 10000` about 7 s (docs/decisions.md, 2026-12-06). Raw HTML
in the source is left out by cmark (safe mode) and nh3 then keeps only the tags and attributes below.
"""

from __future__ import annotations

import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

# The one allowlist of the platform: what guides, practices and programmes need (headings, lists,
# emphasis, links, tables, quotes, code). No `h1`: the page title is the only first-level heading.
ALLOWED_TAGS = {
    *("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
    *("strong", "em", "b", "i", "del", "sup", "sub", "abbr", "a"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Safe mode (no CMARK_OPT_UNSAFE): raw HTML and `javascript:` links never reach the output.
_CMARK_OPTIONS = Options.CMARK_OPT_VALIDATE_UTF8
_CMARK_EXTENSIONS = ["table", "autolink", "strikethrough"]
_H1 = re.compile(r"<(/?)h1\b")
# cmark caps the nesting of lists (about 100) but not of quotes, and the HTML parser of nh3 is
# quadratic in the depth of nested elements: `"> " * 10000` (10,000 quotes, one in the other)
# took 1.6 s to sanitise. Nobody quotes a quote 32 levels deep: such a text is shown as plain text.
MAX_QUOTE_DEPTH = 32
_QUOTE_TAG = re.compile(r"<(/?)blockquote>")


def _quote_depth(html: str) -> int:
    depth = deepest = 0
    for match in _QUOTE_TAG.finditer(html):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def _plain(text: str) -> str:
    """Paragraphs and line breaks of `text`, every character escaped (no Markdown)."""
    return linebreaks(text, autoescape=True)


def render(text: str | None) -> SafeString:
    """Return the sanitised HTML of the Markdown `text` (a first-level heading becomes a second-level one)."""
    if not text:
        return mark_safe("")
    # cmark reads UTF-8: a lone surrogate (possible in a JSON import) becomes "?" instead of an error.
    text = text.encode("utf-8", "replace").decode("utf-8")
    html = cmarkgfm.markdown_to_html_with_extensions(text, options=_CMARK_OPTIONS, extensions=_CMARK_EXTENSIONS)
    if html.count("<blockquote>") > MAX_QUOTE_DEPTH and _quote_depth(html) > MAX_QUOTE_DEPTH:
        html = _plain(text)
    html = _H1.sub(r"<\1h2", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
