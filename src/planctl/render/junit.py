"""JUnit XML for CI test reports (GitLab, Jenkins, Azure): one test case per file.

A file with errors or warnings fails, each problem one <failure>; info-level
notes go to the case's <system-out> and do not fail it.

Only the attributes of the Jenkins xunit plugin's JUnit schema are written,
since it validates a report before reading it and refuses an unknown one. The
single exception is GitLab's `file` on <testcase>, which its test report shows
and links: written only inside a GitLab CI job (`GITLAB_CI=true`, as GitLab sets
it), the one consumer that reads it.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from itertools import groupby

from planctl.diagnostics import Diagnostic, Severity
from planctl.render import RenderContext
from planctl.render.stable import repo_prefix

_XML_BAD = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 65534, 65535])


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, even escaped; plan data might."""
    return text.translate(_XML_BAD)


def _line(d: Diagnostic) -> str:
    return _clean(f"{d.location}: {d.code} [{d.severity.label}] {d.message}" + (f" (hint: {d.hint})" if d.hint else ""))


def gitlab() -> bool:
    """Inside a GitLab CI job, whose JUnit reader takes `file` on a test case."""
    return os.environ.get("GITLAB_CI") == "true"


def render(diagnostics: list[Diagnostic], ctx: RenderContext) -> str:
    prefix = repo_prefix(ctx.root) if gitlab() else None
    by_file = {path: list(group) for path, group in groupby(diagnostics, key=lambda d: d.path)}
    paths = sorted(set(getattr(ctx, "paths", ()) or ()) | set(by_file))
    suites = ET.Element("testsuites", name="planctl")
    suite = ET.SubElement(suites, "testsuite", name="planctl check")
    failures = 0
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="planctl", name=_clean(path))
        if prefix is not None:  # GitLab links it to the file in the repository
            case.set("file", _clean(prefix + path))
        problems = by_file.get(path, [])
        failing = [d for d in problems if d.severity >= Severity.WARNING]
        for d in failing:
            failure = ET.SubElement(case, "failure", type=d.code, message=_clean(f"{d.code} {d.message}"))
            failure.text = _line(d)
        if failing:
            failures += 1
        notes = [d for d in problems if d.severity < Severity.WARNING]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(_line(d) for d in notes)
    for element in (suites, suite):
        element.set("tests", str(len(paths)))
        element.set("failures", str(failures))
        element.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
