"""A plan repository with one instance of every code planctl reports (used by tests/test_checks_*.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import CONFIG, SMALL_PLAN, write_plan
from planctl.model import FIELD_ORDER

LIMIT = 4000


def ini(ident: str, *, head: str = "", **fields: str) -> str:
    """An initiative that is clean unless `fields` break it (values are raw YAML)."""
    base = {
        "id": ident,
        "title": f"Insats {ident[-3:]} om digitala verktyg",
        "description": "Insatsen ger huvudmännen stöd i att välja och använda digitala verktyg i undervisningen.",
        "goals": "[FO1.1]",
        "owner": "skr",
        "status": "ongoing",
    }
    base.update(fields)
    order = [k for k in FIELD_ORDER["initiative"] if k in base] + [
        k for k in base if k not in FIELD_ORDER["initiative"]
    ]
    return head + "".join(f"{k}: {base[k]}\n" for k in order if base[k] is not None)


def owner(ident: str, *, head: str = "", **fields: str) -> str:
    base = {"id": ident, "name": ident.capitalize(), "kind": "agency"}
    base.update(fields)
    return head + "".join(f"{k}: {v}\n" for k, v in base.items())


I = "plan/initiatives/"  # noqa: E741 - short folder prefixes, as in the plan
O = "plan/owners/"  # noqa: E741
G = "plan/goals/"
E = "plan/events/"
N = "plan/needs/"


def event(ident: str, **fields: str) -> str:
    base = {"id": ident, "title": f"Rådslag {ident[-3:]} om digitala verktyg", "kind": "consultation",
            "description": "Ett rådslag om hur huvudmännen väljer och använder digitala verktyg i undervisningen."}
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items())

EVERY_CODE: dict[str, str | bytes] = {
    # F: files
    O + "latin.yaml": b"id: latin\nname: G\xe4vle\nkind: agency\n",
    I + "INI-009.yaml": ini("INI-008"),
    "plan/notes.yaml": "a: 1\n",
    I + "INI-061.yaml": ini("INI-061", comment="x" * LIMIT),
    # Y: YAML
    I + "INI-051.yaml": "id: INI-051\ntitle: [unclosed\n",
    I + "INI-052.yaml": ini("INI-052") + "status: proposed\n",
    I + "INI-053.yaml": "id: INI-053\ngoals:\n\t- FO1.1\n",
    I + "INI-054.yaml": "",
    I + "INI-055.yaml": "- a\n- b\n",
    I + "INI-056.yaml": ini("INI-056", title="!custom Insats med en egen YAML-tagg"),
    I + "INI-057.yaml": ini("INI-057", goals="&g [FO1.1]", tags="*g"),  # Y007 and S001 (tags: null)
    I + "INI-058.yaml": ini("INI-058") + "<<: {comment: sammanfogat}\n",
    I + "INI-059.yaml": "id: INI-059\n---\nid: INI-059\n",
    I + "INI-060.yaml": ini("INI-060") + "? [a, b]\n: c\n",
    I + "INI-062.yaml": ini("INI-062", tags="[" * 40 + "]" * 40),
    # S: schema (S001 is in INI-057, S005 comes with X002 and X005 below)
    I + "INI-070.yaml": ini("INI-070", title=None, status="pågående", start="2020-13-45", tags="[a, a]", owner="FO1.1")
    + "färg: röd\n",
    G + "FO3.yaml": "id: FO3\ntitle: Forskning och uppföljning\n"
    "description: Forskning och uppföljning av hur digitaliseringen påverkar skolan.\nparent: FO1\n",
    # X: cross-references
    I + "INI-071.yaml": ini("INI-071", participants="[skolverk]"),
    I + "INI-072.yaml": ini("INI-072", goals="[FO2]"),
    I + "INI-002.yml": ini("INI-002"),
    G + "skr.yaml": "id: skr\ntitle: Ett mål med fel id\n"
    "description: Målet har samma id som en aktör och ligger därför fel i planen.\n",
    O + "a-org.yaml": owner("a-org", parent="b-org"),
    O + "b-org.yaml": owner("b-org", parent="a-org"),
    # C: coverage (C002 is FO3 above)
    G + "FO2.2.yaml": "id: FO2.2\ntitle: Infrastruktur och support\n"
    "description: Det finns ändamålsenlig infrastruktur och teknisk och pedagogisk support.\nparent: FO2\n",
    O + "ensam.yaml": owner("ensam"),
    N + "BEH-001.yaml": "id: BEH-001\ntitle: Nationell samordning\n"
    "description: Huvudmännen efterfrågar en nationell samordning av arbetet med digitaliseringen.\n",
    # D: status and dates
    I + "INI-010.yaml": ini("INI-010", status="completed"),
    I + "INI-011.yaml": ini("INI-011", status="completed", start="2021-01-01", end="2020-06-01"),
    I + "INI-012.yaml": ini("INI-012", end="2023-12-31"),
    I + "INI-013.yaml": ini("INI-013", status="proposed", start="2023-01-01"),
    I + "INI-014.yaml": ini(
        "INI-014", start="2020-01-01", end="2025-12-31", milestones="[{title: Slutrapport, due: 2026-03-01}]"
    ),
    I + "INI-015.yaml": ini("INI-015", status="in-preparation", milestones="[{title: Förstudie, done: true}]"),
    E + "EV-001.yaml": event("EV-001", start="2024-06-10T13:00", registration_deadline="2024-06-20"),
    E + "EV-002.yaml": event("EV-002", start="2024-04-10", registration_deadline="2024-05-15"),
    # T: content
    I + "INI-016.yaml": ini("INI-016", description=None),
    I + "INI-017.yaml": ini("INI-017", description="Kort text."),
    I + "INI-018.yaml": ini(
        "INI-018", title="Stöd för upphandling, val av tekniska lösningar och infrastruktur samt support till skolor"
    ),
    I + "INI-019.yaml": ini("INI-019", title='"Digitalt processtöd för huvudmännen "'),
    I + "INI-020.yaml": ini("INI-020", title="Nationell infrastruktur för informationsutbyte."),
    I + "INI-021.yaml": ini("INI-021", title="STÖD TILL SKOLORNA"),
    I + "INI-022.yaml": ini("INI-022", title="skolverket  samordnar statens arbete"),
    I + "INI-023.yaml": ini("INI-023", comment="StÃ¶d fÃ¶r upphandling"),
    I + "INI-024.yaml": ini("INI-024", links="[www.skolverket.se]", participants="[epost-fel, person-a]"),
    O + "epost-fel.yaml": owner("epost-fel", email="mailto:info@example.se"),
    O + "person-a.yaml": owner("person-a", kind="person", email="anna@example.se"),
    # L: layout
    I + "INI-025.yaml": "id: INI-025\nstatus: ongoing\ntitle: Insats 025 om digitala verktyg\n"
    "description: Insatsen ger huvudmännen stöd i att välja och använda digitala verktyg.\n"
    "goals: [FO1.1]\nowner: skr\n",
    I + "INI-026.yaml": ini("INI-026", tags='[" skoldigistod"]'),
    # N: suppressions
    I + "INI-027.yaml": ini("INI-027", head="# planctl: ignore[T005] gammal rubrik\n# planctl: ignore[Z999] okänd\n"),
    O + "tyst.yaml": owner("tyst", head="# planctl: ignore[C003]\n"),
}

EXPECTED: set[tuple[str, str, int, int]] = set()  # filled in by the test module


def make_every_code_plan(root: Path) -> Path:
    config = CONFIG + f"[limits]\nmax-file-size = {LIMIT}\n"
    write_plan(root, {**SMALL_PLAN, **EVERY_CODE}, config=config)
    outside = root.parent / "outside.yaml"
    outside.write_text("id: INI-063\n", encoding="utf-8")
    (root / I / "INI-063.yaml").symlink_to(outside)
    return root
