"""What an id may look like, and why a given text is not one.

An id names a file (`plan/initiatives/INI-012.yaml`), a git trailer
(`Plan-Added: INI-012`) and a line in minutes, so it must be one line of plain
ASCII: a newline would split a trailer block, a `/` or `..` would leave the
plan's folder, a Cyrillic `А` would look like `A` but name another file, and a
decomposed `Å` would be a second name for the same-looking file.

Whether an id fits its kind's pattern is `planctl.spec`'s and the schemas' to
say (their patterns end in `(?!\\n)$`: Python's `$` also matches before a final
newline). This module says what no id can ever hold, and imports nothing from
planctl but `planctl.i18n` (which imports nothing), so any layer can ask it.
"""  # noqa: RUF002 - the Cyrillic letter is the example of a homoglyph

from __future__ import annotations

import unicodedata

from planctl.i18n import _

MAX_LENGTH = 64
"""Far above any real id (the longest owner id in the bundled plan has 20 characters); a file name stays short."""


def _character(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}{' ' + name if name else ''}"


def unsafe(text: str) -> str | None:
    """Why `text` can never be an id of any file, whatever the plan holds; None when it could be.

    Command-line ids are refused by this alone. Whether an id fits its kind's
    pattern is the schema's to say, as a located S005 on the edited file (so an
    existing id that breaks the pattern, such as an owner `Skolverket`, stays
    reachable and `planctl mv Skolverket skolverket` can fix it).
    """
    if not text:
        return _("an id cannot be empty")
    if len(text) > MAX_LENGTH:
        return _("an id has at most {limit} characters, this one {n}").format(limit=MAX_LENGTH, n=len(text))
    if "\x00" in text:
        return _("an id cannot hold a NUL character")
    for ch in text:
        if ch in "\n\r\x0b\x0c\x85\u2028\u2029":
            return _("an id cannot hold a line break ({character})").format(character=_character(ch))
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return _("an id cannot hold the invisible or control character {character}").format(
                character=_character(ch))
        if ch.isspace():
            return _("an id cannot hold white space ({character})").format(character=_character(ch))
    if "/" in text or "\\" in text or text in (".", "..") or text.startswith("."):
        return _("an id cannot hold '/' or '\\' or start with '.': it names a file in the plan's folder")
    for index, ch in enumerate(text):
        if ord(ch) > 0x7F:
            if unicodedata.combining(ch):
                return _("character {n} is the combining mark {character} (a decomposed, NFD, letter): an id is "
                         "plain ASCII").format(n=index + 1, character=_character(ch))
            return _("character {n} is {character}: an id is plain ASCII").format(n=index + 1,
                                                                                  character=_character(ch))
    return None

