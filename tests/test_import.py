"""`planctl import`: a sheet exported, edited in a meeting and taken back."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import openpyxl
import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan

COMMENTED = dict(SMALL_PLAN)
# The same initiative as in SMALL_PLAN, with a comment line and an end-of-line comment.
COMMENTED["plan/initiatives/INI-002.yaml"] = (
    SMALL_PLAN["plan/initiatives/INI-002.yaml"]
    .replace("id: INI-002", "# Insatsen drivs av SKR.\n        id: INI-002", 1)
    .replace("owner: skr\n", "owner: skr  # bekräftat i mötet\n", 1)
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "repo", COMMENTED)


def _edit_csv(path: Path, replace: tuple[str, str] | None = None, append: str = "") -> None:
    text = path.read_text(encoding="utf-8-sig")
    if replace:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1])
    path.write_text(text + append, encoding="utf-8-sig", newline="")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "plan").rglob("*")) if p.is_file()}


def test_status_change_and_new_row_give_exactly_those_changes(repo: Path) -> None:
    assert run_planctl("export", "csv", "-o", "sheet.csv", cwd=repo).exit_code == 0
    before = _snapshot(repo)
    _edit_csv(
        repo / "sheet.csv",
        ("INI-002;Stöd för digital kompetens;Pågående", "INI-002;Stöd för digital kompetens;Genomförd"),
        ";Lärresurser för alla;Föreslagen;;Skolverket;Regeringen;;FO2.1 Tillgång till digitala verktyg;;"
        "2021-01-15;;\r\n",
    )
    result = run_planctl("import", "csv", "sheet.csv", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "Changes from sheet.csv (UTF-8 with BOM):",
        "  INI-002  status: ongoing -> completed  [row 3, column C (Status)]",
        "  INI-003  new initiative 'Lärresurser för alla'  [row 4]",
    ]
    after = _snapshot(repo)
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {"plan/initiatives/INI-002.yaml", "plan/initiatives/INI-003.yaml", "plan/.planctl-ids"}
    expected = before["plan/initiatives/INI-002.yaml"].replace(b"status: ongoing\n", b"status: completed\n")
    assert after["plan/initiatives/INI-002.yaml"] == expected
    assert b"# Insatsen drivs av SKR.\n" in expected and b"owner: skr  # bekr\xc3\xa4ftat i m\xc3\xb6tet\n" in expected
    assert after["plan/initiatives/INI-003.yaml"].decode() == textwrap.dedent("""\
        id: INI-003
        title: Lärresurser för alla
        goals:
          - FO2.1
        owner: skolverket
        decided_by: regeringen
        status: proposed
        start: 2021-01-15
        """)
    assert invoke("validate", cwd=repo).exit_code == 0
    # The same sheet again: the status is no change any more, and the new row is not added twice.
    again = invoke("import", "csv", "sheet.csv", cwd=repo)
    assert again.exit_code == 1
    assert (
        "sheet.csv (UTF-8 with BOM): row 4, column B (Rubrik): INI-003 has this title already; "
        "write INI-003 in the Id column"
        in again.stderr
    )
    assert _snapshot(repo) == after


def test_unchanged_sheet_changes_nothing(repo: Path) -> None:
    invoke("export", "csv", "--lang", "en", "--columns", "id,title,description,status,owner,goals,participants,start",
           "-o", "s.csv", cwd=repo)
    before = _snapshot(repo)
    result = invoke("import", "csv", "s.csv", cwd=repo)
    assert result.exit_code == 0 and result.stdout == "s.csv (UTF-8 with BOM): no changes\n"
    assert _snapshot(repo) == before


def test_a_row_that_breaks_the_plan_writes_nothing_and_names_row_and_column(repo: Path) -> None:
    invoke("export", "csv", "-o", "s.csv", cwd=repo)
    before = _snapshot(repo)
    # Emptying the title of INI-001 (required), plus a valid change elsewhere: all or nothing.
    _edit_csv(repo / "s.csv", ("INI-001;Skolverket samordnar statens arbete;Beslutad", "INI-001;;Pågående"))
    result = invoke("import", "csv", "s.csv", cwd=repo)
    assert result.exit_code == 1
    assert (
        "s.csv (UTF-8 with BOM): row 2, column B (Rubrik): INI-001: S003 missing required field 'title'"
        in result.stderr
    )
    assert "nothing written" in result.stderr
    assert _snapshot(repo) == before


def test_cells_that_mean_nothing_are_named(repo: Path) -> None:
    invoke("export", "csv", "-o", "s.csv", cwd=repo)
    _edit_csv(
        repo / "s.csv",
        (
            "INI-002;Stöd för digital kompetens;Pågående;Medel (1–3 år);Sveriges Kommuner och Regioner",
            "INI-002;Stöd för digital kompetens;Klar;Medel (1–3 år);Okänd aktör",
        ),
    )
    before = _snapshot(repo)
    result = invoke("import", "csv", "s.csv", cwd=repo)
    assert result.exit_code == 1
    assert (
        "s.csv (UTF-8 with BOM): row 3, column C (Status): 'Klar' is not a status (one of: Föreslagen," in result.stderr
    )
    assert (
        "s.csv (UTF-8 with BOM): row 3, column E (Ansvarig aktör): no owner has the id or name 'Okänd aktör'"
        in result.stderr
    )
    assert _snapshot(repo) == before


@pytest.mark.parametrize(("header", "row", "message"), [
    ("Id;Rubrik;Färg", "INI-001;x;röd", "s.csv (UTF-8 with BOM): column C: unknown header 'Färg'"),
    ("Id;Rubrik", "INI-099;x", "s.csv (UTF-8 with BOM): row 2, column A: no initiative has the id 'INI-099'"),
    ("Rubrik;Status", "x;Pågående", "s.csv (UTF-8 with BOM): no Id column"),
])
def test_unknown_header_or_id_is_a_usage_error(repo: Path, header: str, row: str, message: str) -> None:
    (repo / "s.csv").write_text(f"{header}\r\n{row}\r\n", encoding="utf-8-sig")
    result = invoke("import", "csv", "s.csv", cwd=repo)
    assert result.exit_code == 2
    assert result.stderr == f"planctl: error: {message}" + result.stderr.split(message, 1)[1]
    assert result.stderr.count("\n") == 1


def test_labels_in_either_language_and_neutralised_cells(repo: Path) -> None:
    (repo / "s.csv").write_text("Id,Title,Status,Owner\r\nINI-001,'=Ny rubrik,ongoing,skr\r\n"
                                "INI-002,Stöd för digital kompetens,Beslutad,Sveriges Kommuner och Regioner\r\n",
                                encoding="utf-8")
    result = invoke("import", "csv", "s.csv", "--dry-run", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Changes from s.csv (UTF-8):\n"
        "  INI-001  title: Skolverket samordnar statens arbete -> =Ny rubrik  [row 2, column B (Title)]\n"
        "  INI-001  status: decided -> ongoing  [row 2, column C (Status)]\n"
        "  INI-001  owner: skolverket -> skr  [row 2, column D (Owner)]\n"
        "  INI-002  status: ongoing -> decided  [row 3, column C (Status)]\n"
        "Nothing written (--dry-run).\n")


def test_xlsx_round_trip(repo: Path) -> None:
    assert invoke("export", "xlsx", "-o", "plan.xlsx", cwd=repo).exit_code == 0
    book = openpyxl.load_workbook(repo / "plan.xlsx")
    sheet = book["Insatser"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "INI-002")
    row[2].value = "Avbruten"
    import datetime as dt

    row[10].value = dt.datetime(2022, 12, 31)
    book.save(repo / "plan.xlsx")
    result = run_planctl("import", "xlsx", "plan.xlsx", cwd=repo)
    assert result.exit_code == 0, result.stderr
    text = (repo / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    assert "status: cancelled\nhorizon: medium\nend: 2022-12-31\n" in text


def test_commit_records_the_import(repo: Path) -> None:
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.se"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "init"], cwd=repo, check=True)
    invoke("export", "csv", "-o", "s.csv", cwd=repo)
    _edit_csv(
        repo / "s.csv", ("INI-002;Stöd för digital kompetens;Pågående", "INI-002;Stöd för digital kompetens;Genomförd")
    )
    env = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.se",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.se"}
    result = run_planctl("import", "csv", "s.csv", "--commit", cwd=repo, env=env)
    assert result.exit_code == 0, result.stderr
    shown = subprocess.run(["git", "show", "--stat", "--format=%B", "HEAD"], cwd=repo, capture_output=True,
                           text=True, check=True).stdout
    assert "plan/initiatives/INI-002.yaml" in shown and "s.csv" not in shown
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    assert status.strip() == "?? s.csv"


def test_tags_and_links_are_read_back_item_by_item(repo: Path) -> None:
    """A link may hold a comma; it stays one link."""
    assert run_planctl("export", "csv", "-o", "sheet.csv", "--columns", "id,title,tags,links", cwd=repo).exit_code == 0
    sheet = (repo / "sheet.csv").read_text(encoding="utf-8-sig")
    assert sheet.splitlines()[0] == "Id;Rubrik;Etiketter;Länkar"
    _edit_csv(repo / "sheet.csv", ("INI-002;Stöd för digital kompetens;;",
                                   'INI-002;Stöd för digital kompetens;"kompetens; skolverket";'
                                   "https://example.se/sok?a=1,2"))
    before = (repo / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    result = run_planctl("import", "csv", "sheet.csv", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "  INI-002  tags: (empty) -> kompetens, skolverket  [row 3, column C (Etiketter)]" in result.stdout
    after = (repo / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    assert after == before + "links:\n  - https://example.se/sok?a=1,2\ntags:\n  - kompetens\n  - skolverket\n"
    assert run_planctl("import", "csv", "sheet.csv", cwd=repo).stdout == "sheet.csv (UTF-8 with BOM): no changes\n"


def test_lost_characters_are_those_the_encoding_cannot_hold() -> None:
    from planctl.importer import lost_characters

    assert lost_characters("Minst 5 ≥ 3 → x", "Minst 5 ? 3 ? x", "cp1252") == "≥→"
    assert lost_characters("Åtgärd – nu", "Atgard ? nu", "cp1252") == ""  # å, ä and – are Windows-1252
    assert lost_characters("≥ 3", "4", "cp1252") == ""  # no '?': nothing can have been lost
    assert lost_characters("Åtgärd ≥", "?tg?rd ?", "ascii") == "Åä≥"
    assert lost_characters("Stöd", "St\ufffdd", None) == "ö"  # any sheet: a replacement character
    assert lost_characters("Stöd?", "Stöd?", None) == ""


def test_a_windows_1252_sheet_is_named_and_its_lost_characters_refused(repo: Path) -> None:
    text = (repo / "plan/initiatives/INI-002.yaml").read_text(encoding="utf-8")
    (repo / "plan/initiatives/INI-002.yaml").write_text(
        text.replace("title: Stöd för digital kompetens", "title: Stöd för digital kompetens ≥ 3 år"), encoding="utf-8")
    assert invoke("export", "csv", "-o", "s.csv", cwd=repo).exit_code == 0
    sheet = (repo / "s.csv").read_text(encoding="utf-8-sig").replace("Pågående", "Genomförd")
    (repo / "s.csv").write_bytes(sheet.encode("cp1252", errors="replace"))
    before = _snapshot(repo)
    refused = invoke("import", "csv", "s.csv", cwd=repo)
    assert refused.exit_code == 1 and _snapshot(repo) == before
    assert refused.stderr.splitlines()[0].startswith(
        "s.csv (Windows-1252): row 3, column B (Rubrik): a '?' may stand for '≥' (GREATER-THAN OR EQUAL TO)")
    accepted = invoke("import", "csv", "s.csv", "--dry-run", "--accept-lost-characters", cwd=repo)
    assert accepted.exit_code == 0, accepted.stderr
    assert accepted.stdout.splitlines()[:3] == [
        "Changes from s.csv (Windows-1252):",
        "  INI-002  title: Stöd för digital kompetens ≥ 3 år -> Stöd för digital kompetens ? 3 år  "
        "[row 3, column B (Rubrik)]  (loses '≥': --accept-lost-characters)",
        "  INI-002  status: ongoing -> completed  [row 3, column C (Status)]",
    ]


def test_bounds_on_an_xlsx_are_checked_before_openpyxl(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The total inflated size, the members' ratio and the cells' reach, each with a located message."""
    from planctl import sheetread
    from planctl.errors import UsageError

    assert invoke("export", "xlsx", "-o", "p.xlsx", cwd=repo).exit_code == 0
    sheet = sheetread.read_sheet("xlsx", repo / "p.xlsx")
    assert sheet.name == "p.xlsx [Insatser]" and sheet.encoding == "XLSX" and not sheet.problems
    monkeypatch.setattr(sheetread, "MAX_INFLATED", 1000)
    with pytest.raises(UsageError, match=r"p\.xlsx: inflates to [0-9,]+ bytes; a workbook is read up to 0 MiB"):
        sheetread.read_sheet("xlsx", repo / "p.xlsx")
    monkeypatch.undo()
    monkeypatch.setattr(sheetread, "MAX_COLUMNS", 3)
    with pytest.raises(UsageError, match=r"xl/worksheets/sheet1\.xml: line \d+: a cell at D1; a sheet is read up "
                                         r"to row 100,000 and column C"):
        sheetread.read_sheet("xlsx", repo / "p.xlsx")


def test_reading_never_loads_openpyxl_for_a_refused_workbook(tmp_path: Path) -> None:
    """A DTD is refused by the scan, before openpyxl (and its XML parser) is imported."""
    import subprocess
    import sys

    from hostile_sheets import external_entity

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    assert invoke("export", "xlsx", "-o", "p.xlsx", cwd=root).exit_code == 0
    (root / "x.xlsx").write_bytes(external_entity((root / "p.xlsx").read_bytes()))
    code = ("import sys\nfrom pathlib import Path\nfrom planctl.sheetread import read_sheet\n"
            "try:\n    read_sheet('xlsx', Path('x.xlsx'))\nexcept Exception as e:\n    print(e)\n"
            "print('openpyxl' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["x.xlsx: xl/worksheets/sheet1.xml: line 1: a DTD (<!DOCTYPE worksheet>) is not "
                                "allowed in a workbook (its entities could read files or expand without end)", "False"]
