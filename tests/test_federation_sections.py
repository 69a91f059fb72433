"""The roll-up in the national plan's site (a page with a sortable table of members) and its
report (a section after the mapping), from the rollup.json `planctl rollup` wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from fedplans import bare_remote, federation_text, member_files, national_repo, upstream_config
from gitplan import ISOLATED, isolate

HOSTILE = "<script>alert(1)</script> & <b>Elaka</b> | huvudmannen"
HOSTILE_TITLE = "<img src=x onerror=alert(2)> =HYPERLINK(x)"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _national_with_rollup(tmp_path: Path) -> Path:
    """The national plan with federation.toml beside it (national = "."), rolled up once."""
    national, rev = national_repo(tmp_path)
    good = bare_remote(tmp_path, "a", member_files(["nat:FO1.2"], n=2), upstream_config(str(national), rev))
    broken = bare_remote(tmp_path, "b", member_files(["nat:FO9.9"], title=HOSTILE_TITLE),
                         upstream_config(str(national), rev))
    members = [("Kommun A", str(good), "municipal", "0180"), (HOSTILE, str(broken), "independent", "")]
    (national / "federation.toml").write_text(federation_text(Path("."), members), encoding="utf-8")
    assert invoke("rollup", cwd=national).exit_code == 1
    assert (national / "out/rollup/rollup.json").is_file()
    return national


def test_the_site_of_the_national_plan_has_the_rollup_page(tmp_path: Path) -> None:
    national = _national_with_rollup(tmp_path)
    site = tmp_path / "site"
    done = run_planctl("export", "html", "-o", str(site), cwd=national, env=ISOLATED)
    assert done.exit_code == 0, done.stderr
    page = (site / "rollup.html").read_text(encoding="utf-8")
    assert '<table class="sortable">' in page and '<script src="rollup.js"></script>' in page
    assert (site / "rollup.js").read_text(encoding="utf-8").startswith("document.querySelectorAll")
    assert "<script>" not in page  # the site's CSP allows no inline script: the sorting is a file
    assert '<a href="rollup.html" aria-current="page">Huvudmännens planer</a>' in page  # in the navigation
    assert 'href="rollup.html"' in (site / "index.html").read_text(encoding="utf-8")  # in every page's nav
    assert "<td>Kommun A</td>" in page and '<td class="num">2</td>' in page
    # hostile names and titles arrive escaped, nothing of them as markup
    assert "<script>alert(1)" not in page and "<b>Elaka" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Elaka&lt;/b&gt; | huvudmannen" in page
    assert "rollup.html" in json.loads((site / ".planctl-site").read_text(encoding="utf-8"))["files"]


def test_the_report_has_the_rollup_section_in_markdown_and_html(tmp_path: Path) -> None:
    national = _national_with_rollup(tmp_path)
    markdown = invoke("report", "--date", "2026-12-01", cwd=national)
    assert markdown.exit_code == 0, markdown.stderr
    text = markdown.stdout
    # the country's initiatives are part of the mapping, after the plan's own
    assert text.index("## 2. Kartläggning") < text.index("### Testfederation") < text.index("## 3. Föreslagna")
    assert "2 huvudmän, jämförda med den nationella planen" in text
    row = next(line for line in text.splitlines() if line.startswith("| FO1.2 |"))
    assert row.split("|")[4:6] == [" 1 ", " 2 "]  # one member, two initiatives
    assert "<script>" not in text and "<b>" not in text
    assert "- **\\<script\\>alert(1)\\</script\\> &amp; \\<b\\>Elaka\\</b\\> \\| huvudmannen**: fel" in text
    html = run_planctl("report", "-f", "html", "--date", "2026-12-01", cwd=national, env=ISOLATED)
    assert html.exit_code == 0, html.stderr
    assert '<section id="rollup"><h3>Testfederation</h3>' in html.stdout
    assert "<script>alert(1)" not in html.stdout and "&lt;script&gt;alert(1)" in html.stdout


def test_rollup_names_the_file_and_a_broken_one_is_one_line_exit_2(tmp_path: Path) -> None:
    national = _national_with_rollup(tmp_path)
    moved = tmp_path / "elsewhere.json"
    (national / "out/rollup/rollup.json").rename(moved)
    site = tmp_path / "site"
    assert invoke("export", "html", "-o", str(site), cwd=national).exit_code == 0
    assert not (site / "rollup.html").exists()  # none at the default place: no page, no error
    assert invoke("export", "html", "-o", str(site), "--rollup", str(moved), cwd=national).exit_code == 0
    assert (site / "rollup.html").is_file()
    moved.write_text('{"command": "check"}', encoding="utf-8")
    done = run_planctl("report", "--rollup", str(moved), cwd=national, env=ISOLATED)
    assert done.exit_code == 2
    assert done.stderr.strip().splitlines() == [
        f"planctl: error: {moved} is not the JSON of a roll-up; write it with 'planctl rollup'"]
    missing = run_planctl("report", "--rollup", str(tmp_path / "nope.json"), cwd=national, env=ISOLATED)
    assert missing.exit_code == 2 and "run 'planctl rollup' first" in missing.stderr


def test_a_plan_without_a_federation_gets_no_rollup_and_loads_none_of_it(tmp_path: Path) -> None:
    import sys

    national, _rev = national_repo(tmp_path)
    sys.modules.pop("planctl.federation.sections", None)
    assert invoke("export", "html", "-o", str(tmp_path / "site"), cwd=national).exit_code == 0
    assert not (tmp_path / "site/rollup.html").exists()
    assert "planctl.federation.sections" not in sys.modules


def test_the_rollup_page_fits_a_phone_screen(tmp_path: Path) -> None:
    """Each table sits in the site's `scroll` box (it scrolls inside it, never the page); at 390
    by 844 in headless Chromium the page does not scroll sideways nor log an error (CSP)."""
    import shutil

    national = _national_with_rollup(tmp_path)
    site = tmp_path / "site"
    assert invoke("export", "html", "-o", str(site), cwd=national).exit_code == 0
    page = (site / "rollup.html").read_text(encoding="utf-8")
    assert page.count('<div class="scroll"><table') == 2
    if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")) \
            or not shutil.which("chromedriver"):
        pytest.skip("Chromium and chromedriver are not installed")
    from test_site_browser import PHONE, _session

    metrics = {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 3.0, "touch": True}
    with _session(mobileEmulation={"deviceMetrics": metrics}) as phone:
        phone.logs()
        phone.get((site / "rollup.html").as_uri())
        width = phone.js("return document.documentElement.scrollWidth")
        logged = [e for e in phone.logs() if e.get("level") in ("SEVERE", "WARNING")]
        first = phone.js("var th = document.querySelector('table.sortable th'); th.click();"
                         "return th.getAttribute('aria-sort')")
    assert (width <= PHONE[0], logged, first) == (True, [], "ascending")
