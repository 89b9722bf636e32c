"""The dashboard's pages in a real browser (Debian's Chromium, headless, driven by Selenium), on
the self-contained exports (`umlaut show|sessions|diff --format html`, opened from file://) of
sessions that `umlaut run` really recorded: a buggy PyTorch training, and its fix, which then
crashed with HTML and script text in its file name and exception message.

Then the same pages served live by `umlaut ui` (conftest's RunningUI), with a run that gains
epochs while the page is open. The browser is conftest's headless Chromium.

Screenshots go to .build/ui-screenshots/ (CI keeps them as artifacts)."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parents[2]
SCREENSHOTS = ROOT / ".build" / "ui-screenshots"
# Selenium must use the Debian chromium and chromium-driver, never download a browser.
os.environ.setdefault("SE_OFFLINE", "true")
HOSTILE_NAME = '<img src=x onerror="window.pwned=2">.py'
HOSTILE_MESSAGE = '</script><img src=x onerror="window.pwned=1"><b>bold</b>'


def umlaut_binary() -> str:
    path = os.environ.get("UMLAUT_BIN") or str(ROOT / ".build" / "debug" / "umlaut")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no umlaut binary at {path}: build it first (swift build)")
    return path


def umlaut(workspace: pathlib.Path, *arguments: str, check: bool = True) -> str:
    result = subprocess.run(
        [umlaut_binary(), *arguments], cwd=workspace, capture_output=True, text=True, timeout=180,
        env={**os.environ, "UMLAUT_PYTHON": sys.executable})
    if check and result.returncode not in (0, 1):
        pytest.fail(f"umlaut {' '.join(arguments)} exited {result.returncode}: {result.stderr}")
    return result.stdout


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, pathlib.Path]:
    """Two real runs and the four exported pages."""
    workspace = tmp_path_factory.mktemp("ui-workspace")
    shutil.copy(HERE / "fixtures" / "train_buggy.py", workspace / "train_buggy.py")
    shutil.copy(HERE / "fixtures" / "train_fixed_then_crash.py", workspace / HOSTILE_NAME)
    umlaut(workspace, "run", "--session", "buggy", "train_buggy.py")
    umlaut(workspace, "run", HOSTILE_NAME)
    pages = {
        "buggy": umlaut(workspace, "show", "buggy", "--format", "html"),
        "crash": umlaut(workspace, "show", "last", "--format", "html"),
        "runs": umlaut(workspace, "sessions", "--format", "html"),
        "compare": umlaut(workspace, "diff", "buggy", "last", "--format", "html"),
    }
    paths = {}
    for name, html in pages.items():
        assert html.lstrip().startswith("<!doctype html>"), html[:200]
        path = workspace / f"{name}.html"
        path.write_text(html)
        paths[name] = path
    return paths


def open_page(driver, path: pathlib.Path, width: int = 1280, height: int = 800):
    driver.set_window_size(width, height)
    driver.get(path.as_uri())
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")


def screenshot(driver, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The whole page, not only the window: make the window as tall as the document.
    width = driver.get_window_size()["width"]
    for _ in range(2):  # the first resize can reflow the page
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height + 100, 400), 5000))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


INK = """
const canvas = arguments[0];
const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let ink = 0;
for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink += 1;
return ink;
"""


def finding(driver, code: str):
    return driver.find_element(By.XPATH, f"//li[contains(@class,'finding')][.//code[text()='{code}']]")


def test_a_session_page_draws_its_plots_timeline_and_findings(exports, browser):
    open_page(browser, exports["buggy"])
    assert "train_buggy.py" in browser.find_element(By.TAG_NAME, "h1").text
    captions = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "figure.chart figcaption")]
    assert captions[0] == "Error timeline"
    assert {"Loss", "Learning rate", "Gradient norms per layer (× = 0)", "Input range"} <= set(captions), captions
    canvases = browser.find_elements(By.CSS_SELECTOR, "figure.chart canvas")
    assert len(canvases) == len(captions)
    for canvas in canvases:
        assert browser.execute_script(INK, canvas) > 500, canvas.get_attribute("aria-label")
    codes = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".finding code.code")]
    assert {"UM501", "UM506"} <= set(codes), codes
    # Axis titles carry units.
    titles = browser.execute_script(
        "return Chart.instances ? Object.values(Chart.instances).map(c => c.options.scales.y.title.text) : []")
    assert any("log scale" in t for t in titles) and any("Loss" in t for t in titles), titles
    screenshot(browser, "session-1280")


def test_clicking_a_finding_highlights_its_epochs_and_curves(exports, browser):
    open_page(browser, exports["buggy"])
    chart = browser.find_element(By.XPATH, "//figure[figcaption[text()='Input range']]//canvas")
    before = chart.screenshot_as_png
    item = finding(browser, "UM501")
    epochs = json.loads(browser.execute_script(
        "return JSON.stringify(umlautDashboard.state.data.findings.find(f => f.code === 'UM501').epochs)"))
    assert epochs, "UM501 covers epochs"
    item.find_element(By.CSS_SELECTOR, ".finding-head").click()
    head = item.find_element(By.CSS_SELECTOR, ".finding-head")
    assert head.get_attribute("aria-pressed") == "true"
    assert "selected" in item.get_attribute("class")
    assert "UM501" in browser.find_element(By.ID, "selection-status").text
    highlighted = browser.execute_script(
        "return Object.values(Chart.instances).map(c => [...(c.$umlautEpochs || [])].sort().join(','))")
    assert ",".join(str(e) for e in sorted(epochs)) in highlighted
    assert chart.screenshot_as_png != before, "the highlight changes the drawn chart"
    screenshot(browser, "session-finding-selected")
    head.click()
    assert head.get_attribute("aria-pressed") == "false"


def first_timeline_mark(browser, canvas):
    """The first mark of the timeline chart, with its place on the canvas and the canvas' size,
    read until two reads a quarter of a second apart agree: Chart.js resizes a responsive chart
    in a ResizeObserver callback after the page is ready (a scroll bar appearing narrows it), and a
    click at a place read before that misses the mark."""
    read = """
        const chart = Chart.getChart(arguments[0]);
        const r = arguments[0].getBoundingClientRect();
        for (let d = 0; d < chart.data.datasets.length; d++) {
          const meta = chart.getDatasetMeta(d);
          if (meta.data.length) {
            const raw = chart.data.datasets[d].data[0];
            return {x: meta.data[0].x, y: meta.data[0].y, id: raw.finding.id, code: raw.finding.code,
                    w: r.width, h: r.height};
          }
        }
        return null;"""
    previous = None
    for _ in range(40):
        point = browser.execute_script(read, canvas)
        if point is not None and point == previous:
            return point
        previous = point
        time.sleep(0.25)
    return previous


def test_clicking_the_timeline_selects_findings(exports, browser):
    open_page(browser, exports["buggy"])
    canvas = browser.find_element(By.ID, "timeline-canvas")
    point = first_timeline_mark(browser, canvas)
    assert point, "the timeline has marks"
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(point["x"] - point["w"] / 2), int(point["y"] - point["h"] / 2)).click().perform()
    WebDriverWait(browser, 5).until(
        lambda d: str(point["id"]) in d.find_element(By.TAG_NAME, "body").get_attribute("data-selected").split(","))
    assert finding(browser, point["code"]).find_element(By.CSS_SELECTOR, ".finding-head").get_attribute("aria-pressed") == "true"


def test_a_crashed_run_shows_the_exception_and_the_users_line_as_text(exports, browser):
    open_page(browser, exports["crash"])
    panel = browser.find_element(By.CSS_SELECTOR, "section.crash")
    assert "ValueError" in panel.text
    assert HOSTILE_MESSAGE in panel.text
    assert "raise ValueError(" in panel.find_element(By.CSS_SELECTOR, "pre.source-line").text
    assert HOSTILE_NAME in browser.find_element(By.TAG_NAME, "h1").text
    # Nothing from the store became markup or ran.
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements(By.CSS_SELECTOR, "main img, main b") == []
    screenshot(browser, "session-crash")


def test_the_runs_list_filters_by_text_status_and_framework(exports, browser):
    open_page(browser, exports["runs"])
    rows = browser.find_elements(By.CSS_SELECTOR, "#runs-table tbody tr")
    assert len(rows) == 2
    # Newest first: the crash ran last.
    assert HOSTILE_NAME in rows[0].text and "failed" in rows[0].text
    assert "completed" in rows[1].text and "torch" in rows[1].text
    browser.find_element(By.ID, "filter-text").send_keys("buggy")
    visible = [r for r in rows if r.is_displayed()]
    assert len(visible) == 1 and "train_buggy.py" in visible[0].text
    browser.find_element(By.ID, "filter-text").clear()
    browser.execute_script("const s = document.getElementById('filter-status'); s.value = 'failed'; s.dispatchEvent(new Event('change'));")
    assert [r.is_displayed() for r in rows] == [True, False]
    assert browser.execute_script("return window.pwned === undefined")
    screenshot(browser, "runs-1280")


def test_the_comparison_overlays_curves_and_lists_gone_findings(exports, browser):
    open_page(browser, exports["compare"])
    sections = {s.get_attribute("aria-label"): s for s in browser.find_elements(By.CSS_SELECTOR, "section.findings")}
    assert set(sections) == {"Gone", "New", "Remaining"}
    gone = [c.text for c in sections["Gone"].find_elements(By.CSS_SELECTOR, "code.code")]
    assert "UM501" in gone and "UM506" in gone, gone
    labels = browser.execute_script("return Object.values(Chart.instances).flatMap(c => c.data.datasets.map(d => d.label))")
    assert "before: loss" in labels and "after: loss" in labels, labels
    screenshot(browser, "compare-1280")


def test_pages_fit_a_narrow_window(exports, browser):
    for name in ("buggy", "runs"):
        open_page(browser, exports[name], width=400, height=800)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 400px"
        screenshot(browser, f"{name}-400")


def test_a_live_update_adds_the_epoch_and_the_banner_follows(exports, browser):
    """What the shell's server-sent `session` event does: `umlautDashboard.applySession(json)`."""
    open_page(browser, exports["buggy"])
    assert not browser.find_elements(By.ID, "live-banner")
    browser.execute_script("""
        const data = JSON.parse(JSON.stringify(umlautDashboard.state.data));
        data.run.live = true;
        data.run.status = 'running';
        const last = data.epochs[data.epochs.length - 1];
        data.epochs.push(Object.assign({}, last, {epoch: last.epoch + 1}));
        umlautDashboard.applySession(JSON.stringify(data));""")
    banner = browser.find_element(By.ID, "live-banner")
    assert "epoch 5" in banner.text and "elapsed" in banner.text, banner.text
    points = browser.execute_script(
        "return Object.values(Chart.instances).find(c => c.options.scales.y.title.text.startsWith('Loss')).data.datasets[0].data.length")
    assert points == 5
    screenshot(browser, "session-live")
    browser.execute_script("umlautDashboard.applyEnd()")
    assert not browser.find_elements(By.ID, "live-banner")


# ---- served by `umlaut ui` -------------------------------------------------------------------

def test_the_served_pages_read_the_api(workspace, browser):
    from conftest import RunningUI, import_session

    import_session(workspace, name="first", epochs=3)
    import_session(workspace, name="second", epochs=5)
    running = RunningUI(workspace)
    try:
        browser.set_window_size(1280, 800)
        browser.get(f"{running.base}/runs?token={running.token}")
        WebDriverWait(browser, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        rows = browser.find_elements(By.CSS_SELECTOR, "#runs-table tbody tr")
        assert [r.get_attribute("data-id") for r in rows] == ["2", "1"]
        # Pick both, compare: the compare page's URL and data come from the server.
        for box in browser.find_elements(By.CSS_SELECTOR, "#runs-table input[type=checkbox]"):
            box.click()
        browser.find_element(By.ID, "compare-button").click()
        WebDriverWait(browser, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        assert "/compare?a=1&b=2" in browser.current_url
        assert "Compare first → second" in browser.find_element(By.TAG_NAME, "h1").text
        screenshot(browser, "served-compare")
        browser.get(f"{running.base}/runs/2")
        WebDriverWait(browser, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        assert browser.execute_script(
            "return Object.values(Chart.instances).find(c => c.options.scales.y.title.text.startsWith('Loss')).data.datasets[0].data.length") == 5
        screenshot(browser, "served-session")
    finally:
        running.stop()


def test_a_live_run_gains_epochs_on_the_open_page(workspace, browser):
    """The store is written as `umlaut run` writes it (a running session, then epochs, then the
    end); the page follows through the server's events, without reloading."""
    import sqlite3

    from conftest import RunningUI, import_session

    import_session(workspace, name="live", epochs=2)
    database = workspace / ".umlaut" / "sessions.sqlite"

    def write(sql, *arguments):
        connection = sqlite3.connect(database, timeout=10)
        with connection:
            connection.execute(sql, arguments)
            connection.execute("UPDATE storeRevision SET value = value + 1 WHERE id = 1")
        connection.close()

    write("UPDATE session SET status = 'running', endedAt = NULL, exitCode = NULL, umlautPID = ? WHERE id = 1", os.getpid())
    running = RunningUI(workspace)
    try:
        browser.set_window_size(1280, 800)
        browser.get(f"{running.base}/runs/1?token={running.token}")
        # The banner is redrawn as events arrive: read it inside waits that retry a stale element.
        WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: "epoch 2 done" in d.find_element(By.ID, "live-banner").text)
        browser.execute_script("window.__sameDocument = true")
        for epoch in (2, 3):
            write("INSERT INTO epoch (sessionId, model, epoch, metrics, receivedAt) VALUES (1, 'm1', ?, ?, datetime('now'))",
                  epoch, json.dumps({"loss": 1.0 / (epoch + 1), "accuracy": 0.5}))
            WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException]).until(
                lambda d: f"epoch {epoch + 1} done" in d.find_element(By.ID, "live-banner").text)
        assert browser.execute_script("return window.__sameDocument") is True, "the page was not reloaded"
        assert browser.execute_script(
            "return Object.values(Chart.instances).find(c => c.options.scales.y.title.text.startsWith('Loss')).data.datasets[0].data.length") == 4
        screenshot(browser, "served-live")
        write("UPDATE session SET status = 'completed', endedAt = datetime('now'), exitCode = 0 WHERE id = 1")
        WebDriverWait(browser, 20).until(lambda d: not d.find_elements(By.ID, "live-banner"))
        assert "completed" in browser.find_element(By.CSS_SELECTOR, ".facts").text
    finally:
        running.stop()
