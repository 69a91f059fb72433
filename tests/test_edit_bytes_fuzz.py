"""Byte for byte, over randomly formatted plan files (issue 11).

Hypothesis writes initiative files the way people do: plain, single- and
double-quoted texts, folded and literal blocks (folded at any width, indented
by one to four spaces), lines of 200 characters, comment lines and
end-of-line comments with any gap, blank lines, flow and block lists at any
indentation, tabs before comments, `---` and `...`, CRLF line endings, a
byte-order mark, no final line break. On such files, through the CLI:

* `set F=V` then `set F=old` gives back the original bytes, whenever V can be
  written in F's style (a style that cannot hold V changes for good, see
  tests/test_fuzz_edit.py) and F is not a text folded by hand (a new text is
  folded at planctl's width);
* `set F=V` changes no line but those of F's value;
* `mv A B` then `mv B A` gives back every file's bytes, and `mv A B` changes
  no line but those holding the reference, each only where the id stands;
* any text, control characters and line breaks included, in place of a value
  of any style reads back exactly and moves no other line;
* `milestone add` then `milestone rm`, and `milestone done` then `--undo`,
  and `set L+=x` then `set L-=x` on a list (or a list the edit creates),
  give back the original bytes.

`PLANCTL_FUZZ_EXAMPLES` scales the example counts (like tests/test_fuzz_edit.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SMALL_PLAN, invoke, write_plan
from planctl.edit.values import _folded, double_quoted, reads_back
from planctl.model import HORIZONS, STATUSES
from planctl.yamlread import parse_yaml

EXAMPLES = int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=max(10, EXAMPLES // 2), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ("digital kompetens skolväsendet huvudmän lärresurser stöd för alla elever och lärare i förskolan "
         "år 2019 åtgärd: #1 'citat' \"dubbel\" 50% [lista] {a} - yes x").split()
WORD = st.sampled_from(WORDS)


def words(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(WORD, min_size=min_size, max_size=max_size).map(" ".join).filter(lambda t: t.strip() == t)


@dataclass
class Field:
    """One field as written, and whether `set` can give back its bytes (`style` None: it cannot)."""

    name: str
    value: str
    style: str | None


@dataclass
class Written:
    lines: list[str] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    done: list[bool | None] = field(default_factory=list)  # each milestone's `done:` (None: no such key)


def _gap(draw: st.DrawFn) -> str:
    return draw(st.sampled_from([" ", "  ", "   ", "\t"]))


def _eol_comment(draw: st.DrawFn) -> str:
    return _gap(draw) + "# " + draw(words(1, 4)) if draw(st.booleans()) else ""


def _quoted(draw: st.DrawFn, text: str, plain_ok: bool) -> tuple[str, str]:
    choices = (["plain"] if plain_ok else []) + ["single", "double"]
    how = draw(st.sampled_from(choices))
    if how == "plain":
        return text, ""
    if how == "single":
        return "'" + text.replace("'", "''") + "'", "'"
    return double_quoted(text), '"'


def _text_field(draw: st.DrawFn, out: Written, name: str, text: str, *, blocks: bool) -> None:
    """`name: text` in a random style; folded and literal blocks when `blocks`."""
    kinds = ["quoted"] + (["folded", "hand-folded", "literal"] if blocks else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "quoted":
        inline, style = _quoted(draw, text, reads_back(text))
        out.lines.append(f"{name}: {inline}{_eol_comment(draw)}")
        out.fields[name] = Field(name, text, style)
        return
    indent = draw(st.integers(1, 4))
    if kind == "literal":
        parts = text.split(" ")
        cut = draw(st.integers(1, max(1, len(parts) - 1)))
        value = " ".join(parts[:cut]) + "\n" + " ".join(parts[cut:])
        body = [" " * indent + line for line in value.split("\n")]
        out.lines += [f"{name}: |-{_eol_comment(draw)}", *body]
        out.fields[name] = Field(name, value, "|" if value == value.strip() and "  " not in value else None)
        return
    if kind == "folded":
        header, body = _folded(text, indent)  # type: ignore[misc]
        out.lines += [f"{name}: {header}{_eol_comment(draw)}", *body]
        out.fields[name] = Field(name, text, ">")
        return
    parts, body, line = text.split(" "), [], ""
    for part in parts:  # break at random single spaces, never before a word that starts with a space
        if line and draw(st.integers(0, 3)) == 0:
            body.append(" " * indent + line)
            line = part
        else:
            line = f"{line} {part}" if line else part
    body.append(" " * indent + line)
    out.lines += [f"{name}: >-{_eol_comment(draw)}", *body]
    canonical = body == _folded(text, indent)[1]  # type: ignore[index]  # the same breaks as planctl's
    out.fields[name] = Field(name, text, ">" if canonical else None)


def _list_field(draw: st.DrawFn, out: Written, name: str, items: list[str]) -> None:
    written = [_quoted(draw, item, True)[0] for item in items]
    if draw(st.booleans()):
        separator = draw(st.sampled_from([", ", ",", ",  ", ",\t"]))
        out.lines.append(f"{name}: [{separator.join(written)}]{_eol_comment(draw)}")
    else:
        offset = draw(st.integers(0, 4))
        out.lines.append(f"{name}:{_eol_comment(draw)}")
        for item in written:
            if draw(st.integers(0, 4)) == 0:
                out.lines.append(" " * offset + "# " + draw(words(1, 3)))
            out.lines.append(" " * offset + "-" + draw(st.sampled_from([" ", "  "])) + item + _eol_comment(draw))
    out.fields[name] = Field(name, ",".join(items), None)


def _milestones(draw: st.DrawFn, out: Written) -> None:
    """A block list of mappings at any indentation, with comments, or one flow list."""
    items = []
    for _ in range(draw(st.integers(1, 3))):
        title = _quoted(draw, draw(words(1, 5)), False)[0]
        due = draw(st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2025, 12, 31))))
        done = draw(st.sampled_from([None, True, False]))
        out.done.append(done)
        items.append([f"title: {title}"] + ([f"due: {due.isoformat()}"] if due else [])
                     + ([f"done: {str(done).lower()}"] if done is not None else []))
    if draw(st.integers(0, 3)) == 0:
        out.lines.append("milestones: [" + ", ".join("{" + ", ".join(item) + "}" for item in items) + "]")
        return
    out.lines.append(f"milestones:{_eol_comment(draw)}")
    offset, gap = draw(st.integers(0, 4)), draw(st.integers(1, 3))
    for item in items:
        if draw(st.integers(0, 3)) == 0:
            out.lines.append(" " * offset + "# " + draw(words(1, 4)))
        out.lines.append(" " * offset + "-" + " " * gap + item[0] + _eol_comment(draw))
        out.lines += [" " * (offset + 1 + gap) + entry + _eol_comment(draw) for entry in item[1:]]


def _between(draw: st.DrawFn, out: Written) -> None:
    for _ in range(draw(st.integers(0, 2))):
        out.lines.append(draw(st.sampled_from(["", "# " + draw(words(1, 5))])))


@st.composite
def initiative(draw: st.DrawFn, ident: str, goals: list[str], owner: str, participants: list[str]) -> Written:
    out = Written()
    for _ in range(draw(st.integers(0, 2))):
        out.lines.append("# " + draw(words(1, 6)))
    if draw(st.booleans()):
        out.lines.append("---")
    out.lines.append(f"id: {_quoted(draw, ident, True)[0]}")
    _text_field(draw, out, "title", draw(words(2, 8).filter(lambda t: not t[0].isdigit())), blocks=False)
    _between(draw, out)
    if draw(st.booleans()):
        long = draw(st.booleans())
        _text_field(draw, out, "description", draw(words(28, 40) if long else words(3, 12)), blocks=True)
        _between(draw, out)
    _list_field(draw, out, "goals", goals)
    _between(draw, out)
    inline, _style = _quoted(draw, owner, True)
    out.lines.append(f"owner: {inline}{_eol_comment(draw)}")
    if participants:
        _list_field(draw, out, "participants", participants)
    _between(draw, out)
    out.lines.append(f"status: {draw(st.sampled_from(STATUSES))}{_eol_comment(draw)}")
    out.fields["status"] = Field("status", out.lines[-1].split()[1], "")
    if draw(st.booleans()):
        out.lines.append(f"horizon: {draw(st.sampled_from(HORIZONS))}{_eol_comment(draw)}")
        out.fields["horizon"] = Field("horizon", out.lines[-1].split()[1], "")
    if draw(st.booleans()):
        _milestones(draw, out)
    if draw(st.booleans()):
        _between(draw, out)
        _text_field(draw, out, "comment", draw(words(1, 30)), blocks=True)
    if draw(st.booleans()):
        out.lines.append("...")
    return out


@st.composite
def encoded(draw: st.DrawFn, written: Written) -> bytes:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(written.lines) + (newline if draw(st.integers(0, 5)) else "")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


GOALS = ["FO1.1", "FO1.2", "FO2.1"]
OWNERS = ["skr", "skolverket", "regeringen"]


@st.composite
def references(draw: st.DrawFn) -> tuple[list[str], str, list[str]]:
    """Goals, an owner and participants that exist in SMALL_PLAN (distinct, the owner not a participant)."""
    goals = draw(st.lists(st.sampled_from(GOALS), min_size=1, max_size=3, unique=True))
    owner = draw(st.sampled_from(OWNERS))
    participants = draw(st.lists(st.sampled_from([o for o in OWNERS if o != owner]), max_size=2, unique=True))
    return goals, owner, participants


@st.composite
def initiative_file(draw: st.DrawFn, ident: str) -> tuple[Written, bytes]:
    written = draw(initiative(ident, *draw(references())))
    return written, draw(encoded(written))


@contextmanager
def repo(files: dict[str, bytes]) -> Iterator[Path]:
    """A new plan repository for one example (the parse cache never sees two versions of a file)."""
    folder = Path(tempfile.mkdtemp(prefix="planctl-bytes-"))
    try:
        yield write_plan(folder / "repo", {**SMALL_PLAN, **files})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def text_of(raw: bytes) -> str:
    return raw.decode("utf-8").removeprefix("\ufeff")


def lines_of(text: str) -> list[str]:
    """Lines as the parser counts them, without their line breaks."""
    return re.split(r"\r\n|\n|\r", text)


def value_lines(text: str, name: str) -> tuple[int, int]:
    """The 0-based first and last line of `name`'s key and value."""
    parsed = parse_yaml(text, "x")
    first = parsed.key_spans[(name,)].line - 1
    span = parsed.spans[(name,)]
    last = span.end_line - 1 - (1 if span.end_col == 1 and span.end_line - 1 > first else 0)
    while last > first and not lines_of(text)[last].strip():  # a block text's trailing blank lines
        last -= 1
    return first, last


def assert_only_the_value_changed(before: bytes, after: bytes, name: str) -> None:
    """Every line but those of `name`'s key and value is as it was (a new field: only its lines are new)."""
    old, new = text_of(before), text_of(after)
    assert before.startswith(b"\xef\xbb\xbf") == after.startswith(b"\xef\xbb\xbf")
    old_lines, new_lines = lines_of(old), lines_of(new)
    new_first, new_last = value_lines(new, name)
    if (name,) not in parse_yaml(old, "x").key_spans:
        assert new_lines[:new_first] + new_lines[new_last + 1:] == old_lines
        return
    old_first, old_last = value_lines(old, name)
    assert new_first == old_first
    assert new_lines[:new_first] == old_lines[:old_first]
    assert new_lines[new_last + 1:] == old_lines[old_last + 1:]


def assert_only_references_changed(before: bytes, after: bytes, old_id: str, new_id: str) -> None:
    """Same lines, except that some hold `new_id` where they held `old_id`."""
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    assert len(old_lines) == len(new_lines)
    a, b = old_id.encode(), new_id.encode()
    for old, new in zip(old_lines, new_lines, strict=True):
        if old != new:
            at = [i for i in range(len(old)) if old.startswith(a, i)]
            assert any(old[:i] + b + old[i + len(a):] == new for i in at), (old, new)


def new_text(draw: st.DrawFn, field: Field) -> str:
    """A value other than the field's own that its style can hold."""
    if field.name == "status":
        return draw(st.sampled_from([s for s in STATUSES if s != field.value]))
    if field.name == "horizon":
        return draw(st.sampled_from([h for h in HORIZONS if h != field.value]))
    if field.style == "|":
        return draw(st.tuples(words(1, 6), words(1, 6)).map("\n".join))
    text = words(1, 30 if field.name != "title" else 8)
    if field.style == "":
        text = text.filter(reads_back)
    if field.name == "title":
        text = text.filter(lambda t: not t[0].isdigit())
    return draw(text.filter(lambda t: t != field.value))


@FUZZ
@given(data=st.data())
def test_set_then_set_back_gives_the_original_bytes(data: st.DataObject) -> None:
    written, raw = data.draw(initiative_file("INI-003"))
    target = data.draw(st.sampled_from([f for f in written.fields.values() if f.style is not None]))
    value = new_text(data.draw, target)
    with repo({"plan/initiatives/INI-003.yaml": raw}) as root:
        path = root / "plan/initiatives/INI-003.yaml"
        result = invoke("set", "INI-003", f"{target.name}={value}", cwd=root)
        assert result.exit_code == 0, result.stderr + result.stdout
        changed = path.read_bytes()
        assert parse_yaml(text_of(changed), "x").data[target.name] == value
        assert_only_the_value_changed(raw, changed, target.name)
        back = invoke("set", "INI-003", f"{target.name}={target.value}", cwd=root)
        assert back.exit_code == 0, back.stderr + back.stdout
        assert path.read_bytes() == raw


ANY_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=60),
    st.lists(st.sampled_from([*WORDS, "\n", "  ", "\t", "\r\n", "\u2028", "\x85", "\x07", "\ufeff", "\\", "'"]),
             min_size=1, max_size=30).map(" ".join),
).filter(str.strip)


@FUZZ
@given(data=st.data(), name=st.sampled_from(["title", "description", "comment"]), value=ANY_TEXT)
def test_any_text_in_any_old_style_reads_back_and_changes_only_its_lines(data: st.DataObject, name: str,
                                                                       value: str) -> None:
    """Control characters, line breaks of every kind, spaces at either end, in place of a value
    of any style (or as a new field): it reads back exactly, and no other line moves."""
    _, raw = data.draw(initiative_file("INI-003"))
    with repo({"plan/initiatives/INI-003.yaml": raw}) as root:
        path = root / "plan/initiatives/INI-003.yaml"
        result = invoke("set", "INI-003", f"{name}={value}", cwd=root)
        assert result.exit_code in (0, 1), result.stderr  # 1: the checks refused it (e.g. S007)
        if result.exit_code == 1:
            assert path.read_bytes() == raw
            return
        after = path.read_bytes()
        assert parse_yaml(text_of(after), "x").data[name] == value
        assert_only_the_value_changed(raw, after, name)


RENAMES = [("plan/goals", "FO1.1", "FO1.7"), ("plan/owners", "skr", "skr-ny"), ("plan/goals", "FO1", "FO9"),
           ("plan/owners", "regeringen", "riksdagen")]


@FUZZ
@given(data=st.data(), rename=st.sampled_from(RENAMES))
def test_mv_then_mv_back_gives_every_file_back(data: st.DataObject, rename: tuple[str, str, str]) -> None:
    folder, old, new = rename
    files = {f"plan/initiatives/INI-00{n}.yaml": data.draw(initiative_file(f"INI-00{n}"))[1] for n in (3, 4)}
    with repo(files) as root:
        before = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("plan/*/*.yaml")}
        result = invoke("mv", old, new, cwd=root)
        assert result.exit_code == 0, result.stderr + result.stdout
        after = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("plan/*/*.yaml")}
        moved = {f"{folder}/{old}.yaml": f"{folder}/{new}.yaml"}
        assert sorted(moved.get(rel, rel) for rel in before) == sorted(after)
        for rel, raw in before.items():
            assert_only_references_changed(raw, after[moved.get(rel, rel)], old, new)
        back = invoke("mv", new, old, cwd=root)
        assert back.exit_code == 0, back.stderr + back.stdout
        assert {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("plan/*/*.yaml")} == before


@FUZZ
@given(data=st.data())
def test_milestone_add_then_rm_and_done_then_undo_give_the_original_bytes(data: st.DataObject) -> None:
    written, raw = data.draw(initiative_file("INI-003"))
    with repo({"plan/initiatives/INI-003.yaml": raw}) as root:
        path = root / "plan/initiatives/INI-003.yaml"
        added = invoke("milestone", "add", "INI-003", "Ny etapp: 2", "--due", "2024-01-31", cwd=root)
        assert added.exit_code == 0, added.stderr + added.stdout
        items = parse_yaml(text_of(path.read_bytes()), "x").data["milestones"]
        assert items[-1] == {"title": "Ny etapp: 2", "due": "2024-01-31"} and len(items) == len(written.done) + 1
        removed = invoke("milestone", "rm", "INI-003", str(len(items)), cwd=root)
        assert removed.exit_code == 0, removed.stderr + removed.stdout
        assert path.read_bytes() == raw
        open_ones = [i for i, done in enumerate(written.done) if done is None]
        if open_ones:
            number = str(data.draw(st.sampled_from(open_ones)) + 1)
            assert invoke("milestone", "done", "INI-003", number, cwd=root).exit_code == 0
            assert parse_yaml(text_of(path.read_bytes()), "x").data["milestones"][int(number) - 1]["done"] is True
            assert invoke("milestone", "done", "INI-003", number, "--undo", cwd=root).exit_code == 0
            assert path.read_bytes() == raw


@FUZZ
@given(data=st.data(), name=st.sampled_from(["goals", "participants", "tags"]))
def test_adding_a_list_item_then_removing_it_gives_the_original_bytes(data: st.DataObject, name: str) -> None:
    """In a flow or block list at any indentation, or a list the edit creates (in the file's style)."""
    _written, raw = data.draw(initiative_file("INI-003"))
    present = parse_yaml(text_of(raw), "x").data.get(name) or []
    candidates = {"goals": GOALS, "participants": OWNERS, "tags": ["ny-tagg", "yes", "a,b"]}[name]
    item = data.draw(st.sampled_from([c for c in candidates if c not in present] or ["x"]))
    if item == "x" and name != "tags":
        return  # every goal or owner is there already
    with repo({"plan/initiatives/INI-003.yaml": raw}) as root:
        path = root / "plan/initiatives/INI-003.yaml"
        result = invoke("set", "INI-003", f"{name}+={item}", cwd=root)
        assert result.exit_code in (0, 1), result.stderr
        if result.exit_code == 1:  # e.g. the owner as a participant of its own initiative, if a rule says so
            assert path.read_bytes() == raw
            return
        after = path.read_bytes()
        assert parse_yaml(text_of(after), "x").data[name] == [*present, item]
        assert invoke("set", "INI-003", f"{name}-={item}", cwd=root).exit_code == 0
        assert path.read_bytes() == raw
