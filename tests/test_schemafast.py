"""The fast validator must agree with jsonschema on every document, valid or not."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings, strategies as st

from planctl.model import FIELD_ORDER, KINDS
from planctl.schemafast import Compiler, UnsupportedSchema
from planctl.schemas import fast_check, validator

# Values near the boundaries of our patterns, enums and formats, plus wrong types.
SCALARS = st.one_of(
    st.sampled_from([
        "INI-001", "INI-1", "INI-0001", "FO1", "FO1.2", "FO0", "FO1.0", "skolverket", "Skolverket", "no", "yes",
        "a-b", "a--b", "", "ongoing", "pågående", "short", "agency", "person", "2019-03-18", "2019-13-45",
        "2019-3-18", "20190318", "https://x.se", "x", "FO2.10", "INI-001\n",
        # Every id shape with a final newline, CR, NUL, look-alike and decomposed letters.
        "FO1\n", "FO1.2\n", "skr\n", "INI-001\r", "INI-0\u04101", "sko\u0308la", "skr\x00", "INI-\u0660\u0661\u0662",
        # Events and needs: ids, kinds, and dates and date-times at the edges of the calendar.
        "EV-001", "EV-01", "BEH-001", "BEH-001\n", "consultation", "round-table", "municipal",
        "2026-03-10T13:00", "2026-03-10T13:00:59+01:00", "2026-03-10T12:00Z", "2026-03-10T24:00",
        "2026-03-10 13:00", "2024-02-29", "2023-02-29", "2000-02-29T10:00", "1900-02-29", "2026-04-31",
        "0000-01-01", "2026-03-10T13:00\n",
    ]),
    st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=False), st.text(max_size=5),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["title", "due", "done", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)


VALID = {
    "goal": {"id": "FO1.2", "title": "T", "parent": "FO1"},
    "initiative": {"id": "INI-001", "title": "T", "goals": ["FO1.1"], "owner": "skr", "status": "ongoing",
                   "milestones": [{"title": "m", "due": "2020-01-01", "done": True}]},
    "owner": {"id": "skr", "name": "SKR", "kind": "association"},
    "event": {"id": "EV-001", "title": "T", "kind": "consultation", "start": "2026-03-10T13:00",
              "end": "2026-03-10", "registration_deadline": "2026-03-01T12:00+01:00", "goals": ["FO1"]},
    "need": {"id": "BEH-001", "title": "T", "raised_by": ["skr"], "raised_by_kinds": ["municipal"]},
}


def documents(kind: str):
    """Half start from a valid document and change a few fields; half are free-form."""
    keys = st.sampled_from([*FIELD_ORDER[kind], "unknown", "kind", "parent"])
    changes = st.dictionaries(keys, VALUES, max_size=3)
    return st.one_of(
        changes.map(lambda c: {**VALID[kind], **c}),
        st.dictionaries(keys, VALUES, max_size=8),
    )


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "150")), deadline=None)
@given(data=st.data())
def test_fast_verdict_equals_jsonschema(kind: str, data) -> None:
    doc = data.draw(documents(kind))
    assert fast_check(kind)(doc) == validator(kind).is_valid(doc), doc


@pytest.mark.parametrize("kind", KINDS)
def test_valid_base_documents_are_valid(kind: str) -> None:
    assert fast_check(kind)(VALID[kind]) and validator(kind).is_valid(VALID[kind])


def test_unknown_keywords_are_refused() -> None:
    with pytest.raises(UnsupportedSchema):
        Compiler({"s": {"oneOf": [{}]}}, {}).compile_document("s")
    with pytest.raises(UnsupportedSchema):
        Compiler({"s": {"format": "uri"}}, {}).compile_document("s")


@pytest.mark.parametrize(("kind", "field", "value"), [
    ("initiative", "id", "INI-001\n"), ("goal", "id", "FO1\n"), ("goal", "id", "FO1.2\n"),
    ("owner", "id", "skr\n"), ("initiative", "owner", "skr\n"), ("initiative", "goals", ["FO1.1\n"]),
    ("goal", "parent", "FO1\n"), ("initiative", "id", "INI-\u0660\u0661\u0662"), ("owner", "id", "sk\u00f6la"),
])
def test_a_final_newline_or_non_ascii_id_is_invalid_in_both(kind: str, field: str, value: object) -> None:
    """jsonschema matches `pattern` with re.search, where `$` also matches before a final
    newline: the patterns end in (?!\\n)$, and the fast validator agrees."""
    doc = {**VALID[kind], field: value}
    assert not validator(kind).is_valid(doc)
    assert not fast_check(kind)(doc)
