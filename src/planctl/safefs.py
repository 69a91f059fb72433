"""Opening the files a cloned repository controls without trusting what they are.

A plan repository comes from many hands, and a clone can carry a FIFO, a
device or a symbolic link wherever planctl expects a file of its own
(`planctl.toml`, `plan/.planctl-ids`, `.planctl_cache/`) or a folder of plan
files. Reading a FIFO blocks forever, `/dev/zero` never ends, and writing
through a link that points outside the repository changes a file that is not
the plan's. Every such file is therefore opened here: without following a
final symbolic link, without blocking, checked with `fstat` to be a regular
file (on the descriptor, so nothing can be swapped in between) and read only
up to a size limit. Errors are `OSError`s that carry the file name, so whoever
reports them can say which file and why in one line.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from planctl.i18n import _

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafeFile(OSError):
    """A path that is not a regular file (or folder) planctl may read or replace.

    `strerror` says what it is instead ("a FIFO (named pipe)"), `filename`
    which path; `errno` is EINVAL so that callers treating every OSError alike
    still do the right thing.
    """

    def __init__(self, path: str | os.PathLike[str], why: str) -> None:
        super().__init__(errno.EINVAL, why, os.fspath(path))


class TooLarge(UnsafeFile):
    """A regular file over the size the reader accepts (a hostile or corrupt file)."""


def kind_of(mode: int) -> str:
    """What a file is, in words, for a message that refuses it."""
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    return _("not a regular file")


def _not_regular(mode: int) -> str:
    return _("{what}, not a regular file").format(what=kind_of(mode))


def open_regular(path: str | os.PathLike[str], *, follow: bool = False, flags: int = os.O_RDONLY,
                 mode: int = 0o644) -> tuple[int, os.stat_result]:
    """A descriptor of a regular file, and its `fstat` (`flags` O_RDWR | O_CREAT for a file
    planctl makes, such as its lock or journal).

    Without `follow`, a symbolic link is refused (O_NOFOLLOW); opening never
    blocks (O_NONBLOCK: a FIFO opens at once and is then refused), and a
    device is refused before it is opened when `lstat` can tell.
    """
    try:
        early = os.lstat(path) if not follow else os.stat(path)
    except OSError:
        early = None  # let open() report it, with its own errno
    if early is not None and not stat.S_ISREG(early.st_mode) and not stat.S_ISLNK(early.st_mode):
        raise UnsafeFile(path, _not_regular(early.st_mode))
    flags |= NONBLOCK | CLOEXEC | getattr(os, "O_BINARY", 0) | (0 if follow else NOFOLLOW)
    try:
        fd = os.open(path, flags, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise UnsafeFile(path, "a symbolic link, which planctl does not follow here") from None
        if exc.errno in (errno.EISDIR, errno.ENXIO):  # a folder; a FIFO with no reader, opened to write
            raise UnsafeFile(path, _not_regular(os.lstat(path).st_mode)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(path, _not_regular(info.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_fd(fd: int, size_hint: int, limit: int, path: str | os.PathLike[str]) -> bytes:
    """All of a descriptor's bytes, refusing more than `limit` (the file may grow meanwhile)."""
    data = os.read(fd, min(size_hint, limit) + 1)
    if len(data) <= size_hint and len(data) <= limit:
        return data  # the usual case: all of it in one read
    chunks = [data]
    total = len(data)
    while total <= limit and (chunk := os.read(fd, 1 << 16)):
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise TooLarge(path, _("larger than {limit} bytes").format(limit=limit))
    return b"".join(chunks)


def read_regular(path: str | os.PathLike[str], limit: int, *, follow: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see `open_regular`)."""
    fd, info = open_regular(path, follow=follow)
    try:
        if info.st_size > limit:
            raise TooLarge(path, _("{size} bytes, over the limit of {limit} bytes").format(size=info.st_size,
                                                                                            limit=limit))
        return read_fd(fd, info.st_size, limit, path)
    finally:
        os.close(fd)


def inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether `path`, with every symbolic link resolved, lies in `root` (also resolved)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def check_folder(root: Path, folder: Path) -> bool:
    """Whether `folder` exists as a folder inside `root`; a symbolic link is fine if it
    resolves inside `root`. Raises `UnsafeFile` for a link out of it, or a non-folder."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        if not inside(folder, root):
            raise UnsafeFile(folder, _("a symbolic link to {target}, outside the plan root; planctl neither reads "
                                       "nor writes there").format(target=os.path.realpath(folder)))
        info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFile(folder, _("{what}, not a folder").format(what=kind_of(info.st_mode)))
    return True


def check_replaceable(root: Path, path: Path, *, links: bool = False) -> None:
    """Refuse to write `path` unless it is (or will be) a regular file inside `root`.

    Its folder must resolve inside `root`. An existing `path` must be a regular
    file; a symbolic link is refused, or with `links` allowed when it resolves
    inside `root` (plan files may be links within the plan, as git stores them).
    """
    parent = path.parent
    if not inside(parent, root):
        raise UnsafeFile(parent, _("resolves to {target}, outside the plan root; planctl writes nothing there").format(
            target=os.path.realpath(parent)))
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        if not links:
            raise UnsafeFile(path, _("a symbolic link; planctl does not write through it"))
        if not inside(path, root):
            raise UnsafeFile(path, _("a symbolic link to {target}, outside the plan root; planctl does not write "
                                     "through it").format(target=os.path.realpath(path)))
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(path, _("{what}, not a regular file; planctl does not replace it").format(
            what=kind_of(info.st_mode)))

