"""The model-comparison report in a real browser (Debian's Chromium, headless, via Selenium): the
self-contained file `umlaut compare --from-report R.json --out report.html` writes, opened from
file:// with no server, and the same report served by `umlaut ui` at /reports/<id> from the
workspace's .umlaut/comparisons/. The report is fixtures/comparison_report.py's: small, with
thumbnails, statistics computed from its segments, and HTML/script text in its strings.

Screenshots go to .build/ui-screenshots/report-*.png."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE / "fixtures"))
from comparison_report import HOSTILE_CLASS, HOSTILE_SOURCE, HOSTILE_SPEC, make_report

ROOT = HERE.parents[2]
SCREENSHOTS = ROOT / ".build" / "ui-screenshots"
os.environ.setdefault("SE_OFFLINE", "true")


def umlaut_binary() -> str:
    path = os.environ.get("UMLAUT_BIN") or str(ROOT / ".build" / "debug" / "umlaut")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no umlaut binary at {path}: build it first (swift build)")
    return path


def ready(driver):
    WebDriverWait(driver, 20).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") in ("true", "error"))
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true", \
        driver.find_element(By.ID, "app").text


def screenshot(driver, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = driver.get_window_size()["width"]
    for _ in range(2):
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height + 100, 400), 5000))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def assert_nothing_ran(driver):
    assert driver.execute_script("return typeof window.pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert driver.execute_script(
        "return Array.from(document.querySelectorAll('img,script')).filter(e => e.getAttribute('onerror')"
        " || (e.tagName === 'SCRIPT' && !e.src && e.type !== 'application/json' && e.textContent.includes('pwned'))).length") == 0


# The order of the cluster cards on the page, and of the histogram's groups.
CARD_ORDER = "return Array.from(document.querySelectorAll('#clusters section.cluster')).map(s => Number(s.dataset.cluster))"
HISTOGRAM_ORDER = "return Array.from(document.querySelectorAll('#histogram g.group')).map(g => Number(g.dataset.key))"
# Distinct colours in a canvas (a drawn thumbnail has many; a blank or placeholder one few).
COLOURS = """
const c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, seen = new Set();
for (let i = 0; i < d.length; i += 4) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
return seen.size;
"""
PIXEL = "const d = arguments[0].getContext('2d').getImageData(arguments[1], arguments[2], 1, 1).data; return [d[0], d[1], d[2]];"


def same(a, b) -> bool:
    """Equal JSON, numbers compared to 1e-9 (the report went through Swift's encoder)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> pathlib.Path:
    return make_report(tmp_path_factory.mktemp("comparison"))


@pytest.fixture(scope="module")
def exported(report) -> pathlib.Path:
    out = report.parent / "report.html"
    result = subprocess.run([umlaut_binary(), "compare", "--from-report", str(report), "--out", str(out)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return out


def test_the_exported_report_is_one_self_contained_file(exported, report):
    html = exported.read_text()
    assert html.lstrip().startswith("<!doctype html>")
    # Nothing is fetched: no external script, style sheet, image or link to the web.
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html, re.IGNORECASE)
    urls = set(re.findall(r"https?://[^\s'\"<>)]+", html)) - {"http://www.w3.org/2000/svg"}
    assert urls == set()
    # The hostile strings only occur escaped inside the JSON block (no raw "<" there).
    data = re.search(r'<script type="application/json" id="umlaut-data">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    assert same(json.loads(data), json.loads(report.read_text()))
    assert html.count("</script>") == 2  # the data block and the page script


def test_the_exported_report_draws_every_view_offline(exported, report, browser):
    data = json.loads(report.read_text())
    browser.set_window_size(1280, 800)
    browser.get_log("browser")
    browser.get(exported.as_uri())
    ready(browser)
    assert_nothing_ran(browser)
    # The hostile class and model spec are on the page, as text.
    assert HOSTILE_CLASS in browser.find_element(By.TAG_NAME, "h1").text
    assert HOSTILE_SPEC in browser.find_element(By.CSS_SELECTOR, "table.models").text
    # Nothing left the file: every resource the page loaded was inline or a data: URI.
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert all(name.startswith("data:") for name in resources), resources
    # The cluster histogram: one group per cluster in the report's (imbalance) order, two bars each.
    assert browser.execute_script(HISTOGRAM_ORDER) == data["orderings"]["imbalance"]
    assert browser.execute_script(CARD_ORDER) == data["orderings"]["imbalance"]
    first = browser.find_element(By.CSS_SELECTOR, "#clusters section.cluster")
    assert first.get_attribute("data-cluster") == "0"  # the watermark cluster leads
    # The three summary plots per cluster, the two models' confusion matrices and location maps.
    for card in browser.find_elements(By.CSS_SELECTOR, "#clusters section.cluster"):
        assert len(card.find_elements(By.CSS_SELECTOR, "svg.composition rect.bar")) == 2
        assert len(card.find_elements(By.CSS_SELECTOR, "svg.importance rect.bar")) == 3
        assert card.find_elements(By.CSS_SELECTOR, "svg.coherence rect.bar")
        assert len(card.find_elements(By.CSS_SELECTOR, "table.confusion")) == 2
        assert len(card.find_elements(By.CSS_SELECTOR, "table.location")) == 4
    # Model B's highly attributed segments of the watermark cluster sit in the bottom-right cell.
    high_b = first.find_elements(By.CSS_SELECTOR, ".model-details.model-1 table.location")[0]
    cells = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in high_b.find_elements(By.TAG_NAME, "tr")]
    assert cells[3][3] == "4" and sum(1 for row in cells for text in row if text) == 1
    # The concept cluster view: every segment a drawn thumbnail, bordered and badged by outcome.
    tiles = first.find_elements(By.CSS_SELECTOR, ".tile")
    assert len(tiles) == sum(len(ids) for ids in data["clusters"][0]["segments"])
    for tile in tiles:
        segment = data["segments"][int(tile.get_attribute("data-segment"))]
        assert tile.get_attribute("data-quadrant") == segment["quadrant"]
        assert segment["quadrant"] in tile.find_element(By.CSS_SELECTOR, ".q-badge").text
        assert browser.execute_script(COLOURS, tile.find_element(By.TAG_NAME, "canvas")) >= 2
    # Colour is not the only cue: each outcome has its own border style.
    styles = {q: browser.execute_script("return getComputedStyle(arguments[0]).borderTopStyle", t)
              for t in tiles for q in [t.get_attribute("data-quadrant")]}
    assert len(set(styles.values())) == len(styles) == 4, styles
    screenshot(browser, "report-export")
    blocked = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert blocked == []


def test_hovering_a_segment_outlines_it_in_its_source_image(exported, report, browser):
    data = json.loads(report.read_text())
    browser.set_window_size(1280, 800)
    browser.get(exported.as_uri())
    ready(browser)
    card = browser.find_elements(By.CSS_SELECTOR, "#clusters section.cluster")[1]
    tile = card.find_elements(By.CSS_SELECTOR, ".tile")[2]
    index = int(tile.get_attribute("data-segment"))
    segment = data["segments"][index]
    ActionChains(browser).move_to_element(tile).perform()
    preview = browser.find_element(By.ID, "preview")
    WebDriverWait(browser, 5).until(lambda d: preview.get_attribute("data-segment") == str(index))
    image = data["models"][segment["model"]]["images"][segment["image"]]
    assert image["source"] in preview.text and segment["quadrant"] in preview.text
    # The outline: black then yellow dashes just inside the box's top edge, in canvas pixels.
    canvas = preview.find_element(By.TAG_NAME, "canvas")
    scale = 224 / data["imageShape"][1]
    y0, x0, x1 = segment["box"][0], segment["box"][2], segment["box"][3]
    row = int(y0 * scale) + 1
    colours = {tuple(browser.execute_script(PIXEL, canvas, int(x), row))
               for x in range(int(x0 * scale) + 4, int(x1 * scale) - 4)}
    assert (0, 0, 0) in colours and (240, 228, 66) in colours, colours
    # The hostile image name is text too.
    zero = browser.find_element(By.CSS_SELECTOR, ".tile[data-segment='0']")
    ActionChains(browser).move_to_element(zero).perform()
    WebDriverWait(browser, 5).until(lambda d: HOSTILE_SOURCE in preview.text)
    assert_nothing_ran(browser)
    screenshot(browser, "report-export-hover")


def test_switching_the_order_reorders_histogram_and_clusters(exported, report, browser):
    data = json.loads(report.read_text())
    browser.set_window_size(1280, 800)
    browser.get(exported.as_uri())
    ready(browser)
    for key in ("importance", "centroidDistance", "imbalance"):
        button = browser.find_element(By.CSS_SELECTOR, f".order button[data-order='{key}']")
        button.click()
        assert button.get_attribute("aria-checked") == "true"
        assert browser.execute_script(HISTOGRAM_ORDER) == data["orderings"][key]
        assert browser.execute_script(CARD_ORDER) == data["orderings"][key]
    # Clicking a cluster in the histogram selects (and scrolls to) its card.
    last = data["orderings"]["imbalance"][-1]
    browser.find_element(By.CSS_SELECTOR, f"#histogram g.group[data-key='{last}'] rect.hit").click()
    card = browser.find_element(By.ID, f"cluster-{last}")
    assert "selected" in card.get_attribute("class")


def test_the_exported_report_fits_a_narrow_window(exported, browser):
    browser.set_window_size(400, 800)
    browser.get(exported.as_uri())
    ready(browser)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    screenshot(browser, "report-export-400px")
    browser.set_window_size(1280, 800)
    assert overflow <= 0


def test_the_ui_lists_and_serves_the_workspaces_reports(report, workspace, browser):
    from conftest import RunningUI

    comparisons = workspace / ".umlaut" / "comparisons"
    comparisons.mkdir(parents=True)
    (comparisons / "watermark.json").write_text(report.read_text())
    (comparisons / "second").mkdir()
    (comparisons / "second" / "report.json").write_text(json.dumps(
        {**json.loads(report.read_text()), "class": "dog"}))
    (comparisons / "broken.json").write_text("{ not json")
    (comparisons / ".hidden.json").write_text(report.read_text())
    running = RunningUI(workspace)
    try:
        # The API: the list, a report as written, and nothing outside the directory.
        status, _, body = running.request("GET", "/api/reports")
        assert status == 200
        rows = {row["id"]: row for row in json.loads(body)["reports"]}
        assert set(rows) == {"watermark", "second", "broken"}
        assert rows["watermark"]["className"] == HOSTILE_CLASS and rows["watermark"]["clusters"] == 3
        assert rows["broken"]["problem"] == "not a comparison report"
        status, _, body = running.request("GET", "/api/reports/watermark")
        assert status == 200 and json.loads(body) == json.loads(report.read_text())
        for target in ("/api/reports/.hidden", "/api/reports/broken", "/api/reports/nothing",
                       "/reports/.hidden", "/reports/%2e%2e%2fsessions.sqlite", "/reports/..%2Fui",
                       "/reports/nothing"):
            status, _, _ = running.request("GET", target)
            assert status in (400, 404), target
        status, _, _ = running.request("POST", "/reports/watermark", body="")
        assert status in (403, 405)

        # The page: the list, then a report, inside the shell's CSP (nothing blocked).
        browser.set_window_size(1280, 800)
        browser.get_log("browser")
        browser.get(f"{running.base}/reports?token={running.token}")
        ready(browser)
        links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.report-link")]
        assert sorted(links) == ["second", "watermark"]
        assert HOSTILE_CLASS in browser.find_element(By.CSS_SELECTOR, "table.reports").text
        assert_nothing_ran(browser)
        screenshot(browser, "report-served-list")
        browser.find_element(By.LINK_TEXT, "watermark").click()
        ready(browser)
        assert browser.current_url.endswith("/reports/watermark")
        assert HOSTILE_CLASS in browser.find_element(By.TAG_NAME, "h1").text
        assert browser.execute_script(CARD_ORDER) == json.loads(report.read_text())["orderings"]["imbalance"]
        canvas = browser.find_element(By.CSS_SELECTOR, "#clusters .tile canvas")
        assert browser.execute_script(COLOURS, canvas) >= 2
        assert_nothing_ran(browser)
        screenshot(browser, "report-served")
        blocked = [e["message"] for e in browser.get_log("browser")
                   if "Content Security Policy" in e["message"]
                   or (e["level"] == "SEVERE" and "favicon" not in e["message"])]
        assert blocked == []
    finally:
        running.stop()


def test_a_slic_report_names_its_segmentation_and_draws_superpixels(tmp_path, browser):
    """A report of `--segments slic`: the method line says SLIC, the concept view's tiles and the
    hover preview draw each superpixel's own outline from its mask, not its bounding box."""
    report = make_report(tmp_path, "slic", hostile=False, segmentation="slic")
    data = json.loads(report.read_text())
    out = tmp_path / "slic.html"
    result = subprocess.run([umlaut_binary(), "compare", "--from-report", str(report), "--out", str(out)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    browser.set_window_size(1280, 800)
    browser.get_log("browser")
    browser.get(out.as_uri())
    ready(browser)
    method = browser.find_element(By.CSS_SELECTOR, ".summary .segmentation").text
    assert method.startswith("SLIC superpixels (about 16 per image, compactness 50"), method
    # Every tile of a segment that is not its whole box is a superpixel tile, drawn from its
    # thumbnail: the image's colours, the veil and the outline.
    first = browser.find_element(By.ID, "clusters")
    tiles = first.find_elements(By.CSS_SELECTOR, ".tile")
    superpixels = first.find_elements(By.CSS_SELECTOR, ".tile canvas.superpixel")
    partial = [i for i in (int(t.get_attribute("data-segment")) for t in tiles)
               if data["segments"][i]["pixels"] < (data["segments"][i]["box"][1] - data["segments"][i]["box"][0])
               * (data["segments"][i]["box"][3] - data["segments"][i]["box"][2])]
    assert partial and len(superpixels) == len(partial)
    for canvas in superpixels:
        assert browser.execute_script(COLOURS, canvas) >= 3
        assert "no-image" not in canvas.get_attribute("class")
    # Hover one: the preview's outline follows the mask. Find an edge of the mask inside its box
    # (the segment's pixel at (y, x), not at (y, x + 1)) and look for the outline there.
    index = partial[0]
    segment = data["segments"][index]
    tile = first.find_element(By.CSS_SELECTOR, f".tile[data-segment='{index}']")
    ActionChains(browser).move_to_element(tile).perform()
    preview = browser.find_element(By.ID, "preview")
    WebDriverWait(browser, 5).until(lambda d: preview.get_attribute("data-segment") == str(index))
    assert "superpixel of " + str(segment["pixels"]) + " pixels" in preview.text
    y0, y1, x0, x1 = segment["box"]
    width = x1 - x0
    bits, inside = [], False
    for run in segment["mask"]:
        bits += [inside] * run
        inside = not inside
    edge = next((y, x) for y in range(y1 - y0) for x in range(width - 1)
                if bits[y * width + x] and not bits[y * width + x + 1])
    canvas = preview.find_element(By.TAG_NAME, "canvas")
    scale = 224 / data["imageShape"][1]
    cx, cy = (x0 + edge[1] + 1) * scale, (y0 + edge[0] + 0.5) * scale
    near = {tuple(browser.execute_script(PIXEL, canvas, int(cx) + dx, int(cy))) for dx in (-1, 0, 1)}
    assert (240, 228, 66) in near, near
    # A box's own corner outside the mask carries no outline there: not a rectangle.
    corner = next((y, x) for y, x in ((0, 0), (0, width - 1), (y1 - y0 - 1, 0), (y1 - y0 - 1, width - 1))
                  if not bits[y * width + x])
    px, py = (x0 + corner[1] + 0.5) * scale, (y0 + corner[0] + 0.5) * scale
    assert tuple(browser.execute_script(PIXEL, canvas, int(px), int(py))) != (240, 228, 66)
    screenshot(browser, "report-slic-hover")
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
