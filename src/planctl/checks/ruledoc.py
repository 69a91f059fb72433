"""The rule reference as Markdown, made from the registry (`planctl rules --format markdown`).

docs/checks.md holds this text between two marker comments, so the reference
a reader sees is what the rule modules say: a rule's summary, severity,
options and explanation are written once, next to its code. The prose around
the markers is kept as it is; `scripts/gen_checks_doc.py` rewrites what is
between them, and a test fails when the two have drifted apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from planctl.checks.registry import FAMILIES, Rule
from planctl.i18n import _, tr

BEGIN = "<!-- begin generated: planctl rules --format markdown -->"
END = "<!-- end generated: edit the rule modules, then run python scripts/gen_checks_doc.py -->"
REGENERATE = "python scripts/gen_checks_doc.py"


def rule_markdown(rule: Rule) -> str:
    """One code's section: heading, summary with its defaults, then the explanation."""
    head = _("{summary} Default severity **{severity}**").format(summary=tr(rule.summary),
                                                                  severity=rule.severity.label)
    if rule.fixable:
        head += _(", fixable")
    if rule.conf:
        head += _("; options: {options}").format(options=", ".join(
            _("`{name}` (default `{value}`)").format(name=name, value=json.dumps(value))
            for name, value in rule.conf.items()))
    parts = [f"### {rule.code} {rule.name}\n{head}.\n"]
    if rule.explanation:
        parts.append(f"\n{tr(rule.explanation)}\n")
    return "".join(parts)


def reference_markdown(rules: Iterable[Rule]) -> str:
    """Every code, under a heading per family, in catalogue order."""
    out: list[str] = []
    family = None
    for rule in rules:
        if rule.family != family:
            family = rule.family
            out.append(_("## Codes {family}: {name}").format(family=family, name=tr(FAMILIES[family])) + "\n")
        out.append(rule_markdown(rule))
    return "\n".join(out)


def update_document(text: str, generated: str) -> str:
    """`text` with what stands between the markers replaced by `generated`.

    Raises ValueError when the markers are missing or out of order, rather than
    guessing where the reference belongs."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start or text.count(BEGIN) != 1 or text.count(END) != 1:
        raise ValueError(f"the document needs exactly one {BEGIN!r} and, after it, one {END!r}")
    return f"{text[:start + len(BEGIN)]}\n{generated}{text[end:]}"


def generated_part(text: str) -> str:
    """What stands between the markers now (for a test to compare)."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return ""
    return text[start + len(BEGIN) + 1:end]
