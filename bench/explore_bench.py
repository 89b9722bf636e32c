"""The explore page at scale (bench/explore.sh runs it): a real `umlaut ui` over a project index,
driven by headless Debian Chromium, timing what a user waits for.

    python bench/explore_bench.py UMLAUT INDEX [--runs 3] [--screenshot PATH]

INDEX is a project index `umlaut index` wrote (a copy is opened, so its notes are not touched).
Figures, each the median (and worst) of --runs:

- table: navigation start to the table drawn (`/api/explore/table` fetched, filtered, rendered);
- map, projected: navigation start to the map of all files drawn, on a server that has not
  projected this index before and with no map kept beside it (file vectors, k-NN graph and UMAP
  computed);
- map, reload: the same after a reload (the layout the server holds in memory);
- map, next launch: navigation start to the map drawn on a new server over the same index, which
  reads the map the first one kept (`.umlaut/explore-map.json`);
- filter: a column filter applied (click to table and map redrawn, measured in the page);
- lasso: a lasso over the left half of the map (pointer up to table and map redrawn);
- undo: one step undone;
- re-project: the filtered selection re-projected with other n_neighbors and min_dist.

The page's own timers are used where the work is synchronous in the page (filter, lasso, undo);
the others are polled every 20 ms from navigation start (performance.now() in the page).
"""
import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("umlaut")
parser.add_argument("index")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--screenshot", default=None)
options = parser.parse_args()


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


class UI:
    def __init__(self, workspace):
        self.state_path = workspace / ".umlaut" / "ui.json"
        self.state_path.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [options.umlaut, "ui", "--port", "0", "--no-browser", "--workspace", str(workspace)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not self.state_path.exists():
            if self.process.poll() is not None or time.time() > deadline:
                raise SystemExit(f"umlaut ui did not start: {self.process.stderr.read()}")
            time.sleep(0.05)
        state = json.loads(self.state_path.read_text())
        self.base, self.token = state["url"], state["token"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def browser():
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                     "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"):
        chrome.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(600)
    return driver


# Polls in the page from navigation start: resolves with the page time when `condition` holds.
POLL = """
const [condition, done] = [new Function("return " + arguments[0]), arguments[arguments.length - 1]];
const tick = () => { let ok = false; try { ok = condition(); } catch (e) {}
  if (ok) done(performance.now()); else setTimeout(tick, 20); };
tick();
"""
TABLE_READY = 'document.body.dataset.ready === "true"'
MAP_READY = 'window.umlautExplore.projected() && document.getElementById("ex-canvas").dataset.points !== "0"'


def open_page(driver, ui):
    driver.get(f"{ui.base}/explore?token={ui.token}")  # sets the cookie, then redirects
    table = driver.execute_async_script(POLL, TABLE_READY)
    mapped = driver.execute_async_script(POLL, MAP_READY)
    return table / 1000, mapped / 1000


def timed(driver, action):
    """Runs `action` (JavaScript) in the page and returns how long it took there: the page's
    handlers draw the table and the map synchronously."""
    return driver.execute_script(
        f"const t = performance.now(); {action}; return (performance.now() - t) / 1000;")


FILTER = """
const column = document.getElementById("ex-column");
column.value = [...column.options].find((o) => o.textContent === "Role").value;
column.dispatchEvent(new Event("change"));
document.getElementById("ex-op").value = "~";
document.getElementById("ex-value").value = "train";
document.getElementById("ex-keep").click();
"""
# A lasso around the left half of the drawn points, by pointer events on the canvas.
LASSO = """
const canvas = document.getElementById("ex-canvas");
const box = canvas.getBoundingClientRect();
const xs = window.umlautExplore.points().map((p) => p.x).sort((a, b) => a - b);
const cut = xs[Math.floor(xs.length / 2)];
const corners = [[1, 1], [cut, 1], [cut, box.height - 1], [1, box.height - 1], [1, 2]];
const fire = (type, [x, y]) => canvas.dispatchEvent(new PointerEvent(type, {
  clientX: box.left + x, clientY: box.top + y, pointerId: 1, bubbles: true, isPrimary: true}));
canvas.setPointerCapture = () => {};
fire("pointerdown", corners[0]);
for (const corner of corners.slice(1)) fire("pointermove", corner);
fire("pointerup", corners[corners.length - 1]);
"""
UNDO = 'document.getElementById("ex-undo").click()'


def count(driver):
    return driver.execute_script(
        'return [document.getElementById("ex-count").textContent,'
        ' document.getElementById("ex-canvas").dataset.points,'
        ' document.getElementById("ex-canvas").dataset.active]')


def summary(values):
    return f"{statistics.median(values):7.3f} s (worst {max(values):.3f})"


work = Path(tempfile.mkdtemp(prefix="explore-bench-"))
(work / ".umlaut").mkdir()
shutil.copy(options.index, work / ".umlaut" / "projects.sqlite")
print(f"explore page over {options.index}; {options.runs} runs; {uptime()}")
figures = {name: [] for name in ("table", "map, projected", "map, reload", "map, next launch", "filter", "lasso",
                                  "undo", "re-project")}
kept = work / ".umlaut" / "explore-map.json"
driver = browser()
try:
    for run in range(options.runs):
        kept.unlink(missing_ok=True)
        ui = UI(work)
        try:
            table, mapped = open_page(driver, ui)
            figures["table"].append(table)
            figures["map, projected"].append(mapped)
            if run == 0:
                print(f"  files, points drawn, active: {count(driver)}")
            _, mapped = open_page(driver, ui)
            figures["map, reload"].append(mapped)
            figures["filter"].append(timed(driver, FILTER))
            if run == 0:
                print(f"  after the filter: {count(driver)}")
            figures["undo"].append(timed(driver, UNDO))
            figures["lasso"].append(timed(driver, LASSO))
            if run == 0:
                print(f"  after the lasso: {count(driver)}")
            driver.execute_script(
                'document.getElementById("ex-neighbors").value = "10";'
                'document.getElementById("ex-min-dist").value = "0.3";')
            start = driver.execute_script("return performance.now()")
            driver.execute_script('document.getElementById("ex-reproject").click()')
            end = driver.execute_async_script(POLL, MAP_READY)
            figures["re-project"].append((end - start) / 1000)
            if run == 0 and options.screenshot:
                driver.execute_script(UNDO)
                driver.execute_async_script(POLL, MAP_READY)
                driver.save_screenshot(options.screenshot)
        finally:
            ui.stop()
        ui = UI(work)
        try:
            _, mapped = open_page(driver, ui)
            figures["map, next launch"].append(mapped)
        finally:
            ui.stop()
finally:
    driver.quit()
    shutil.rmtree(work, ignore_errors=True)
for name, values in figures.items():
    print(f"  {name:18} {summary(values)}")
print(f"  {uptime()}")
