"""The static site in a real browser: headless Chromium driven through chromedriver.

We speak the W3C WebDriver protocol over HTTP with urllib (about 60 lines here)
instead of adding selenium: no extra test dependency, and nothing that may try
to download a driver over the network. One browser session serves the module.
Without Chromium the module is skipped with one line saying so.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SMALL_PLAN, run_planctl, write_plan
from gitplan import env as git_env, git, init_repo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")

if not (CHROMIUM and CHROMEDRIVER):
    # A module-level skip is reported once (`-ra` prints one line), not once per test.
    pytest.skip("browser tests skipped: Chromium and chromedriver are not installed "
                "(apt-get install chromium chromium-driver)", allow_module_level=True)

CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class WebDriver:
    """The few WebDriver commands the tests need."""

    def __init__(self, url: str, session: str) -> None:
        self.url, self.session = url, session

    @staticmethod
    def call(url: str, method: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {url}: {exc.read()[:500]!r}") from None

    def cmd(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.call(f"{self.url}/session/{self.session}{path}", method, body)

    def get(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def js(self, script: str, *args: Any) -> Any:
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def logs(self) -> list[dict[str, Any]]:
        """The browser console since the last call (chromedriver's logging extension)."""
        return self.cmd("POST", "/se/log", {"type": "browser"})

    def cdp(self, cmd: str, params: dict[str, Any] | None = None) -> Any:
        """A Chrome DevTools command through chromedriver (screenshots of the whole page, print media)."""
        return self.cmd("POST", "/goog/cdp/execute", {"cmd": cmd, "params": params or {}})

    def alert_open(self) -> bool:
        """Whether a JavaScript dialog (an `alert(1)` that ran) is open."""
        try:
            self.cmd("GET", "/alert/text")
        except AssertionError:  # WebDriver's "no such alert"
            return False
        return True

    def select(self, css: str, value: str) -> None:
        self.js("const s = document.querySelector(arguments[0]); s.value = arguments[1];"
                "s.dispatchEvent(new Event('change'));", css, value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _session(**options: Any) -> Iterator[WebDriver]:
    port = _free_port()
    driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    profile = tempfile.mkdtemp(prefix="planctl-chromium-")
    try:
        for _ in range(100):
            try:
                WebDriver.call(f"{url}/status", "GET")
                break
            except (urllib.error.URLError, ConnectionError, AssertionError):
                time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [*CHROME_ARGS, f"--user-data-dir={profile}"],
                                   **options},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        session = WebDriver.call(f"{url}/session", "POST", caps)["sessionId"]
        web = WebDriver(url, session)
        try:
            yield web
        finally:
            WebDriver.call(f"{url}/session/{session}", "DELETE")
    finally:
        driver.terminate()
        driver.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with _session() as web:
        yield web


PHONE = (390, 844)


@pytest.fixture(scope="module")
def phone() -> Iterator[WebDriver]:
    """A phone's screen: 390 by 844 CSS pixels at 3 device pixels each, with touch."""
    metrics = {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 3.0, "touch": True}
    with _session(mobileEmulation={"deviceMetrics": metrics}) as web:
        yield web


HOSTILE_TITLE = "<script>window.pwned = 1</script> Insats & <b>fet</b>"
ALERT_TITLE = "</script><script>alert(1)</script>"
HOSTILE_SUBJECT = "Första versionen <img src=x onerror=alert(3)>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = f"""\
        id: INI-003
        title: '{HOSTILE_TITLE}'
        goals:
          - FO1.1
        owner: skolverket
        status: proposed
        links:
          - javascript:alert(1)
        """
    files["plan/initiatives/INI-004.yaml"] = f"""\
        id: INI-004
        title: '{ALERT_TITLE}'
        description: Ett försök att köra skript ur sökindexet.
        goals:
          - FO2.1
        owner: skr
        status: proposed
        """
    root = write_plan(tmp_path_factory.mktemp("site") / "repo", files)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", HOSTILE_SUBJECT)
    assert run_planctl("set", "INI-002", "status=completed", "--commit", cwd=root, env=git_env()).exit_code == 0
    result = run_planctl("export", "html", "-o", "out/site", cwd=root)
    assert result.exit_code == 0, result.stderr
    return root / "out" / "site"


def _page(browser: WebDriver, path: Path) -> list[dict[str, Any]]:
    browser.logs()
    browser.get(path.as_uri())
    return [entry for entry in browser.logs() if entry.get("level") in ("SEVERE", "WARNING")]


def test_every_page_loads_without_console_errors(browser: WebDriver, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 2 + 3 + 4 + 3  # index, search and changes, sub-goals, initiatives, owners
    for page in pages:
        assert _page(browser, page) == [], page
        assert browser.js("return document.documentElement.lang") == "sv"
        # style.css applied (file:// hides a sheet's rules from scripts, so look at its effect)
        assert browser.js("return getComputedStyle(document.querySelector('header.site')).backgroundColor") \
            == "rgb(242, 244, 247)", f"{page}: style.css did not load"


def test_filter_by_status_and_owner(browser: WebDriver, site: Path) -> None:
    assert _page(browser, site / "index.html") == []
    visible = "return [...document.querySelectorAll('#initiatives tbody tr')].filter(r => !r.hidden)" \
              ".map(r => r.cells[0].textContent)"
    assert browser.js("return document.getElementById('filter').hidden") is False
    assert browser.js(visible) == ["INI-001", "INI-002", "INI-003", "INI-004"]
    browser.select("#filter-status", "proposed")
    assert browser.js(visible) == ["INI-003", "INI-004"]
    assert browser.js("return document.getElementById('filter-count').textContent") == "Visar 2 av 4 insatser"
    browser.select("#filter-status", "")
    browser.select("#filter-owner", "skolverket")
    assert browser.js(visible) == ["INI-001", "INI-003"]
    browser.select("#filter-status", "completed")
    assert browser.js(visible) == []


def test_script_in_a_title_shows_as_text(browser: WebDriver, site: Path) -> None:
    assert _page(browser, site / "initiatives" / "INI-003.html") == []
    assert browser.js("return document.querySelector('h1').textContent") == HOSTILE_TITLE
    assert browser.js("return document.querySelectorAll('main script, main b').length") == 0
    assert browser.js("return typeof window.pwned") == "undefined"
    # A javascript: link in the data stays text, never an anchor.
    assert browser.js("return [...document.querySelectorAll('a')].some(a => a.href.startsWith('javascript'))") is False
    assert _page(browser, site / "index.html") == []
    assert browser.js("return typeof window.pwned") == "undefined"
    assert HOSTILE_TITLE in browser.js("return document.getElementById('initiatives').textContent")


def test_chart_and_csv_link(browser: WebDriver, site: Path) -> None:
    _page(browser, site / "index.html")
    assert browser.js("return document.querySelectorAll('svg.chart rect').length") > 0
    assert browser.js("return document.querySelector('svg.chart title').textContent") == "Status per fokusområde"
    href = browser.js("return document.querySelector('a[download]').href")
    assert href == (site / "plan.csv").as_uri()
    assert (site / "plan.csv").read_bytes().startswith(b"\xef\xbb\xbfId;")


# -- a phone -------------------------------------------------------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_page_fits_a_phone_screen(phone: WebDriver, site: Path) -> None:
    """At 390 by 844 no page scrolls sideways: the issue measured the index at 840 px before."""
    assert _page(phone, site / "index.html") == []
    assert phone.js("return [innerWidth, innerHeight]") == list(PHONE)
    wide = {}
    for page in sorted(site.rglob("*.html")):
        _page(phone, page)
        width = phone.js("return document.documentElement.scrollWidth")
        if width > PHONE[0]:
            wide[page.relative_to(site).as_posix()] = width
    assert wide == {}


def test_a_screenshot_of_the_whole_page_is_no_wider_than_the_phone(phone: WebDriver, site: Path) -> None:
    for name in ("index.html", "changes.html", "initiatives/INI-002.html", "owners/skolverket.html"):
        _page(phone, site / name)
        size = phone.cdp("Page.getLayoutMetrics")["cssContentSize"]
        shot = phone.cdp("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
        width, height = _png_size(base64.b64decode(shot["data"]))
        ratio = phone.js("return devicePixelRatio")
        assert width <= PHONE[0] * ratio, f"{name}: the page is {width / ratio:.0f} px wide"
        assert height >= PHONE[1] * ratio * 0.5  # the whole page, not a blank strip


def test_on_a_phone_tables_stack_the_filter_fits_and_the_chart_stays_readable(phone: WebDriver, site: Path) -> None:
    _page(phone, site / "index.html")
    # Each initiative is a block of labelled cells, not a row of columns running off the screen.
    assert phone.js("return getComputedStyle(document.querySelector('#initiatives td')).display") == "block"
    assert phone.js("return getComputedStyle(document.querySelector('#initiatives td:nth-child(3)'), "
                    "'::before').content") == '"Status: "'
    right = phone.js("return Math.max(...[...document.querySelectorAll('#filter, #filter select, #initiatives')]"
                     ".map(e => e.getBoundingClientRect().right))")
    assert right <= PHONE[0]
    # The chart's text, in CSS pixels as drawn: never the 6 px of a 640-wide chart squeezed to the screen.
    sizes = phone.js("return [...document.querySelectorAll('svg.chart text')].map(t => "
                     "parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a)")
    assert sizes and min(sizes) >= 11, sizes
    assert phone.js("return document.querySelector('svg.chart').getBoundingClientRect().right") <= PHONE[0]


def test_on_a_desktop_the_tables_are_tables(browser: WebDriver, site: Path) -> None:
    browser.cmd("POST", "/window/rect", {"width": 1280, "height": 900})
    _page(browser, site / "index.html")
    assert browser.js("return getComputedStyle(document.querySelector('#initiatives td')).display") == "table-cell"
    sizes = browser.js("return [...document.querySelectorAll('svg.chart text')].map(t => "
                       "parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a)")
    assert min(sizes) >= 14 and max(sizes) <= 16  # drawn at its own size, not blown up


def test_the_print_stylesheet_leaves_out_navigation_and_controls(browser: WebDriver, site: Path) -> None:
    _page(browser, site / "owners/skolverket.html")
    browser.cdp("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.js("return ['nav', 'form.search', '.skip'].map(s => "
                            "getComputedStyle(document.querySelector(s)).display)")
        assert hidden == ["none", "none", "none"]
        # A link's address is printed after it; a badge keeps its label without a coloured fill.
        after = browser.js("return getComputedStyle(document.querySelector('main a[href^=\"http\"]'), "
                           "'::after').content")
        assert after == '" (https://www.skolverket.se)"'
        assert browser.js("return getComputedStyle(document.querySelector('.badge, main td')).backgroundColor") \
            in ("rgba(0, 0, 0, 0)", "transparent")
    finally:
        browser.cdp("Emulation.setEmulatedMedia", {"media": ""})
    assert browser.js("return getComputedStyle(document.querySelector('nav')).display") != "none"


# -- search ----------------------------------------------------------------------------------------

def _results(browser: WebDriver) -> list[str]:
    return browser.js("return [...document.querySelectorAll('#search-results li a')].map(a => a.textContent)")


def test_search_works_offline_from_file_urls(browser: WebDriver, site: Path) -> None:
    browser.get((site / "search.html").as_uri() + "?q=kompetens")
    assert [e for e in browser.logs() if e.get("level") == "SEVERE"] == []
    assert browser.js("return document.getElementById('search-q').value") == "kompetens"
    # Titles holding the word first (focus areas, then initiatives, sub-goals, owners), then descriptions.
    assert _results(browser) == ["Digital kompetens för alla", "Stöd för digital kompetens",
                                 "Elevernas digitala kompetens"]
    assert browser.js("return document.getElementById('search-count').textContent") == \
        "3 träffar för ”kompetens”"
    browser.js("const i = document.getElementById('search-q'); i.value = 'huvudansvaret';"
               "i.dispatchEvent(new Event('input'))")
    assert _results(browser) == ["Skolverket samordnar statens arbete"]  # found in its description
    assert browser.js("return document.getElementById('search-noscript').hidden") is True
    # Case and accents do not matter; every word must match.
    browser.js("const i = document.getElementById('search-q'); i.value = 'STÖD  kompetens';"
               "i.dispatchEvent(new Event('input'))")
    assert _results(browser) == ["Stöd för digital kompetens"]
    href = browser.js("return document.querySelector('#search-results a').href")
    assert href == (site / "initiatives/INI-002.html").as_uri()


def test_the_search_box_of_every_page_leads_to_the_results(browser: WebDriver, site: Path) -> None:
    assert _page(browser, site / "goals" / "FO1.1.html") == []
    assert browser.js("return document.querySelector('header form.search').hidden") is False
    browser.js("const f = document.querySelector('header form.search'); f.querySelector('input').value = "
               "'Skolverket'; f.requestSubmit()")
    for _ in range(100):
        if browser.js("return location.pathname").endswith("/search.html"):
            break
        time.sleep(0.05)
    assert browser.js("return location.search") == "?q=Skolverket"
    assert "Skolverket" in _results(browser)


def test_a_script_in_a_title_never_runs_from_the_search_index(browser: WebDriver, site: Path) -> None:
    browser.get((site / "search.html").as_uri() + "?q=" + "%3C%2Fscript%3E")
    assert not browser.alert_open()
    assert browser.js("return typeof window.pwned") == "undefined"
    assert sorted(_results(browser)) == sorted([ALERT_TITLE, HOSTILE_TITLE])
    assert browser.js("return document.querySelectorAll('#search-results script, #search-results b').length") == 0
    browser.js("const i = document.getElementById('search-q'); i.value = 'alert'; i.dispatchEvent(new Event('input'))")
    assert not browser.alert_open()
    assert _results(browser) == [ALERT_TITLE]
    for name in ("index.html", "initiatives/INI-004.html", "changes.html"):
        assert _page(browser, site / name) == []
        assert not browser.alert_open()
    assert ALERT_TITLE in browser.js("return document.body.textContent")


def test_the_changes_page_and_a_hostile_commit_subject(browser: WebDriver, site: Path) -> None:
    assert _page(browser, site / "changes.html") == []
    headings = browser.js("return [...document.querySelectorAll('ol.changes h2')].map(h => h.textContent)")
    assert len(headings) == 2 and headings[1].endswith(HOSTILE_SUBJECT)
    assert headings[0].endswith("chore(initiatives): set INI-002 status to completed")
    assert browser.js("return document.querySelectorAll('main img').length") == 0
    assert not browser.alert_open()
    assert "Status: Pågående → Genomförd" in browser.js("return document.querySelector('ol.changes').textContent")
    assert browser.js("return document.querySelector('a[type=\"application/atom+xml\"]').href") == \
        (site / "changes.atom").as_uri()
