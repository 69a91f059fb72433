"""`planctl.tomlkeys`: the line and column of every key of a TOML text (tomllib keeps none)."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import given, settings, strategies as st

from planctl.tomlkeys import KeyPositions

TEXT = '''\
#:schema ./schema/planctl-toml.schema.json
[plan]
name = "a # not a comment, [not] a header"   # a comment
'language' = 'en'
"format" = 1

[lint]
select = [
  "T001",  # one
  'X',
]
severity = { D003 = "error", "T 0" = "info" }
options.T003.max-length = 5
note = """
[edti]
key = 1
"""
lit = \'\'\'
[edti2]\'\'\'

  [ lint . "per-file-ignores" ]
"plan/*.yaml" = ["C003"]

[[arr]]
x = 1
[[arr]]
x = 2
[arr.sub]
y = 3
'''


def _at(text: str, *path: Any) -> tuple[int, int, int, int] | None:
    place = KeyPositions(text).find(tuple(path))
    return None if place is None else (place.line, place.col, place.value_line, place.value_col)


def test_headers_keys_and_values() -> None:
    assert _at(TEXT, "plan") == (2, 2, 2, 2)
    assert _at(TEXT, "plan", "name") == (3, 1, 3, 8)
    assert _at(TEXT, "plan", "language") == (4, 1, 4, 14)
    assert _at(TEXT, "plan", "format") == (5, 1, 5, 12)
    assert _at(TEXT, "lint") == (7, 2, 7, 2)  # the first header, not [lint.per-file-ignores]
    assert _at(TEXT, "lint", "select") == (8, 1, 8, 10)


def test_array_items_inline_tables_and_dotted_keys() -> None:
    assert _at(TEXT, "lint", "select", 0) == (9, 3, 9, 3)
    assert _at(TEXT, "lint", "select", 1) == (10, 3, 10, 3)
    assert _at(TEXT, "lint", "severity", "D003") == (12, 14, 12, 21)
    assert _at(TEXT, "lint", "severity", "T 0") == (12, 30, 12, 38)
    assert _at(TEXT, "lint", "options") == (13, 1, 13, 1)
    assert _at(TEXT, "lint", "options", "T003") == (13, 9, 13, 9)
    assert _at(TEXT, "lint", "options", "T003", "max-length") == (13, 14, 13, 27)


def test_strings_hide_what_looks_like_toml() -> None:
    found = KeyPositions(TEXT)
    assert found.find(("edti",)) is None and found.find(("edti2",)) is None
    assert _at(TEXT, "lint", "per-file-ignores") == (21, 12, 21, 12)
    assert _at(TEXT, "lint", "per-file-ignores", "plan/*.yaml") == (22, 1, 22, 17)


def test_arrays_of_tables_are_indexed() -> None:
    assert _at(TEXT, "arr", 0, "x") == (25, 1, 25, 5)
    assert _at(TEXT, "arr", 1, "x") == (27, 1, 27, 5)
    assert _at(TEXT, "arr", 1, "sub", "y") == (29, 1, 29, 5)


def test_an_unknown_path_falls_back_to_its_nearest_parent() -> None:
    assert _at(TEXT, "plan", "nothing", 3) == (2, 2, 2, 2)
    assert _at(TEXT, "nowhere") is None


def test_columns_count_characters_and_crlf_lines() -> None:
    text = '[plan]\r\nname = "Överst ä"\r\nlanguage = "sv"\r\n'
    assert _at(text, "plan", "language") == (3, 1, 3, 12)
    assert _at('[plan]\nname = "ä" ; x = 1\n', "plan", "name") == (2, 1, 2, 8)


_KEY = st.one_of(st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True),
                 st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=5))
_SCALAR = st.one_of(st.integers(-5, 5), st.booleans(),
                    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6))


def _toml_key(key: str) -> str:
    import json

    if key.replace("-", "").replace("_", "").isalnum() and key.isascii():
        return key
    return json.dumps(key, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, list):
        return "[\n  " + ",\n  ".join(_toml_value(v) for v in value) + ",\n]"
    return str(value)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEY, st.dictionaries(_KEY, st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3)),
                                              max_size=4), max_size=4))
def test_every_key_of_a_generated_document_is_found_where_it_is_written(tables: dict[str, Any]) -> None:
    lines: list[str] = []
    where: dict[tuple[Any, ...], tuple[int, int]] = {}
    for table, keys in tables.items():
        lines.append(f"[{_toml_key(table)}]  # t")
        where[(table,)] = (len(lines), 2)
        for key, value in keys.items():
            written = _toml_key(key)
            lines.append(f"{written} = {_toml_value(value)}")
            where[(table, key)] = (len(lines), 1)
            lines[-1:] = lines[-1].split("\n")
    text = "\n".join(lines) + "\n"
    assert tomllib.loads(text) == tables
    found = KeyPositions(text)
    for path, (line, col) in where.items():
        place = found.find(path)
        assert place is not None and (place.line, place.col) == (line, col), (path, text)
