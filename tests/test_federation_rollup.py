"""`planctl rollup` over member plans kept in local bare repositories."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from fedplans import bare_remote, federation_text, member_files, national_repo, push_change, upstream_config
from gitplan import ISOLATED, isolate


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _fifty(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    """50 members: 47 good ones serving national sub-goals in a known pattern, one broken (a
    dangling national id), one unreachable, one hostile. Returns (federation folder, goals served)."""
    national, rev = national_repo(tmp_path)
    members = []
    served: dict[str, list[str]] = {}
    subs = ["nat:FO1.1", "nat:FO1.2", "nat:FO2.1"]
    for i in range(47):
        goals = [subs[i % 3]] + ([subs[(i + 1) % 3]] if i % 5 == 0 else [])
        name = f"kommun-{i:02d}"
        served[name] = goals
        status = "ongoing" if i % 2 else "decided"
        url = bare_remote(tmp_path, name, member_files(goals, n=1 + i % 2, status=status, title=f"Insats i {name}"),
                          upstream_config(str(national), rev))
        members.append((f"Kommun {i:02d}", str(url), "municipal", f"{1000 + i}"))
    broken = bare_remote(tmp_path, "trasig", member_files(["nat:FO9.9"]), upstream_config(str(national), rev))
    members.append(("Trasiga kommunen", str(broken), "municipal", "0999"))
    members.append(("Borta skolan AB", str(tmp_path / "remotes/nowhere.git"), "independent", ""))
    hostile_files = member_files(["nat:FO1.1"], title="<script>alert(1)</script> =HYPERLINK(\\\"x\\\")")
    hostile_files["plan/initiatives/INI-009.yaml"] = "id: INI-009\ntitle: " + "x" * 2_000_000 + "\n"
    hostile = bare_remote(tmp_path, "elak", hostile_files,
                          '[plan]\nname = "x"\n[upstream]\nurl = "/etc"\nrev = "--upload-pack=touch /tmp/pwned"\n'
                          'namespace = "nat"\n')
    members.append(("<b>Elaka</b> | huvudmannen", str(hostile), "independent", ""))
    folder = tmp_path / "fed"
    folder.mkdir()
    (folder / "federation.toml").write_text(federation_text(national, members), encoding="utf-8")
    return folder, served


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel's BOM, as every CSV export
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_rollup_over_fifty_members(tmp_path: Path) -> None:
    folder, served = _fifty(tmp_path)
    result = run_planctl("rollup", cwd=folder, env=ISOLATED, timeout=300)
    assert result.exit_code == 1, result.stderr
    assert "Trasiga kommunen: 1 error" in result.stdout
    assert "nat:FO9.9" in result.stdout
    assert "Borta skolan AB: unreachable" in result.stdout
    rows = {row["Delmål"]: row for row in _csv_rows(folder / "out/rollup/rollup.csv")}
    assert list(rows) == ["FO1.1", "FO1.2", "FO2.1"]
    for sub in rows:
        members = [name for name, goals in served.items() if f"nat:{sub}" in goals]
        initiatives = sum(1 + int(name[-2:]) % 2 for name in members)
        ongoing = sum(1 + int(name[-2:]) % 2 for name in members if int(name[-2:]) % 2)
        extra = 1 if sub == "FO1.1" else 0  # the hostile member's initiative serves FO1.1 as well
        assert rows[sub]["Huvudmän"] == str(len(members) + extra), sub
        assert rows[sub]["Insatser"] == str(initiatives + extra), sub
        assert rows[sub]["Insatser: Pågående"] == str(ongoing + extra), sub
    document = json.loads((folder / "out/rollup/rollup.json").read_text(encoding="utf-8"))
    assert document["command"] == "rollup"
    counts = document["rollup"]["counts"]
    assert (counts["members"], counts["unreachable"], counts["checked"]) == (50, 1, 49)
    by_name = {m["name"]: m for m in document["rollup"]["members"]}
    assert by_name["Trasiga kommunen"]["state"] == "problems"
    assert by_name["Trasiga kommunen"]["problems"][0]["code"] == "X001"
    hostile = by_name["<b>Elaka</b> | huvudmannen"]
    assert hostile["state"] == "problems"  # the huge file is not read: reported
    assert not Path("/tmp/pwned").exists()
    markdown = (folder / "out/rollup/rollup.md").read_text(encoding="utf-8")
    assert "<b>" not in markdown and "<script>" not in markdown
    members_csv = (folder / "out/rollup/members.csv").read_text(encoding="utf-8-sig")
    assert "\n=" not in members_csv and ";=" not in members_csv


def _clean_federation(tmp_path: Path, n: int) -> tuple[Path, Path, list[tuple[str, str, str, str]]]:
    """(federation folder, national plan, members): `n` clean members m0, m1 … serving nat:FO1.2."""
    national, rev = national_repo(tmp_path)
    members = []
    for i in range(n):
        url = bare_remote(tmp_path, f"m{i}", member_files(["nat:FO1.2"], title=f"Insats {i}"),
                          upstream_config(str(national), rev))
        members.append((f"M{i}", str(url), "municipal", f"{1200 + i}"))
    folder = tmp_path / "fed"
    folder.mkdir()
    (folder / "federation.toml").write_text(federation_text(national, members), encoding="utf-8")
    return folder, national, members


def test_a_second_rollup_rereads_only_the_member_that_pushed(tmp_path: Path) -> None:
    folder, _national, _members = _clean_federation(tmp_path, 4)
    first = invoke("rollup", "-f", "json", cwd=folder)
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["rollup"]["counts"]["checked"] == 4
    again = invoke("rollup", "-f", "json", cwd=folder)
    assert json.loads(again.stdout)["rollup"]["counts"]["checked"] == 0
    workbook = (folder / "out/rollup/rollup.xlsx").read_bytes()
    push_change(tmp_path, "m2", "plan/initiatives/INI-002.yaml",
                "id: INI-002\ntitle: Ny insats\ngoals:\n  - nat:FO2.1\nowner: kommunen\nstatus: proposed\n")
    third = invoke("rollup", "-f", "json", cwd=folder)
    document = json.loads(third.stdout)["rollup"]
    assert document["counts"]["checked"] == 1
    assert [m["name"] for m in document["members"] if not m["cached"]] == ["M2"]
    fo21 = next(row for row in document["sub_goals"] if row["id"] == "FO2.1")
    assert (fo21["members"], fo21["by_status"]["proposed"]) == (1, 1)
    assert (folder / "out/rollup/rollup.xlsx").read_bytes() != workbook  # its counts changed
    text = invoke("rollup", cwd=folder)
    assert "4 members: 0 with problems; 0 read and checked, 4 unchanged" in text.stdout


def test_a_member_pinned_to_an_old_national_revision_is_named(tmp_path: Path) -> None:
    from fedplans import head
    from gitplan import git

    national, old = national_repo(tmp_path)
    (national / "plan/goals/FO2.2.yaml").write_text("id: FO2.2\ntitle: Nytt delmål\nparent: FO2\n", encoding="utf-8")
    git(national, "add", "-A")
    git(national, "commit", "-q", "-m", "feat(goals): FO2.2")
    a = bare_remote(tmp_path, "a", member_files(["nat:FO1.2"]), upstream_config(str(national), old))
    b = bare_remote(tmp_path, "b", member_files(["nat:FO2.2"]), upstream_config(str(national), head(national)))
    folder = tmp_path / "fed"
    folder.mkdir()
    (folder / "federation.toml").write_text(federation_text(national, [("A", str(a), "municipal", "0114"),
                                                                       ("B", str(b), "independent", "")]),
                                            encoding="utf-8")
    result = invoke("rollup", cwd=folder)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "A: pinned 1 national revision behind" in result.stdout
    assert "B:" not in result.stdout


@pytest.mark.parametrize(("text", "message"), [
    ('[[member]]\nname = "A"\nurl = "x"\nkind = "municipal"\n', "federation.toml:1:3: member 1 is municipal and "
     "needs code"),
    ('[[member]]\nname = "A"\nurl = "x"\nkind = "municipal"\ncode = "180"\n', "federation.toml:5:8: member 1 code "
     "must be four digits"),
    ('[[member]]\nname = "A"\nurl = "x"\nkind = "kommun"\n', "federation.toml:4:8: member 1 kind must be one of"),
    ('[federation]\nnational = "."\n', "the file names no member"),
    ('[[member]]\nname = "A"\nurl = "x"\nkind = "state"\nbranch = "main"\n', "unknown key 'branch' in member 1"),
    ('[[member]]\nname = "A"\nurl = "x"\nkind = "state"\n[[member]]\nname = "A"\nurl = "y"\nkind = "state"\n',
     "federation.toml:6:1: member 2: the name 'A' is member 1's already"),
])
def test_a_broken_federation_file_is_exit_2_located(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "federation.toml").write_text(text, encoding="utf-8")
    result = invoke("rollup", cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_no_federation_file_and_an_unreachable_national_plan_are_exit_2(tmp_path: Path) -> None:
    result = run_planctl("rollup", cwd=tmp_path, env=ISOLATED)
    assert result.exit_code == 2 and "no federation.toml here" in result.stderr
    (tmp_path / "federation.toml").write_text(
        federation_text(tmp_path / "gone", [("A", "x", "state", "")]), encoding="utf-8")
    result = run_planctl("rollup", cwd=tmp_path, env=ISOLATED)
    assert result.exit_code == 2
    assert "cannot fetch the national plan" in result.stderr and str(tmp_path / "gone") in result.stderr


def test_the_json_output_validates_against_its_schema(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    from conftest import REPO

    national, rev = national_repo(tmp_path)
    good = bare_remote(tmp_path, "a", member_files(["nat:FO1.2"]), upstream_config(str(national), rev))
    bad = bare_remote(tmp_path, "b", member_files(["nat:FO7.1"]), upstream_config(str(national), rev))
    (tmp_path / "federation.toml").write_text(federation_text(national, [
        ("A", str(good), "municipal", "0180"), ("B", str(bad), "state", ""), ("C", "nowhere", "regional", "")]),
        encoding="utf-8")
    result = invoke("rollup", "-f", "json", cwd=tmp_path)
    assert result.exit_code == 1
    schema = json.loads((REPO / "schema/rollup.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    document = json.loads(result.stdout)
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert document == json.loads((tmp_path / "out/rollup/rollup.json").read_text(encoding="utf-8"))
    assert [m["state"] for m in document["rollup"]["members"]] == ["clean", "problems", "unreachable"]


def test_the_xlsx_has_numbers_to_sum(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    national, rev = national_repo(tmp_path)
    good = bare_remote(tmp_path, "a", member_files(["nat:FO1.2"], n=2), upstream_config(str(national), rev))
    (tmp_path / "federation.toml").write_text(federation_text(national, [("A", str(good), "municipal", "0180")]),
                                              encoding="utf-8")
    assert invoke("rollup", "--lang", "en", cwd=tmp_path).exit_code == 0
    book = load_workbook(tmp_path / "out/rollup/rollup.xlsx")
    assert book.sheetnames == ["Sub-goals", "Members"]
    rows = list(book["Sub-goals"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Sub-goal", "Title", "Focus area", "Members", "Initiatives")
    assert rows[2][:5] == ("FO1.2", "Strategisk ledning av digitaliseringen", "FO1", 1, 2)


def test_write_ci_writes_the_scheduled_jobs_and_a_federation_to_start_from(tmp_path: Path) -> None:
    import yaml

    result = run_planctl("rollup", "--write-ci", cwd=tmp_path, env=ISOLATED)
    assert result.exit_code == 0, result.stderr
    workflow = yaml.safe_load((tmp_path / ".github/workflows/planctl-rollup.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"][0]["cron"] == "17 5 * * 1-5"  # YAML 1.1 reads `on` as true
    steps = [s.get("run", "") for s in workflow["jobs"]["rollup"]["steps"]]
    assert "planctl rollup -o out/rollup" in steps
    gitlab = yaml.safe_load((tmp_path / "ci/planctl-rollup.gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["planctl-rollup"]["script"] == ["planctl rollup -o out/rollup"]
    # the federation.toml it writes is one the roll-up reads (its member is just not there)
    from planctl.federation.members import load_federation

    federation = load_federation(tmp_path / "federation.toml")
    assert [m.code for m in federation.members] == ["0000"]
    again = run_planctl("rollup", "--write-ci", cwd=tmp_path, env=ISOLATED)
    assert again.exit_code == 0 and again.stdout == ""  # what exists is kept


def test_init_upstream_writes_the_members_ci_check(tmp_path: Path) -> None:
    import yaml

    national_repo(tmp_path)
    result = invoke("init", str(tmp_path / "m"), "--upstream", str(tmp_path / "national"), "--no-git", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    workflow = yaml.safe_load((tmp_path / "m/.github/workflows/planctl.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert any(s.get("with", {}).get("path") == ".planctl_cache/upstream" for s in steps)
    assert any(s.get("run") == "planctl check" for s in steps)
    gitlab = yaml.safe_load((tmp_path / "m/.gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["planctl"]["cache"]["paths"] == [".planctl_cache/upstream"]


def test_the_html_page_has_a_sortable_table_of_members_and_escapes_them(tmp_path: Path) -> None:
    from html.parser import HTMLParser

    national, rev = national_repo(tmp_path)
    good = bare_remote(tmp_path, "a", member_files(["nat:FO1.2"]), upstream_config(str(national), rev))
    (tmp_path / "federation.toml").write_text(federation_text(national, [
        ("<script>alert(1)</script>", str(good), "municipal", "0180"), ("B & C", "nowhere", "state", "")]),
        encoding="utf-8")
    assert invoke("rollup", cwd=tmp_path).exit_code == 1
    page = (tmp_path / "out/rollup/rollup.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "B &amp; C" in page and '<table class="sortable">' in page

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.scripts = 0
            self.headers: list[str] = []
            self._in_th = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.scripts += tag == "script"
            self._in_th = tag == "th"

        def handle_data(self, data: str) -> None:
            if self._in_th:
                self.headers.append(data)
                self._in_th = False

    cells = Cells()
    cells.feed(page)
    assert cells.scripts == 1  # planctl's own sorting script, and no other
    assert "Huvudman" in cells.headers and "Kommunkod" in cells.headers


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out/rollup").iterdir())}


def _but_json(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name != "rollup.json"}


def _without_run(raw: bytes) -> object:
    """rollup.json less what says which members this run read (`checked`, `cached`)."""
    document = json.loads(raw)["rollup"]
    document["counts"].pop("checked")
    document["counts"].pop("cached")
    for member in document["members"]:
        member.pop("cached")
    return document


def test_a_warm_rollup_writes_the_bytes_a_cold_one_writes_and_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    folder, national, members = _clean_federation(tmp_path, 3)
    assert invoke("rollup", cwd=folder).exit_code == 0
    push_change(tmp_path, "m1", "plan/initiatives/INI-001.yaml",
                "id: INI-001\ntitle: Insats 1\ngoals:\n  - nat:FO1.1\nowner: kommunen\nstatus: decided\n")
    assert invoke("rollup", cwd=folder).exit_code == 0  # warm: one member read again
    warm = _outputs(folder)
    times = {name: (folder / "out/rollup" / name).stat().st_mtime_ns for name in warm}
    assert invoke("rollup", cwd=folder).exit_code == 0  # nothing changed
    again = _outputs(folder)
    assert _but_json(again) == _but_json(warm)
    assert _without_run(again["rollup.json"]) == _without_run(warm["rollup.json"])
    assert all((folder / "out/rollup" / name).stat().st_mtime_ns == times[name] for name in _but_json(warm))
    # A cold roll-up (no cache, an empty output folder) writes the same bytes, the run's own record aside.
    cold_folder = tmp_path / "fed-cold"
    cold_folder.mkdir()
    (cold_folder / "federation.toml").write_text(federation_text(national, members), encoding="utf-8")
    done = run_planctl("rollup", cwd=cold_folder)
    assert done.exit_code == 0, done.stderr
    cold = _outputs(cold_folder)
    assert cold.keys() == warm.keys()
    assert _but_json(cold) == _but_json(warm)
    assert _without_run(cold["rollup.json"]) == _without_run(warm["rollup.json"])
    # A file edited by hand is written again: the bytes are compared, not a stamp.
    (folder / "out/rollup/rollup.csv").write_bytes(b"edited")
    assert invoke("rollup", cwd=folder).exit_code == 0
    assert (folder / "out/rollup/rollup.csv").read_bytes() == warm["rollup.csv"]


def test_the_workbook_is_what_excel_expects_without_openpyxl_writing_it(tmp_path: Path) -> None:
    import sys

    from openpyxl import load_workbook

    national, rev = national_repo(tmp_path)
    good = bare_remote(tmp_path, "a", member_files(["nat:FO1.2"], n=2), upstream_config(str(national), rev))
    members = [("=cmd|' /C calc'!A0 & <kommun>", str(good), "municipal", "0180"),
               ("Borta", str(tmp_path / "nowhere.git"), "independent", "")]
    (tmp_path / "federation.toml").write_text(federation_text(national, members), encoding="utf-8")
    sys.modules.pop("openpyxl.writer.excel", None)
    assert invoke("rollup", cwd=tmp_path).exit_code == 1
    assert "openpyxl.writer.excel" not in sys.modules  # the roll-up never loads openpyxl's writer
    book = load_workbook(tmp_path / "out/rollup/rollup.xlsx")
    assert book.sheetnames == ["Delmål", "Huvudmän"]
    sheet = book["Huvudmän"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "'=cmd|' /C calc'!A0 & <kommun>"  # neutralised: never a formula
    assert rows[1][4:6] == (2, 0)  # initiatives and errors as numbers to sum
    assert rows[2][3] == "nås inte" and rows[2][4] == 0
    assert sheet.column_dimensions["A"].width >= len(rows[1][0])
    goals = list(book["Delmål"].iter_rows(values_only=True))
    assert [r[0] for r in goals[1:]] == ["FO1.1", "FO1.2", "FO2.1"] and goals[2][3:5] == (1, 2)


def test_a_changed_rule_is_not_judged_by_old_results() -> None:
    """The results cache names the checks' code: a rule edited in a development install
    (same version number) makes every member be checked again."""
    import os

    import planctl.checks.rules.title_too_long as rule
    from planctl.federation.rollup import _identity

    before = _identity()
    path = rule.__file__
    info = os.stat(path)
    try:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert _identity() != before
    finally:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert _identity() == before
