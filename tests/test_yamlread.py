"""The fast reader: every YAML problem is a located diagnostic, never an exception."""

from __future__ import annotations

import pytest

from planctl.yamlread import MAX_DEPTH, parse_yaml


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in parse_yaml(text, "f.yaml").diagnostics]


def test_positions_of_keys_and_values_are_one_based() -> None:
    parsed = parse_yaml("# head\nid: INI-001\ngoals:\n  - FO1.1\n  - FO2.2\n", "f.yaml")
    assert parsed.diagnostics == []
    assert parsed.data == {"id": "INI-001", "goals": ["FO1.1", "FO2.2"]}
    assert (parsed.spans[("id",)].line, parsed.spans[("id",)].col) == (2, 5)
    assert (parsed.key_spans[("goals",)].line, parsed.key_spans[("goals",)].col) == (3, 1)
    assert (parsed.spans[("goals", 1)].line, parsed.spans[("goals", 1)].col) == (5, 5)


def test_syntax_error_is_located() -> None:
    assert codes("id: x\ntitle: [a, b\n") [0][0] == "Y001"
    diag = parse_yaml("id: x\ntitle: [a, b\n", "f.yaml").diagnostics[0]
    assert diag.line == 3 and "YAML" in diag.message


def test_duplicate_key_points_at_the_second() -> None:
    [diag] = parse_yaml("id: x\ntitle: a\nother: 1\ntitle: b\n", "f.yaml").diagnostics
    assert (diag.code, diag.line, diag.col) == ("Y002", 4, 1)
    assert diag.hint == "'title' is first defined on line 2"


@pytest.mark.parametrize("text,line,col", [("id: x\n\ttitle: y\n", 2, 1), ("id: x\nlist:\n  \t- a\n", 3, 3)])
def test_tab_in_indentation(text: str, line: int, col: int) -> None:
    assert codes(text) == [("Y003", line, col)]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(text: str) -> None:
    assert codes(text) == [("Y004", 1, 1)]


@pytest.mark.parametrize(
    "text,what", [("- a\n- b\n", "a list"), ("just text\n", "a single value"), ("42\n", "a single value")]
)
def test_list_or_scalar_where_a_mapping_belongs(text: str, what: str) -> None:
    [diag] = parse_yaml(text, "f.yaml").diagnostics
    assert diag.code == "Y005" and what in diag.message


def test_dates_stay_as_written_for_the_schema_to_judge() -> None:
    parsed = parse_yaml("start: 2019-03-18\nbad: 2019-13-45\nquoted: '2019-03-18'\n", "f.yaml")
    assert parsed.data == {"start": "2019-03-18", "bad": "2019-13-45", "quoted": "2019-03-18"}


def test_yaml_12_scalars() -> None:
    parsed = parse_yaml("a: 1:1\nb: yes\nc: true\nd: 12\ne: 1.5\nf: ~\ng: 0x1F\n", "f.yaml")
    assert parsed.data == {"a": "1:1", "b": "yes", "c": True, "d": 12, "e": 1.5, "f": None, "g": 31}


def test_unknown_tags_are_refused() -> None:
    [diag] = parse_yaml("id: x\ntitle: !!python/object:os.system echo\n", "f.yaml").diagnostics
    assert (diag.code, diag.line) == ("Y006", 2)
    assert "!!python/object:os.system" in diag.message


def test_aliases_and_merge_keys_are_refused() -> None:
    assert [c for c, *_ in codes("a: &x [1, 2]\nb: *x\n")] == ["Y007"]
    assert next(c for c, *_ in codes("base: &b {x: 1}\nthing:\n  <<: *b\n")) in ("Y007", "Y008")
    assert [c for c, *_ in codes("<<: {x: 1}\n")] == ["Y008"]


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    diags = parse_yaml("\n".join(lines) + "\n", "f.yaml").diagnostics
    assert diags and all(d.code == "Y007" for d in diags)


def test_several_documents() -> None:
    assert codes("id: a\n---\nid: b\n") == [("Y009", 2, 1)]


def test_deep_nesting_is_refused_without_recursion() -> None:
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert [c for c, *_ in codes(deep)] == ["Y011"]
    nested = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v\n"
    assert "Y011" in [c for c, *_ in codes(nested)]


def test_complex_key() -> None:
    assert [c for c, *_ in codes("? [a, b]\n: 1\n")] == ["Y010"]


def test_the_pure_python_fallback_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ruamel.yaml.clib planctl falls back to the pure-Python composer: same data,
    same diagnostics (codes and lines) on the bundled plan and the hostile corpus."""
    from pathlib import Path

    from planctl import yamlread

    root = Path(__file__).parent
    files = sorted((root.parent / "plan").rglob("*.yaml")) + sorted((root / "data" / "hostile").rglob("*.yaml"))
    named = []
    for path in files:
        try:
            named.append((path.name, path.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            continue  # never reaches the parser
    texts = [text for _, text in named]

    def outcome(text: str) -> tuple[object, list[tuple[str, int]]]:
        parsed = parse_yaml(text, "f.yaml")
        return parsed.data, [(d.code, d.line) for d in parsed.diagnostics]

    fast = [outcome(t) for t in texts]
    monkeypatch.setattr(yamlread, "_compose", yamlread.compose_pure)
    pure = [outcome(t) for t in texts]
    same = sum(1 for a, b in zip(fast, pure, strict=True) if a == b)
    assert same == len(texts) > 60, [(n, a, b) for (n, _), a, b in zip(named, fast, pure, strict=True) if a != b][:3]


def test_short_strings_are_shared_between_files() -> None:
    """One object per id, status or date: the parse cache then stores it once."""
    from planctl.yamlread import SHARED_MAX, parse_yaml

    long = "x" * (SHARED_MAX + 1)
    a = parse_yaml(f"id: INI-001\nstatus: ongoing\nstart: 2020-01-01\ncomment: {long}\n", "a").data
    b = parse_yaml(f"status: ongoing\nstart: 2020-01-01\nid: INI-002\ncomment: {long}\n", "b").data
    assert a["status"] is b["status"] and a["start"] is b["start"]
    assert next(iter(b)) is next(iter(a.keys() - {"id"} - {"start"} - {"comment"}))  # the key too
    assert a["comment"] == b["comment"] and a["comment"] is not b["comment"]


def test_parsing_leaves_nothing_for_the_cyclic_collector() -> None:
    """A load pauses the collector (`planctl.gcpause`): whatever a parse leaves in reference
    cycles (a ruamel loader refers to itself, and holds libyaml's buffers) stays until the
    load ends, 14 KB a file, 700 MB in a parsing process of a 100,000-file cold check."""
    import gc

    from planctl.edit.source import locate

    text = "id: INI-001\ntitle: Titel\ngoals:\n  - FO1.1\n"
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            parse_yaml(text, "plan/initiatives/INI-001.yaml")
            locate(text)
        assert gc.collect() == 0
    finally:
        gc.enable()


def _corpus() -> list[tuple[str, str]]:
    """Every plan file of the bundled plan and of the hostile corpus, as text."""
    from pathlib import Path

    top = Path(__file__).resolve().parent.parent
    files = sorted((top / "plan").rglob("*.yaml")) + sorted((top / "tests/data/hostile").rglob("*.yaml"))
    out = []
    for path in files:
        try:
            out.append((str(path.relative_to(top)), path.read_bytes().decode("utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    return out


def _described(parsed: object) -> list[tuple[object, ...]]:
    return [(d.code, d.line, d.col, d.end_line, d.end_col, str(d.message), str(d.hint))
            for d in parsed.diagnostics]  # type: ignore[attr-defined]


def test_without_positions_the_data_and_diagnostics_are_the_same() -> None:
    """`positions=False` (diff of git blobs) skips only the spans: the same data, the same problems."""
    corpus = _corpus()
    assert len(corpus) > 60
    for path, text in corpus:
        full, bare = parse_yaml(text, path), parse_yaml(text, path, positions=False)
        assert repr(bare.data) == repr(full.data), path
        assert _described(bare) == _described(full), path
        assert not bare.spans and not bare.key_spans
        if isinstance(full.data, dict) and full.data:
            assert full.spans and full.key_spans


def test_remembered_tag_resolution_gives_ruamels_tags() -> None:
    """The composer remembers each short plain scalar's tag; every node's tag must be the one
    ruamel's own resolver gives (strings, numbers, dates, booleans, nulls, in any order)."""
    from ruamel.yaml.cyaml import CSafeLoader

    from planctl import yamlread

    if not yamlread.HAVE_C:
        pytest.skip("ruamel.yaml.clib is not installed")

    def tags(node: object, loader_tags: list[str], seen: set[int] | None = None) -> list[str]:
        seen = set() if seen is None else seen
        if id(node) in seen:  # an alias (the hostile corpus has alias bombs): each node once
            return loader_tags
        seen.add(id(node))
        loader_tags.append(str(node.tag))  # type: ignore[attr-defined]
        value = node.value  # type: ignore[attr-defined]
        if isinstance(value, list):
            for item in value:
                for part in item if isinstance(item, tuple) else (item,):
                    tags(part, loader_tags, seen)
        return loader_tags

    text = ("a: 1\nb: '1'\nc: 2019-03-18\nd: yes\ne: null\nf: ~\ng: 1.5\nh: .inf\ni: 0x1F\nj: FO1.2\n"
            "k: [1, '1', 2019-03-18, true, x]\nl: 2019-03-18T10:00:00\nm: \"null\"\n")
    for _ in range(2):  # the second round answers from what the first remembered
        mine = yamlread.compose_c(text)
        plain = CSafeLoader(text)
        try:
            theirs = plain.get_single_node()
            assert tags(mine, []) == tags(theirs, [])
        finally:
            yamlread.release(plain)
    for path, text in _corpus():
        if yamlread.too_deep(text) is not None or "\t" in text:
            continue
        try:
            theirs_loader = CSafeLoader(text)
            theirs = theirs_loader.get_single_node()
            yamlread.release(theirs_loader)
        except Exception:  # noqa: BLE001 - a broken file: nothing to compare
            continue
        if theirs is not None:
            assert tags(yamlread.compose_c(text), []) == tags(theirs, []), path
