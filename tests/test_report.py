"""`planctl report`: the dated report to the government, from the data and its history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env, git, plan_git_repo

PARTS_SV = ["## Läget i korthet", "## 1. Behov som huvudmännen har lyft",
            "## 2. Kartläggning av pågående insatser per fokusområde och delmål",
            "## 3. Föreslagna insatser och ansvarsfördelning", "## 4. Luckor", "## 5. Ansvar per aktör"]


def _section(text: str, heading: str) -> str:
    """The body of a `## ` or `### ` section, up to the next heading of its level or higher."""
    level = heading.split(" ", 1)[0]
    body = text.split(heading + "\n", 1)[1]
    stop = re.search("^#{2," + str(len(level)) + "} ", body, re.MULTILINE)
    return body[:stop.start()] if stop else body


def _items(section: str) -> list[str]:
    return [line for line in section.splitlines() if line.startswith("- ")]


def test_bundled_report_has_the_three_parts_in_order_then_the_gaps() -> None:
    result = run_planctl("report", "--date", "2026-05-04", cwd=REPO)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    positions = [text.index(heading + "\n") for heading in PARTS_SV]
    assert positions == sorted(positions)
    first_page = text[:positions[0]]
    assert "- **Datum:** 2026-05-04\n" in first_page
    # The revision is the newest commit that touched the plan, as the site's "last updated" says.
    sha, day = git(REPO, "log", "-1", "--format=%H %as", "HEAD", "--", "plan", "schema", "planctl.toml").split()
    assert re.search(rf"^- \*\*Planens version:\*\* {sha[:7]} \({day}\)", first_page, re.MULTILINE)

    listed = [line.split("**")[1] for line in _items(_section(text, "### Delmål som ingen insats bidrar till"))]
    from planctl.config import load_config
    from planctl.loader import load_plan

    plan = load_plan(load_config(REPO))
    served = {g for i in plan.initiatives.values() for g in i.goals}
    expected = sorted(g.id for g in plan.goals.values() if not g.is_focus_area and g.id not in served)
    assert expected and listed == expected
    proposed = _section(text, "## 3. Föreslagna insatser och ansvarsfördelning")
    rows = [line.split(" | ")[0].strip("| ") for line in proposed.splitlines() if line.startswith("| INI-")]
    wanted = sorted(i.id for i in plan.initiatives.values() if i.status in ("proposed", "in-preparation", "decided"))
    assert rows == wanted


def test_no_needs_recorded_is_said_plainly(plan_repo: Path) -> None:
    text = invoke("report", "--lang", "en", cwd=plan_repo).stdout
    needs = _section(text, "## 1. Needs raised by the school organisers")
    assert needs.strip() == "*No needs are recorded in the plan.*"


def test_small_plan_report(plan_repo: Path) -> None:
    result = invoke("report", "--lang", "en", "--date", "2020-05-15", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Report to the government: Testplan\n\n- **Date:** 2020-05-15\n"
                           "- **Plan revision:** not in git\n")
    assert "| Decided | 1 |" in text
    assert "| Being prepared or work under way | 1 |" in text
    assert "| Not started (proposed) | 0 |" in text
    mapping = _section(text, "#### FO2.1 Tillgång till digitala verktyg")
    assert _items(mapping) == ["- **INI-002** Stöd för digital kompetens — Sveriges Kommuner och Regioner"]
    assert "| INI-001 | Skolverket samordnar statens arbete | Decided | Regeringen | Skolverket |" in text
    assert "| Regeringen |  | INI-001 |  |" in text
    assert "*Every sub-goal has at least one initiative.*" in text


def test_proposed_initiatives_name_who_decides_and_who_acts(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = """\
        id: INI-003
        title: Ny insats
        goals:
          - FO1.1
        owner: skolverket
        decided_by: regeringen
        participants:
          - skr
        status: proposed
        """
    files["plan/initiatives/INI-004.yaml"] = """\
        id: INI-004
        title: Utan beslutsfattare
        goals:
          - FO1.1
        owner: skr
        status: in-preparation
        """
    root = write_plan(tmp_path / "repo", files)
    text = invoke("report", cwd=root).stdout
    assert "| INI-003 | Ny insats | Föreslagen | Regeringen | Skolverket, Sveriges Kommuner och Regioner |" in text
    assert "| INI-004 | Utan beslutsfattare | Under beredning | inte känt | Sveriges Kommuner och Regioner |" in text
    gaps = _section(text, "### Föreslagna insatser där det inte är känt vem som beslutar")
    assert _items(gaps) == ["- **INI-004** Utan beslutsfattare"]


def test_a_selection_is_named_on_the_first_page(plan_repo: Path) -> None:
    text = invoke("report", "--where", "status=ongoing", cwd=plan_repo).stdout
    assert "- **Urval:** `status=ongoing`\n" in text.split("## Läget i korthet")[0]
    assert "| **Totalt** | **1** |" in text


def test_html_report_is_one_escaped_dated_page_with_a_chart(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = """\
        id: INI-003
        title: "<script>alert(1)</script>"
        goals:
          - FO1.1
        owner: skolverket
        status: proposed
        """
    root = write_plan(tmp_path / "repo", files)
    result = invoke("report", "--format", "html", "-o", "r.html", "--date", "2019-03-18", cwd=root)
    assert result.exit_code == 0, result.stderr
    page = (root / "r.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    front = page.split('<header class="front">', 1)[1].split("</header>", 1)[0]
    assert '<dt>Datum</dt><dd><time datetime="2019-03-18">2019-03-18</time></dd>' in front
    assert "<dt>Planens version</dt><dd>inte i git</dd>" in front
    ids = re.findall(r'<section id="(\w+)"', page)
    assert ids == ["overview", "needs", "mapping", "proposed", "gaps", "roles"]


@pytest.mark.parametrize("value", ["2026-13-01", "igår", "2026/01/01"])
def test_a_bad_date_is_one_line_and_exit_2(plan_repo: Path, value: str) -> None:
    result = run_planctl("report", "--date", value, cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == f"planctl: error: --date {value!r}: not a date (YYYY-MM-DD)\n"


def test_the_revision_says_when_the_work_tree_holds_uncommitted_changes(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    sha = git(root, "rev-parse", "--short=7", "HEAD").strip()
    day = git(root, "show", "-s", "--format=%as", "HEAD").strip()
    assert f"- **Planens version:** {sha} ({day})\n" in run_planctl("report", cwd=root, env=env()).stdout
    (root / "plan/owners/ny.yaml").write_text("id: ny\nname: Ny\nkind: agency\n", encoding="utf-8")
    text = run_planctl("report", cwd=root, env=env()).stdout
    assert f"- **Planens version:** {sha} ({day}), med ändringar som inte är incheckade\n" in text


# -- changes since ------------------------------------------------------------------------------

def _set(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _commit(root: Path, message: str, date: str | None = None) -> None:
    git(root, "add", "-A")
    stamp = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    git(root, "commit", "-q", "-m", message, extra_env=stamp)


def test_since_head_1_names_the_initiative_whose_status_changed(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    _set(root, "plan/initiatives/INI-002.yaml", "status: ongoing", "status: completed")
    _commit(root, "INI-002 klar")
    result = run_planctl("report", "--since", "HEAD~1", cwd=root, env=env())
    assert result.exit_code == 0, result.stderr
    section = _section(result.stdout, "## Förändringar sedan förra rapporten")
    sha = git(root, "rev-parse", "--short=7", "HEAD~1").strip()
    day = git(root, "show", "-s", "--format=%as", "HEAD~1").strip()
    assert section.startswith(f"\n*Jämfört med HEAD\\~1 ({sha}, {day}). Sedan dess: 1 incheckning som rör planen.*\n")
    today = git(root, "show", "-s", "--format=%as", "HEAD").strip()
    assert _items(_section(result.stdout, "### Genomförda insatser")) == [
        f"- **INI-002** Stöd för digital kompetens: Pågående → Genomförd, {today}"]
    assert "INI-001" not in section
    # The section comes after the first page and the state in brief, before part 1.
    text = result.stdout
    assert text.index("## Läget i korthet") < text.index("## Förändringar sedan") < text.index("## 1. Behov")


def test_since_sorts_new_cancelled_reassigned_removed_and_other_changes(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = ("id: INI-003\ntitle: Tas bort\ngoals: [FO1.1]\nowner: skr\n"
                                              "status: proposed\n")
    root = plan_git_repo(tmp_path, files)
    _set(root, "plan/initiatives/INI-001.yaml", "status: decided", "status: cancelled")
    _set(root, "plan/initiatives/INI-002.yaml", "owner: skr", "owner: skolverket\ndecided_by: regeringen")
    _set(root, "plan/initiatives/INI-002.yaml", "status: ongoing", "status: in-preparation")
    (root / "plan/initiatives/INI-003.yaml").unlink()
    (root / "plan/initiatives/INI-004.yaml").write_text(
        "id: INI-004\ntitle: Helt ny\ngoals: [FO1.2]\nowner: skr\nstatus: proposed\n", encoding="utf-8")
    (root / "plan/goals/FO2.2.yaml").write_text("id: FO2.2\ntitle: Infrastruktur\nparent: FO2\n", encoding="utf-8")
    _commit(root, "många ändringar", "2021-02-03T10:00:00+01:00")
    text = run_planctl("report", "--since", "HEAD~1", "--lang", "en", cwd=root, env=env()).stdout
    assert _items(_section(text, "### New initiatives")) == ["- **INI-004** Helt ny (Proposed), 2021-02-03"]
    assert _items(_section(text, "### Cancelled initiatives")) == [
        "- **INI-001** Skolverket samordnar statens arbete: Decided → Cancelled, 2021-02-03"]
    assert _items(_section(text, "### Re-assigned initiatives")) == [
        "- **INI-002** Stöd för digital kompetens: Owner Sveriges Kommuner och Regioner → Skolverket, 2021-02-03",
        "- **INI-002** Stöd för digital kompetens: Decided by – → Regeringen, 2021-02-03"]
    assert _items(_section(text, "### Other status changes")) == [
        "- **INI-002** Stöd för digital kompetens: Ongoing → In preparation, 2021-02-03"]
    assert _items(_section(text, "### Initiatives removed from the plan")) == ["- **INI-003** Tas bort, 2021-02-03"]
    assert _items(_section(text, "### Other changes")) == ["- **FO2.2** Infrastruktur (Goals, added)"]
    assert "### Completed initiatives" not in text

    # With a selection only the selected initiatives are told, and removed ones not at all.
    text = run_planctl("report", "--since", "HEAD~1", "--lang", "en", "--where", "status=proposed",
                       cwd=root, env=env()).stdout
    section = _section(text, "## Changes since the last report")
    assert "*Changes of the selected initiatives; removed initiatives are shown only without a selection.*" in section
    assert [line.split("**")[1] for line in _items(section) if "(Goals" not in line] == ["INI-004"]


def test_since_a_date_starts_from_the_last_commit_before_it(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Curator Test")
    git(root, "config", "user.email", "curator@example.org")
    _commit(root, "start", "2020-01-10T12:00:00+01:00")
    _set(root, "plan/initiatives/INI-001.yaml", "status: decided", "status: ongoing")
    _commit(root, "igång", "2020-03-10T12:00:00+01:00")
    _set(root, "plan/initiatives/INI-002.yaml", "status: ongoing", "status: completed")
    _commit(root, "klar", "2020-06-10T12:00:00+02:00")
    text = run_planctl("report", "--since", "2020-04-01", cwd=root, env=env()).stdout
    sha = git(root, "rev-parse", "--short=7", "HEAD~1").strip()
    assert f"*Jämfört med 2020-04-01 ({sha}, 2020-03-10). Sedan dess: 1 incheckning som rör planen.*" in text
    section = _section(text, "## Förändringar sedan förra rapporten")
    assert "INI-002" in section and "INI-001" not in section

    text = run_planctl("report", "--since", "2020-02-01", cwd=root, env=env()).stdout
    assert "Sedan dess: 2 incheckningar som rör planen." in text
    assert _items(_section(text, "### Andra statusändringar")) == [
        "- **INI-001** Skolverket samordnar statens arbete: Beslutad → Pågående, 2020-03-10"]
    assert _items(_section(text, "### Genomförda insatser")) == [
        "- **INI-002** Stöd för digital kompetens: Pågående → Genomförd, 2020-06-10"]

    text = run_planctl("report", "--since", "2019-12-31", cwd=root, env=env()).stdout
    section = _section(text, "## Förändringar sedan förra rapporten")
    assert "*Jämfört med 2019-12-31, före planens första incheckning: allt i planen är nytt.*" in section
    assert _items(_section(text, "### Nya insatser")) == [
        "- **INI-001** Skolverket samordnar statens arbete (Pågående), 2020-01-10",
        "- **INI-002** Stöd för digital kompetens (Genomförd), 2020-01-10"]


@pytest.mark.parametrize("since", ["nosuchrev", "2020-13-45", "--all", "HEAD~9"])
def test_a_bad_since_is_one_line_and_exit_2(tmp_path: Path, since: str) -> None:
    root = plan_git_repo(tmp_path)
    result = run_planctl("report", f"--since={since}", cwd=root, env=env())
    assert result.exit_code == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"planctl: error: --since {since!r}: "), result.stderr
    assert "Traceback" not in result.stderr


def test_since_outside_git_is_one_line_and_exit_2(plan_repo: Path) -> None:
    result = run_planctl("report", "--since", "HEAD~1", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("planctl: error: ") and result.stderr.count("\n") == 1
    assert "not in a git repository" in result.stderr


def test_changes_in_html(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    _set(root, "plan/initiatives/INI-002.yaml", "status: ongoing", "status: completed")
    _commit(root, "klar")
    page = run_planctl("report", "-f", "html", "--since", "HEAD~1", cwd=root, env=env()).stdout
    section = page.split('<section id="changes">', 1)[1].split("</section>", 1)[0]
    day = git(root, "show", "-s", "--format=%as", "HEAD").strip()
    assert "<h3>Genomförda insatser</h3><ul><li><strong>INI-002</strong> Stöd för digital kompetens: " \
           f'Pågående → Genomförd, <time datetime="{day}">{day}</time></li></ul>' in section
    assert re.findall(r'<section id="(\w+)"', page)[:3] == ["overview", "changes", "needs"]


# -- Markdown that no autolinking renderer turns into a link -------------------------------------

def test_no_url_in_the_data_becomes_a_link_in_the_markdown_report(tmp_path: Path) -> None:
    import cmarkgfm
    from markdown_it import MarkdownIt

    files = dict(SMALL_PLAN)
    files["plan/owners/skr.yaml"] = "id: skr\nname: www.evil.example\nkind: association\n"
    root = plan_git_repo(tmp_path, files)
    (root / "plan/initiatives/INI-003.yaml").write_text(
        "id: INI-003\ntitle: https://evil.example/login\ngoals: [FO1.1]\nowner: skr\n"
        "decided_by: regeringen\nstatus: ongoing\n", encoding="utf-8")
    _set(root, "plan/initiatives/INI-002.yaml", "status: ongoing", "status: https://evil.example/s")
    _commit(root, "a status no schema allows: a past revision can hold anything")
    _set(root, "plan/initiatives/INI-002.yaml", "status: https://evil.example/s", "status: cancelled")
    _set(root, "plan/initiatives/INI-001.yaml", "owner: skolverket", "owner: skr")
    _commit(root, "länkar", "2021-02-03T10:00:00+01:00")
    text = run_planctl("report", "--since", "HEAD~1", cwd=root, env=env()).stdout
    assert "https://evil.example/s" not in text
    assert _items(_section(text, "### Avbrutna insatser")) == [
        "- **INI-002** Stöd för digital kompetens: https\\:\\//evil\\.example/s → Avbruten, 2021-02-03"]
    assert text.count("evil") >= 6  # in the changes, the mapping, the proposals' actors and the roles
    gfm = cmarkgfm.github_flavored_markdown_to_html(text, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    linkified = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"]).render(text)
    for html in (gfm, linkified):
        assert "evil.example" not in " ".join(re.findall(r"<a [^>]*>", html)), html
        assert "<a " not in html
        assert "evil" in html


# -- PDF ------------------------------------------------------------------------------------------

def test_pdf_report_holds_the_date_and_revision_on_its_first_page(tmp_path: Path) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    root = plan_git_repo(tmp_path)
    sha = git(root, "rev-parse", "--short=7", "HEAD").strip()
    result = run_planctl("report", "-f", "pdf", "-o", "rapport.pdf", "--date", "2019-03-18", cwd=root, env=env())
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = (root / "rapport.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(data))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Rapport till regeringen: Testplan" in first
    assert "Datum 2019-03-18" in first and f"Planens version {sha}" in first
    everything = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    order = [everything.index(part) for part in (
        "1. Behov som huvudmännen har lyft", "2. Kartläggning av pågående insatser",
        "3. Föreslagna insatser och ansvarsfördelning", "4. Luckor")]
    assert order == sorted(order)
    assert reader.metadata is not None and reader.metadata.title == "Rapport till regeringen: Testplan"


def test_without_weasyprint_the_pdf_report_says_what_to_install(plan_repo: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what an import finds when it is not installed
    result = invoke("report", "-f", "pdf", "-o", "r.pdf", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr == "planctl: error: the PDF report needs WeasyPrint: pip install 'planctl[pdf]'\n"
    assert not (plan_repo / "r.pdf").exists()


def test_since_in_process_names_the_changed_initiative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gitplan import isolate

    isolate(monkeypatch)
    root = plan_git_repo(tmp_path)
    _set(root, "plan/initiatives/INI-001.yaml", "status: decided", "status: ongoing")
    _commit(root, "INI-001 igång", "2022-01-31T09:00:00+01:00")
    # A change not yet committed has no day; a commit of other files is no new revision of the plan.
    (root / "README.md").write_text("Om planen\n", encoding="utf-8")
    _commit(root, "docs: readme", "2022-02-01T09:00:00+01:00")
    sha = git(root, "rev-parse", "HEAD~1").strip()
    _set(root, "plan/initiatives/INI-002.yaml", "status: ongoing", "status: completed")
    result = invoke("report", "--since", "HEAD~2", "--lang", "en", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert f"- **Plan revision:** {sha[:7]} (2022-01-31), with changes not yet committed\n" in result.stdout
    assert _items(_section(result.stdout, "### Other status changes")) == [
        "- **INI-001** Skolverket samordnar statens arbete: Decided → Ongoing, 2022-01-31"]
    assert _items(_section(result.stdout, "### Completed initiatives")) == [
        "- **INI-002** Stöd för digital kompetens: Ongoing → Completed"]


def test_a_renamed_initiative_is_told_once_with_its_old_id(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    result = run_planctl("mv", "INI-002", "INI-009", "--commit", cwd=root, env=env())
    assert result.exit_code == 0, result.stderr
    _set(root, "plan/initiatives/INI-009.yaml", "status: ongoing", "status: completed")
    text = run_planctl("report", "--since", "HEAD~1", "--lang", "en", cwd=root, env=env()).stdout
    section = _section(text, "## Changes since the last report")
    assert _items(_section(text, "### Other changes")) == [
        "- **INI-009** Stöd för digital kompetens (Initiatives, new id, formerly INI-002)"]
    assert _items(_section(text, "### Completed initiatives")) == [
        "- **INI-009** Stöd för digital kompetens: Ongoing → Completed"]
    assert "### New initiatives" not in section and "removed from the plan" not in section
