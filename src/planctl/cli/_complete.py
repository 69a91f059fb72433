"""Shell completion of ids, kinds, field names and values, and milestones.

The shell runs planctl once per Tab press, so each answer must add little to
starting Python and typer: nothing here parses YAML, loads the plan or the parse
cache, or imports more than the standard library, `planctl.spec` and the finding
of the plan's root (`planctl.config`). An entity's id is its file's name (F002
holds the two together), so the ids are one walk of plan/'s file names: on
10,000 files that costs less than reading the parse cache, which holds every
file's data. The one file read is an initiative's, for its milestones.

These are typer `autocompletion=` callbacks, declared on the arguments they
complete. Typer keeps the answers that start with what was typed. They give no
help texts: typer renders those through rich for zsh and fish, which would add
0.3 s to every Tab press. Bash splits `status=on` into `status`, `=`, `on` (`=`
is in its COMP_WORDBREAKS) and completes only the part after `=`; zsh and fish
pass `status=on` whole: `assignment` answers each in its own terms.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from planctl.spec import Field

YAML_SUFFIXES = (".yaml", ".yml")
"""As `loader.YAML_SUFFIXES`, which is not imported: the loader brings the YAML parser."""


COMPLETE_VAR = "_PLANCTL_COMPLETE"
"""The variable typer's completion scripts set (`complete_bash`, `complete_zsh`...)."""


def completed_words() -> list[str] | None:
    """The words a completion request has before the one being completed, read as typer's
    completion class for the shell reads them (None: not a completion request typer knows).

    `planctl.cli.command_module` uses them to register only the command being completed:
    building all 25 commands is a third of a Tab press."""
    from typer._click.shell_completion import get_completion_class
    from typer._completion_classes import completion_init
    from typer.core import TyperCommand

    instruction, _, shell = os.environ.get(COMPLETE_VAR, "").partition("_")
    if instruction != "complete":
        return None
    completion_init()
    cls = get_completion_class(shell)
    if cls is None:
        return None
    try:
        args, _incomplete = cls(TyperCommand("planctl"), {}, "planctl", COMPLETE_VAR).get_completion_args()
    except (KeyError, ValueError):  # a request without its variables (COMP_WORDS, COMP_CWORD)
        return None
    return args


def _root(ctx: typer.Context) -> Path | None:
    """The plan's root as the command would find it: `--root` (before or after the command
    word), else the nearest planctl.toml."""
    from typer._click.core import Context
    from typer._click.exceptions import ClickException

    from planctl.config import find_root
    from planctl.errors import PlanctlError

    node: Context | None = ctx
    while node is not None:  # a global option given after the command word, as the command applies it
        apply = getattr(node.command, "apply_global_options", None)
        try:
            if apply is not None:
                apply(node)
        except (ClickException, PlanctlError):
            return None
        node = node.parent
    given = ctx.find_root().params.get("root")
    try:
        return Path(given) if given else find_root(Path.cwd())
    except (PlanctlError, OSError):
        return None


def plan_ids(root: Path, kinds: tuple[str, ...] | None = None, prefix: str = "") -> list[str]:
    """The ids starting with `prefix` of the plan's entities of `kinds` (default: all), sorted:
    their files' names. Names starting with a dot are skipped, as the loader skips them."""
    from planctl import spec

    found: set[str] = set()
    for kind in kinds or spec.KINDS:
        for _folder, subfolders, files in os.walk(root / "plan" / spec.KIND[kind].folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            found.update(name.rsplit(".", 1)[0] for name in files
                         if name.startswith(prefix) and not name.startswith(".")
                         and name.lower().endswith(YAML_SUFFIXES))
    return sorted(found)


def _ids(ctx: typer.Context, incomplete: str, kinds: tuple[str, ...] | None = None) -> list[str]:
    root = _root(ctx)
    return [] if root is None else plan_ids(root, kinds, incomplete)


def ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Any id: of a goal, an initiative or an owner (show, refs, set, rm, mv)."""
    return _ids(ctx, incomplete)


def initiatives(ctx: typer.Context, incomplete: str) -> list[str]:
    """An initiative's id (milestone)."""
    return _ids(ctx, incomplete, ("initiative",))


def kind_names(incomplete: str) -> list[str]:
    """The kinds as `add` names them: initiative, goal, owner."""
    from planctl import spec

    return [k for k in spec.KIND if k.startswith(incomplete)]


def folders(incomplete: str) -> list[str]:
    """The kinds as `list` names them: initiatives, goals, owners."""
    from planctl import spec

    return [k.folder for k in spec.KIND.values() if k.folder.startswith(incomplete)]


def kind_of(ident: object) -> str | None:
    """The kind whose id pattern `ident` matches (the patterns do not overlap)."""
    from planctl import spec

    if isinstance(ident, str):
        for kind in spec.KIND.values():
            if kind.id_regex.match(ident):
                return kind.name
    return None


def settable(kind: str | None) -> dict[str, Field]:
    """The fields `set` changes for `kind` (any kind: all of them): not the id, which `mv`
    changes, nor milestones, which `milestone` edits."""
    from planctl import spec

    kinds = [spec.KIND[kind]] if kind else list(spec.KIND.values())
    return {f.name: f for k in kinds for f in k.fields if f.type not in ("id", "milestones")}


def values(root: Path | None, f: Field, typed: str = "") -> list[str]:
    """What a field may be set to, starting with `typed`, when that is a known list: an enum's
    values, or the ids of the kind a reference names (a goal's parent: focus areas; an
    initiative's goals: sub-goals). Empty for free text and dates."""
    from planctl import spec

    if f.enum is not None:
        return [v for v in f.enum.values if v.startswith(typed)]
    if f.ref is not None and root is not None:
        found = plan_ids(root, (f.ref,), typed)
        if f.pattern and f.pattern != spec.GOAL_REF_PATTERN:  # a namespaced goal (nat:FO1.2) is no local id
            return [i for i in found if spec.compiled(f.pattern).match(i)]
        if f.ref == "goal" and f.many:  # an initiative serves sub-goals (X003), told apart as Goal.is_focus_area does
            return [i for i in found if "." in i]
        return found
    return []


def assignment(ctx: typer.Context, incomplete: str) -> list[str]:
    """`set ID FIELD=VALUE...`: a field name (`status=`, `goals+=`), or after `FIELD=` its values.

    A list takes comma-separated values (`goals=FO1.1,FO2.1`), so the part after the last comma
    is what is completed. With one field left to choose, its values come whole
    (`status=ongoing`...): the shell then stops after `=` instead of adding a space."""
    root = _root(ctx)
    fields = settable(kind_of(ctx.params.get("ident")))
    words = list(ctx.params.get("assignments") or ())
    if words and words[-1] == "=" and len(words) > 1:  # bash, after `status=`: `status`, `=`, then this word
        return _values(root, fields.get(words[-2].rstrip("+-")), "", incomplete)
    if words and not incomplete and _bash_word() == "=":  # bash, the cursor just after `status=`
        return _values(root, fields.get(words[-1].rstrip("+-")), "", "")
    if "=" in incomplete:
        name, _, typed = incomplete.partition("=")
        return _values(root, fields.get(name.rstrip("+-")), name + "=", typed)
    matching = [f for name, f in fields.items() if name.startswith(incomplete)]
    if len(matching) == 1 and not matching[0].many:
        whole = _values(root, matching[0], matching[0].name + "=", "")
        if whole:
            return whole
    return [f"{f.name}{op}=" for f in matching for op in (("", "+", "-") if f.many else ("",))]


def _values(root: Path | None, f: Field | None, prefix: str, typed: str) -> list[str]:
    if f is None:
        return []
    done, comma, last = typed.rpartition(",") if f.many else ("", "", typed)
    listed = set(done.split(","))
    return [prefix + done + comma + v for v in values(root, f, last) if v not in listed]


def _bash_word() -> str | None:
    """The word bash is completing, as it split the line (None: not bash)."""
    words, index = os.environ.get("COMP_WORDS"), os.environ.get("COMP_CWORD", "")
    if words is None or not index.isdigit():
        return None
    from typer._click.shell_completion import split_arg_string

    split = split_arg_string(words)
    return split[int(index)] if int(index) < len(split) else ""


def milestones(ctx: typer.Context, incomplete: str) -> list[str]:
    """`milestone done|rm ID MILESTONE`: the numbers of the initiative's milestones (1 is the
    first), then their titles, which the commands take too.

    A title goes only where the shell can take it as one word: zsh and fish escape what they
    insert, bash inserts it as it is, so for bash only a title without blanks, quotes or other
    characters the shell would read (a number is taken as a number, so no title of digits)."""
    root, ident = _root(ctx), ctx.params.get("ident")
    if root is None or not isinstance(ident, str) or kind_of(ident) != "initiative":
        return []
    titles = milestone_titles(_entity_text(root, ident))
    bash = _bash_word() is not None
    named = [t for t in dict.fromkeys(titles) if t and not t.isdigit() and not (bash and not _BASH_WORD.fullmatch(t))]
    return [str(n) for n in range(1, len(titles) + 1)] + named


_BASH_WORD = re.compile(r"[\w.,+/@%-]+")


def _entity_text(root: Path, ident: str) -> str:
    """The text of the initiative file named for `ident` ("" when there is none, or it cannot be read)."""
    from planctl import spec

    top = root / "plan" / spec.KIND["initiative"].folder
    names = {ident + suffix for suffix in YAML_SUFFIXES}
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names.intersection(files)):
            try:
                with open(os.path.join(folder, name), encoding="utf-8-sig", errors="replace") as file:
                    return file.read(1 << 20)
            except OSError:
                return ""
    return ""


_TOP_KEY = re.compile(r"[^\s#-]")
_ITEM = re.compile(r"( *)-(?: (.*)|)")
_TITLE = re.compile(r"title:[ \t]+(.*?)(?:[ \t]+#.*)?")


def milestone_titles(text: str) -> list[str]:
    """The titles of a file's `milestones:` list, read from the text: one per item, "" where
    the title cannot be read so. A block list's items are the dashes at the first item's
    indentation, up to the next key, each with its `title:` line; a flow list
    (`[{title: A}, {title: B}]`) gives its items' number, without titles.

    Not YAML, on purpose (no parser is loaded for a Tab press): a title in quotes is
    unquoted when it is simple, one in a block or with escapes is left out. `milestone
    done`, which gets the answer, reads the file properly and says so when it names nothing.
    """
    found = re.search(r"^milestones:[ \t]*", text, re.MULTILINE)
    if found is None:
        return []
    rest = text[found.end():]
    if rest.startswith("["):
        return [""] * _flow_items(rest)
    titles: list[str] = []
    dash: int | None = None
    for line in rest.splitlines()[1:]:
        if _TOP_KEY.match(line):
            break
        item = _ITEM.fullmatch(line)
        if item is not None and dash in (None, len(item.group(1))):
            dash = len(item.group(1))
            titles.append("")
            line = item.group(2) or ""
        title = _TITLE.fullmatch(line.strip())
        if titles and not titles[-1] and title is not None:
            titles[-1] = _plain(title.group(1))
    return titles


def _plain(value: str) -> str:
    """A scalar's text when reading it needs no parser: plain, or simply quoted; else ""."""
    if value[:1] in "|>&*!" or not value:
        return ""
    if value[0] in "'\"":
        inner = value[1:-1] if len(value) > 1 and value[-1] == value[0] else None
        if inner is None or (value[0] == '"' and ("\\" in inner or '"' in inner)):
            return ""
        return inner.replace("''", "'") if value[0] == "'" else inner
    return value


def _flow_items(text: str) -> int:
    """The items of the flow list `text` starts with: the non-empty parts between the commas
    at its own depth, outside quotes (a trailing comma makes no item)."""
    depth, items, quote, filled = 0, 0, "", False
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char == "," and depth == 1:
            items, filled = items + filled, False
        elif char in "]}" and depth == 1:
            return items + filled
        else:
            if char in "'\"":
                quote = char
            depth += (char in "[{") - (char in "]}")
            filled = filled or (depth >= 1 and not char.isspace() and not (depth == 1 and char == "["))
    return 0
