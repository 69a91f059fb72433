"""planctl speaks Swedish (issue 14): which language, what a curator reads, what machines keep.

The exact lines are those of the bundled plan with a dangling goal, in Swedish (the plan's
language, when the environment names none) and in English (`LANG=C planctl --lang en`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANCTL, REPO, SMALL_PLAN, invoke, run_planctl, write_plan

LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "PLANCTL_LANG")


def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled plan (language sv in planctl.toml)."""
    root = tmp_path / "plan-repo"
    root.mkdir()
    shutil.copy(REPO / "planctl.toml", root)
    shutil.copytree(REPO / "plan", root / "plan")
    shutil.copytree(REPO / "schema", root / "schema")
    return root


def files_in(root: Path) -> int:
    return sum(1 for _ in (root / "plan").rglob("*.yaml"))


def env(**values: str) -> dict[str, str]:
    """The test environment without any locale variable, plus `values`."""
    base = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    return {**base, **values}


def run(root: Path, *args: str, **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PLANCTL), *args], cwd=root, env=env(**values), capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def dangling(tmp_path: Path) -> Path:
    """The bundled plan where INI-011 serves FO2.22 (no such goal) and INI-012 is completed
    without an end date: two errors and one warning in two files."""
    root = bundled(tmp_path)
    ini11 = root / "plan/initiatives/INI-011.yaml"
    ini11.write_text(ini11.read_text(encoding="utf-8").replace("  - FO2.2\n", "  - FO2.2\n  - FO2.22\n"),
                     encoding="utf-8")
    ini12 = root / "plan/initiatives/INI-012.yaml"
    text = ini12.read_text(encoding="utf-8")
    ini12.write_text(text.replace("  - FO2.4\n", "  - FO2.44\n").replace("status: ongoing", "status: completed"),
                     encoding="utf-8")
    return root


def test_the_bundled_plan_speaks_swedish_when_the_environment_names_no_language(dangling: Path) -> None:
    proc = run(dangling, "check")
    n = files_in(dangling)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "plan/initiatives/INI-011.yaml:9:5: X001 [fel] goals: 'FO2.22' är inte id för något mål",
        "  |",
        "9 |   - FO2.22",
        "  |     ^^^^^^",
        "  |",
        "  = tips: delmålen under FO2 är FO2.1, FO2.2, FO2.3 och FO2.4",
        "",
        "plan/initiatives/INI-012.yaml:8:5: X001 [fel] goals: 'FO2.44' är inte id för något mål",
        "  |",
        "8 |   - FO2.44",
        "  |     ^^^^^^",
        "  |",
        "  = tips: delmålen under FO2 är FO2.1, FO2.2, FO2.3 och FO2.4",
        "",
        "plan/initiatives/INI-012.yaml:10:9: D001 [varning] status är 'completed' men slutdatum saknas",
        "   |",
        "10 | status: completed",
        "   |         ^^^^^^^^^",
        "   |",
        "   = tips: lägg till 'end: ÅÅÅÅ-MM-DD'",
        "",
        f"Hittade 2 fel och 1 varning i 2 av {n} filer.",
    ]


def test_lang_en_in_the_c_locale_prints_english(dangling: Path) -> None:
    proc = run(dangling, "--lang", "en", "check", LANG="C")
    n = files_in(dangling)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "plan/initiatives/INI-011.yaml:9:5: X001 [error] goals: 'FO2.22' is not the id of any goal"
    assert lines[5] == "  = hint: FO2's sub-goals are FO2.1, FO2.2, FO2.3 and FO2.4"
    assert lines[14] == ("plan/initiatives/INI-012.yaml:10:9: D001 [warning] status is 'completed' but there is no "
                         "end date")
    assert lines[19] == "   = hint: add 'end: YYYY-MM-DD'"
    assert lines[-1] == f"Found 2 errors, 1 warning in 2 of {n} files."


def test_the_c_locale_alone_means_english(dangling: Path) -> None:
    assert run(dangling, "check", "-f", "concise", LANG="C.UTF-8").stdout.splitlines()[0] == \
        "plan/initiatives/INI-011.yaml:9:5: X001 [error] goals: 'FO2.22' is not the id of any goal"


@pytest.mark.parametrize("values, expected", [
    ({}, "sv"),                                                     # the plan's language
    ({"LANG": "C"}, "en"),                                          # C/POSIX: English
    ({"LC_ALL": "POSIX", "LANGUAGE": "sv"}, "en"),                  # ...and LANGUAGE is then not read
    ({"LANG": "en_GB.UTF-8"}, "en"),                                # the locale before the plan
    ({"LANG": "de_DE.UTF-8"}, "en"),                                # a language planctl lacks: the source
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:sv:en"}, "sv"),        # the first language of the list it speaks
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, "sv"),  # LC_MESSAGES before LANG
    ({"LC_ALL": "sv_FI.UTF-8", "LC_MESSAGES": "en_US"}, "sv"),      # LC_ALL before LC_MESSAGES
    ({"LANG": "C", "PLANCTL_LANG": "sv"}, "sv"),                    # PLANCTL_LANG before the locale
])
def test_which_language(dangling: Path, values: dict[str, str], expected: str) -> None:
    out = run(dangling, "check", "-f", "json", **values).stdout
    message = json.loads(out)["diagnostics"][0]["message"]
    assert message == {"sv": "goals: 'FO2.22' är inte id för något mål",
                       "en": "goals: 'FO2.22' is not the id of any goal"}[expected]


def test_lang_beats_planctl_lang_and_takes_only_sv_or_en(dangling: Path) -> None:
    before = run(dangling, "--lang", "sv", "check", "-f", "concise", PLANCTL_LANG="en").stdout
    assert "[error] goals: 'FO2.22' är inte id för något mål" in before
    proc = run(dangling, "--lang", "fi", "check")
    assert proc.returncode == 2 and proc.stderr.startswith("planctl: error: "), proc.stderr


def test_a_plan_in_english_speaks_english(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "en", {**SMALL_PLAN, "plan/goals/FO1.yaml": "id: FO1\ntitle: Digital kompetens\n"},
                      config='[plan]\nname = "P"\nlanguage = "en"\n')
    assert "T001 [warning] the goal FO1 has no description" in run(root, "check").stdout
    assert "T001 [varning] målet FO1 saknar beskrivning" in run(root, "check", LANG="sv_SE.UTF-8").stdout


def test_machine_formats_keep_their_fields_and_fingerprints_in_every_language(dangling: Path) -> None:
    sv = json.loads(run(dangling, "check", "-f", "sarif").stdout)
    en = json.loads(run(dangling, "--lang", "en", "check", "-f", "sarif").stdout)
    assert [r["ruleId"] for r in sv["runs"][0]["results"]] == [r["ruleId"] for r in en["runs"][0]["results"]]
    assert [r["partialFingerprints"] for r in sv["runs"][0]["results"]] == \
        [r["partialFingerprints"] for r in en["runs"][0]["results"]]
    assert sv["runs"][0]["results"][0]["message"]["text"] == \
        "goals: 'FO2.22' är inte id för något mål (tips: delmålen under FO2 är FO2.1, FO2.2, FO2.3 och FO2.4)"
    assert en["runs"][0]["results"][0]["message"]["text"] == \
        "goals: 'FO2.22' is not the id of any goal (hint: FO2's sub-goals are FO2.1, FO2.2, FO2.3 and FO2.4)"
    rules = {r["id"]: r for r in sv["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["T001"]["shortDescription"]["text"] == "Ett mål eller en insats saknar beskrivning (eller har en tom)."
    gitlab_sv = json.loads(run(dangling, "check", "-f", "gitlab").stdout)
    gitlab_en = json.loads(run(dangling, "check", "-f", "gitlab", LANG="C").stdout)
    assert [i["fingerprint"] for i in gitlab_sv] == [i["fingerprint"] for i in gitlab_en]
    assert gitlab_sv[0]["check_name"] == "X001"


def test_a_warm_cache_answers_in_the_language_of_the_run_that_reads_it(tmp_path: Path) -> None:
    """Findings are cached in the source language: a Swedish run after an English one (and the
    other way round) shows its own language, from the same cache."""
    root = write_plan(tmp_path / "c", {**SMALL_PLAN, "plan/goals/FO1.yaml": "id: FO1\ntitle: Digital kompetens\n",
                                       "plan/owners/x.yaml": "id: x\nname: X\nkind: bank\n"})
    first = run(root, "check", "-f", "concise", LANG="C").stdout
    assert (root / ".planctl_cache").is_dir()
    second = run(root, "check", "-f", "concise", LANG="sv_SE.UTF-8").stdout
    third = run(root, "check", "-f", "concise", LANG="C").stdout
    assert "plan/goals/FO1.yaml:1:1: T001 [warning] the goal FO1 has no description" in first
    assert "plan/owners/x.yaml:3:7: S002 [error] kind: 'bank' is not one of:" in first
    assert "plan/goals/FO1.yaml:1:1: T001 [warning] målet FO1 saknar beskrivning" in second
    assert "plan/owners/x.yaml:3:7: S002 [error] kind: 'bank' är inte ett av:" in second
    assert third == first


def test_a_label_in_a_file_is_answered_with_its_value(plan_repo: Path) -> None:
    path = plan_repo / "plan/initiatives/INI-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: ongoing", "status: Pågående"), encoding="utf-8")
    out = invoke("--lang", "sv", "check", cwd=plan_repo).stdout
    assert "S002 [fel] status: 'Pågående' är inte ett av: proposed," in out and "= tips: menade du 'ongoing'?" in out


def test_set_takes_a_swedish_label_in_any_case_and_writes_the_value(tmp_path: Path) -> None:
    root = bundled(tmp_path)
    path = root / "plan/initiatives/INI-011.yaml"
    before = path.read_bytes()
    proc = run(root, "set", "INI-011", "status=Genomförd", "end=2022-12-31")
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == before.replace(b"status: ongoing\n", b"status: completed\nend: 2022-12-31\n")
    assert run(root, "set", "INI-011", "status=pågående", "horizon=KORT").returncode == 0
    assert b"status: ongoing\nhorizon: short\n" in path.read_bytes()
    refused = run(root, "set", "INI-011", "status=klar")
    assert refused.returncode == 2 and path.read_bytes().count(b"status: ongoing") == 1
    assert refused.stderr == ("planctl: fel: status: 'klar' är inte ett av proposed, in-preparation, decided, "
                              "ongoing, completed, cancelled\n")


def test_add_and_where_take_swedish_labels(plan_repo: Path) -> None:
    result = invoke("add", "owner", "--id", "ny", "--name", "Ny", "--kind", "Myndighet", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert "kind: agency\n" in (plan_repo / "plan/owners/ny.yaml").read_text(encoding="utf-8")
    listed = invoke("list", "--where", "status=Pågående", "--where", "horizon=medel", cwd=plan_repo)
    assert listed.exit_code == 0 and "INI-002" in listed.stdout and "INI-001" not in listed.stdout


def test_documents_follow_the_chosen_language_not_the_locale(tmp_path: Path) -> None:
    """export and report: their own --lang, else planctl's (--lang, PLANCTL_LANG), else the plan's."""
    root = bundled(tmp_path)

    def header(*args: str, **values: str) -> str:
        proc = run(root, *args, "export", "csv", "-o", "-", **values)
        return proc.stdout.lstrip("\ufeff").splitlines()[0]

    swedish, english = header(), header("--lang", "en")
    assert swedish.startswith("Id;Rubrik;") and english.startswith("Id;Title;")
    assert header(LANG="en_US.UTF-8") == swedish  # the terminal's locale does not change a document
    assert header(PLANCTL_LANG="en") == english
    mixed = run(root, "--lang", "en", "export", "csv", "--lang", "sv", "-o", "-").stdout
    assert mixed.lstrip("\ufeff").splitlines()[0] == swedish  # the command's own --lang wins
    report = run(root, "--lang", "en", "report").stdout
    assert report.startswith("# Report to the government")


def test_rules_explains_in_swedish(tmp_path: Path) -> None:
    root = bundled(tmp_path)
    out = run(root, "rules", "T001").stdout
    assert "Familj:   T (innehåll)" in out and "Allvar:   warning (standard)" in out
    assert "Rubriken säger vad; beskrivningen säger varför och för vem." in out
    assert "Fel:\n\n    id: INI-024\n    title: Stöd för upphandling\n" in out
    x001 = run(root, "rules", "X001").stdout
    assert "    initiative: goals -> goal; needs -> need; owner, decided_by, participants -> owner" in x001
    assert ("Ett hänvisningsfält anger ett id som inte finns bland planens mål, insatser, aktörer, evenemang "
            "och behov.") in x001
    listing = run(root, "rules", LANG="C").stdout
    assert "T001   missing-description" in listing and "A goal or an initiative has no description" in listing


def test_swedish_order_puts_aring_auml_ouml_after_z(tmp_path: Path) -> None:
    from planctl.export.collate import sort_key

    names = ["Örebro kommun", "Ale kommun", "Åre kommun", "Zinkgruvan", "Ängelholm", "Eslöv", "Éclair"]
    assert sorted(names, key=sort_key) == ["Ale kommun", "Éclair", "Eslöv", "Zinkgruvan", "Åre kommun", "Ängelholm",
                                           "Örebro kommun"]
    owners = {f"plan/owners/o{i}.yaml": f"id: o{i}\nname: {name}\nkind: municipality\n" for i, name in enumerate(names)}
    root = write_plan(tmp_path / "s", {**SMALL_PLAN, **owners})
    out = invoke("export", "csv", "--kind", "owners", "--columns", "name", "--sort", "name", "-o", "-", cwd=root).stdout
    rows = [line for line in out.lstrip("\ufeff").splitlines()[1:] if line.endswith("kommun") or line in names]
    assert rows == ["Ale kommun", "Éclair", "Eslöv", "Zinkgruvan", "Åre kommun", "Ängelholm", "Örebro kommun"]


PROBE = """
import sys
from planctl.cli import main
try:
    main({args!r})
except SystemExit:
    pass
from planctl import i18n
sys.stderr.write('CATALOGS=' + ','.join(i18n._state.catalogs) + ' GETTEXT=' + str('gettext' in sys.modules) + '\\n')
"""


@pytest.mark.parametrize("args, catalogs", [
    (["--lang", "sv", "--version"], ""),      # through typer: still no catalogue
    (["--lang", "en", "rules", "T001"], ""),  # English is the source: never read
    (["--lang", "sv", "rules", "T001"], "sv"),
])
def test_a_catalogue_is_read_only_to_show_a_translated_message(args: list[str], catalogs: str) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True,
                          env=env(), timeout=60)
    assert f"CATALOGS={catalogs} " in proc.stderr, proc.stderr


def test_version_imports_no_i18n_at_all() -> None:
    code = ("import sys\nfrom planctl.entry import main\nmain(['--version'])\n"
            "print(sorted(m for m in sys.modules if m in ('planctl.i18n', 'gettext', 'planctl.cli')))")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, env=env(),
                          timeout=60)
    assert proc.stdout.splitlines() == ["planctl 0.1.0", "[]"], proc.stdout
    assert "gettext" not in proc.stderr and "planctl.i18n" not in proc.stderr  # -X importtime lists every import


def test_a_missing_catalogue_says_so_once_and_speaks_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             dangling: Path) -> None:
    from planctl import i18n

    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "nowhere")
    monkeypatch.setattr(i18n._state, "catalogs", {})
    result = invoke("--lang", "sv", "check", "-f", "concise", cwd=dangling)
    assert result.exit_code == 1
    assert "goals: 'FO2.22' is not the id of any goal" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("planctl: warning:")]
    assert len(warnings) == 1 and "planctl.mo" in warnings[0] and "messages stay in English" in warnings[0]


def test_plural_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl import i18n

    monkeypatch.setenv("PLANCTL_LANG", "sv")
    i18n.configure()
    assert [i18n.ngettext("{n} warning", "{n} warnings", n).format(n=n) for n in (0, 1, 2)] == \
        ["0 varningar", "1 varning", "2 varningar"]
    assert [i18n.ngettext("{n} error", "{n} errors", n).format(n=n) for n in (1, 2)] == ["1 fel", "2 fel"]
    more = i18n.lazy_plural("{n} more problem in this file not shown", "{n} more problems in this file not shown", 3)
    assert i18n.shown(more) == "3 problem till i filen visas inte"
    message = i18n.lazy("nothing refers to owner '{id}'", id="ifous")
    assert message == "nothing refers to owner 'ifous'"  # what caches, sorts and fingerprints
    assert i18n.shown(message) == "inget hänvisar till aktören 'ifous'"
    assert i18n.thaw(i18n.freeze(message)) == message and i18n.shown(i18n.thaw(i18n.freeze(message))) == \
        "inget hänvisar till aktören 'ifous'"
    monkeypatch.setenv("PLANCTL_LANG", "en")
    i18n.configure()
    assert i18n.shown(message) == "nothing refers to owner 'ifous'"


def test_run_planctl_helper_sees_english_by_default(plan_repo: Path) -> None:
    """The suite's own default (conftest): the C locale, so existing tests read English."""
    (plan_repo / "plan/goals/FO2.yaml").write_text("id: FO2\ntitle: Likvärdig tillgång\n", encoding="utf-8")
    assert "T001 [warning] the goal FO2 has no description" in run_planctl("check", cwd=plan_repo).stdout


# -- commit messages and diffs (issue 14: the body in Swedish, the machine parts as they are) -----

def test_a_swedish_commit_has_a_swedish_body_and_english_type_scope_and_trailers(tmp_path: Path) -> None:
    from gitplan import env as git_env, git, plan_git_repo

    root = plan_git_repo(tmp_path)
    assert invoke("set", "INI-001", "status=completed", "end=2022-12-31", cwd=root).exit_code == 0
    assert invoke("mv", "INI-002", "INI-020", cwd=root).exit_code == 0
    proc = run_planctl("--lang", "sv", "commit", cwd=root, env=git_env())
    assert proc.exit_code == 0, proc.stderr
    assert git(root, "log", "-1", "--format=%B") == (
        "refactor(initiatives): byt id från INI-002 till INI-020\n\n"
        "Insatsen INI-002 har bytt id till INI-020.\n\n"
        'Tillagda:\n- INI-020 "Stöd för digital kompetens"\n\n'
        'Borttagna:\n- INI-002 "Stöd för digital kompetens"\n\n'
        "Ändrade:\n- INI-001 status: decided → completed\n- INI-001 end: (inget) → 2022-12-31\n\n"
        "Plan-Added: INI-020\nPlan-Changed: INI-001\nPlan-Removed: INI-002\nPlan-Renamed: INI-002 -> INI-020\n"
        f"Planctl-Version: {__import__('planctl').__version__}\n\n")
    # what parses the trailers reads them as in English
    assert git(root, "log", "-1", "--format=%(trailers:key=Plan-Renamed,valueonly)") == "INI-002 -> INI-020\n\n"


def test_a_commit_header_in_swedish_keeps_its_conventional_type_and_scope() -> None:
    from planctl import i18n
    from planctl.git.message import build_message, header
    from planctl.semdiff import compare, snapshots

    ini = {"id": "INI-007", "title": "Skolverket samordnar", "status": "ongoing"}

    def snap(*items: dict) -> dict:
        return snapshots((f"plan/initiatives/{d['id']}.yaml", "initiative", d) for d in items)

    i18n.configure("sv")
    try:
        assert header(compare({}, snap(ini))) == 'feat(initiatives): lägg till INI-007 "Skolverket samordnar"'
        assert header(compare(snap(ini), snap({**ini, "status": "completed"}))) == \
            "chore(initiatives): sätt status för INI-007 till completed"
        assert header(compare({}, snap(ini, {**ini, "id": "INI-008"}))) == "feat(initiatives): lägg till 2 insatser"
        assert build_message(compare({}, {}), version="1") == \
            "chore(plan): uppdatera schema och inställningar\n\nPlanctl-Version: 1\n"
    finally:
        i18n.configure(None)
    assert header(compare({}, snap(ini, {**ini, "id": "INI-008"}))) == "feat(initiatives): add 2 initiatives"


def test_diff_text_markdown_and_stat_in_swedish_json_unchanged(tmp_path: Path) -> None:
    from gitplan import plan_git_repo

    root = plan_git_repo(tmp_path)
    assert invoke("set", "INI-001", "status=completed", "end=2022-12-31", cwd=root).exit_code == 0
    assert invoke("rm", "INI-002", cwd=root).exit_code == 0
    text = run_planctl("--lang", "sv", "diff", cwd=root)
    assert text.exit_code == 0, text.stderr
    assert text.stdout == (
        "Borttagna:\n"
        '  insats     INI-002 "Stöd för digital kompetens"\n\n'
        "Ändrade:\n"
        '  insats     INI-001 "Skolverket samordnar statens arbete"\n'
        "    status: decided → completed\n"
        "    end: (inget) → 2022-12-31\n\n"
        "1 borttagen, 1 ändrad mellan HEAD och arbetskatalogen.\n")
    markdown = invoke("--lang", "sv", "diff", "--format", "markdown", cwd=root).stdout
    assert markdown.startswith("## Ändringar i planen (HEAD → arbetskatalogen)\n\n### Borttagna\n\n"
                               "- **INI-002** (insats) — Stöd för digital kompetens\n")
    stat = invoke("--lang", "sv", "diff", "--stat", cwd=root).stdout
    assert stat.splitlines()[-1] == " 2 poster (2 insatser): 1 borttagen, 1 ändrad"
    english, swedish = (json.loads(invoke("--lang", lang, "diff", "--format", "json", cwd=root).stdout)
                        for lang in ("en", "sv"))
    assert english == swedish and english["diff"]["new"] == "the work tree"
    assert invoke("--lang", "sv", "diff", "HEAD", "HEAD", cwd=root).stdout == \
        "Inga ändringar i planen mellan HEAD och HEAD.\n"


def test_a_git_error_in_swedish(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "nogit", SMALL_PLAN)
    proc = run_planctl("--lang", "sv", "commit", cwd=root)
    assert proc.exit_code == 2
    assert proc.stderr.startswith("planctl: ") and len(proc.stderr.splitlines()) == 1  # the prefix is the CLI's
    assert proc.stderr.endswith(f": {root} ligger inte i ett git-repo (kör 'git init' först)\n")


# -- init, configuration, edits and imports in Swedish (issue 14) ---------------------------------

def test_init_in_a_swedish_locale_writes_swedish_comments_and_a_valid_plan(tmp_path: Path) -> None:
    target = tmp_path / "ny-plan"
    proc = run(tmp_path, "init", str(target), "--name", "Min plan", "--no-git", LANG="sv_SE.UTF-8")
    assert proc.returncode == 0, proc.stderr
    assert (target / "planctl.toml").read_text(encoding="utf-8") == (
        "#:schema ./schema/planctl-toml.schema.json\n"
        "# Inställningar för planctl: [plan] här; [limits], [edit] och [lint] beskrivs i README\n"
        "# och docs/checks.md. En okänd tabell eller nyckel är ett fel.\n"
        '[plan]\nname = "Min plan"\nlanguage = "sv"\nformat = 1\n')
    assert (target / ".gitignore").read_text(encoding="utf-8").startswith(
        "# planctls cache och exporter byggs om vid behov;")
    assert ".planctl_cache/\n" in (target / ".gitignore").read_text(encoding="utf-8")
    assert run(target, "validate").returncode == 0
    english = tmp_path / "en-plan"
    assert invoke("--lang", "en", "init", str(english), "--no-git", cwd=tmp_path).exit_code == 0
    assert "# planctl configuration: [plan] here;" in (english / "planctl.toml").read_text(encoding="utf-8")


def test_init_refuses_an_existing_plan_in_swedish(plan_repo: Path) -> None:
    result = invoke("--lang", "sv", "init", str(plan_repo), cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"{plan_repo / 'planctl.toml'} finns: skriver inte över en befintlig plan\n")


@pytest.mark.parametrize("toml, message", [
    ('[plan]\nname = "X"\nlanguag = "sv"\n',
     "planctl.toml:3:1: okänd nyckel 'languag' i [plan] (menade du 'language'?)"),
    ('[plan]\nname = "X"\n[limits]\nmax-file-size = -3\n',
     "planctl.toml:4:17: [limits] max-file-size måste vara minst 1, inte -3"),
    ('[plan]\nname = "X"\nformat = 9\n',
     "planctl.toml:3:10: [plan] format 9 stöds inte av den här planctl (den läser format 1)"),
    ('[plan\n', "planctl.toml:1:6: ogiltig TOML: "),
])
def test_a_configuration_error_in_swedish_keeps_its_location_and_exit_code(tmp_path: Path, toml: str,
                                                                           message: str) -> None:
    root = write_plan(tmp_path / "cfg", SMALL_PLAN, config=toml)
    for result in (invoke("--lang", "sv", "check", cwd=root), run_planctl("--lang", "sv", "check", cwd=root)):
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
        assert message in result.stderr


def test_edit_refusals_and_summaries_in_swedish(plan_repo: Path) -> None:
    refused = run_planctl("--lang", "sv", "rm", "skr", cwd=plan_repo)
    assert refused.exit_code == 1
    assert "skr hänvisas till av 1 post; ange --reassign NYTT_ID för att flytta hänvisningarna, eller ändra dem först" \
        in refused.stderr
    bad = invoke("--lang", "sv", "set", "INI-001", "status", cwd=plan_repo)
    assert bad.exit_code == 2 and "'status' är inte FÄLT=VÄRDE, FÄLT+=VÄRDE eller FÄLT-=VÄRDE" in bad.stderr
    milestone = invoke("--lang", "sv", "milestone", "done", "INI-001", "3", cwd=plan_repo)
    assert milestone.exit_code == 1 and "INI-001 har 0 delleveranser; det finns ingen nummer 3" in milestone.stderr
    done = invoke("--lang", "sv", "set", "INI-001", "status=Genomförd", "end=2022-12-31", cwd=plan_repo)
    assert done.exit_code == 0, done.stderr
    assert "ändrade INI-001 (plan/initiatives/INI-001.yaml)" in done.stdout + done.stderr
    assert "status: completed\n" in (plan_repo / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")
    again = invoke("--lang", "sv", "set", "INI-001", "status=completed", cwd=plan_repo)
    assert "INI-001 har redan de värdena: inget att ändra" in again.stdout + again.stderr
    moved = run_planctl("--lang", "sv", "mv", "skr", "sveriges-kommuner", cwd=plan_repo)
    assert moved.exit_code == 0, moved.stderr
    assert "bytte id från skr till sveriges-kommuner; hänvisningar ändrade i 1 fil" in moved.stdout + moved.stderr


def test_set_where_and_add_take_swedish_labels_in_any_case(plan_repo: Path) -> None:
    path = plan_repo / "plan/initiatives/INI-001.yaml"
    assert invoke("set", "INI-001", "status=PÅGÅENDE", "horizon=lång", cwd=plan_repo).exit_code == 0
    assert "status: ongoing\n" in path.read_text(encoding="utf-8")
    assert "horizon: long\n" in path.read_text(encoding="utf-8")
    assert invoke("set", "skr", "kind=Förening eller organisation", cwd=plan_repo).exit_code == 0
    listed = invoke("list", "--where", "status=pågående", "--where", "horizon=LÅNG", cwd=plan_repo)
    assert listed.exit_code == 0 and "INI-001" in listed.stdout
    owners = invoke("list", "owners", "--where", "kind=förening eller organisation", cwd=plan_repo)
    assert owners.exit_code == 0 and "skr" in owners.stdout and "skolverket" not in owners.stdout


def test_an_import_problem_in_swedish(plan_repo: Path) -> None:
    sheet = plan_repo / "s.csv"
    sheet.write_text("Id;Rubrik;Status\nINI-404;X;Pågående\n", encoding="utf-8")
    result = run_planctl("--lang", "sv", "import", "csv", "s.csv", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        ": s.csv (UTF-8): rad 2, kolumn A: ingen insats har id:t 'INI-404' (lämna id:t tomt för en ny)\n")
    sheet.write_text("Id;Rubrik;Status\nINI-001;X;Klar\n", encoding="utf-8")
    result = run_planctl("--lang", "sv", "import", "csv", "s.csv", cwd=plan_repo)
    assert result.exit_code == 1
    assert "s.csv (ASCII): rad 2, kolumn C (Status): 'Klar' är inget giltigt värde för status (ett av: Föreslagen, " \
           "Under beredning, Beslutad, Pågående, Genomförd, Avbruten)" in result.stderr


def test_export_refusals_in_swedish(plan_repo: Path) -> None:
    columns = run_planctl("--lang", "sv", "export", "csv", "--columns", "nosuch", "-o", "-", cwd=plan_repo)
    assert columns.exit_code == 2
    assert "--columns: ingen kolumn 'nosuch' för initiatives (kolumner: id," in columns.stderr
    site = invoke("--lang", "sv", "export", "html", "-o", "plan", cwd=plan_repo)
    assert site.exit_code == 2
    assert "plan: den här mappen innehåller själva planen; skriv webbplatsen till en egen mapp" in site.stderr
    (plan_repo / "plan/goals/FO2.yaml").write_text("id: FO2\n", encoding="utf-8")  # no title: an error
    broken = invoke("--lang", "sv", "export", "csv", "-o", "-", cwd=plan_repo)
    assert broken.exit_code == 1 and "planen har fel; rätta dem först (planctl validate): plan/goals/FO2.yaml" \
        in broken.stderr


def test_a_where_clause_naming_nobody_is_refused_in_swedish(plan_repo: Path) -> None:
    result = invoke("--lang", "sv", "list", "--where", "owner=Okänd aktör", cwd=plan_repo)
    assert result.exit_code == 2
    assert "--where owner=Okänd aktör: ingen aktör har id:t eller namnet 'Okänd aktör'" in result.stderr
    english = invoke("--lang", "en", "list", "--where", "owner=Okänd aktör", cwd=plan_repo)
    assert "no owner has the id or name 'Okänd aktör'" in english.stderr


def test_lint_fix_says_what_it_fixed_in_swedish(tmp_path: Path) -> None:
    text = "id: INI-009\nstatus: ongoing\ntitle: 'Ett test '\ngoals:\n  - FO1.1\nowner: skr\n"
    root = write_plan(tmp_path / "fix", {**SMALL_PLAN, "plan/initiatives/INI-009.yaml": text})
    result = run_planctl("--lang", "sv", "lint", "--fix", cwd=root)
    out = result.stdout + result.stderr
    assert "L001 ställde fälten i den bestämda ordningen" in out
    assert "T004 tog bort blanksteg runt rubriken" in out
    assert (root / "plan/initiatives/INI-009.yaml").read_text(encoding="utf-8").startswith(
        "id: INI-009\ntitle: 'Ett test'\ngoals:\n")
