"""The HTML report on a phone: headless Chromium at 390 x 844 (mobile emulation), the page never
wider than the screen. Skipped with the site's browser tests when Chromium is not installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, run_planctl, write_plan
from test_site_browser import CHROME_ARGS, CHROMEDRIVER, CHROMIUM, WebDriver, _free_port

PHONE = {"width": 390, "height": 844, "pixelRatio": 3}


@pytest.fixture(scope="module")
def phone() -> Iterator[WebDriver]:
    assert CHROMEDRIVER and CHROMIUM
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
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": [*CHROME_ARGS, f"--user-data-dir={profile}"],
            "mobileEmulation": {"deviceMetrics": PHONE}}}}}
        session = WebDriver.call(f"{url}/session", "POST", caps)["sessionId"]
        try:
            yield WebDriver(url, session)
        finally:
            WebDriver.call(f"{url}/session/{session}", "DELETE")
    finally:
        driver.terminate()
        driver.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


def test_the_report_fits_a_phone_screen(phone: WebDriver, tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = (
        "id: INI-003\ntitle: En mycket lång rubrik utan mellanrum – "
        "Digitaliseringsstrategiuppföljningsinsatsansvarsfördelningsöversikten\n"
        "goals: [FO1.1]\nowner: skolverket\nparticipants: [skr]\nstatus: proposed\n")
    root = write_plan(tmp_path / "repo", files)
    assert run_planctl("report", "-f", "html", "-o", "r.html", cwd=root).exit_code == 0
    phone.get((root / "r.html").as_uri())
    assert phone.js("return window.innerWidth") == PHONE["width"]
    assert phone.js("return document.documentElement.scrollWidth") <= PHONE["width"]
    # The tables are still whole: a wide one scrolls inside its own box.
    assert phone.js("return document.querySelectorAll('.scroll table').length") == 3
