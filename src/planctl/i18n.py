"""The language planctl speaks: English (the source language) or Swedish, through gettext.

Messages are marked in the code and translated from the standard catalogue
`locale/sv/LC_MESSAGES/planctl.mo` (compiled from `planctl.po` by the install
step, `hatch_build.py`). Four ways to mark one:

- `_("text")`: translated now, for what is printed at once (errors, prompts);
- `ngettext("1 file", "{n} files", n)`: the same with plural forms;
- `N_("text")`: only marked, for a constant read at import (a rule's summary);
  whoever shows it calls `_()` on it then;
- `lazy("the goal {id} has no description", id=...)` and `lazy_plural(...)`: a
  diagnostic's message or hint. Its value as a `str` is the English text, so
  the cache, sorting and CI fingerprints are the same in every language; it is
  translated where it is shown (`shown`).

Cheap by design: importing this module imports nothing, and nothing is read
until a message is shown in a language other than English (`planctl --version`
and every English run never open a catalogue).

Which language (the first that says): `--lang`, `PLANCTL_LANG`, the POSIX locale
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`; `C`/`POSIX` means English), the
plan's `[plan] language` in planctl.toml, English.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import gettext

DOMAIN = "planctl"
SOURCE = "en"
LANGUAGES = ("en", "sv")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV = "PLANCTL_LANG"


class _State:
    """The choice of this run. The CLI resets it (`configure`) at the start of every run."""

    flag: str | None = None  # --lang
    plan: str | None = None  # [plan] language, once planctl.toml is read
    find_plan: Callable[[], object] | None = None  # reads it for a command that never loads the plan
    resolved: str | None = None
    catalogs: dict[str, gettext.NullTranslations] = {}  # noqa: RUF012 - one per process, by design


_state = _State()


def code_of(name: str) -> str:
    """`sv_SE.UTF-8` -> `sv`, `en` -> `en`, `C.UTF-8` -> `c`: the language part of a locale name."""
    for sep in ".@_-":
        name = name.split(sep, 1)[0]
    return name.strip().lower()


def from_locale(env: Mapping[str, str] | None = None) -> str | None:
    """The language the POSIX locale asks for, or None when no locale variable is set.

    The locale is the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set. `C` and
    `POSIX` mean English, as for every gettext program (and then `LANGUAGE` is not
    consulted, as GNU gettext does). Otherwise `LANGUAGE`, a list such as `sv:en`,
    names languages in order of preference, and the first planctl speaks wins. A
    language planctl has no catalogue for gets English, the source language.
    """
    env = os.environ if env is None else env
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if locale and code_of(locale) in ("c", "posix"):
        return SOURCE
    preferred = env.get("LANGUAGE", "")
    if preferred:
        for item in preferred.split(":"):
            if code_of(item) in LANGUAGES:
                return code_of(item)
        return SOURCE
    if locale:
        code = code_of(locale)
        return code if code in LANGUAGES else SOURCE
    return None


def _explicit(env: Mapping[str, str]) -> str | None:
    """`--lang`, else `PLANCTL_LANG` (when it names a language planctl speaks)."""
    if _state.flag:
        return _state.flag
    value = code_of(env.get(ENV, ""))
    return value if value in LANGUAGES else None


def configure(flag: str | None = None, find_plan: Callable[[], object] | None = None) -> None:
    """Start a run: `flag` is `--lang` (None: not given); `find_plan` reads the plan's
    `[plan] language` if a message needs it before the command has read planctl.toml
    (`planctl rules` never does). Forgets what an earlier run in the same process chose."""
    _state.flag = flag if flag in LANGUAGES else None
    _state.plan = None
    _state.find_plan = find_plan
    _state.resolved = None


def use_plan_language(language: object) -> None:
    """The plan's `[plan] language`, the last word before English (None: not set)."""
    _state.plan = language if isinstance(language, str) and language in LANGUAGES else None
    _state.find_plan = None
    _state.resolved = None


def language() -> str:
    """The language messages are shown in now."""
    if _state.resolved is None:
        env = os.environ
        found = _explicit(env) or from_locale(env)
        if found is None and _state.find_plan is not None:
            finder, _state.find_plan = _state.find_plan, None  # once, and never from inside itself
            use_plan_language(finder())
        _state.resolved = found or _state.plan or SOURCE
    return _state.resolved


def chosen() -> str | None:
    """The language the user chose for planctl itself (`--lang` or `PLANCTL_LANG`), or None.

    Exports and the report default to it before the plan's language: a document is
    for the plan's readers, so the terminal's locale does not change it, but a
    curator's explicit choice does."""
    return _explicit(os.environ)


def _catalog(lang: str) -> gettext.NullTranslations:
    found = _state.catalogs.get(lang)
    if found is None:
        import gettext

        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with open(path, "rb") as handle:
                found = gettext.GNUTranslations(handle)
        except (OSError, ValueError) as exc:  # no catalogue built (a bare checkout), or a damaged one
            import warnings

            from planctl.errors import PlanctlWarning

            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            # Kept before the warning is shown: showing it translates its prefix, which asks again.
            _state.catalogs[lang] = found = gettext.NullTranslations()
            warnings.warn(f"{path}: {reason}: messages stay in English (reinstall planctl: "
                          "'make' or 'pip install -e .' compiles the catalogue)", PlanctlWarning, stacklevel=2)
        _state.catalogs[lang] = found
    return found


def _(message: str) -> str:
    """`message` in the current language."""
    lang = language()
    if lang == SOURCE:
        return message
    return _catalog(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n` ("1 fel", "2 fel"; "1 insats", "2 insatser")."""
    lang = language()
    if lang == SOURCE:
        return singular if n == 1 else plural
    return _catalog(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a constant for the catalogue without translating it (gettext_noop)."""
    return message


class Msg(str):
    """A message whose `str` value is the English text, translated when shown.

    Diagnostics carry these as their message and hint: cached rows, sort keys and
    the fingerprints CI compares between runs stay the same whatever the language,
    and the text a person reads (`shown`) follows the language of the run that
    shows it, not of the run that found the problem. Arguments may be `Msg`s
    themselves (a kind's noun, a list of ids), translated with the message.
    """

    msgid: str
    plural: str | None
    n: int
    args: dict[str, Any]

    def __new__(cls, msgid: str, plural: str | None = None, n: int = 0, args: Mapping[str, Any] | None = None) -> Msg:
        values = dict(args or {})
        template = msgid if plural is None or n == 1 else plural
        self = super().__new__(cls, template.format(**values) if values or plural is not None else template)
        self.msgid, self.plural, self.n, self.args = msgid, plural, n, values
        return self

    def translated(self, lang: str) -> str:
        catalog = _catalog(lang)
        template = catalog.gettext(self.msgid) if self.plural is None else \
            catalog.ngettext(self.msgid, self.plural, self.n)
        if not self.args and self.plural is None:
            return template
        values = {k: v.translated(lang) if isinstance(v, Msg) else v for k, v in self.args.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the test suite's to catch
            return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled to and from the loader's worker processes
        return (Msg, (self.msgid, self.plural, self.n, self.args))


def lazy(msgid: str, /, **args: Any) -> Msg:
    """A message translated when shown; `args` fill its `{name}` fields."""
    return Msg(msgid, None, 0, args)


def lazy_plural(singular: str, plural: str, n: int, /, **args: Any) -> Msg:
    """`lazy` with plural forms; `{n}` in the text is the count."""
    return Msg(singular, plural, n, {"n": n, **args})


@overload
def shown(text: str) -> str: ...
@overload
def shown(text: None) -> None: ...
def shown(text: str | None) -> str | None:
    """What a person reads for `text`: a `Msg` in the current language; anything else as it is."""
    if not isinstance(text, Msg):
        return text
    lang = language()
    return str.__str__(text) if lang == SOURCE else text.translated(lang)


_KIND_WORDS = {
    "goal": (N_("a goal"), N_("goals")),
    "initiative": (N_("an initiative"), N_("initiatives")),
    "owner": (N_("an owner"), N_("owners")),
    "event": (N_("an event"), N_("events")),
    "need": (N_("a need"), N_("needs")),
}


def a_kind(kind: str) -> str:
    """"a goal", "an initiative", "an owner" ("ett mål", "en insats", "en aktör") as a message argument."""
    return lazy(_KIND_WORDS[kind][0]) if kind in _KIND_WORDS else kind


def kinds(kind: str) -> str:
    """"goals", "initiatives", "owners" ("mål", "insatser", "aktörer") as a message argument."""
    return lazy(_KIND_WORDS[kind][1]) if kind in _KIND_WORDS else kind + "s"


def did_you_mean(candidate: str) -> Msg:
    """The hint every suggestion shares."""
    return lazy("did you mean '{candidate}'?", candidate=candidate)


def tr(text: str) -> str:
    """A text marked with `N_` (or a `Msg`), in the current language: a rule's summary, say."""
    return shown(text) if isinstance(text, Msg) else _(text)


def with_hint(message: str, hint: str | None) -> str:
    """One line of message and hint, for the formats that have no field for a hint."""
    return _("{message} (hint: {hint})").format(message=shown(message), hint=shown(hint)) if hint else shown(message)


def freeze(text: str | None) -> Any:
    """`text` as plain data for the cache (marshal holds no `str` subclass); see `thaw`."""
    if not isinstance(text, Msg):
        return text
    return (text.msgid, text.plural, text.n, tuple((k, freeze(v)) for k, v in text.args.items()))


def thaw(value: Any) -> Any:
    """The message `freeze` stored: a `Msg` again, or the plain string it was."""
    if not isinstance(value, tuple):
        return value
    msgid, plural, n, args = value
    return Msg(msgid, plural, n, {k: thaw(v) for k, v in args})


_KIND_NOUN = {"goal": N_("goal"), "initiative": N_("initiative"), "owner": N_("owner"), "event": N_("event"),
              "need": N_("need")}


def kind_noun(kind: str) -> str:
    """A kind as a word in a sentence, a heading or a column, now ("insats"); another word as it is."""
    return _(_KIND_NOUN[kind]) if kind in _KIND_NOUN else kind


def counted(kind: str, n: int) -> str:
    """"1 initiative", "2 initiatives" ("1 insats", "2 insatser"; "2 mål"): a count of a kind, now.

    One call per kind, so that the catalogue holds each noun's own plural forms."""
    if kind == "goal":
        return ngettext("{n} goal", "{n} goals", n).format(n=n)
    if kind == "owner":
        return ngettext("{n} owner", "{n} owners", n).format(n=n)
    if kind == "event":
        return ngettext("{n} event", "{n} events", n).format(n=n)
    if kind == "need":
        return ngettext("{n} need", "{n} needs", n).format(n=n)
    return ngettext("{n} initiative", "{n} initiatives", n).format(n=n)
