"""Load a plan repository into one in-memory `Plan` with source positions.

This is the only place that reads plan files for checking. Every problem with
a file - its bytes, its YAML, its place in the tree, its schema - becomes a
located diagnostic; nothing here raises for bad plan content.
"""

from __future__ import annotations

import functools
import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from planctl import safefs
from planctl.cache import Entry, content_key
from planctl.config import Config
from planctl.diagnostics import MAX_PER_FILE, TOO_MANY, Diagnostic, Severity, too_many
from planctl.errors import PlanctlError, UnreadableEntity, UsageError
from planctl.gcpause import paused_gc
from planctl.i18n import _, freeze, lazy, ngettext, shown, thaw
from planctl.model import KIND_DIRS, Document, Plan, build_entity, entity_from_row, entity_row
from planctl.schemas import validate_document
from planctl.textcodec import decode
from planctl.yamlread import HAVE_C, ParsedYaml, find_positions, parse_yaml

YAML_SUFFIXES = (".yaml", ".yml")
ENTITY = "entity"
"""The memo key of a cache entry's `model.EntityRow`: the typed fields, extracted once per content."""
_NO_ROW = object()


def discover(config: Config) -> tuple[list[tuple[str, str | None]], list[Diagnostic]]:
    """Every YAML file under plan/ (as a path string: 10,000 `Path` objects cost a
    tenth of a second), with the kind its folder gives (None: misplaced)."""
    plan_dir = os.fspath(config.plan_dir)
    found: list[tuple[str, str | None]] = []
    diags: list[Diagnostic] = []
    tops = [plan_dir]
    try:
        if not safefs.check_folder(config.root, config.plan_dir):
            return found, diags
        for folder in KIND_DIRS:  # a kind folder may be a link within the repository, never out of it
            path = os.path.join(plan_dir, folder)
            if safefs.check_folder(config.root, Path(path)) and os.path.islink(path):
                tops.append(path)
    except safefs.UnsafeFile as exc:
        rel = os.path.relpath(exc.filename, config.root).replace(os.sep, "/")
        raise PlanctlError(str(exc.strerror), location=rel) from None
    prefix = os.fspath(config.root) + os.sep
    for top in tops:
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            dirnames.sort()
            for dirname in dirnames:
                if dirname.lower().endswith(YAML_SUFFIXES):
                    rel = os.path.join(dirpath, dirname).removeprefix(prefix).replace(os.sep, "/")
                    diags.append(Diagnostic("F003", Severity.ERROR, lazy("'{name}' is a folder, not a YAML file",
                                                                          name=dirname), rel))
            parent, folder = os.path.split(dirpath)
            kind = KIND_DIRS.get(folder) if parent == plan_dir else None
            for name in sorted(filenames):
                if name.startswith(".") or not name.lower().endswith(YAML_SUFFIXES):
                    continue
                found.append((os.path.join(dirpath, name), kind))
    if len(tops) > 1:
        found.sort()
    return found, diags


def select(config: Config, paths: Iterable[Path]) -> list[tuple[Path, str | None]]:
    """The plan files named on the command line (files or folders), confined to the plan."""
    everything = discover(config)[0]
    by_path = {Path(p).resolve(): (Path(p), k) for p, k in everything}
    chosen: dict[Path, tuple[Path, str | None]] = {}
    for raw in paths:
        target = raw.resolve()
        if not target.exists():
            raise UsageError(_("no such file or folder: {path}").format(path=raw))
        try:
            target.relative_to(config.root.resolve())
        except ValueError:
            raise UsageError(_("{path} is outside the plan at {root}").format(path=raw, root=config.root)) from None
        if target.is_dir():
            for resolved, item in by_path.items():
                if resolved == target or target in resolved.parents:
                    chosen[resolved] = item
        elif target in by_path:
            chosen[target] = by_path[target]
        else:
            raise UsageError(_("{path} is not a YAML file of the plan (plan/goals, plan/initiatives, plan/owners, "
                               "plan/events, plan/needs)").format(path=raw))
    return sorted(chosen.values(), key=lambda item: str(item[0]))


def file_info(config: Config, path: Path | str, rel: str, kind: str | None) -> os.stat_result | Diagnostic:
    """The file's `stat`, or why it must not (or cannot) be read."""

    def fail(code: str, message: str, hint: str | None = None) -> Diagnostic:
        return Diagnostic(code, Severity.ERROR, message, rel, hint=hint)

    if kind is None:
        return fail("F003", lazy("a YAML file outside plan/goals, plan/initiatives, plan/owners, plan/events and "
                                 "plan/needs is not part of the plan"),
                    hint=lazy("move it into the folder of its kind, or give it another extension"))
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if not _inside(Path(path).resolve(), config.root.resolve()):
                return fail("F004", lazy("a symbolic link pointing outside the plan root is not followed"))
            info = os.stat(path)
    except OSError as exc:
        return fail("F004", lazy("cannot read the file: {reason}", reason=str(exc.strerror or exc)))
    if not stat.S_ISREG(info.st_mode):
        return fail("F004", lazy("not a regular file (a pipe, socket or device is never read)"))
    if info.st_size > config.max_file_size:
        return fail("F005", lazy("the file is {size} bytes, over the limit of {limit} bytes", size=info.st_size,
                                 limit=config.max_file_size),
                    hint=lazy("raise [limits] max-file-size in planctl.toml if this is intended"))
    return info


def read_bytes(path: str, rel: str, info: os.stat_result | int, limit: int) -> bytes | Diagnostic:
    """The bytes of a file `file_info` accepted (`info`: its stat, or the size it gave), or why
    they cannot be read after all (it was replaced by a FIFO or grew past `limit` since: a file
    replaced mid-run)."""
    try:
        return _read_all(path, info if isinstance(info, int) else info.st_size, limit)
    except safefs.TooLarge:
        return Diagnostic("F005", Severity.ERROR, lazy("the file grew over the limit of {limit} bytes while read",
                                                       limit=limit), rel)
    except OSError as exc:
        return Diagnostic("F004", Severity.ERROR, lazy("cannot read the file: {reason}",
                                                       reason=str(exc.strerror or exc)), rel)


def _read_all(path: str, size: int, limit: int) -> bytes:
    """The file's bytes through a bare descriptor: a Python file object per file is
    measurable when a check reads ten thousand of them. Non-blocking, and checked on the
    descriptor, so a FIFO swapped in after `file_info` is refused, not waited on."""
    fd = os.open(path, _READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise safefs.UnsafeFile(path, "not a regular file (a pipe, socket or device is never read)")
        return safefs.read_fd(fd, size, limit, path)
    finally:
        os.close(fd)


_READ_FLAGS = os.O_RDONLY | safefs.NONBLOCK | safefs.CLOEXEC


def analyse(raw: bytes, rel: str, kind: str, schema: bool = True) -> tuple[Entry, ParsedYaml | None]:
    """Decode, parse and schema-validate one file's bytes into a cacheable entry.

    The entry holds only plain data (cheap to cache and to send between
    processes) and nothing that depends on the file's name, so a cached entry
    serves any file with the same bytes. Positions travel separately: they are
    cheap to find again and expensive to ship.
    """
    text = decode(raw)
    if isinstance(text, Diagnostic):
        return (None, (_diag_row(text),), {}), None
    parsed = parse_yaml(text, rel)
    rows = [_diag_row(d) for d in parsed.diagnostics]
    if not isinstance(parsed.data, dict):
        return (None, tuple(rows), {}), parsed
    if schema:
        doc = Document(rel, kind, text, parsed.data, parsed.spans, parsed.key_spans)
        rows.extend(_diag_row(d) for d in validate_document(doc))
    from planctl.checks import suppress  # its comments are found in the text, while it is at hand

    memo = {ENTITY: entity_row(kind, parsed.data), suppress.MEMO: suppress.scan_text(text)}
    return (parsed.data, _capped(rows, rel), memo), parsed


def _capped(rows: list[tuple[Any, ...]], rel: str) -> tuple[tuple[Any, ...], ...]:
    """At most `MAX_PER_FILE` rows and one saying how many more: a file with 100,000
    unknown keys must not cost minutes to report, nor megabytes in the cache."""
    if len(rows) <= MAX_PER_FILE:
        return tuple(rows)
    counted = [r for r in rows if r[0] == TOO_MANY]  # the schema's count of what it did not phrase
    rows = sorted((r for r in rows if r[0] != TOO_MANY), key=lambda r: (r[3] or 0, r[4] or 0))
    rest = rows[MAX_PER_FILE:] + counted
    total = len(rest) - len(counted) + sum(int(thaw(r[2]).split(" ", 1)[0]) for r in counted)
    first = min(rest, key=lambda r: (r[3] or 0, r[4] or 0))
    worst = Severity(max(r[1] for r in rest))
    return (*rows[:MAX_PER_FILE], _diag_row(too_many(rel, total, worst, first[3], first[4])))


def _schema_capped(entry: Entry) -> bool:
    """Whether the entry's problems were capped (`_capped`): without the schema's, fewer might
    have been, so such a file is analysed again for a load without the schema."""
    return any(row[0] == TOO_MANY for row in entry[1])


def _without_schema(entry: Entry) -> Entry:
    """The entry as `analyse(schema=False)` makes it: the same, less the schema's rows (S codes;
    an entry with a capped count never comes here). The memo is the cache's own dict."""
    data, rows, memo = entry
    return (data, tuple(row for row in rows if not row[0].startswith("S")), memo)


def _diag_row(d: Diagnostic) -> tuple[Any, ...]:
    return (d.code, int(d.severity), freeze(d.message), d.line, d.col, d.end_line, d.end_col, d.json_path,
            freeze(d.hint))


Work = tuple[bytes | None, str, str, str, int]
"""A file to analyse: its bytes, or None when whoever analyses it is to read it; its name from
the plan's root, its kind, its path and its size (as `file_info` found it)."""
Analysed = tuple[Entry | None, ParsedYaml | None, bytes | Diagnostic | None, str]
"""What analysing a `Work` gave: the entry (None: the file could not be read), the parse (kept
in this process only), the bytes read here or why they could not be, and the content key of
bytes read here ("" when the bytes came with the work)."""


def _analyse_one(item: Work, schema: bool, limit: int, keep: bool) -> Analysed:
    """Read (when the work holds no bytes) and analyse one file. `keep`: return the parse and
    the bytes, for a document built in this process; a worker's go no further than its
    entry and key, since positions are cheap to find again and expensive to ship."""
    raw, rel, kind, path, size = item
    key = ""
    if raw is None:
        read = read_bytes(path, rel, size, limit)
        if isinstance(read, Diagnostic):
            return None, None, read, ""
        raw, key = read, content_key(read, kind)
    entry, parsed = analyse(raw, rel, kind, schema)
    return (entry, parsed, raw, key) if keep else (entry, None, None, key)


def _analyse_batch(batch: list[Work], schema: bool, limit: int) -> list[Analysed]:
    """Worker side of the process pool. A worker reads its own files: the parent neither holds
    every file's bytes at once nor pickles them to the pool (at 100,000 files, about 60 MB in
    the parent and in each worker forked from it), and the reading is spread over the cores."""
    return [_analyse_one(item, schema, limit, keep=False) for item in batch]


def build_document(rel: str, kind: str, raw: bytes | None, entry: Entry, parsed: ParsedYaml | None = None,
                   source: str | None = None, key: str = "") -> tuple[Document, list[Diagnostic]]:
    """A document (with its name-dependent checks) from an entry, cached or fresh.

    `raw` is None when the cache vouched for the file without reading it; the
    document then reads `source` only if its text is ever asked for.
    """
    data, diag_rows, memo = entry
    if parsed is not None:
        doc = Document(rel, kind, parsed.text, spans=parsed.spans, key_spans=parsed.key_spans, raw=raw,
                       locate=find_positions)
    else:
        doc = Document(rel, kind, raw=raw, source=source, locate=find_positions)
    doc.memo, doc.key = memo, key
    ident = data.get("id") if isinstance(data, dict) else None
    entity = ident if isinstance(ident, str) else None
    diags = [Diagnostic(code, Severity(sev), thaw(message), rel, line, col, el, ec, entity=entity, json_path=json_path,
                        hint=thaw(hint),
                        extra={"omitted": int(thaw(message).split(" ", 1)[0])} if code == TOO_MANY else {})
             for code, sev, message, line, col, el, ec, json_path, hint in diag_rows]
    if data is None:
        return doc, diags
    doc.data = data
    name = rel.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    if entity is not None and entity != stem:
        span = doc.span(("id",))
        diags.append(Diagnostic("F002", Severity.ERROR, lazy("the file is named '{name}' but its id is '{id}'",
                                                             name=name, id=entity),
                                rel, span.line, span.col, span.end_line, span.end_col, entity=entity, json_path="$.id",
                                hint=lazy("rename the file to '{name}' or use 'planctl mv'",
                                          name=entity + name[len(stem):])))
    return doc, diags


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


PRODUCERS = ("loader.py", "yamlread.py", "textcodec.py", "positions.py", "schemas.py", "schemafast.py",
             "codes.py", "model.py", "spec.py", "i18n.py", "checks/suppress.py")
"""The modules whose code decides what an entry holds: a development checkout edits them
without changing planctl's version, so their size and mtime are part of the key too."""


@functools.cache
def cache_identity() -> dict[str, Any]:
    """What a cache entry depends on besides the file's bytes (once per process)."""
    from planctl import __version__
    from planctl.schemas import schema_digest

    here = os.path.dirname(__file__)
    stamps = []
    for name in PRODUCERS:
        try:
            info = os.stat(os.path.join(here, name))
            stamps.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append("")
    return {"planctl": __version__, "schema": schema_digest(), "libyaml": HAVE_C, "code": stamps}


POOL_THRESHOLD = 300
"""Files to parse (cache misses) before a pool of forked workers pays for itself.

Measured on 2 cores (README, Performance): a pool of 2 took 1.22x the time of one
process at 158 files, 0.74x at 315, 0.69x at 578 and 0.58x at 4,553."""
SPAWN_POOL_THRESHOLD = 1500
"""Where workers cannot be forked (macOS, Windows) each one starts Python and imports
planctl (about 0.3 s), so the pool needs several times more files to pay."""


def _can_fork() -> bool:
    import multiprocessing  # only once a pool is in question: it costs 25 ms to import

    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent(parent: int) -> None:
    """Pool workers end when planctl does, however it ends.

    A SIGKILL or SIGTERM of planctl runs none of the pool's clean-up, and the
    workers, blocked on their task queue, would live on indefinitely. Linux
    sends them SIGKILL when their parent dies (PR_SET_PDEATHSIG); elsewhere,
    and for the moment before the request takes effect, a watchdog thread
    notices that the parent is gone (the worker is re-parented) and exits.
    """
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # died before the request: nobody would send the signal
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="planctl-parent-watch", daemon=True).start()


Progress = Callable[[int, int], None]
"""Called as (files parsed so far, files to parse); the CLI draws a bar with it."""


def _analyse_all(work: list[Work], schema: bool, jobs: int | None, limit: int,
                 progress: Progress | None = None) -> list[Analysed]:
    """Each work's analysis, in order: in this process for a few files, else in a pool of
    forked workers (`POOL_THRESHOLD`)."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    total = len(work)
    if workers < 2 or total < POOL_THRESHOLD or (not _can_fork() and total < SPAWN_POOL_THRESHOLD):
        results = []
        for done, item in enumerate(work, start=1):
            results.append(_analyse_one(item, schema, limit, keep=True))
            if progress and done % 200 == 0:
                progress(done, total)
        if progress:
            progress(total, total)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if _can_fork() else None)
    size = -(-len(work) // (workers * 4))
    batches = [work[i : i + size] for i in range(0, len(work), size)]
    out: list[Analysed] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        for batch in pool.map(_analyse_batch, batches, [schema] * len(batches), [limit] * len(batches)):
            out.extend(batch)
            if progress:
                progress(len(out), total)
    return out


def load_plan(config: Config, paths: Iterable[Path] | None = None, *, schema: bool = True,
              cache: bool = False, jobs: int | None = None, progress: Progress | None = None) -> Plan:
    """Read the plan (or just `paths`), validating each document against its schema.

    With `cache`, files whose bytes were seen before are not parsed again (nor
    read, when their `stat` is unchanged); with enough files left to parse, a
    process pool parses them on every core. The cache is written by
    `Plan.save_cache`, once the checks have added what they learnt.

    Without `schema` the plan holds no schema diagnostics (a view of a plan with
    errors). The cache still serves it: a file it lacks is validated all the same,
    so that its entry is whole for the next `check`, and the schema's rows are
    left out of what this load reports (`_without_schema`).
    """
    with paused_gc(freeze=True):
        return _load(config, paths, schema, cache, jobs, progress)


def _load(config: Config, paths: Iterable[Path] | None, schema: bool, cache: bool, jobs: int | None,
          progress: Progress | None) -> Plan:
    plan = Plan(root=config.root)
    files: Sequence[tuple[str | os.PathLike[str], str | None]]
    layout_diags: list[Diagnostic] = []
    if paths:
        files = select(config, paths)
    else:
        files, layout_diags = discover(config)
    plan.diagnostics.extend(layout_diags)
    store = None
    if cache:
        from planctl.cache import ParseCache

        store = plan.session = ParseCache(config.root, cache_identity())
        store.complete = not paths
    started = time.time_ns()
    if store is not None:
        store.started, store.layout = started, layout_diags
    pending: list[tuple[int, str]] = []
    work: list[Work] = []
    # (rel, kind, path, bytes or why not, content key, entry)
    slots: list[tuple[str, str | None, str, bytes | Diagnostic | None, str, Entry | None]] = []
    fresh: dict[int, ParsedYaml | None] = {}
    prefix = os.fspath(config.root) + os.sep
    for file, kind in files:
        path = os.fspath(file)
        rel = path.removeprefix(prefix).replace(os.sep, "/")
        info = file_info(config, path, rel, kind)
        if isinstance(info, Diagnostic):
            slots.append((rel, kind, path, info, "", None))
            continue
        assert kind is not None
        raw: bytes | Diagnostic | None = None
        key, entry = "", None
        if store is not None:
            signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            known = store.known_key(rel, signature)
            if known is not None:
                key, entry = known, store.get(known)
        if entry is None and store is None:  # no cache to look the content up in: who parses it reads it
            pending.append((len(slots), ""))
            work.append((None, rel, kind, path, info.st_size))
        elif entry is None:
            raw = read_bytes(path, rel, info, config.max_file_size)
            if isinstance(raw, bytes) and store is not None:
                key = content_key(raw, kind)
                entry = store.get(key)
                store.record(rel, signature, key, started)
            if isinstance(raw, bytes) and entry is None:
                pending.append((len(slots), key))
                work.append((raw, rel, kind, path, info.st_size))
        if store is not None and key and not isinstance(raw, Diagnostic):
            store.stats[rel] = (*signature, key)
        if entry is not None and not schema and _schema_capped(entry):
            raw = read_bytes(path, rel, info, config.max_file_size) if raw is None else raw
            entry, key = None, ""  # its own entry, not the cache's
            if isinstance(raw, bytes):  # rare: a file whose problems were capped counting the schema's
                entry, fresh[len(slots)] = analyse(raw, rel, kind, schema=False)
        slots.append((rel, kind, path, raw, key, entry))
    full = schema or store is not None  # what the cache keeps is validated, whoever asks
    analysed = _analyse_all(work, full, jobs, config.max_file_size, progress)
    for (index, key), item, (entry, parsed, read, read_key) in zip(pending, work, analysed, strict=True):
        if entry is None:  # the file could not be read after all
            slots[index] = slots[index][:3] + (read, "", None)
            continue
        if read is not None:  # read by the analysis, in this process
            slots[index] = slots[index][:3] + (read,) + slots[index][4:]
        key = key or read_key
        if store is not None:
            store.put(key, entry)
        if not schema and full and _schema_capped(entry):
            raw = item[0] if item[0] is not None else read_bytes(item[3], item[1], item[4], config.max_file_size)
            if isinstance(raw, bytes):
                entry, parsed = analyse(raw, item[1], item[2], schema=False)
                slots[index] = slots[index][:3] + (raw,) + slots[index][4:]
        slots[index] = slots[index][:4] + (key, entry)
        fresh[index] = parsed
    for index, (rel, kind, path, raw, key, entry) in enumerate(slots):
        if isinstance(raw, Diagnostic) or entry is None:
            plan.documents.append(Document(path=rel, kind=kind))
            if isinstance(raw, Diagnostic):
                plan.diagnostics.append(raw)
            continue
        assert kind is not None
        if not schema and full:
            entry = _without_schema(entry)
        parsed = fresh.get(index)
        if parsed is None and isinstance(raw, bytes):
            # Parsed elsewhere (a worker, an earlier run): the document reads its text again if it
            # is ever asked for, checked against the content key; 60 MB fewer at 100,000 files.
            key, raw = key or content_key(raw, kind), None
        add_document(plan, kind, entry, *build_document(rel, kind, raw, entry, parsed, path, key))
    plan.files_checked = len(files)
    return plan


def add_document(plan: Plan, kind: str, entry: Entry, doc: Document, diags: list[Diagnostic]) -> None:
    """A built document into `plan`: the document, its diagnostics, and its entity (from the
    entry's memoised row when there is one). The one way a document joins a plan, whether its
    bytes came from the work tree or from a git object (a federation member)."""
    plan.documents.append(doc)
    plan.diagnostics.extend(diags)
    if doc.data is not None:
        row = entry[2].get(ENTITY, _NO_ROW)
        entity = build_entity(doc) if row is _NO_ROW else entity_from_row(kind, row, doc)
        if entity is not None:
            plan.add(entity)


def unreadable_documents(plan: Plan, kind: str | None = None) -> list[Document]:
    """The plan files (of `kind`) that hold no entity: broken YAML, unreadable, not a mapping."""
    held = {id(entity.doc) for entity in plan.entities}
    return [d for d in plan.documents if id(d) not in held and (kind is None or d.kind == kind)]


def check_holder(plan: Plan, ident: str) -> None:
    """Raise `UnreadableEntity` when `ident` is missing because the file named for it is broken.

    A curator asking for INI-020 while INI-020.yaml is invalid YAML must hear
    that the file cannot be read, and where, not that no such id exists.
    """
    if plan.get(ident) is not None:
        return
    paths = [d.path for d in unreadable_documents(plan)]
    paths += [d.path for d in plan.diagnostics if d.code == "F003"]  # a folder named INI-020.yaml
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        if name.rsplit(".", 1)[0] != ident or not name.lower().endswith(YAML_SUFFIXES):
            continue
        problems = sorted((d for d in plan.diagnostics if d.path == path and d.severity >= Severity.ERROR),
                          key=Diagnostic.sort_key)
        if problems:
            first = problems[0]
            rest = len(problems) - 1
            more = ngettext(" (and {n} more problem: run 'planctl check')",
                            " (and {n} more problems: run 'planctl check')", rest).format(n=rest) if rest else ""
            raise UnreadableEntity(_("'{id}' cannot be read from its file: {code} {message}").format(
                id=ident, code=first.code, message=shown(first.message)) + more,
                                   location=first.location)
        raise UnreadableEntity(_("'{id}' cannot be read from its file (run 'planctl check')").format(id=ident),
                               location=path)
