"""Plan text made inert in Markdown: the one escaper of the handout, the report and
`planctl diff --format markdown` (a pull-request comment)."""

from __future__ import annotations

import re

from planctl.render import printable

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")
# What GFM's autolink extension and markdown-it's linkify turn into links: a scheme's `://`,
# `www.` and any `name.tld` (linkify's fuzzy links), a protocol-relative `//host`, and `@`
# (fuzzy e-mail). An escaped character is a token of its own in both parsers, so the link
# is never recognised. A dot next to a letter is escaped (`www.`, `www..se`, `evil.se`);
# one between digits (FO1.2) is not.
_LINKISH = re.compile(r"(?<=[^\W\d_])\.|\.(?=[^\W\d_])|:(?=//)|/(?=/)|@")


def md(text: str | None) -> str:
    """Data made inert in Markdown: one line, control and bidi characters escaped (the
    handout is often printed to a terminal), markup and HTML escaped, and nothing that a
    renderer would autolink (a title `https://evil.example` stays text)."""
    if not text:
        return ""
    flat = printable(" ".join(text.split()))
    escaped = _SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")
    return _LINKISH.sub(lambda m: "\\" + m.group(0), escaped)
