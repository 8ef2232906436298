"""Rich text: one renderer and one allowlist, rendering time bounded for any text up to the maximum length."""

from __future__ import annotations

import time

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.core.fields import RICH_TEXT_MAX_LENGTH
from alliances.core.richtext import MAX_QUOTE_DEPTH, render

# A generous budget for this slow shared machine (2 cores, ~9 processes): a budget, not a benchmark.
# Python-Markdown took 55 s for "[" * 20000; the renderer takes about 0.05 s for the worst text below.
BUDGET_SECONDS = 1.0

# Fragments that made Markdown parsers rescan the text (unmatched brackets, emphasis delimiters,
# links never closed, nested containers, wide tables, entities, raw HTML).
ADVERSARIAL = [
    "[",
    "![",
    "[a](",
    "[a]",
    "](",
    "[]( ",
    "*_",
    "_*",
    "**a",
    "*a**",
    "_a",
    "~~a",
    "`",
    "``a",
    "<",
    "<a ",
    "<div>",
    "<!--",
    "&#",
    "\\",
    "> ",
    ">[",
    "- ",
    "1. ",
    "  - a\n",
    "| a ",
    "|-",
    "|x\n",
    "[x]: <",
    "\n",
    "http://a",
    "www.a",
    "a",
    " ",
]
PATTERNS = st.lists(st.sampled_from(ADVERSARIAL), min_size=1, max_size=4).map("".join)


def _timed_render(text: str) -> tuple[float, str]:
    start = time.perf_counter()
    html = str(render(text))
    return time.perf_counter() - start, html


def _fill(pattern: str, length: int = RICH_TEXT_MAX_LENGTH) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


@pytest.mark.parametrize("pattern", ["[", "![", "[a](", "*_", "> ", "<div>", "|x\n", "[" * 100 + "]" * 100], ids=repr)
def test_texts_of_the_security_audit_render_within_the_budget(pattern):
    elapsed, _ = _timed_render(_fill(pattern))
    assert elapsed < BUDGET_SECONDS, f"{elapsed:.2f} s"


@settings(max_examples=60, derandomize=True, deadline=None)
@given(PATTERNS, st.integers(min_value=RICH_TEXT_MAX_LENGTH // 2, max_value=RICH_TEXT_MAX_LENGTH))
def test_any_repeated_adversarial_pattern_renders_within_the_budget(pattern, length):
    elapsed, _ = _timed_render(_fill(pattern, length))
    assert elapsed < BUDGET_SECONDS, f"{elapsed:.2f} s for {pattern!r} × {length}"


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.lists(st.tuples(PATTERNS, st.integers(min_value=1, max_value=3000)), min_size=1, max_size=6))
def test_mixed_adversarial_runs_render_within_the_budget(runs):
    text = "".join(pattern * count for pattern, count in runs)[:RICH_TEXT_MAX_LENGTH]
    elapsed, _ = _timed_render(text)
    assert elapsed < BUDGET_SECONDS, f"{elapsed:.2f} s"


def test_markdown_is_rendered_with_the_one_allowlist():
    html = str(
        render(
            "# Titre\n\n**gras** *italique* ~~barré~~ `code`\n\n- un\n- deux\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n> citation\n\n[lien](https://example.org)"
        )
    )
    assert "<h2>Titre</h2>" in html and "<h1" not in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html and "<del>barré</del>" in html
    assert "<li>un</li>" in html and "<td>1</td>" in html and "<blockquote>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">lien</a>' in html


def test_raw_html_and_dangerous_links_never_reach_the_page_and_typed_text_stays_text():
    html = str(render("<img src=x onerror=alert(1)> [x](javascript:alert(1)) &lt;b&gt; a < b"))
    assert "<img" not in html and "onerror" not in html and "javascript" not in html
    # Entities typed by the writer are shown as typed characters, never turned into tags.
    assert "&lt;b&gt;" in html and "a &lt; b" in html


def test_quotes_nested_too_deep_are_shown_as_plain_text():
    deep = "> " * (MAX_QUOTE_DEPTH + 1) + "*fin*"
    html = str(render(deep))
    assert "<blockquote>" not in html and "&gt; &gt;" in html and "*fin*" in html
    assert str(render("> " * MAX_QUOTE_DEPTH + "x")).count("<blockquote>") == MAX_QUOTE_DEPTH


def test_the_template_filter_uses_the_renderer():
    html = Template("{% load richtext %}{{ text|markdown }}").render(Context({"text": "**a** <script>x</script>"}))
    assert "<strong>a</strong>" in html and "<script>" not in html
    assert Template("{% load richtext %}{{ text|markdown }}").render(Context({"text": None})) == ""


def test_a_lone_surrogate_or_a_nul_character_is_no_error():
    assert str(render("a\ud800b")) == "<p>a?b</p>\n"
    assert "a\ufffdb" in str(render("a\x00b"))
