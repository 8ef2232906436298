"""Rich text of practices: Markdown written by contributors, rendered to sanitised HTML (nh3)."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_source(text: str) -> str:
    """Strip any HTML that is not in the allowed set (scripts, event handlers, styles) from a source text."""
    cleaned = nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # nh3 escapes "&", "<", ">" outside tags; Markdown source must keep them as typed.
    return cleaned.replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<") if "<" not in text else cleaned


def render(text: str) -> SafeString:
    """Markdown → HTML → sanitised HTML: the only way rich text reaches a page."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )
