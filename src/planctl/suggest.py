"""Did-you-mean, decided once: what to offer for an id, or a word, that is not there.

A suggestion is worth printing only if acting on it could be right. So it is never the
text that was given, never an id the field cannot hold (the caller passes only the ids
it can: sub-goals for an initiative's `goals`, focus areas for a goal's `parent`, not the
entity itself), and never a fuzzy match between numbers: FO9.9 is not a typo of FO2.9,
nor INI-099 of INI-009; they differ in what they say, not in how they are spelt. For a
sub-goal of an existing focus area the useful answer is that area's sub-goals; for a
well-formed id nothing resembles, it is nothing.

The checks, the views, the `--where` language and the edits all ask this module, so they
agree on what is worth suggesting.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from planctl import spec
from planctl.i18n import Msg, did_you_mean as _did_you_mean, lazy

CUTOFF = 0.6
"""difflib's ratio below which two texts are not taken for one another (its own default)."""
LISTED = 5
"""Ids one hint names at most ("FO1's sub-goals are FO1.1, FO1.2, …")."""


def close(text: str, options: Iterable[str]) -> str | None:
    """The option a misspelt `text` most likely meant; never `text` itself.

    The same letters in another case or spacing win outright (`Skolverket` for
    `skolverket`, `ini-001` for `INI-001`); otherwise the closest by difflib's ratio, as
    written, then ignoring case. Two options equally close are a guess, not a suggestion:
    none is offered (FOO1 is as close to FO1.1 as to FO2.1). The option is returned as it
    is written.
    """
    others = [o for o in dict.fromkeys(options) if o != text]
    if not others:
        return None
    folded = {spec.fold(o): o for o in reversed(others)}  # the first of equal folds wins
    if spec.fold(text) in folded:
        return folded[spec.fold(text)]
    found = _closest(text, others)
    if found is None:
        best = _closest(spec.fold(text), list(folded))
        found = folded[best] if best is not None else None
    return found


def _closest(text: str, options: list[str]) -> str | None:
    """As `difflib.get_close_matches(text, options, n=1)`, but None on a tie for the best."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(text)
    scored: list[tuple[float, str]] = []
    for option in options:
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, option))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def did_you_mean(text: str, options: Iterable[str]) -> Msg | None:
    """`did you mean 'X'?` for the closest option (`close`), or None."""
    found = close(text, options)
    return _did_you_mean(found) if found else None


def numbered_kind(text: str) -> spec.Kind | None:
    """The kind whose numbered ids `text` is one of, well formed (INI-099, FO2.3), or None."""
    for kind in spec.KIND.values():
        if kind.numbered and kind.id_regex.match(text):
            return kind
    return None


def _listed(ids: list[str]) -> str:
    shown = ids[:LISTED]
    more = len(ids) - len(shown)
    if len(shown) == 1 and not more:
        return shown[0]
    if more:
        return lazy("{ids} and {n} more", ids=", ".join(shown), n=more)
    return lazy("{ids} and {last}", ids=", ".join(shown[:-1]), last=shown[-1])


def id_hint(text: str, ids: Collection[str], prefix: str = "") -> Msg | None:
    """A hint for an id that is not among `ids` (the ids the reference can hold), or None.

    A well-formed numbered id is never matched fuzzily. A sub-goal's (FO1.9) is answered
    with the sub-goals of its focus area among `ids`, when there are any; a focus area's
    (FO9) with the focus area of a sub-goal given where one is wanted (FO1 for FO1.2).
    Anything else (an owner's id, a typo such as `F01.1` or `fo1.1`) gets the closest id.
    `prefix` goes before every id the hint names: an upstream plan's ids are offered as
    a member plan writes them (`nat:FO1.2`, see planctl.federation).
    """
    others = [i for i in ids if i != text]
    kind = numbered_kind(text)
    if kind is None:
        found = close(text, others)
        return _did_you_mean(prefix + found) if found else None
    folded = [o for o in others if spec.fold(o) == spec.fold(text)]
    if folded:
        return _did_you_mean(prefix + folded[0])
    if kind.name == spec.GOAL.name:
        area = text.split(".", 1)[0]
        if "." in text:
            from planctl.export.collate import sort_key  # only when there is a hint to phrase

            siblings = sorted((o for o in others if o.startswith(area + ".")), key=sort_key)
            if siblings:
                return lazy("{area}'s sub-goals are {ids}", area=prefix + area,
                            ids=_listed([prefix + o for o in siblings]))
        if area != text and area in others:  # FO1.2 where a focus area is wanted
            return _did_you_mean(prefix + area)
    return None

