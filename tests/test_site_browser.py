"""The static site in a real browser: headless Chromium driven through chromedriver.

We speak the W3C WebDriver protocol over HTTP with urllib (about 60 lines here)
instead of adding selenium: no extra test dependency, and nothing that may try
to download a driver over the network. One browser session serves the module.
Without Chromium the module is skipped with one line saying so.
"""

from __future__ import annotations

import json
import shutil
import socket
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

    def select(self, css: str, value: str) -> None:
        self.js("const s = document.querySelector(arguments[0]); s.value = arguments[1];"
                "s.dispatchEvent(new Event('change'));", css, value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
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
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [*CHROME_ARGS, f"--user-data-dir={profile}"]},
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


HOSTILE_TITLE = "<script>window.pwned = 1</script> Insats & <b>fet</b>"


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
    root = write_plan(tmp_path_factory.mktemp("site") / "repo", files)
    result = run_planctl("export", "html", "-o", "out/site", cwd=root)
    assert result.exit_code == 0, result.stderr
    return root / "out" / "site"


def _page(browser: WebDriver, path: Path) -> list[dict[str, Any]]:
    browser.logs()
    browser.get(path.as_uri())
    return [entry for entry in browser.logs() if entry.get("level") in ("SEVERE", "WARNING")]


def test_every_page_loads_without_console_errors(browser: WebDriver, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 3 + 3 + 3  # index, sub-goals, initiatives, owners
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
    assert browser.js(visible) == ["INI-001", "INI-002", "INI-003"]
    browser.select("#filter-status", "proposed")
    assert browser.js(visible) == ["INI-003"]
    assert browser.js("return document.getElementById('filter-count').textContent") == "Visar 1 av 3 insatser"
    browser.select("#filter-status", "")
    browser.select("#filter-owner", "skolverket")
    assert browser.js(visible) == ["INI-001", "INI-003"]
    browser.select("#filter-status", "ongoing")
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
