"""The static site's files, without a browser: escaping, no external resources, privacy."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan

PERSON = dict(SMALL_PLAN)
PERSON["plan/owners/anna.yaml"] = "id: anna\nname: Anna Andersson\nkind: person\nparent: skr\nemail: anna@example.se\n"


def test_bundled_site_has_every_page_and_no_external_resource(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_planctl("export", "html", "-o", str(out), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    written = sum(1 for p in out.rglob("*") if p.is_file())
    assert result.stderr == f"wrote {written} files to {out}/ (open {out / 'index.html'})\n"
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert "index.html" in pages and "goals/FO2.3.html" in pages and "goals/FO2.html" not in pages
    assert "initiatives/INI-013.html" in pages and "owners/skr.html" in pages
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
        assert "Content-Security-Policy" in html
        # Only http(s) links to other sites as anchors (the owners' websites), never as a resource.
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html)
    assert (out / "plan.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_site_is_public_by_default(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", PERSON)
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    assert "anna@example.se" not in "".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.*"))
    assert "Anna Andersson" in (root / "site/owners/anna.html").read_text(encoding="utf-8")
    assert invoke("export", "html", "--private", "-o", "private", cwd=root).exit_code == 0
    assert "anna@example.se" in (root / "private/owners/anna.html").read_text(encoding="utf-8")


def test_public_flag_on_csv_xlsx_markdown(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", PERSON)
    public = invoke("export", "csv", "--kind", "owners", "--public", cwd=root).stdout
    assert "Anna Andersson" in public and "anna@example.se" not in public
    assert invoke("export", "xlsx", "--public", "-o", "p.xlsx", cwd=root).exit_code == 0
    import openpyxl

    cells = [c.value for row in openpyxl.load_workbook(root / "p.xlsx")["Aktörer"].iter_rows() for c in row]
    assert "Anna Andersson" in cells and "anna@example.se" not in cells
    assert "anna@example.se" not in invoke("export", "markdown", "--public", cwd=root).stdout


def test_data_is_escaped_in_pages(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/owners/skr.yaml"] = 'id: skr\nname: "SKR <img src=x onerror=alert(1)>"\nkind: association\n' \
                                    'url: "javascript:alert(1)"\n'
    root = write_plan(tmp_path / "repo", files)
    assert invoke("export", "html", "-o", "site", cwd=root).exit_code == 0
    page = (root / "site/owners/skr.html").read_text(encoding="utf-8")
    assert "<h1>SKR &lt;img src=x onerror=alert(1)&gt;</h1>" in page
    assert 'href="javascript' not in page and "<dd>javascript:alert(1)</dd>" in page


def test_the_next_export_finishes_a_swap_killed_between_its_renames(plan_repo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A SIGKILL between the two renames of the site swap leaves the old site in `.site.*.old`
    (with the user's own files): the next export puts those back and removes the folder."""
    from planctl import txn

    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    (plan_repo / "site/CNAME").write_text("plan.example.se\n", encoding="utf-8")
    (plan_repo / "site").rename(plan_repo / ".site.k1ll3d.old")  # killed after the first rename
    (plan_repo / ".site.dead.tmp").mkdir()  # a build killed before its swap
    monkeypatch.setattr(txn, "STALE_OLD", -1.0)
    monkeypatch.setattr(txn, "STALE_STAGING", -1.0)
    result = invoke("export", "html", "-o", "site", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert (plan_repo / "site/CNAME").read_text(encoding="utf-8") == "plan.example.se\n"
    assert (plan_repo / "site/index.html").is_file()
    assert sorted(p.name for p in plan_repo.iterdir() if p.name.startswith(".site")) == []
    # Killed after both renames, before the old folder's entries came back: the same.
    (plan_repo / ".site.k2.old").mkdir()
    (plan_repo / ".site.k2.old/CNAME2").write_text("x\n", encoding="utf-8")
    (plan_repo / ".site.k2.old/index.html").write_text("old\n", encoding="utf-8")
    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    assert (plan_repo / "site/CNAME2").is_file() and (plan_repo / "site/index.html").read_text() != "old\n"
    assert not (plan_repo / ".site.k2.old").exists()


def test_a_fresh_swap_folder_of_another_export_is_left_alone(plan_repo: Path) -> None:
    (plan_repo / ".site.live.old").mkdir()  # another export between its renames, this very moment
    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    assert (plan_repo / ".site.live.old").is_dir()


def test_a_ctrl_c_during_the_site_swap_leaves_no_old_folder(plan_repo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import signal

    import pytest

    from planctl import txn

    assert invoke("export", "html", "-o", "site", cwd=plan_repo).exit_code == 0
    real_rename = os.rename

    def interrupted(src, dst):  # type: ignore[no-untyped-def]
        real_rename(src, dst)
        if str(dst).endswith(".old"):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C between the two renames: held, then delivered

    monkeypatch.setattr(txn.os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        txn.swap_in_folder(txn.staging_folder(plan_repo / "site"), plan_repo / "site", set())
    assert (plan_repo / "site/index.html").is_file()
    assert [p.name for p in plan_repo.iterdir() if p.name.startswith(".site")] == []


class _Forgetful(dict):  # type: ignore[type-arg]
    """A memo that keeps nothing: every link, row and frame is made afresh, as before the memos."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def test_the_site_memos_change_no_byte(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Links, table rows and page frames are made once per site and reused on every page at the
    same depth: the bundled plan's site (tables on the index, goal and owner pages, links at two
    depths, events, needs) is byte for byte the site made without any memo."""
    from planctl.config import load_config
    from planctl.export import website
    from planctl.loader import load_plan

    plan = load_plan(load_config(REPO))
    stamp = website._dt.datetime(2026, 1, 1, tzinfo=website._dt.UTC)

    def site_files() -> dict[str, str | bytes]:
        return website.build(website.Site(plan, name="Planen", lang="sv", public=True, now=stamp))

    memoised = site_files()
    real_init = website.Site.__init__

    def forgetful_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        real_init(self, *args, **kwargs)
        self._links, self._goal_links, self._owner_links = _Forgetful(), _Forgetful(), _Forgetful()
        self._rows, self._frames = _Forgetful(), _Forgetful()

    monkeypatch.setattr(website.Site, "__init__", forgetful_init)
    monkeypatch.setattr(website, "_FILES", _Forgetful())
    fresh = site_files()
    assert sorted(fresh) == sorted(memoised) and len(fresh) > 40
    assert [k for k in fresh if fresh[k] != memoised[k]] == []


def test_the_written_site_is_the_built_one(tmp_path: Path) -> None:
    """Pages are written as they are made (never all in memory): the folder holds exactly what
    `build` makes, byte for byte, and the marker lists every file but itself."""
    import json

    from planctl.config import load_config
    from planctl.export import website
    from planctl.loader import load_plan

    plan = load_plan(load_config(REPO))
    stamp = website._dt.datetime(2026, 1, 1, tzinfo=website._dt.UTC)
    built = website.build(website.Site(plan, name="Planen", lang="sv", public=True, now=stamp))
    real_init = website.Site.__init__

    def at_stamp(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        real_init(self, *args, **{**kwargs, "now": stamp})

    import pytest

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(website.Site, "__init__", at_stamp)
        written = website.write_site(plan, tmp_path / "site", name="Planen", lang="sv")
    on_disk = {p.relative_to(tmp_path / "site").as_posix(): p.read_bytes() for p in (tmp_path / "site").rglob("*")
               if p.is_file()}
    marker = json.loads(on_disk.pop(website.MARKER))
    assert marker["files"] == sorted(built) == sorted(on_disk)
    assert sorted(p.relative_to(tmp_path / "site").as_posix() for p in written) == sorted([*built, website.MARKER])
    assert [k for k, v in built.items() if on_disk[k] != (v.encode("utf-8") if isinstance(v, str) else v)] == []
