"""The cheap locator agrees with the parser wherever it answers, and defers where it cannot."""

from __future__ import annotations

import pytest

from conftest import REPO
from planctl.checks.locate import locate
from planctl.model import Document
from planctl.yamlread import find_positions, parse_yaml

TRICKY = [
    "id: INI-001\ntitle: 'It''s quoted'  # kommentar\nowner: skr\n",
    'id: INI-001\ntitle: "Escaped \\" quote"\nstatus:   ongoing   # spaces\n',
    "id: INI-001\ntitle: Plain\n  continued on the next line\nowner: skr\n",
    "id: INI-001\ndescription: >-\n  Folded\n  text\ngoals: [FO1.1, FO2.1]\n",
    "id: INI-001\ngoals:\n  - FO1.1\nend: 2023-12-31\ntags: {a: 1}\n",
    "id: INI-001\ntitle: 'multi\n  line'\nemail: a@b.se\n",
    "# kommentar\nid: INI-001\ntitle: Stöd för å ä ö\ncomment:\nurl: x:y\n",
    "id: INI-001\ntitle: a # not a comment start#x\nlinks: &a [x]\n",
]


def _files() -> list[str]:
    bundled = [p.read_text(encoding="utf-8") for p in sorted((REPO / "plan").rglob("*.yaml"))]
    return bundled + TRICKY


@pytest.mark.parametrize("text", _files())
def test_agrees_with_the_parser(text: str) -> None:
    parsed = parse_yaml(text, "x.yaml")
    full = Document("x.yaml", "initiative", text, parsed.data, parsed.spans, parsed.key_spans)
    for key in parsed.data:
        lazy = Document("x.yaml", "initiative", text, parsed.data, locate=find_positions)  # positions found on demand
        assert locate(lazy, (key,)) == full.span((key,)), key
        assert locate(lazy, (key,), key=True) == full.key_span((key,)), key


def test_answers_simple_lines_without_parsing() -> None:
    text = "id: INI-001\ntitle: Stöd\nend: 2023-12-31  # slut\n"
    lazy = Document("x.yaml", "initiative", text, {"id": "INI-001", "title": "Stöd", "end": "2023-12-31"},
                    locate=find_positions)
    span = locate(lazy, ("end",))
    assert (span.line, span.col, span.end_line, span.end_col) == (3, 6, 3, 16)
    assert getattr(lazy, "_spans", None) is None  # no re-parse happened
