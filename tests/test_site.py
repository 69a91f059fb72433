"""The static site as a folder that people follow: written whole or not at all, only where it
belongs, with its publisher, its "last updated", its latest changes and their Atom feed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from conftest import CONFIG, PLANCTL, SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env as git_env, git, plan_git_repo

ATOM = "{http://www.w3.org/2005/Atom}"


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` and its bytes (hidden ones too)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _beside(folder: Path) -> list[str]:
    """Hidden staging or swap folders an export left beside `folder`."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


# -- where a site may go -----------------------------------------------------------------------

def test_after_rm_and_a_new_export_the_removed_initiatives_page_is_gone(plan_repo: Path) -> None:
    assert run_planctl("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    assert (plan_repo / "site/initiatives/INI-002.html").is_file()
    (plan_repo / "site/CNAME").write_text("plan.example.se\n", encoding="utf-8")  # the publisher's own file
    removed = run_planctl("rm", "INI-002", cwd=plan_repo)
    assert removed.exit_code == 0, removed.stderr
    result = run_planctl("export", "html", "-o", "site", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert not (plan_repo / "site/initiatives/INI-002.html").exists()
    assert (plan_repo / "site/initiatives/INI-001.html").is_file()
    assert "INI-002" not in (plan_repo / "site/index.html").read_text(encoding="utf-8")
    assert "INI-002" not in (plan_repo / "site/search-index.js").read_text(encoding="utf-8")
    assert (plan_repo / "site/CNAME").read_text(encoding="utf-8") == "plan.example.se\n"
    assert _beside(plan_repo / "site") == []


def test_an_export_into_a_folder_of_unrelated_files_is_refused_and_leaves_it_untouched(plan_repo: Path) -> None:
    target = plan_repo / "docs"
    (target / "notes").mkdir(parents=True)
    (target / "index.html").write_text("<p>my own page</p>\n", encoding="utf-8")
    (target / "notes/a.txt").write_text("a\n", encoding="utf-8")
    before = _tree(target)
    result = run_planctl("export", "html", "-o", "docs", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == ("planctl: error: docs is not empty and holds no site planctl made (no .planctl-site "
                             "in it); choose a new or empty folder, or pass --force to write the site into it\n")
    assert result.stdout == ""
    assert _tree(target) == before
    assert _beside(target) == []


def test_force_writes_the_site_into_it_and_keeps_the_other_files(plan_repo: Path) -> None:
    target = plan_repo / "docs"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = invoke("export", "html", "-o", "docs", "--force", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (target / "index.html").is_file() and (target / ".planctl-site").is_file()
    # From now on it is a planctl site: no --force needed.
    assert invoke("export", "html", "-o", "docs", cwd=plan_repo).exit_code == 0


def test_an_empty_folder_and_a_site_of_an_older_planctl_are_accepted(plan_repo: Path) -> None:
    (plan_repo / "empty").mkdir()
    assert invoke("export", "html", "-o", "empty", cwd=plan_repo).exit_code == 0
    old = plan_repo / "old"
    old.mkdir()  # a site made before the marker: its index.html names planctl as its generator
    (old / "index.html").write_text('<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
                                    '<meta name="generator" content="planctl">\n', encoding="utf-8")
    assert invoke("export", "html", "-o", "old", cwd=plan_repo).exit_code == 0
    assert (old / ".planctl-site").is_file()


def test_the_marker_lists_the_files_and_what_an_earlier_site_made_is_removed(plan_repo: Path) -> None:
    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    marker = json.loads((plan_repo / "site/.planctl-site").read_text(encoding="utf-8"))
    assert marker["generator"] == "planctl"
    on_disk = sorted(p.relative_to(plan_repo / "site").as_posix() for p in (plan_repo / "site").rglob("*")
                     if p.is_file() and p.name != ".planctl-site")
    assert marker["files"] == on_disk
    # A page an older planctl made and this one does not: it goes. A hidden name listed is never removed.
    (plan_repo / "site/calendar-old.html").write_text("old\n", encoding="utf-8")
    (plan_repo / "site/.well-known").mkdir()
    marker["files"] += ["calendar-old.html", ".well-known/x"]
    (plan_repo / "site/.planctl-site").write_text(json.dumps(marker), encoding="utf-8")
    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    assert not (plan_repo / "site/calendar-old.html").exists()
    assert (plan_repo / "site/.well-known").is_dir()


def test_a_symlinked_target_out_of_the_repository_is_refused(plan_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (plan_repo / "site").symlink_to(outside)
    result = invoke("export", "html", "-o", "site", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == (f"planctl: error: site: a symbolic link leads out of the repository, to {outside}; "
                             "planctl writes no site there\n")
    assert list(outside.iterdir()) == []
    # Through a linked parent folder, too.
    (plan_repo / "out").symlink_to(outside)
    assert invoke("export", "html", "-o", "out/site", cwd=plan_repo).exit_code == 2
    assert list(outside.iterdir()) == []
    # A link that stays inside the repository is followed: the site is built where it points.
    (plan_repo / "real").mkdir()
    (plan_repo / "inside").symlink_to(plan_repo / "real")
    assert invoke("export", "html", "-o", "inside", cwd=plan_repo).exit_code == 0
    assert (plan_repo / "inside").is_symlink() and (plan_repo / "real/index.html").is_file()


@pytest.mark.parametrize("target", [".", "plan", "plan/site", "schema"])
def test_the_plans_own_folders_are_refused_even_with_force(plan_repo: Path, target: str) -> None:
    (plan_repo / "schema").mkdir(exist_ok=True)
    before = _tree(plan_repo)
    result = invoke("export", "html", "-o", target, "--force", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == (f"planctl: error: {target}: this folder holds the plan itself; "
                             "write the site to a folder of its own\n")
    assert _tree(plan_repo) == before


def test_a_file_where_the_folder_belongs_is_refused(plan_repo: Path) -> None:
    (plan_repo / "site").write_text("x\n", encoding="utf-8")
    result = invoke("export", "html", "-o", "site", cwd=plan_repo)
    assert (result.exit_code, result.stderr) == (2, "planctl: error: site exists and is not a folder\n")


# -- interrupted ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sig", ["INT", "TERM"])
def test_a_signal_mid_build_leaves_the_old_site_whole_and_no_temporary_folder(plan_repo: Path, sig: str) -> None:
    assert run_planctl("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    before = _tree(plan_repo / "site")
    (plan_repo / "plan/initiatives/INI-002.yaml").unlink()  # the next site would drop a page
    result = run_planctl("export", "html", "-o", "site", cwd=plan_repo, env={"PLANCTL_SITE_SIGNAL": sig})
    assert (result.exit_code, result.stderr) == (130, "planctl: interrupted\n")
    assert _tree(plan_repo / "site") == before
    assert _beside(plan_repo / "site") == []


def test_a_real_ctrl_c_at_a_random_moment_leaves_a_whole_site(tmp_path: Path) -> None:
    """Not the test hook: a SIGINT from outside, as soon as the build's staging folder shows."""
    files = dict(SMALL_PLAN)
    for n in range(3, 400):  # enough pages that the build takes a while
        files[f"plan/initiatives/INI-{n:03d}.yaml"] = (f"id: INI-{n:03d}\ntitle: Insats nummer {n}\n"
                                                      "goals:\n  - FO1.1\nowner: skr\nstatus: proposed\n")
    root = write_plan(tmp_path / "repo", files)
    assert run_planctl("export", "html", "-o", "site", cwd=root).exit_code == 0
    before = _tree(root / "site")
    (root / "plan/initiatives/INI-003.yaml").unlink()
    proc = subprocess.Popen([str(PLANCTL), "export", "html", "-o", "site"], cwd=root, stderr=subprocess.PIPE,
                            text=True)
    seen = False
    while proc.poll() is None:
        if any(p.name.endswith(".tmp") for p in root.iterdir() if p.name.startswith(".site.")):
            proc.send_signal(signal.SIGINT)
            seen = True
            break
    _, err = proc.communicate(timeout=60)
    if not seen:
        pytest.skip("the export ended before its staging folder was seen")
    assert proc.returncode in (0, 130), err
    after = _tree(root / "site")
    if proc.returncode == 130:  # stopped in the build: the old site, whole
        assert after == before
    else:  # the signal came during the swap, held, and delivered after it
        assert "initiatives/INI-003.html" not in after
    assert _beside(root / "site") == []


# -- settings ------------------------------------------------------------------------------------

SITE_TABLE = '''
[site]
publisher = "Exempelkommunen <Skolförvaltningen>"
contact = "skola@example.se"
introduction = """
Planen för skolans digitalisering.

Andra stycket & mer."""
licence = "CC BY 4.0"
licence-url = "https://creativecommons.org/licenses/by/4.0/"
url = "https://plan.example.se/skola"
'''


def test_publisher_contact_introduction_and_licence_come_from_planctl_toml(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN, config=CONFIG + SITE_TABLE)
    assert invoke("check", cwd=root).exit_code == 0
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    index = (root / "site/index.html").read_text(encoding="utf-8")
    assert ('<div class="intro"><p>Planen för skolans digitalisering.</p><p>Andra stycket &amp; mer.</p></div>'
            in index)
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<p>Utges av Exempelkommunen &lt;Skolförvaltningen&gt;. Kontakt: " \
               '<a href="mailto:skola@example.se">skola@example.se</a>.</p>' in html, page
        assert '<p>Licens: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>.</p>' \
            in html, page
        assert "Datum och version är inte kända: planen ligger inte i git." in html, page
    english = invoke("export", "html", "-o", "en", "--lang", "en", cwd=root)
    assert english.exit_code == 0
    assert "<p>Published by Exempelkommunen &lt;Skolförvaltningen&gt;. Contact: " in \
        (root / "en/index.html").read_text(encoding="utf-8")


def test_site_settings_are_checked_with_their_place_in_the_file(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN, config=CONFIG + '[site]\npublsher = "SKR"\n')
    result = invoke("export", "html", "-o", "site", cwd=root)
    assert (result.exit_code, result.stderr) == (
        2, "planctl: error: planctl.toml:6:1: unknown key 'publsher' in [site] (did you mean 'publisher'?)\n")
    root = write_plan(tmp_path / "repo2", SMALL_PLAN, config=CONFIG + "[site]\nintroduction = 3\n")
    result = invoke("check", cwd=root)
    assert (result.exit_code, result.stderr) == (
        2, "planctl: error: planctl.toml:6:16: [site] introduction must be a string, not the number 3\n")
    root = write_plan(tmp_path / "repo3", SMALL_PLAN, config=CONFIG + '[site]\nurl = "javascript:alert(1)"\n')
    result = invoke("export", "html", "-o", "site", cwd=root)
    assert (result.exit_code, result.stderr) == (
        2, "planctl: error: planctl.toml:6:7: [site] url must be a web address starting with https:// or "
           "http://, not 'javascript:alert(1)'\n")
    assert not (root / "site").exists()


def test_the_bundled_plan_names_its_publisher_and_says_what_it_is(tmp_path: Path) -> None:
    from conftest import REPO

    assert invoke("export", "html", "-o", str(tmp_path / "site"), cwd=REPO).exit_code == 0
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "Utges av Sveriges Kommuner och Regioner (SKR). Kontakt: " \
           '<a href="https://skr.se" rel="noopener noreferrer">https://skr.se</a>.' in index
    assert "19 oktober 2017" in index and "18 mars 2019" in index
    assert "Licens:" not in index  # the sources state none, so none is shown


# -- last updated and the latest changes ---------------------------------------------------------

def _git_site(tmp_path: Path, config: str = CONFIG) -> Path:
    """A plan in git with three commits: a plain first one, a `planctl commit` of a status change
    (trailers), and a curator's own `git commit` of a new owner and a changed title (no trailers)."""
    root = plan_git_repo(tmp_path, commit=False)
    (root / "planctl.toml").write_text(config, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial plan", extra_env={"GIT_AUTHOR_DATE": "2024-01-10T09:00:00+01:00"})
    env = {**git_env(), "GIT_AUTHOR_DATE": "2024-02-01T10:30:00+01:00"}
    assert run_planctl("set", "INI-002", "status=completed", "end=2024-01-31", cwd=root).exit_code == 0
    committed = run_planctl("commit", cwd=root, env=env)
    assert committed.exit_code == 0, committed.stderr
    (root / "plan/owners/ifous.yaml").write_text("id: ifous\nname: Ifous\nkind: association\n", encoding="utf-8")
    text = (root / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")
    (root / "plan/initiatives/INI-001.yaml").write_text(
        text.replace("title: Skolverket samordnar statens arbete", "title: Skolverket samordnar staten"),
        encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Ny aktör <b>Ifous</b> & kortare rubrik",
        extra_env={"GIT_AUTHOR_DATE": "2024-03-05T14:00:00+01:00"})
    return root


def test_every_page_says_when_the_plan_was_last_updated_and_which_revision(tmp_path: Path) -> None:
    root = _git_site(tmp_path)
    sha = git(root, "rev-parse", "HEAD").strip()
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    line = (f'<p>Senast uppdaterad <time datetime="2024-03-05T14:00:00+01:00">2024-03-05</time>, version '
            f'<code class="rev" title="{sha}">{sha[:7]}</code>.</p>')
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) == 12
    for page in pages:
        assert line in page.read_text(encoding="utf-8"), page
    assert run_planctl("set", "INI-001", "status=ongoing", cwd=root).exit_code == 0  # not committed
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    assert ("Senast incheckad <time datetime=\"2024-03-05T14:00:00+01:00\">2024-03-05</time>, version "
            f'<code class="rev" title="{sha}">{sha[:7]}</code>, med ändringar som ännu inte är incheckade.'
            in (root / "site/index.html").read_text(encoding="utf-8"))


def test_the_changes_page_reads_trailers_and_the_semantic_diff(tmp_path: Path) -> None:
    root = _git_site(tmp_path)
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    page = (root / "site/changes.html").read_text(encoding="utf-8")
    items = re.findall(r'<li id="c-([0-9a-f]{7})">(.*?)</ul></li>(?=<li id|</ol>)', page, re.S)
    assert items[0][1].startswith(
        '<h2><time datetime="2024-03-05T14:00:00+01:00">2024-03-05</time> Ny aktör &lt;b&gt;Ifous&lt;/b&gt; '
        "&amp; kortare rubrik</h2>")
    newest, middle, first = (body for _, body in items)
    # No trailers: what changed comes from comparing the files, field by field.
    assert ('<li><span class="change-kind">Ny:</span> Aktör <a href="owners/ifous.html">ifous</a> Ifous</li>'
            in newest)
    assert ('<li><span class="change-kind">Ändrad:</span> Insats <a href="initiatives/INI-001.html">INI-001</a> '
            "Skolverket samordnar staten<ul><li>Rubrik: Skolverket samordnar statens arbete → Skolverket samordnar "
            "staten</li></ul></li>" in newest)
    # planctl commit's trailers name the initiative; the diff says how it changed, in the reader's words.
    assert ('<li><span class="change-kind">Ändrad:</span> Insats <a href="initiatives/INI-002.html">INI-002</a> '
            "Stöd för digital kompetens<ul><li>Status: Pågående → Genomförd</li><li>Slut: – → 2024-01-31</li>"
            "</ul></li>" in middle)
    assert "feat(plan)" not in first and first.count("Ny:") == 10  # 5 goals, 3 owners, 2 initiatives
    index = (root / "site/index.html").read_text(encoding="utf-8")
    assert index.count('<a href="changes.html#c-') == 3
    assert '<link rel="alternate" type="application/atom+xml" href="changes.atom"' in index


def test_a_rename_and_a_removal_on_the_changes_page(tmp_path: Path) -> None:
    root = _git_site(tmp_path)
    env = git_env()
    assert run_planctl("mv", "INI-002", "INI-007", "--commit", cwd=root, env=env).exit_code == 0
    assert run_planctl("rm", "INI-001", "--commit", cwd=root, env=env).exit_code == 0
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    page = (root / "site/changes.html").read_text(encoding="utf-8")
    assert ('<li><span class="change-kind">Borttagen:</span> Insats INI-001 Skolverket samordnar staten</li>'
            in page)
    assert ('<li><span class="change-kind">Nytt id:</span> Insats INI-002 → <a href="initiatives/INI-007.html">'
            "INI-007</a> Stöd för digital kompetens</li>" in page)
    assert not (root / "site/initiatives/INI-001.html").exists()


def test_a_plan_outside_git_says_so_and_has_no_feed(plan_repo: Path) -> None:
    result = run_planctl("export", "html", "-o", "site", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    page = (plan_repo / "site/changes.html").read_text(encoding="utf-8")
    assert "<p>Planen ligger inte i ett git-arkiv, så det finns ingen historik att visa.</p>" in page
    assert not (plan_repo / "site/changes.atom").exists()
    assert "application/atom+xml" not in (plan_repo / "site/index.html").read_text(encoding="utf-8")


def test_a_repository_without_a_commit_yet(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path, commit=False)
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    index = (root / "site/index.html").read_text(encoding="utf-8")
    assert "Planen är inte incheckad i git ännu." in index
    assert "Inga ändringar av planens innehåll är incheckade ännu." in \
        (root / "site/changes.html").read_text(encoding="utf-8")


# -- the Atom feed ---------------------------------------------------------------------------------

def _feed(root: Path, out: str = "site") -> ET.Element:
    assert invoke("export", "html", "-o", out, cwd=root).exit_code == 0
    return ET.fromstring((root / out / "changes.atom").read_bytes())


def _rfc3339(text: str) -> datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text), text
    return datetime.fromisoformat(text)


def test_the_feed_is_atom_as_rfc_4287_requires(tmp_path: Path) -> None:
    root = _git_site(tmp_path, CONFIG + SITE_TABLE)
    feed = _feed(root)
    assert feed.tag == f"{ATOM}feed"
    # 4.1.1: exactly one id, title and updated; an author (the feed's, as entries have none).
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.findtext(f"{ATOM}id") == "https://plan.example.se/skola/changes.atom"
    assert feed.findtext(f"{ATOM}title") == "Senaste ändringar – Testplan"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Exempelkommunen <Skolförvaltningen>"
    assert feed.findtext(f"{ATOM}rights") == "CC BY 4.0"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "https://plan.example.se/skola/changes.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    dates = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry.findtext(f"{ATOM}id") or "")
        dates.append(_rfc3339(entry.findtext(f"{ATOM}updated") or ""))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("https://plan.example.se/skola/changes.html#c-")
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html" and "<li>" in (content.text or "")
    assert _rfc3339(feed.findtext(f"{ATOM}updated") or "") == max(dates)
    assert entries[0].findtext(f"{ATOM}title") == "Ny aktör <b>Ifous</b> & kortare rubrik"
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 3


def test_a_feed_reader_reads_it(tmp_path: Path) -> None:
    import feedparser

    root = _git_site(tmp_path)
    _feed(root)
    parsed = feedparser.parse((root / "site/changes.atom").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries[0].title == "Ny aktör <b>Ifous</b> & kortare rubrik"
    assert parsed.entries[1].updated_parsed[:5] == (2024, 2, 1, 9, 30)  # 10:30+01:00 in UTC
    assert "Pågående → Genomförd" in parsed.entries[1].summary


def test_entry_ids_are_stable_across_exports_clones_and_new_commits(tmp_path: Path) -> None:
    root = _git_site(tmp_path)
    first = _feed(root)
    ids = [e.findtext(f"{ATOM}id") for e in first.findall(f"{ATOM}entry")]
    assert first.findtext(f"{ATOM}id", "").startswith("urn:uuid:")  # no [site] url: from the first commit
    assert [e.findtext(f"{ATOM}id") for e in _feed(root, "again").findall(f"{ATOM}entry")] == ids
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    cloned = _feed(clone)
    assert cloned.findtext(f"{ATOM}id") == first.findtext(f"{ATOM}id")
    assert [e.findtext(f"{ATOM}id") for e in cloned.findall(f"{ATOM}entry")] == ids
    assert run_planctl("set", "INI-001", "status=ongoing", "--commit", cwd=root, env=git_env()).exit_code == 0
    newer = _feed(root, "newer")
    new_ids = [e.findtext(f"{ATOM}id") for e in newer.findall(f"{ATOM}entry")]
    assert new_ids[1:] == ids and new_ids[0] not in ids
    assert newer.findtext(f"{ATOM}id") == first.findtext(f"{ATOM}id")


def test_the_bundled_site_has_a_feed_when_the_repository_is_a_git_clone(tmp_path: Path) -> None:
    from conftest import REPO

    if not (REPO / ".git").exists():
        pytest.skip("the repository is not a git work tree here")
    result = invoke("export", "html", "-o", str(tmp_path / "site"), cwd=REPO)
    assert result.exit_code == 0
    footer = (tmp_path / "site/index.html").read_text(encoding="utf-8").split('<footer class="site">')[1]
    assert re.search(r'(Senast uppdaterad|Senast incheckad) <time datetime="[^"]+">\d{4}-\d\d-\d\d</time>, version '
                     r'<code class="rev" title="[0-9a-f]{40}">[0-9a-f]{7}</code>', footer)


def test_no_personal_data_of_committers_is_published(tmp_path: Path) -> None:
    root = _git_site(tmp_path)
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*") if p.is_file())
    assert "Curator Test" not in text and "curator@example.org" not in text


def test_the_search_index_is_a_script_with_every_title_escaped(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    hostile = "</script><script>alert(1)</script> & \u2028 x"
    files["plan/initiatives/INI-003.yaml"] = (
        'id: INI-003\ntitle: "</script><script>alert(1)</script> & \\u2028 x"\ngoals:\n  - FO1.1\n'
        "owner: skr\nstatus: proposed\ndescription: <img src=x onerror=alert(2)>\n")
    root = write_plan(tmp_path / "repo", files)
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    script = (root / "site/search-index.js").read_text(encoding="utf-8")
    assert "<" not in script.split("\n", 1)[1] and ">" not in script.split("\n", 1)[1] and "\u2028" not in script
    prefix = "window.planctlSearchIndex = "
    data = json.loads(script.split(prefix, 1)[1].rstrip().rstrip(";"))
    found = {item["i"]: item for item in data}
    assert found["INI-003"]["t"] == hostile and found["INI-003"]["u"] == "initiatives/INI-003.html"
    assert found["INI-003"]["d"] == "<img src=x onerror=alert(2)>"
    assert found["FO1"]["u"] == "index.html#FO1" and found["FO1"]["k"] == "Fokusområde"
    assert found["skr"]["k"] == "Aktör" and found["FO1.1"]["k"] == "Delmål"
    assert "search-index.js" in (root / "site/search.html").read_text(encoding="utf-8")
    assert "search-index.js" not in (root / "site/index.html").read_text(encoding="utf-8")


def test_startup_of_export_help_stays_cheap() -> None:
    """`planctl export html --help` imports neither the site nor git."""
    code = ("import sys; from planctl.cli import main\n"
            "try:\n    main(['export', 'html', '--help'])\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('planctl.export.website', 'planctl.export.changes', 'git') if m in sys.modules]\n"
            "print(bad)")
    out = subprocess.run([str(PLANCTL.parent / "python"), "-c", code], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "100"}, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_section_added_to_the_site_gets_its_files_and_a_place_in_every_pages_navigation(
        plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The extension point the calendar and needs pages use: one `Section` in `SECTIONS`."""
    from planctl.export import website

    def calendar(site: website.Site) -> dict[str, str | bytes]:
        return {"calendar.html": site.page("Kalender", "<h1>Kalender</h1>", "", current="calendar.html"),
                "calendar.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}

    monkeypatch.setitem(website._WORDS, "calendar", ("Kalender", "Calendar"))
    monkeypatch.setattr(website, "SECTIONS", [*website.SECTIONS, website.Section("calendar.html", "calendar",
                                                                                calendar)])
    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    assert (plan_repo / "site/calendar.ics").is_file()
    assert '<li><a href="../calendar.html">Kalender</a></li>' in \
        (plan_repo / "site/initiatives/INI-001.html").read_text(encoding="utf-8")
    assert '<li><a href="calendar.html" aria-current="page">Kalender</a></li>' in \
        (plan_repo / "site/calendar.html").read_text(encoding="utf-8")
    hidden = website.Section("needs.html", "calendar", calendar, shown=lambda site: False)
    monkeypatch.setattr(website, "SECTIONS", [*website.SECTIONS[:3], hidden])
    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    assert "needs.html" not in (plan_repo / "site/index.html").read_text(encoding="utf-8")
    assert not (plan_repo / "site/calendar.ics").exists()  # what the earlier site made and this one does not
