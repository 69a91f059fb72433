"""CSV export: Swedish Excel dialect, formula neutralising, filters, columns and Swedish order."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.export.collate import sort_key
from planctl.export.csvfile import neutralise, unneutralise

HOSTILE = dict(SMALL_PLAN)
HOSTILE["plan/initiatives/INI-003.yaml"] = """\
    id: INI-003
    title: "=HYPERLINK(\\"http://evil\\",\\"klicka\\")"
    goals:
      - FO2.1
    owner: skr
    status: proposed
    start: 2020-01-01
    """
HOSTILE["plan/initiatives/INI-004.yaml"] = """\
    id: INI-004
    title: "+1 Åtgärd för öar; ängar"
    goals:
      - FO1.1
    owner: skr
    status: ongoing
    """
HOSTILE["plan/owners/skr.yaml"] = """\
    id: skr
    name: "@SKR"
    kind: association
    """
HOSTILE["plan/owners/regeringen.yaml"] = """\
    id: regeringen
    name: "-Regeringen"
    kind: government
    """


def _rows(data: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_excel_dialect_of_the_bundled_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = invoke("export", "csv", "-o", str(out), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfId;Rubrik;Status;Tidshorisont;Ansvarig akt\xc3\xb6r;")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = _rows(data)
    assert len({len(r) for r in rows}) == 1 and len(rows[0]) == 12
    assert rows[1][:3] == ["INI-001", "Skolverket samordnar statens arbete med digitalisering av skolväsendet",
                           "Beslutad"]
    assert "Pågående" in {r[2] for r in rows}
    assert "Sveriges Kommuner och Regioner (SKR)" in {r[4] for r in rows}


def test_every_formula_cell_reaches_the_file_neutralised(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", HOSTILE)
    result = run_planctl("export", "csv", "-o", "plan.csv", cwd=root)
    assert result.exit_code == 0, result.stderr
    rows = _rows((root / "plan.csv").read_bytes())
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_id = {r[0]: r for r in rows}
    assert by_id["INI-003"][1] == "'=HYPERLINK(\"http://evil\",\"klicka\")"
    assert by_id["INI-004"][1] == "'+1 Åtgärd för öar; ängar"
    assert by_id["INI-004"][4] == "'@SKR"
    assert by_id["INI-001"][5] == "'-Regeringen"
    assert by_id["INI-003"][9] == "2020-01-01"


def test_raw_keeps_cells_as_they_are(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", HOSTILE)
    result = invoke("export", "csv", "--raw", "--where", "id=INI-003", "--columns", "id,title", cwd=root)
    assert result.stdout == '\ufeffId;Rubrik\r\nINI-003;"=HYPERLINK(""http://evil"",""klicka"")"\r\n'


def test_rfc4180_dialect_and_english_labels(plan_repo: Path) -> None:
    result = invoke("export", "csv", "--dialect", "rfc4180", "--lang", "en", "--columns", "id,status,owner,goals",
                    cwd=plan_repo)
    assert result.exit_code == 0
    assert result.stdout == (
        "Id,Status,Owner,Goals\r\n"
        "INI-001,Decided,Skolverket,FO1.2 Strategisk ledning av digitaliseringen\r\n"
        "INI-002,Ongoing,Sveriges Kommuner och Regioner,"
        "FO1.1 Elevernas digitala kompetens; FO2.1 Tillgång till digitala verktyg\r\n")


@pytest.mark.parametrize(("where", "ids"), [
    (["status=ongoing"], ["INI-002"]),
    (["status=Beslutad"], ["INI-001"]),
    (["owner=skr"], ["INI-002"]),
    (["goal=FO2.1"], ["INI-002"]),
    (["goal=FO1"], ["INI-001", "INI-002"]),
    (["goal=FO1.2", "status=ongoing"], []),
    (["status=ongoing", "status=decided"], ["INI-001", "INI-002"]),
])
def test_where(plan_repo: Path, where: list[str], ids: list[str]) -> None:
    args = [a for clause in where for a in ("--where", clause)]
    result = invoke("export", "csv", "--columns", "id", *args, cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\r\n")[1:-1] == ids


def test_bad_arguments_exit_2_with_one_line(plan_repo: Path) -> None:
    for args in (["--where", "colour=red"], ["--where", "status"], ["--columns", "id,nope"], ["--sort", "nope"]):
        result = invoke("export", "csv", *args, cwd=plan_repo)
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("planctl: error: "), result.stderr


def test_kinds_and_sort_in_swedish_order(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    for ident, name in (("ostberg", "Östberg"), ("aberg", "Åberg"), ("zeta", "Zeta"), ("abc", "Äbc"),
                        ("eva", "Éva"), ("adam", "adam")):
        files[f"plan/owners/{ident}.yaml"] = f"id: {ident}\nname: {name}\nkind: person\nemail: {ident}@example.se\n"
    root = write_plan(tmp_path / "repo", files)
    result = invoke("export", "csv", "--kind", "owners", "--sort", "name", "--columns", "name,email", "--public",
                    cwd=root)
    names = [line.split(";")[0] for line in result.stdout.split("\r\n")[1:-1]]
    assert names == ["adam", "Éva", "Regeringen", "Skolverket", "Sveriges Kommuner och Regioner", "Zeta",
                     "Åberg", "Äbc", "Östberg"]
    assert "@example.se" not in result.stdout
    private = invoke("export", "csv", "--kind", "owners", "--columns", "id,email", cwd=root)
    assert "ostberg;ostberg@example.se" in private.stdout
    goals = invoke("export", "csv", "--kind", "goals", "--columns", "id,kind,initiatives", cwd=root)
    assert goals.stdout.split("\r\n")[1:3] == ['FO1;Fokusområde;"INI-001; INI-002"', "FO1.1;Delmål;INI-002"]


def test_sort_key_orders_swedish_letters_after_z_and_numbers_by_value() -> None:
    words = ["ö", "z", "å", "ä", "a", "INI-10", "INI-9", "FO1.10", "FO1.2", None]
    assert sorted(words, key=sort_key) == ["a", "FO1.2", "FO1.10", "INI-9", "INI-10", "z", "å", "ä", "ö", None]


def test_neutralise_round_trip() -> None:
    for cell in ("=1+1", "+46", "-x", "@a", "\tx", "\rx", "plain", "'quoted"):
        assert unneutralise(neutralise(cell)) == cell
    assert neutralise("plain") == "plain"


def test_export_refuses_a_broken_plan(plan_repo: Path) -> None:
    (plan_repo / "plan/initiatives/INI-002.yaml").write_text("id: INI-002\ntitle: [\n", encoding="utf-8")
    result = invoke("export", "csv", cwd=plan_repo)
    assert result.exit_code == 1
    assert "plan/initiatives/INI-002.yaml:" in result.stderr and "planctl validate" in result.stderr
