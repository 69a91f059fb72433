"""What an id may look like: every reason an argument is refused is named."""

from __future__ import annotations

import pytest

from planctl.idsyntax import unsafe


@pytest.mark.parametrize("text", ["FO1", "FO1.2", "INI-001", "INI-1234", "skolverket", "sveriges-kommuner"])
def test_valid_ids(text: str) -> None:
    assert unsafe(text) is None


@pytest.mark.parametrize("text", ["INI-001\n", "FO1\n", "FO1.2\n", "skr\n", "INI-\u0660\u0661\u0662", "FO1.1.1", "Skr"])
def test_the_specs_id_patterns_match_whole_and_ascii(text: str) -> None:
    """spec's patterns are used with re.match: `(?!\\n)$` keeps a final newline out."""
    from planctl import spec

    assert not any(kind.id_regex.match(text) for kind in (spec.GOAL, spec.INITIATIVE, spec.OWNER))


@pytest.mark.parametrize(("text", "reason"), [
    ("", "cannot be empty"),
    ("INI-001\n", "line break (U+000A)"),
    ("INI-001\r", "line break (U+000D)"),
    ("skr\u2028", "line break (U+2028 LINE SEPARATOR)"),
    ("sk\x00r", "NUL"),
    ("sk\x1br", "control character U+001B"),
    ("INI-\u202e001", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("skr\u200b", "U+200B ZERO WIDTH SPACE"),
    ("s kr", "white space (U+0020 SPACE)"),
    ("skr\u00a0", "white space (U+00A0 NO-BREAK SPACE)"),
    ("../skr", "'/'"),
    ("plan\\skr", "'\\'"),
    (".skr", "start with '.'"),
    ("..", "start with '.'"),
    ("INI-0\u04101", "character 6 is U+0410 CYRILLIC CAPITAL LETTER A"),
    ("sko\u0308la", "combining mark U+0308 COMBINING DIAERESIS (a decomposed, NFD, letter)"),
    ("sk\u00f6la", "character 3 is U+00F6 LATIN SMALL LETTER O WITH DIAERESIS"),
    ("INI-\u0660\u0661\u0662", "U+0660 ARABIC-INDIC DIGIT ZERO"),
    ("s" * 65, "at most 64 characters"),
])
def test_what_no_file_can_hold(text: str, reason: str) -> None:
    assert reason in (unsafe(text) or "")


@pytest.mark.parametrize("text", ["Skolverket", "INI-1", "FO0", "FO1.0", "a--b", "INI_001"])
def test_plain_ascii_off_pattern_is_left_to_the_schema(text: str) -> None:
    """An existing id that breaks its pattern must stay reachable, so mv can fix it."""
    assert unsafe(text) is None
