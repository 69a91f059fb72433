"""A member plan's exports show a national sub-goal's title beside its namespaced id, read from
the pinned upstream revision the cache already holds: never fetched for an export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from fedplans import member_repo, national_repo
from gitplan import ISOLATED, isolate

TITLE = "Strategisk ledning av digitaliseringen"  # FO1.2 of the national plan (SMALL_PLAN)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


NEED = ("id: BEH-001\ntitle: Nationell samordning\n"
        "description: Kommunens skolor efterfrågar en nationell samordning av digitaliseringen.\n"
        "raised_by:\n  - kommunen\ngoals:\n  - nat:FO1.2\n")


def _member(tmp_path: Path) -> tuple[Path, Path]:
    national, rev = national_repo(tmp_path)
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    (member / "plan/needs").mkdir(exist_ok=True)
    (member / "plan/needs/BEH-001.yaml").write_text(NEED, encoding="utf-8")  # a need names goals too
    assert invoke("check", cwd=member).exit_code == 0  # fetches the upstream into the cache
    return national, member


def test_every_export_shows_the_national_title_beside_the_namespaced_id(tmp_path: Path) -> None:
    national, member = _member(tmp_path)
    shutil.rmtree(national)  # an export never needs the upstream: only what the cache holds
    csv = invoke("export", "csv", cwd=member)
    assert csv.exit_code == 0, csv.stderr
    assert f"nat:FO1.2 {TITLE}" in csv.stdout
    document = json.loads(invoke("export", "json", cwd=member).stdout)
    initiative = document["initiatives"][0]
    assert {"id": "nat:FO1.2", "title": TITLE} in initiative["goals"]
    assert {"id": "FO1.1", "title": "Personalens kompetens"} in initiative["goals"]  # a local goal, as ever
    report = invoke("report", "--date", "2026-12-01", cwd=member)
    assert report.exit_code == 0, report.stderr
    assert f"nat:FO1.2 {TITLE}" in report.stdout  # the need's goals, among its facts
    mapping = report.stdout[report.stdout.index("## 2. Kartläggning"):report.stdout.index("## 3. ")]
    assert f"### Nationella delmål som planens insatser tjänar\n\n#### nat:FO1.2 {TITLE}\n\n" \
           "- **INI-001** Lokal fortbildning 1\n" in mapping
    site = tmp_path / "site"
    assert invoke("export", "html", "-o", str(site), cwd=member).exit_code == 0
    page = (site / "initiatives/INI-001.html").read_text(encoding="utf-8")
    assert f"nat:FO1.2 {TITLE}" in page
    assert 'href="../goals/nat' not in page  # no page of the member's own for a national goal
    # the installed planctl, as a subprocess, says the same
    done = run_planctl("export", "csv", cwd=member, env=ISOLATED)
    assert done.exit_code == 0 and f"nat:FO1.2 {TITLE}" in done.stdout
    assert list((member / ".planctl_cache/upstream").glob("titles-*.json"))  # kept by the pinned commit


def test_with_no_upstream_cache_an_export_shows_the_id_alone_without_an_error(tmp_path: Path) -> None:
    national, member = _member(tmp_path)
    shutil.rmtree(member / ".planctl_cache")
    shutil.rmtree(national)  # unreachable too: an export must not try
    done = run_planctl("export", "csv", cwd=member, env=ISOLATED)
    assert done.exit_code == 0, done.stderr
    assert "nat:FO1.2" in done.stdout and TITLE not in done.stdout
    assert done.stderr == ""
    document = json.loads(run_planctl("export", "json", cwd=member, env=ISOLATED).stdout)
    assert {"id": "nat:FO1.2", "title": None} in document["initiatives"][0]["goals"]
    assert not (member / ".planctl_cache/upstream").exists()  # nothing was fetched


def test_a_national_title_with_markup_reaches_the_site_and_the_report_escaped(tmp_path: Path) -> None:
    from gitplan import git

    national, rev = national_repo(tmp_path)
    path = national / "plan/goals/FO1.2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(TITLE, "<script>alert(1)</script> & | x"),
                    encoding="utf-8")
    git(national, "commit", "-qam", "fix(plan): a title")
    rev = git(national, "rev-parse", "HEAD").strip()
    member = member_repo(tmp_path, "member", str(national), rev, ["nat:FO1.2"])
    assert invoke("check", cwd=member).exit_code == 0
    site = tmp_path / "site"
    assert invoke("export", "html", "-o", str(site), cwd=member).exit_code == 0
    page = (site / "initiatives/INI-001.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; | x" in page
    (member / "plan/needs").mkdir(exist_ok=True)
    (member / "plan/needs/BEH-001.yaml").write_text(NEED, encoding="utf-8")
    html = invoke("report", "-f", "html", "--date", "2026-12-01", cwd=member)
    assert html.exit_code == 0, html.stderr
    assert "<script>alert(1)" not in html.stdout and "&lt;script&gt;alert(1)" in html.stdout
    assert "<h4>nat:FO1.2 &lt;script&gt;alert(1)&lt;/script&gt; &amp; | x</h4>" in html.stdout
