"""`extract serve` in a real browser: Debian's headless Chromium driven through chromedriver (selenium).

The server listens on 127.0.0.1 and is stopped by the fixture; Chromium resolves no host
but 127.0.0.1 (the map's tiles are not fetched: the data, not the tiles, is under test).
Skipped, with the reason, where selenium, Chromium or chromedriver is missing or Chromium
cannot start; CI installs them (.ci/run).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("datasette", reason='Datasette is an optional extra: pip install -e ".[explore]"')
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
#: This machine's network is closed: without these Chromium hangs on connection attempts.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--window-size=1400,1000")
WAIT = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(archive):
    """`extract serve` in its own process on a free port; its base URL."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "extract", "serve", str(archive), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/{archive.stem}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"extract serve did not start: {process.stderr.read().decode()[-500:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.TemporaryDirectory(prefix="chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile.name}"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    except WebDriverException as exc:
        profile.cleanup()
        pytest.skip(f"Chromium cannot start here: {str(exc.msg or exc).splitlines()[0]}")
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()
    profile.cleanup()


def _rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")


def _ids(driver) -> list[str]:
    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody td.col-id")]


def test_the_events_table_loads(server, browser):
    browser.get(f"{server}/events")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Events"
    assert len(_rows(browser)) == 90
    assert "000_5351aeebe505d014#4" in _ids(browser)


def test_a_facet_filters_the_events(server, browser, archive):
    import sqlite3

    culture = sqlite3.connect(archive).execute("select count(*) from events where sector = 'culture'").fetchone()[0]
    browser.get(f"{server}/events")
    browser.find_element(By.CSS_SELECTOR, "#facet-sector").find_element(By.LINK_TEXT, "culture").click()
    WebDriverWait(browser, WAIT).until(ready.url_contains("sector=culture"))
    sectors = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-sector")]
    assert len(sectors) == culture > 0 and set(sectors) == {"culture"}


def test_full_text_search_finds_a_known_event(server, browser):
    browser.get(f"{server}/events")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=_search]")
    box.send_keys("Александрия", Keys.ENTER)
    WebDriverWait(browser, WAIT).until(ready.url_contains("_search="))
    assert "000_5351aeebe505d014#4" in _ids(browser)
    assert 0 < len(_rows(browser)) < 90


def test_the_settlements_page_has_its_map(server, browser):
    browser.get(f"{server}/settlements")
    WebDriverWait(browser, WAIT).until(ready.presence_of_element_located((By.CSS_SELECTOR, ".leaflet-container")))
    markers = WebDriverWait(browser, WAIT).until(ready.presence_of_all_elements_located(
        (By.CSS_SELECTOR, ".leaflet-marker-icon, .marker-cluster")))
    assert markers
