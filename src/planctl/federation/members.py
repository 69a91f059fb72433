"""`federation.toml`: the national plan and the member plans that serve it.

    [federation]
    name = "Skolans digitalisering – nationell uppföljning"
    national = "."          # the national plan: a git URL or a path (default: this folder)

    [[member]]
    name = "Exempelkommun"
    url = "https://git.example.se/exempelkommun/plan.git"
    ref = "main"
    kind = "municipal"      # municipal, independent, regional or state
    code = "1480"           # the kommunkod, for a municipal school organiser

The whole file is checked against `schema/federation-toml.schema.json` and each
problem is reported at `federation.toml:LINE:COL` (exit 2: the roll-up cannot start).
"""

from __future__ import annotations

import functools
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl import safefs
from planctl.errors import PlanctlError
from planctl.i18n import _

FILE_NAME = "federation.toml"
SCHEMA_FILE = "federation-toml.schema.json"
MAX_SIZE = 4 * 1024 * 1024
"""300 members are some 40 kB; a file larger than this is a mistake or hostile."""
DEFAULT_TIMEOUT = 60.0
DEFAULT_JOBS = 8


class FederationError(PlanctlError):
    """federation.toml is missing, unreadable or wrong: exit 2."""


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    url: str
    kind: str
    ref: str = ""
    code: str = ""
    index: int = 0


@dataclass(slots=True)
class Federation:
    path: Path
    name: str = ""
    national: str = "."
    ref: str = ""
    timeout: float = DEFAULT_TIMEOUT
    jobs: int = DEFAULT_JOBS
    members: list[Member] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.path.parent


@functools.cache
def schema() -> dict[str, Any]:
    from planctl.schemas import schema_dir

    loaded: dict[str, Any] = json.loads((schema_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def load_federation(path: Path, valid: set[str] | None = None, parsed: Path | None = None) -> Federation:
    """The federation `path` describes; FederationError (located) when it is not one.

    `valid`: digests of texts found valid before (the roll-up keeps them in its cache), which
    are not checked against the schema again; the digest of this text is added once it is.
    `parsed`: a folder of the cache where a valid text's parsed document is kept as JSON by
    its digest: tomllib (pure Python) took 50 ms for 300 members, JSON takes 1."""
    name = path.name
    try:
        text = safefs.read_regular(path, MAX_SIZE).decode("utf-8")
    except FileNotFoundError:
        raise FederationError(_("no {name} here; name the file with --federation FILE").format(name=name),
                              location=str(path)) from None
    except OSError as exc:
        raise FederationError(_("cannot read: {why}").format(why=exc.strerror or exc), location=name) from None
    except UnicodeDecodeError:
        raise FederationError(_("cannot read: the file is not UTF-8"), location=name) from None
    digest = text_digest(text)
    document = _read_parsed(parsed, digest) if valid is not None and digest in valid else None
    if document is None:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise FederationError(_("invalid TOML: {why}").format(why=str(exc)), location=name) from None
        problem = None if valid is not None and digest in valid else first_problem(document, text)
        if problem is not None:
            where, message = problem
            raise FederationError(message, location=f"{name}:{where[0]}:{where[1]}" if where else name)
        _write_parsed(parsed, digest, document)
    table = document.get("federation", {})
    federation = Federation(path=path, name=table.get("name", ""), national=table.get("national", "."),
                            ref=table.get("ref", ""), timeout=float(table.get("timeout", DEFAULT_TIMEOUT)),
                            jobs=int(table.get("jobs", DEFAULT_JOBS)))
    seen: dict[str, int] = {}
    for index, item in enumerate(document.get("member", [])):
        member = Member(item["name"], item["url"], item["kind"], item.get("ref", ""), item.get("code", ""), index)
        if member.name in seen:
            where = _place(text, ("member", index, "name"))
            raise FederationError(_("member {n}: the name {name!r} is member {first}'s already").format(
                n=index + 1, name=member.name, first=seen[member.name] + 1),
                location=f"{name}:{where[0]}:{where[1]}" if where else name)
        seen[member.name] = index
        federation.members.append(member)
    if valid is not None:
        valid.add(digest)
    return federation


def _read_parsed(folder: Path | None, digest: str) -> dict[str, Any] | None:
    if folder is None:
        return None
    try:
        document = json.loads(safefs.read_regular(folder / f"federation-{digest}.json", MAX_SIZE * 4))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _write_parsed(folder: Path | None, digest: str, document: dict[str, Any]) -> None:
    """Kept by the digest of the text (and planctl's version): a changed file is parsed again.
    Only the newest is kept; a folder that cannot be written costs the parse next time, nothing else."""
    if folder is None:
        return
    from planctl.fsutil import atomic_write

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("federation-*.json"):
            old.unlink()
        atomic_write(folder / f"federation-{digest}.json", json.dumps(document, ensure_ascii=False), sync=False)
    except OSError:
        pass


def text_digest(text: str) -> str:
    import hashlib

    from planctl import __version__

    return hashlib.sha256(f"{__version__}\0{text}".encode("utf-8", "surrogateescape")).hexdigest()


def first_problem(raw: dict[str, Any], text: str) -> tuple[tuple[int, int] | None, str] | None:
    """((line, col), message) of the file's first problem in the order of the file; None: none."""
    from jsonschema import Draft202012Validator

    found = []
    for error in Draft202012Validator(schema()).iter_errors(raw):
        path = tuple(error.absolute_path)
        place = _place(text, path, value=error.validator not in ("required", "additionalProperties"))
        found.append((place or (1 << 30, 0), _message(error, path)))
    if not found:
        return None
    found.sort()
    place, message = found[0]
    return (None if place[0] == 1 << 30 else place), message


def _place(text: str, path: tuple[str | int, ...], *, value: bool = False) -> tuple[int, int] | None:
    from planctl.tomlkeys import KeyPositions

    place = KeyPositions(text).find(path)
    if place is None:
        return None
    return (place.value_line, place.value_col) if value else (place.line, place.col)


def describe(path: tuple[str | int, ...]) -> str:
    """`[federation] timeout`, `member 3`, `member 3 code`: how a message names a key."""
    if not path:
        return _("the file")
    if path[0] == "member" and len(path) >= 2 and isinstance(path[1], int):
        rest = " ".join(str(p) for p in path[2:])
        return _("member {n}").format(n=path[1] + 1) + (f" {rest}" if rest else "")
    return f"[{path[0]}]" + (" " + " ".join(str(p) for p in path[1:]) if len(path) > 1 else "")


def _message(error: Any, path: tuple[str | int, ...]) -> str:
    where = describe(path)
    kind = error.validator
    if kind == "required":
        missing = next((key for key in error.validator_value if key not in (error.instance or {})), "")
        if missing == "code":
            return _("{where} is municipal and needs code, its four-digit municipality code (kommunkod)").format(
                where=where)
        if missing == "member":
            return _("the file names no member: add a [[member]] table for each plan")
        return _("{where} needs {key}").format(where=where, key=missing)
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - known)
        return _("unknown key {key!r} in {where} (known: {known})").format(
            key=extra[0] if extra else "", where=where, known=", ".join(sorted(known)))
    if kind == "enum":
        return _("{where} must be one of {allowed}, not {value!r}").format(
            where=where, allowed=", ".join(map(str, error.validator_value)), value=error.instance)
    if kind == "pattern" and path[-1:] == ("code",):
        return _("{where} must be four digits (the kommunkod, such as 0180), not {value!r}").format(
            where=where, value=error.instance)
    if kind == "type":
        return _("{where} must be of type {type}").format(where=where, type=error.validator_value)
    if kind in ("minLength", "minimum", "exclusiveMinimum", "maximum", "maxLength"):
        return _("{where} is out of range: {value!r}").format(where=where, value=error.instance)
    return _("{where}: {why}").format(where=where, why=error.message)
