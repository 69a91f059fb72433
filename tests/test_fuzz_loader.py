"""Fuzzing the loader: arbitrary bytes or YAML-like text never raise; they end in
diagnostics or in data. The budget is small in `make test`; a release runs
`PLANCTL_FUZZ_EXAMPLES=20000 make test` (see SECURITY.md)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from planctl.diagnostics import Diagnostic
from planctl.loader import analyse, build_document
from planctl.model import build_entity

EXAMPLES = int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "id: ", "INI-001", "title: ", "goals:", "\n", "  - ", "FO1.1", "owner: ", "skr", "status: ", "ongoing",
    "{", "}", "[", "]", ",", ":", "&a ", "*a", "<<: ", "!!python/object ", "!tag ", "---\n", "...\n", "%YAML 1.1\n",
    "'", '"', "\\", "\t", "# c\n", "? ", "|\n", ">-\n", "2019-03-18", "2019-13-45", "1:1", "yes", "~", "å", "\u202e",
    "\x00", "\r\n", "\ufeff", "- ", "    ", "é", "0x1F", ".nan", "-.inf", "1e999",
]
yaml_like = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def _check(raw: bytes, kind: str) -> None:
    entry, _parsed = analyse(raw, f"plan/x/{kind}.yaml", kind)
    doc, diags = build_document(f"plan/x/{kind}.yaml", kind, raw, entry)
    assert all(isinstance(d, Diagnostic) and d.line >= 0 for d in diags)
    if doc.data is not None:
        build_entity(doc)  # typed views never raise either
        for d in diags:
            doc.span(tuple(d.json_path.replace("[", ".").replace("]", "").split(".")[1:]))


@FUZZ
@given(raw=st.binary(max_size=400), kind=st.sampled_from(["goal", "initiative", "owner"]))
def test_arbitrary_bytes_never_raise(raw: bytes, kind: str) -> None:
    _check(raw, kind)


@FUZZ
@given(text=yaml_like, kind=st.sampled_from(["goal", "initiative", "owner"]))
def test_yaml_like_text_never_raises(text: str, kind: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"), kind)


@FUZZ
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"), "initiative")
