"""The explore page (issue 12) in a real `umlaut ui` over a project index that `umlaut index` built
from projects this test writes: filter -> map, lasso -> table, label column, undo/redo,
re-projection, saved searches, `?where=`, and hostile names, READMEs and sources escaped.
Screenshots in .build/ui-screenshots/explore-*.png."""

import json
import os
import random
import shutil
import subprocess
import time
import urllib.parse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import UMLAUT, RunningUI
from conftest import screenshot as viewport_screenshot

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Evil<script>window.__pwned=2</script>'
HOSTILE_FILE = 'x"><img src=y onerror="window.__pwned=3">.py'
TOTAL = 24  # 8 + 8 + 6 utilities + the hostile file + victim.py
SECRET = "TOP-SECRET-OUTSIDE-THE-PROJECT"

TORCH_SEG = """import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class DiceLoss(nn.Module):
    def forward(self, logits, target):
        probs = torch.sigmoid(logits)
        inter = (probs * target).sum()
        return 1 - (2 * inter + 1) / (probs.sum() + target.sum() + 1)


class UNet{n}(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(3, 16, 3, padding=1)
        self.up = nn.ConvTranspose2d(16, 1, 2, stride=2)

    def forward(self, x):
        return self.up(torch.relu(self.down(x)))


model = UNet{n}()
optimizer = torch.optim.Adam(model.parameters(), lr={lr})
criterion = DiceLoss()
segmentation_mask_threshold_{n} = 0.5
"""

KERAS_CLS = """import keras
from keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense({units}, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate={lr}), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, batch_size=64)
classifier_digit_accuracy_{n} = 0
"""

UTILS = """import os
import json


def read_config_{n}(path):
    with open(path) as handle:
        return json.load(handle)


def write_report_{n}(path, values):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(values, handle)
"""


POOL = ("batch step epoch metric score weight bias scale norm shape size count index value buffer cache "
        "config option path folder record entry sample split train valid test loader reader writer logger").split()


def varied(text, seed):
    """The template plus a few helper lines whose names come from a shared pool (so the files of a
    project are alike but not identical, and the projects share some words)."""
    rng = random.Random(seed)
    words = [rng.choice(POOL) for _ in range(12)]
    helpers = "".join(f"\ndef {a}_{b}(x):\n    return x  # {c}\n" for a, b, c in zip(words[::3], words[1::3], words[2::3]))
    return text + helpers


def make_projects(root):
    """Three small projects: PyTorch segmentation, Keras classification, and a hostile one."""
    seg = root / "projects" / "torch-seg"
    (seg / "seg").mkdir(parents=True)
    (seg / "README.md").write_text("# Torch segmentation\n\nU-Net with Dice loss for medical images.\n")
    for n in range(8):
        (seg / "seg" / f"train_unet_{n}.py").write_text(varied(TORCH_SEG.format(n=n, lr=[1e-3, 3e-4][n % 2]), n))
    cls = root / "projects" / "keras-mnist"
    (cls / "cls").mkdir(parents=True)
    (cls / "README.md").write_text("# Keras MNIST\n\nDigit classification with dense layers.\n")
    for n in range(8):
        (cls / "cls" / f"train_dense_{n}.py").write_text(varied(KERAS_CLS.format(n=n, units=64 + n, lr=0.01), 10 + n))
    evil = root / "projects" / "evil"
    (evil / "tools").mkdir(parents=True)
    (evil / "README.md").write_text(f"# {HOSTILE_TITLE}\n\n<b>bold</b> <script>alert(1)</script> summary\n")
    for n in range(6):
        (evil / "tools" / f"util_{n}.py").write_text(varied(UTILS.format(n=n), 20 + n))
    (evil / HOSTILE_FILE).write_text('print("</pre><script>window.__pwned=4</script>")\n' + UTILS.format(n=9))
    (evil / "victim.py").write_text("import os\nvictim = 1\n")
    (root / "secret.txt").write_text(SECRET + "\n")
    return root / "projects"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    root = tmp_path_factory.mktemp("explore")
    (root / ".umlaut").mkdir()
    projects = make_projects(root)
    result = subprocess.run(
        [UMLAUT, "index", str(projects), "--db", str(root / ".umlaut" / "projects.sqlite"), "--jobs", "2"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def explore_ui(indexed):
    running = RunningUI(indexed)
    yield running
    running.stop()


def screenshot(browser, name):
    """The whole page (the window made as tall as the document for the shot, then put back)."""
    height = browser.execute_script("window.scrollTo(0, 0); return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height + 140, 800), 2400))
    try:
        viewport_screenshot(browser, name)
    finally:
        browser.set_window_size(1280, 800)


def open_page(browser, ui, query=""):
    browser.get(f"{ui.base}/explore?token={ui.token}")  # sets the cookie, then redirects
    if query:
        browser.get(f"{ui.base}/explore?{query}")
    wait_ready(browser)


def wait_ready(browser):
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.body.dataset.ready") in ("true", "error"))
    assert browser.execute_script("return document.body.dataset.ready") == "true", status_text(browser)
    wait_map(browser)


def wait_map(browser):
    WebDriverWait(browser, 90).until(lambda d: d.execute_script("return window.umlautExplore.projected()"))


def status_text(browser):
    return browser.find_element(By.ID, "ex-status").text


def table_ids(browser):
    """The rows' file ids, read in one step (the table is rebuilt on every change)."""
    return browser.execute_script(
        'return [...document.querySelectorAll("#ex-table tbody tr")].map((r) => Number(r.dataset.id))')


def points(browser):
    return browser.execute_script("return window.umlautExplore.points()")


def add_filter(browser, column_label, op, value, exclude=False):
    Select(browser.find_element(By.ID, "ex-column")).select_by_visible_text(column_label)
    Select(browser.find_element(By.ID, "ex-op")).select_by_value(op)
    field = browser.find_element(By.ID, "ex-value")
    field.clear()
    field.send_keys(value)
    browser.find_element(By.ID, "ex-exclude" if exclude else "ex-keep").click()


def test_table_lists_every_file_and_filter_greys_the_map(browser, explore_ui):
    open_page(browser, explore_ui)
    assert len(table_ids(browser)) == TOTAL
    canvas = browser.find_element(By.ID, "ex-canvas")
    assert canvas.get_attribute("data-points") == str(TOTAL)
    assert canvas.get_attribute("data-active") == str(TOTAL)
    screenshot(browser, "explore-all")

    add_filter(browser, "Frameworks", "=", "pytorch")
    ids = table_ids(browser)
    assert len(ids) == 8
    assert canvas.get_attribute("data-active") == "8"
    drawn = points(browser)
    assert len(drawn) == TOTAL
    assert {p["id"] for p in drawn if p["active"]} == set(ids)
    assert all("torch-seg" in row.text for row in browser.find_elements(By.CSS_SELECTOR, "#ex-table tbody tr"))
    # Exclusion on top: no file with a learning rate below 5e-4.
    add_filter(browser, "Learning rate", "<", "5e-4", exclude=True)
    assert len(table_ids(browser)) == 4
    assert canvas.get_attribute("data-active") == "4"
    # Sort by a column: lines, then descending.
    header = browser.find_element(By.CSS_SELECTOR, '#ex-table thead button[data-column="path"]')
    header.click()
    header = browser.find_element(By.CSS_SELECTOR, '#ex-table thead button[data-column="path"]')
    header.click()
    paths = [row.find_elements(By.TAG_NAME, "td")[1].text for row in
             browser.find_elements(By.CSS_SELECTOR, "#ex-table tbody tr")]
    assert paths == sorted(paths, reverse=True)
    Select(browser.find_element(By.ID, "ex-colour")).select_by_visible_text("Learning rate")
    screenshot(browser, "explore-filtered")


def lasso(browser, box):
    """Drags a rectangle (canvas CSS pixels) on the canvas."""
    canvas = browser.find_element(By.ID, "ex-canvas")
    size = browser.execute_script(
        'arguments[0].scrollIntoView({block: "center"}); const r = arguments[0].getBoundingClientRect();'
        ' return [r.width, r.height];', canvas)
    left, top, right, bottom = box
    corners = [(left, top), (right, top), (right, bottom), (left, bottom), (left, top + 1)]
    actions = ActionChains(browser, duration=20)
    to_offset = lambda x, y: (int(x - size[0] / 2), int(y - size[1] / 2))
    actions.move_to_element_with_offset(canvas, *to_offset(*corners[0])).click_and_hold()
    for x, y in corners[1:]:
        actions.move_to_element_with_offset(canvas, *to_offset(x, y))
    actions.release().perform()


def test_lasso_filters_the_table_and_undo_redo(browser, explore_ui):
    open_page(browser, explore_ui)
    drawn = points(browser)
    xs = sorted(p["x"] for p in drawn)
    # Cut at the widest gap between the middle points, so no point sits on the lasso's edge.
    gaps = [(xs[i + 1] - xs[i], (xs[i + 1] + xs[i]) / 2) for i in range(len(xs) // 4, 3 * len(xs) // 4)]
    cut = max(gaps)[1]
    ys = [p["y"] for p in drawn]
    box = (min(xs) - 6, min(ys) - 6, cut, max(ys) + 6)
    expected = {p["id"] for p in drawn if box[0] < p["x"] < box[2] and box[1] < p["y"] < box[3]}
    assert 0 < len(expected) < TOTAL
    lasso(browser, box)
    WebDriverWait(browser, 10).until(lambda d: len(table_ids(d)) != TOTAL)
    assert set(table_ids(browser)) == expected
    steps = browser.find_elements(By.CSS_SELECTOR, "#ex-steps li")
    assert len(steps) == 1 and "lasso" in steps[0].text
    screenshot(browser, "explore-lasso")

    # Undo every step, then redo: the table follows each time.
    add_filter(browser, "Role", "~", "t")
    after_two = table_ids(browser)
    browser.find_element(By.ID, "ex-undo").click()
    assert set(table_ids(browser)) == expected
    browser.find_element(By.ID, "ex-undo").click()
    assert len(table_ids(browser)) == TOTAL
    assert browser.find_element(By.ID, "ex-undo").get_attribute("disabled") is not None
    browser.find_element(By.ID, "ex-redo").click()
    assert set(table_ids(browser)) == expected
    browser.find_element(By.ID, "ex-redo").click()
    assert table_ids(browser) == after_two
    assert browser.find_element(By.ID, "ex-redo").get_attribute("disabled") is not None


def test_label_column_is_kept_beside_the_index(browser, explore_ui, indexed):
    open_page(browser, explore_ui)
    browser.find_element(By.ID, "ex-label-name").send_keys("quality")
    browser.find_element(By.ID, "ex-label-add").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, '#ex-table tbody input[data-label="quality"]'))
    first_row = browser.find_elements(By.CSS_SELECTOR, "#ex-table tbody tr")[0]
    first_id = int(first_row.get_attribute("data-id"))
    field = first_row.find_element(By.CSS_SELECTOR, 'input[data-label="quality"]')
    field.send_keys("good <b>one</b>", Keys.TAB)
    WebDriverWait(browser, 10).until(lambda d: status_text(d) == "Label saved.")
    notes = json.loads((indexed / ".umlaut" / "explore.json").read_text())
    assert notes["labelColumns"] == ["quality"]
    assert list(notes["labels"]["quality"].values()) == ["good <b>one</b>"]
    assert oct((indexed / ".umlaut" / "explore.json").stat().st_mode & 0o777) == "0o600"

    # After a reload the label is still there, and the label column filters like any other.
    open_page(browser, explore_ui)
    add_filter(browser, "quality", "~", "good")
    assert table_ids(browser) == [first_id]
    value = browser.find_element(By.CSS_SELECTOR, '#ex-table tbody input[data-label="quality"]').get_attribute("value")
    assert value == "good <b>one</b>"
    assert not browser.find_elements(By.CSS_SELECTOR, "#ex-table b")
    assert browser.find_element(By.ID, "ex-canvas").get_attribute("data-active") == "1"
    screenshot(browser, "explore-label")


def test_reproject_the_selection_with_other_parameters(browser, explore_ui):
    open_page(browser, explore_ui)
    add_filter(browser, "Project", "~", "keras")
    for field, value in (("ex-neighbors", "5"), ("ex-min-dist", "0.5")):
        element = browser.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)
    before = points(browser)
    browser.find_element(By.ID, "ex-reproject").click()
    wait_map(browser)
    canvas = browser.find_element(By.ID, "ex-canvas")
    assert canvas.get_attribute("data-points") == "8"
    assert canvas.get_attribute("data-active") == "8"
    info = browser.find_element(By.ID, "ex-map-info").text
    assert "n_neighbors 5" in info and "min_dist 0.5" in info
    assert "k-NN graph cached" in info or "k-NN graph searched" in info
    after = points(browser)
    assert {p["id"] for p in after} == set(table_ids(browser))
    screenshot(browser, "explore-reprojected")
    # Undo returns to the whole map (its layout kept by the page).
    browser.find_element(By.ID, "ex-undo").click()
    wait_map(browser)
    assert canvas.get_attribute("data-points") == str(TOTAL)
    assert sorted((p["x"], p["y"]) for p in points(browser)) == sorted((p["x"], p["y"]) for p in before)


def test_saved_search_and_where_in_the_address(browser, explore_ui):
    open_page(browser, explore_ui, "where=" + urllib.parse.quote("framework = keras"))
    steps = browser.find_elements(By.CSS_SELECTOR, "#ex-steps li")
    assert len(steps) == 1 and "framework = keras" in steps[0].text
    assert len(table_ids(browser)) == 8
    add_filter(browser, "File", "~", "_3")
    assert len(table_ids(browser)) == 1
    browser.find_element(By.ID, "ex-save-name").send_keys("keras three")
    browser.find_element(By.ID, "ex-save").click()
    WebDriverWait(browser, 10).until(lambda d: status_text(d) == "Saved.")
    browser.find_element(By.ID, "ex-clear").click()
    assert len(table_ids(browser)) == TOTAL
    Select(browser.find_element(By.ID, "ex-saved")).select_by_visible_text("keras three")
    browser.find_element(By.ID, "ex-apply").click()
    WebDriverWait(browser, 10).until(lambda d: len(table_ids(d)) == 1)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#ex-steps li")) == 2
    # A bad --where says where it is wrong, as text.
    where = browser.find_element(By.ID, "ex-where")
    where.clear()
    where.send_keys("loss ~ <script>")
    browser.find_element(By.CSS_SELECTOR, "#ex-search button").click()
    WebDriverWait(browser, 10).until(lambda d: "invalid filter" in status_text(d))
    assert "^" in status_text(browser)


def test_hostile_names_readmes_and_sources_are_text(browser, explore_ui, indexed):
    browser.get_log("browser")  # drop what earlier pages logged
    open_page(browser, explore_ui, "q=" + urllib.parse.quote('<img src=z onerror="window.__pwned=5">'))
    step = browser.find_element(By.CSS_SELECTOR, "#ex-steps li")
    assert '<img src=z onerror=\\"window.__pwned=5\\">' in step.text  # the query, as text
    step.find_element(By.TAG_NAME, "button").click()
    assert len(table_ids(browser)) == TOTAL
    add_filter(browser, "Project", "=", "evil")
    rows = browser.find_elements(By.CSS_SELECTOR, "#ex-table tbody tr")
    text = " ".join(row.text for row in rows)
    assert HOSTILE_FILE in text
    assert "Evil<script>window.pwned=2</script>" in text  # the README title (markdown stripped), as text
    hostile_row = next(row for row in rows if HOSTILE_FILE in row.text)
    hostile_row.find_element(By.CSS_SELECTOR, "button.file").click()
    WebDriverWait(browser, 10).until(lambda d: "window.__pwned=4" in d.find_element(By.ID, "ex-source-text").text)
    assert HOSTILE_FILE in browser.find_element(By.ID, "ex-source-title").text
    screenshot(browser, "explore-hostile")
    assert browser.execute_script("return window.__pwned === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script, #ex-table b")
    errors = [entry for entry in browser.get_log("browser")
              if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]
    assert not errors, errors

    # A point's source through the map: click a point with no other within 10 px.
    drawn = points(browser)
    gap = lambda p: min((p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2 for q in drawn if q is not p)
    first = max(drawn, key=gap)  # the point with the most room around it
    assert gap(first) > 4
    canvas = browser.find_element(By.ID, "ex-canvas")
    size = browser.execute_script(
        'arguments[0].scrollIntoView({block: "center"}); const r = arguments[0].getBoundingClientRect();'
        ' return [r.width, r.height];', canvas)
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(first["x"] - size[0] / 2), int(first["y"] - size[1] / 2)).click().perform()
    row = next(r for r in json.loads(explore_ui.request("GET", "/api/explore/table")[2])["rows"] if r["id"] == first["id"])
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.ID, "ex-source-title").text.endswith(row["key"].split("\n")[1]))

    # The server refuses a file that now resolves outside its project (a link swapped in).
    table = json.loads(explore_ui.request("GET", "/api/explore/table")[2])
    victim = next(r["id"] for r in table["rows"] if r["key"].endswith("\nvictim.py"))
    victim_path = indexed / "projects" / "evil" / "victim.py"
    victim_path.unlink()
    os.symlink(indexed / "secret.txt", victim_path)
    status, _, body = explore_ui.request("GET", f"/api/explore/source?id={victim}")
    assert status == 403 and SECRET not in body
    assert explore_ui.request("GET", "/api/explore/source?id=999999")[0] == 404
    # The API wants the token, and its POSTs JSON.
    assert explore_ui.request("GET", "/api/explore/table", token=False)[0] == 401
    status, _, _ = explore_ui.request(
        "POST", "/api/explore/notes", headers={"Content-Type": "application/x-www-form-urlencoded"},
        body="op=addColumn&column=x")
    assert status == 415
    status, headers, _ = explore_ui.request("GET", "/explore")
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]


def test_the_map_is_kept_for_the_next_launch(browser, indexed, tmp_path):
    """The map of every file is projected once: the next `umlaut ui` over the same index opens on
    the map the first kept in .umlaut/explore-map.json (0600). (DashboardTests checks that a changed
or rebuilt index is projected again.) Both servers stop on SIGTERM with status 0."""
    (tmp_path / ".umlaut").mkdir()
    shutil.copy(indexed / ".umlaut" / "projects.sqlite", tmp_path / ".umlaut" / "projects.sqlite")
    kept = tmp_path / ".umlaut" / "explore-map.json"
    first = RunningUI(tmp_path)
    try:
        open_page(browser, first)
        assert int(browser.find_element(By.ID, "ex-canvas").get_attribute("data-points")) == TOTAL
    finally:
        assert first.stop() == 0
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    # Mark the kept map: the next launch must answer with the mark, not project again.
    stored = json.loads(kept.read_text())
    stored["map"]["x"][0] = 12345.0
    kept.write_text(json.dumps(stored))
    second = RunningUI(tmp_path)
    try:
        body = json.dumps({"neighbors": 15, "minimumDistance": 0.1})
        status, _, answer = second.request(
            "POST", "/api/explore/map", headers={"Content-Type": "application/json"}, body=body)
        assert status == 200 and json.loads(answer)["x"][0] == 12345.0
        open_page(browser, second)
        assert int(browser.find_element(By.ID, "ex-canvas").get_attribute("data-points")) == TOTAL
    finally:
        assert second.stop() == 0


def test_the_table_grows_as_it_is_scrolled(browser, tmp_path):
    """Rows go into the table a hundred at a time, the next hundred when the table is scrolled
    near its end, until every file of the filter is there (no cap on what can be read)."""
    root = tmp_path / "many"
    (root / "files").mkdir(parents=True)
    (root / "README.md").write_text("# Many files\n")
    for n in range(250):
        (root / "files" / f"module_{n:03}.py").write_text(varied(UTILS.format(n=n), n))
    (tmp_path / ".umlaut").mkdir()
    result = subprocess.run(
        [UMLAUT, "index", str(root), "--db", str(tmp_path / ".umlaut" / "projects.sqlite"), "--jobs", "2"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    running = RunningUI(tmp_path)
    try:
        open_page(browser, running)
        assert browser.find_element(By.ID, "ex-count").text == "250 of 250 files"
        assert len(table_ids(browser)) == 100
        for expected in (200, 250):
            browser.execute_script('const s = document.querySelector(".ex-scroll"); s.scrollTop = s.scrollHeight;')
            WebDriverWait(browser, 10).until(lambda d: len(table_ids(d)) == expected)
        ids = table_ids(browser)
        assert len(set(ids)) == 250
        # A filter starts the table again from its first rows.
        add_filter(browser, "File", "~", "module_1")
        assert browser.find_element(By.ID, "ex-count").text == "100 of 250 files"
        assert len(table_ids(browser)) == 100
    finally:
        assert running.stop() == 0
