"""A write of several plan files that is all or nothing, whatever happens to the process.

The model is SQLite's rollback journal and git's lock files. A transaction:

1. writes a journal at the plan root (`.planctl-journal`): for every file,
   what replaces what, the sha256 of the old and the new bytes, the name of
   the staging file, and the old bytes themselves (so an undo is possible);
   fsyncs it and the root folder;
2. stages every new content in a temporary file beside its target
   (`.NAME.<txn>.tmp`), fsynced, and fsyncs those folders;
3. appends a commit mark to the journal and fsyncs it - from here on the
   transaction goes forward;
4. with SIGINT, SIGTERM and SIGHUP held off (deferred, then re-raised),
   renames every staging file over its target, then deletes what is deleted;
5. fsyncs the folders, removes the journal, fsyncs the root.

If the process dies at any point (SIGKILL, a power cut, a full disk), the
journal is still there: the next planctl run in the repository calls
`recover` under the edit lock, which finishes the transaction if it was
committed and every file can go forward, and undoes it otherwise, so every
plan file is wholly old or wholly new, and removes the staging files. A file
that was changed by hand since (neither its old nor its new bytes) is left
as it is and named. Recovery is itself idempotent: dying during it leaves a
journal that the run after finishes.

Callers hold the edit lock (`planctl.edit.lock`) around both `write_files`
and `recover`; this module does no locking of its own. A generated folder
(the website) is written whole in a staging folder and swapped in
(`swap_in_folder`), under the same held signals.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import FrameType
from typing import Any

from planctl.errors import PlanctlError
from planctl.fsutil import JOURNAL_NAME, journal_pending, open_regular
from planctl.i18n import N_, _, ngettext

CRASH_ENV = "PLANCTL_TXN_CRASH_AT"
"""Test-only: the step at which the writer kills itself (see STEPS)."""

STEPS = ("journal", "stage", "staged", "commit", "rename", "renamed", "deleted")
"""Where a writer can die: after the journal, after the first staged file, after all are
staged, after the commit mark, after the first rename, after all renames, after the deletes."""

MAX_JOURNAL = 512 * 1024 * 1024
_FORMAT = 1
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class WriteError(PlanctlError):
    """A plan file could not be written (a full disk, a read-only folder); nothing was changed."""


class JournalError(PlanctlError):
    """The journal of an interrupted write cannot be acted on safely."""


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # POSIX, relative to the root
    old: str | None  # sha256 of the bytes replaced, None if the file did not exist
    new: str | None  # sha256 of the bytes written, None for a delete

    def tmp(self, txn: str) -> str:
        p = PurePosixPath(self.path)
        return str(p.with_name(f".{p.name}.{txn}.tmp"))

    def undo_tmp(self, txn: str) -> str:
        p = PurePosixPath(self.path)
        return str(p.with_name(f".{p.name}.{txn}.undo.tmp"))


@dataclass
class Recovery:
    """What `recover` did, for the one line the CLI prints."""

    direction: str  # "forward" or "back"
    label: str
    pid: int
    changed: int = 0
    temps_removed: int = 0
    conflicts: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """What the recovery did, for the person whose command ran it (in the language of the run)."""
        what = f" ({self.label})" if self.label else ""
        n = self.changed
        if self.direction == "forward":
            done = ngettext("{n} file brought to its new content", "{n} files brought to their new content", n)
            text = _("finished an interrupted edit{what} that planctl (pid {pid}) had begun: {done}").format(
                what=what, pid=self.pid, done=done.format(n=n))
        else:
            text = ngettext("undid an interrupted edit{what} of planctl (pid {pid}): {n} file put back, the plan is "
                            "as it was", "undid an interrupted edit{what} of planctl (pid {pid}): {n} files put "
                            "back, the plan is as it was", n).format(what=what, pid=self.pid, n=n)
        if self.temps_removed:
            t = self.temps_removed
            text += ngettext("; removed {n} temporary file", "; removed {n} temporary files", t).format(n=t)
        if self.conflicts:
            c = len(self.conflicts)
            files = ", ".join(self.conflicts[:3]) + (" ..." if c > 3 else "")
            text += ngettext("; left {n} file changed by hand since as they are: {files}",
                             "; left {n} files changed by hand since as they are: {files}", c).format(n=c, files=files)
        return text


# -- small durable-file helpers ------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (a create, a rename, an unlink in it) survive a power cut.

    POSIX says a rename is durable only once its folder is fsynced; Windows has no
    such call (NTFS journals its metadata), so there it is a no-op.
    """
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError:
        pass  # a file system that cannot fsync folders (some network ones): nothing more we can do
    finally:
        os.close(fd)


def _write_new(path: Path, payload: bytes, mode: int) -> None:
    """Create `path` (which must not exist) with `payload`, fsynced."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, mode)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink(path)
        raise
    os.close(fd)
    os.chmod(path, mode)  # as the target had it, whatever the umask


def _unlink(path: Path) -> bool:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def _digest_of(path: Path) -> str | None:
    """sha256 of a regular file's bytes; None if absent; "" if it is something else."""
    try:
        if not os.path.isfile(path) or os.path.islink(path):
            return None if not os.path.lexists(path) else ""
        return sha256(path.read_bytes())
    except OSError:
        return ""


def _crash(step: str) -> None:
    """Test-only: die here, as a SIGKILL or a power cut would, if PLANCTL_TXN_CRASH_AT says so."""
    if os.environ.get(CRASH_ENV) == step:
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)  # pragma: no cover


class SignalsHeld:
    """Defer SIGINT/SIGTERM/SIGHUP while the renames run, then deliver them.

    A curator's Ctrl-C then lands before or after the plan changes, never in the
    middle. (Only the main thread can install handlers; elsewhere nothing is held.)
    """

    def __init__(self) -> None:
        self.pending: list[int] = []
        self.saved: dict[int, Any] = {}

    def _note(self, signum: int, _frame: FrameType | None) -> None:
        self.pending.append(signum)

    def __enter__(self) -> SignalsHeld:
        global interrupted_after_write
        interrupted_after_write = False
        if threading.current_thread() is threading.main_thread():
            for sig in _HELD:
                try:
                    self.saved[sig] = signal.signal(sig, self._note)
                except (ValueError, OSError):  # pragma: no cover
                    pass
        return self

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        global interrupted_after_write
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        if self.pending and kind is None:
            interrupted_after_write = True  # the CLI says the change was made, not only "interrupted"
        for sig in dict.fromkeys(self.pending):
            signal.raise_signal(sig)


interrupted_after_write = False
"""Set when a held signal is delivered after a write completed: the interrupt came too late to stop it."""


# -- writing -------------------------------------------------------------------------------

def _relative(root: Path, path: Path) -> tuple[str, Path]:
    """`path` as a POSIX path below `root` (through symlinks), refusing one that leads outside."""
    real_root = Path(os.path.realpath(root))
    target = Path(os.path.realpath(path if path.is_absolute() else root / path))
    try:
        rel = target.relative_to(real_root)
    except ValueError:
        raise WriteError(_("refusing to write outside the plan (it resolves to {target})").format(target=target),
                         location=str(path)) from None
    return rel.as_posix(), target


def _dirs(root: Path, entries: Sequence[Entry]) -> list[Path]:
    return sorted({(root / e.path).parent for e in entries})


def write_files(root: Path, changes: Sequence[tuple[Path, bytes | None]], *, label: str = "",
                expected: Mapping[Path, bytes] | None = None) -> None:
    """Write `changes` ({path: new bytes, or None to delete}) as one transaction (see the module).

    `expected` holds the bytes the edit was computed from (after any UTF-8 byte-order
    mark): a file that differs (saved by an editor meanwhile) refuses the whole write
    rather than losing that save.

    Raises WriteError, naming the file, when something cannot be written; the plan is
    then as it was (or, if even the undo failed, the journal is left for the next run).
    """
    global interrupted_after_write
    interrupted_after_write = False  # of an earlier write of this process (the test suite's)
    root = Path(os.path.realpath(root))
    txn = os.urandom(6).hex()
    entries: list[Entry] = []
    olds: dict[str, bytes] = {}
    payloads: dict[str, bytes] = {}
    modes: dict[str, int] = {}
    seen: set[str] = set()
    for path, data in changes:
        rel, target = _relative(root, Path(path))
        if rel in seen:
            continue
        seen.add(rel)
        old: bytes | None = None
        if os.path.lexists(target):
            if not target.is_file():
                raise WriteError(_("is not a regular file; refusing to replace it"), location=rel)
            try:
                old = target.read_bytes()
                modes[rel] = target.stat().st_mode & 0o777
            except OSError as exc:
                raise WriteError(_("cannot read: {reason}").format(reason=exc.strerror or exc), location=rel) from None
            olds[rel] = old
        if expected is not None and Path(path) in expected and \
                (old or b"").removeprefix(b"\xef\xbb\xbf") != expected[Path(path)]:
            raise WriteError(_("changed on disk since planctl read it (saved in an editor?); nothing was "
                               "written: run the command again"), location=rel)
        if data is None and old is None:
            continue  # deleting what is not there
        if data is not None:
            payloads[rel] = data
            if old == data:
                continue  # already so: nothing to rename
        entries.append(Entry(rel, sha256(old) if old is not None else None,
                             sha256(data) if data is not None else None))
    if not entries:
        return
    journal = root / JOURNAL_NAME
    if os.path.lexists(journal):
        raise JournalError(_("an interrupted write has not been recovered yet; run any planctl command "
                             "(it recovers under the edit lock) and try again"), location=JOURNAL_NAME)
    header = {
        "planctl-journal": _FORMAT, "txn": txn, "pid": os.getpid(), "time": time.time(), "label": label,
        "entries": [{"path": e.path, "old": e.old, "new": e.new} for e in entries],
        "old-bytes": {e.path: base64.b64encode(olds[e.path]).decode("ascii") for e in entries if e.old},
    }
    staged: list[Path] = []
    current = JOURNAL_NAME
    try:
        _write_new(journal, (json.dumps(header, ensure_ascii=True) + "\n").encode("ascii"), 0o644)
        fsync_dir(root)
        _crash("journal")
        for e in entries:
            if e.new is None:
                continue
            current = e.path
            tmp = root / e.tmp(txn)
            tmp.parent.mkdir(parents=True, exist_ok=True)
            _write_new(tmp, payloads[e.path], modes.get(e.path, 0o644))
            staged.append(tmp)
            _crash("stage")
        for folder in _dirs(root, entries):
            fsync_dir(folder)
        _crash("staged")
        current = JOURNAL_NAME
        _append(journal, {"commit": txn})
    except BaseException as exc:
        # Nothing has replaced anything yet: removing the staging files and the journal undoes all.
        # Every name this transaction may have staged, not only those it noted: a Ctrl-C between
        # a file's creation and its noting would otherwise leave it behind with no journal naming it.
        for tmp in {*staged, *(root / e.tmp(txn) for e in entries if e.new is not None)}:
            _unlink(tmp)
        _unlink(journal)
        if isinstance(exc, OSError):
            raise WriteError(_("cannot write: {reason}; nothing was changed").format(reason=exc.strerror or exc),
                             location=current) from None
        raise
    _crash("commit")
    with SignalsHeld():
        try:
            renamed = 0
            for e in entries:
                if e.new is not None:
                    current = e.path
                    os.replace(root / e.tmp(txn), root / e.path)
                    renamed += 1
                    if renamed == 1:
                        _crash("rename")
            _crash("renamed")
            for e in entries:
                if e.new is None:
                    current = e.path
                    _unlink(root / e.path)
            _crash("deleted")
            for folder in _dirs(root, entries):
                fsync_dir(folder)
            os.unlink(journal)
            fsync_dir(root)
        except BaseException as exc:
            detail = exc.strerror if isinstance(exc, OSError) else type(exc).__name__
            try:
                recover(root, force="back")
            except Exception:  # noqa: BLE001 - whatever stopped the undo, the message is the same
                raise WriteError(_("cannot write ({reason}) and could not undo what was written; the "
                                   "next planctl run finishes the undo").format(reason=detail),
                                 location=current) from None
            if isinstance(exc, OSError):
                raise WriteError(_("cannot write: {reason}; nothing was changed").format(reason=detail),
                                 location=current) from None
            raise


def _append(journal: Path, record: dict[str, Any]) -> None:
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    try:
        os.write(fd, (json.dumps(record) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


# -- recovering ----------------------------------------------------------------------------

@dataclass
class _Journal:
    txn: str
    pid: int
    label: str
    entries: list[Entry]
    old_bytes: dict[str, bytes]
    committed: bool


def _safe_path(value: Any) -> str:
    """A journal path we are willing to touch: relative, below `plan/`, no `..`, no NUL."""
    if not isinstance(value, str) or "\0" in value or "\\" in value:
        raise ValueError(_("a path is not a string"))
    p = PurePosixPath(value)
    if p.is_absolute() or ".." in p.parts or "." in p.parts or not p.parts or p.parts[0] != "plan" \
            or len(p.parts) < 2 or value != p.as_posix():
        raise ValueError(_("the path {path} is not a plan file").format(path=repr(value)))
    return value


def _sha_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    raise ValueError(_("a checksum is not sha256"))


def _read_journal(root: Path) -> _Journal | None:
    """The journal, validated; None if it is torn before its first record ended (nothing staged)."""
    path = root / JOURNAL_NAME
    fd = open_regular(path, os.O_RDONLY, what=N_("a journal"))
    try:
        size = os.fstat(fd).st_size
        if size > MAX_JOURNAL:
            raise JournalError(_("is {size} bytes, more than a planctl journal can be; "
                                 "remove it if no planctl wrote it").format(size=size), location=JOURNAL_NAME)
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    lines = b"".join(chunks).split(b"\n")
    if len(lines) < 2:  # no complete first record: it was being written, no file was staged yet
        return None
    try:
        head = json.loads(lines[0])
        if not isinstance(head, dict) or head.get("planctl-journal") != _FORMAT:
            raise ValueError(_("not a planctl journal"))
        txn = head["txn"]
        if not isinstance(txn, str) or not txn.isalnum() or len(txn) > 32:
            raise ValueError(_("a bad transaction id"))
        entries = []
        for item in head["entries"]:
            entries.append(Entry(_safe_path(item["path"]), _sha_or_none(item["old"]), _sha_or_none(item["new"])))
        old_bytes = {}
        for rel, text in dict(head.get("old-bytes", {})).items():
            data = base64.b64decode(text, validate=True)
            if not any(e.path == rel and e.old == sha256(data) for e in entries):
                raise ValueError(_("the saved bytes of {path} do not match their checksum").format(path=repr(rel)))
            old_bytes[rel] = data
        pid = head["pid"] if isinstance(head.get("pid"), int) else 0
        label = "".join(c for c in str(head.get("label", ""))[:200] if c.isprintable())
    except (ValueError, KeyError, TypeError) as exc:
        raise JournalError(_("cannot be read ({reason}); it is not one planctl wrote, or it is damaged: "
                             "check the plan with 'git status' and remove it").format(reason=exc),
                           location=JOURNAL_NAME) from None
    committed = False
    if lines[1].strip():
        try:
            committed = json.loads(lines[1]) == {"commit": txn}
        except ValueError:
            committed = False  # torn while being appended: not committed
    return _Journal(txn, pid, label, entries, old_bytes, committed)


def _inside(root: Path, rel: str) -> Path:
    """The path of a journal entry, provided its folder is really inside the root (no symlink out)."""
    path = root / rel
    real_parent = Path(os.path.realpath(path.parent))
    if real_parent != root and root not in real_parent.parents:
        raise JournalError(_("names {path}, whose folder leads outside the plan; not touched").format(path=rel),

                           location=JOURNAL_NAME)
    return path


def recover(root: Path, *, force: str | None = None) -> Recovery | None:
    """Finish or undo the transaction a dead planctl left (the caller holds the edit lock).

    None when there is no journal. `force="back"` undoes (used by a writer whose own
    renames failed). Raises JournalError for a journal that is not safe to act on.
    """
    root = Path(os.path.realpath(root))
    journal_path = root / JOURNAL_NAME
    if not journal_pending(root):
        return None
    journal = _read_journal(root)
    if journal is None:
        _unlink(journal_path)
        fsync_dir(root)
        return Recovery("back", "", 0)
    txn = journal.txn
    paths = {e.path: _inside(root, e.path) for e in journal.entries}
    state = {e.path: _digest_of(paths[e.path]) for e in journal.entries}
    ready = {e.path: e.new is not None and _digest_of(root / e.tmp(txn)) == e.new for e in journal.entries}

    def can_go_forward(e: Entry) -> bool:
        cur = state[e.path]
        if e.new is None:
            return cur in (e.old, None)
        return cur == e.new or (cur == e.old and ready[e.path])

    def can_go_back(e: Entry) -> bool:
        cur = state[e.path]
        return cur == e.old or (cur == e.new and (e.old is None or e.path in journal.old_bytes)) \
            or (e.new is None and cur is None and e.path in journal.old_bytes)

    if force == "back":
        direction = "back"
    elif journal.committed and all(can_go_forward(e) for e in journal.entries):
        direction = "forward"
    elif all(can_go_back(e) for e in journal.entries):
        direction = "back"
    else:
        direction = "forward" if journal.committed else "back"
    result = Recovery(direction, journal.label, journal.pid)
    for e in journal.entries:
        target, cur = paths[e.path], state[e.path]
        if direction == "forward":
            if not can_go_forward(e):
                result.conflicts.append(e.path)
            elif e.new is None:
                result.changed += _unlink(target)
            elif cur != e.new:
                os.replace(root / e.tmp(txn), target)
                result.changed += 1
        else:
            if not can_go_back(e):
                result.conflicts.append(e.path)
            elif cur == e.old:
                continue
            elif e.old is None:
                result.changed += _unlink(target)
            else:
                undo = root / e.undo_tmp(txn)
                _unlink(undo)
                mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
                _write_new(undo, journal.old_bytes[e.path], mode)
                os.replace(undo, target)
                result.changed += 1
    for e in journal.entries:
        result.temps_removed += _unlink(root / e.tmp(txn)) + _unlink(root / e.undo_tmp(txn))
    for folder in _dirs(root, journal.entries):
        if folder.is_dir():
            fsync_dir(folder)
    os.unlink(journal_path)
    fsync_dir(root)
    return result


# -- a folder swapped in whole (the website) ---------------------------------------------

def staging_path(target: Path) -> Path:
    """Where `staging_folder` builds the replacement of `target`: named by this process, so a
    Ctrl-C that lands between making the folder and keeping its name still knows what to remove."""
    target = Path(os.path.realpath(target))  # a symlinked output folder: build beside what it points to
    return target.parent / f".{target.name}.{os.getpid()}.tmp"


def staging_folder(target: Path) -> Path:
    """An empty hidden folder beside `target`, on the same file system, to build a replacement in
    (at `staging_path(target)`)."""
    staging = staging_path(target)
    target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_swaps(target)
    if staging.is_dir() and not staging.is_symlink():  # a dead process of the same number left it
        shutil.rmtree(staging)
    elif os.path.lexists(staging):
        os.unlink(staging)
    os.mkdir(staging, 0o700)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o777 & ~mask
    os.chmod(staging, mode)  # 0700 would hide a published site from the web server
    return staging


def swap_in_folder(staging: Path, target: Path, made: set[str]) -> None:
    """Put the folder built in `staging` at `target`, so a reader sees the old folder or the new.

    Entries of the old folder that `staging` does not make (names not in `made`, such as
    a CNAME file or a .git folder of a published site) are moved into the new one; the
    rest of the old folder is removed. Signals are held from the first rename to the
    last, so only a SIGKILL can stop it between them, and then the old folder is kept
    beside the target as `.NAME.*.old`.
    """
    target = Path(os.path.realpath(target))
    if not target.exists():
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    with SignalsHeld():  # the old folder's removal too: a Ctrl-C must not leave it beside the new one
        os.rename(target, old)
        os.rename(staging, target)
        for entry in os.listdir(old):
            if entry not in made:
                os.rename(old / entry, target / entry)
        shutil.rmtree(old, ignore_errors=True)


STALE_OLD = 10.0
"""Seconds after which a `.NAME.*.old` folder is a dead swap's: a live swap renames or removes its
entries continuously, and each of those changes the folder's ctime."""
STALE_STAGING = 600.0
"""Seconds after which an untouched `.NAME.*.tmp` staging folder is a dead build's."""


def clean_stale_swaps(target: Path) -> None:
    """Finish what a swap killed by SIGKILL left beside `target` (the next export's job).

    A `.NAME.*.old` folder is the old site (and the user's own files in it): put back at
    `target` if nothing is there, else its entries that `target` lacks are moved in, as
    the swap would have done, and it is removed. A dead build's staging folder is removed.
    """
    now = time.time()
    for entry in os.scandir(target.parent):
        name = entry.name
        if not (name.startswith(f".{target.name}.") and name.endswith((".old", ".tmp"))):
            continue
        if not entry.is_dir(follow_symlinks=False):
            continue
        path = Path(entry.path)
        age = now - entry.stat(follow_symlinks=False).st_ctime
        if name.endswith(".tmp"):
            if age > STALE_STAGING:
                shutil.rmtree(path, ignore_errors=True)
            continue
        if age <= STALE_OLD:
            continue
        if not os.path.lexists(target):
            os.rename(path, target)
            continue
        if target.is_dir() and not target.is_symlink():
            for inner in os.listdir(path):
                if not os.path.lexists(target / inner):
                    os.rename(path / inner, target / inner)
        shutil.rmtree(path, ignore_errors=True)
