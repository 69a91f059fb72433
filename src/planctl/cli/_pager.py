"""Long output through a pager on a terminal, as git does (`list`, `log`, `show`, `diff`, `rules`).

Only when stdout is a terminal. The pager is `PLANCTL_PAGER`, else `PAGER`, else `less -FRX`;
an empty value or `cat` means none, `--no-pager` too. As git does, `LESS=FRX` and `LV=-c` are set
for the pager when unset: with -F less quits at once when the text fits one screen, -R shows
colour, -X leaves the text on the screen afterwards.

The command writes into a buffer that says it is a terminal (so it sizes tables and colours its
output as for one, which the pager shows), and the whole text goes to the pager when the command
is done: a pager that cannot be started (no such program: a missing one, or the shell's 126/127)
means the text is printed as it is. A pager quit before it has read everything is not an error,
and Ctrl-C while it runs is the pager's (less stops a search): planctl waits for it to end.
"""

from __future__ import annotations

import io
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DEFAULT = "less -FRX"
_SHELL = set("|&;<>()$`\\\"'*?[#~=%\n")
"""A pager command with any of these is run by the shell (git's rule); else it is exec'd directly."""


def pager_command(environ: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """The pager to use, or None: PLANCTL_PAGER, then PAGER (git's GIT_PAGER, then PAGER);
    a variable that is set but empty, or `cat`, turns paging off."""
    env = os.environ if environ is None else environ
    for name in ("PLANCTL_PAGER", "PAGER"):
        if name in env:
            value = env[name].strip()
            return None if value in ("", "cat") else value
    return DEFAULT


class _Captured(io.TextIOWrapper):
    """stdout while a command runs: bytes for the pager, and a terminal to whoever asks."""

    def __init__(self, like: Any) -> None:
        super().__init__(io.BytesIO(), encoding=getattr(like, "encoding", None) or "utf-8",
                         errors=getattr(like, "errors", None) or "strict", write_through=True)

    def isatty(self) -> bool:
        return True

    def data(self) -> bytes:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue()


@contextmanager
def paging() -> Iterator[None]:
    """Page what the block prints to stdout, when stdout is a terminal and a pager is wanted."""
    from planctl.cli.common import state

    command = pager_command() if state.pager and sys.stdout.isatty() else None
    if command is None:
        yield
        return
    real = sys.stdout
    captured = _Captured(real)
    sys.stdout = captured
    try:
        yield
    except KeyboardInterrupt:  # stopped before it was done: nothing to page
        sys.stdout = real
        raise
    finally:
        if sys.stdout is captured:
            sys.stdout = real
            data = captured.data()
            if data:
                show(command, data, real)


def show(command: str, data: bytes, out: Any) -> None:
    """Run the pager on `data`; print `data` to `out` when no pager could be started."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        argv: list[str] | None = shlex.split(command)
    except ValueError:  # an unclosed quote: the shell will say so
        argv = None
    run: str | list[str] = argv if argv and not _SHELL & set(command) else command
    shell = isinstance(run, str)
    try:
        proc = subprocess.Popen(run, shell=shell, stdin=subprocess.PIPE, env=env)
    except OSError:  # no such program, not executable
        _plain(data, out)
        return
    try:
        previous: Any = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        previous = _UNSET
    try:
        proc.communicate(data)  # a pager quit early (q) is a broken pipe that communicate() ignores
    finally:
        if previous is not _UNSET:
            signal.signal(signal.SIGINT, previous)
    if shell and proc.returncode in (126, 127):  # the shell found no such program
        _plain(data, out)


_UNSET = object()


def _plain(data: bytes, out: Any) -> None:
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode(getattr(out, "encoding", None) or "utf-8", "replace"))
        out.flush()
