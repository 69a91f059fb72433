"""T009: a link or url that is not an http(s) URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.checks.context import CheckContext
from planctl.diagnostics import Diagnostic, Severity
from planctl.i18n import N_, lazy
from planctl.model import JsonPath, Plan
from planctl.spec import KIND

ID = "T009"
NAME = "bad-link"
SEVERITY = Severity.WARNING
TYPE = "document"
CONF: dict[str, object] = {}
SUMMARY = N_("A link (links, url, online_link, registration_link) is not an absolute http:// or https:// URL.")
EXPLANATION = N_("""\
Links are published on the plan's website; anything but an absolute web
address is broken there (a file path, `www.` without a scheme, a mailto:).

Bad:

    links:
      - www.skolverket.se/digitalisering

Good:

    links:
      - https://www.skolverket.se/digitalisering""")


def check(plan: Plan, ctx: CheckContext) -> Iterator[Diagnostic]:
    for entity in plan.entities:
        data = entity.doc.mapping
        spots: list[tuple[JsonPath, object]] = []
        for name in _URL_FIELDS[entity.kind]:
            value = data.get(name)
            if isinstance(value, list):
                spots += [((name, i), v) for i, v in enumerate(value)]
            elif name in data:
                spots.append(((name,), value))
        for path, value in spots:
            if isinstance(value, str) and not is_web_url(value):
                yield ctx.diag(ID, SEVERITY, entity.doc, path, lazy("'{value}' is not an http(s) URL", value=value),
                               hint=lazy("write the full address, starting with https://"))


_URL_FIELDS = {k.name: tuple(f.name for f in k.fields if f.type == "url") for k in KIND.values()}

# scheme, a host with a dot (any script: räksmörgås.se), an optional port, then anything but spaces
_WEB_URL = re.compile(r"^https?://(?:[^\s/?#@:.]+\.)+[^\s/?#@:.]+(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE)


def is_web_url(value: str) -> bool:
    return _WEB_URL.match(value) is not None
