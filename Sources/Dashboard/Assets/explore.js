// The explore page: the project index's files as a table and a map, linked both ways.
// Plain JavaScript, no build step. Every string from the index (names, paths, README titles,
// labels, source text) is inserted with textContent or as an input's value, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  // Rows are put in the table a page at a time, the next page when the table is scrolled near
  // its end: laying out thousands of rows at once cost the browser most of a filtering step.
  const ROW_PAGE = 100;
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D1F", "#000000"];
  const OTHER = "#9a9a9a";
  const GREY = "#d6d6d6";

  // Data from the server.
  let table = { columns: [], rows: [] };
  let notes = { labelColumns: [], labels: {}, searches: [] };
  let rowById = new Map();
  const maps = new Map(); // "neighbors|minDist|ids" → map answer
  let map = null; // the map drawn
  let screenPoints = []; // [{id, x, y, active}] in canvas CSS pixels
  let currentFile = null;

  // What undo and redo step through: the filtering steps and the projection.
  let state = { steps: [], projection: { ids: null, neighbors: 15, minimumDistance: 0.1 } };
  const past = [];
  const future = [];
  let sort = { column: null, descending: false };
  let colourBy = "project";

  // ---- Requests ----

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  async function postJSON(url, value) {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(value),
    });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function status(message, isError) {
    const element = $("ex-status");
    element.textContent = message || "";
    element.classList.toggle("error", !!isError);
  }

  // ---- Columns and cells ----

  function allColumns() {
    // The user's label columns come right after the file, where they are filled in.
    const columns = table.columns.map((c, index) => ({ key: c.key, label: c.label, kind: c.kind, index }));
    const labels = notes.labelColumns.map((name) => ({ key: "label:" + name, label: name, kind: "label", name }));
    const after = columns.findIndex((c) => c.key === "path") + 1;
    return columns.slice(0, after).concat(labels, columns.slice(after));
  }

  function columnByKey(key) {
    return allColumns().find((c) => c.key === key);
  }

  function cell(row, column) {
    if (column.kind === "label") {
      const values = notes.labels[column.name] || {};
      return Object.prototype.hasOwnProperty.call(values, row.key) ? values[row.key] : null;
    }
    return row.cells[column.index];
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(3);
    return String(value);
  }

  // ---- Filtering ----

  function stepHolds(step, row) {
    if (step.type === "ids") return step.idSet.has(row.id);
    const column = columnByKey(step.column);
    if (!column) return true;
    const value = cell(row, column);
    let holds;
    if (step.op === "empty") {
      holds = value === null || value === "";
    } else if (value === null || value === undefined) {
      holds = false;
    } else if (step.op === "<" || step.op === ">") {
      const number = Number(value), bound = Number(step.value);
      holds = !Number.isNaN(number) && !Number.isNaN(bound) && (step.op === "<" ? number < bound : number > bound);
    } else if (step.op === "=") {
      const wanted = String(step.value).toLowerCase();
      holds = typeof value === "number"
        ? value === Number(step.value)
        : (column.kind === "list" ? String(value).toLowerCase().split(", ").includes(wanted) : String(value).toLowerCase() === wanted);
    } else {
      holds = String(value).toLowerCase().includes(String(step.value).toLowerCase());
    }
    return step.exclude ? !holds : holds;
  }

  function prepared(steps) {
    return steps.map((s) => (s.type === "ids" ? Object.assign({}, s, { idSet: new Set(s.ids) }) : s));
  }

  function visibleRows() {
    const steps = prepared(state.steps);
    return table.rows.filter((row) => steps.every((step) => stepHolds(step, row)));
  }

  function describe(step) {
    if (step.type === "ids") return step.label + " (" + step.ids.length + " files)";
    const column = columnByKey(step.column);
    const name = column ? column.label : step.column;
    const op = { "~": "contains", "=": "is", "<": "<", ">": ">", empty: "is empty" }[step.op] || step.op;
    return (step.exclude ? "not: " : "") + name + " " + op + (step.op === "empty" ? "" : " " + JSON.stringify(step.value));
  }

  // ---- History ----

  function snapshot() {
    return JSON.stringify(state);
  }

  function change(mutate) {
    past.push(snapshot());
    future.length = 0;
    mutate();
    render();
  }

  function syncKnobs() {
    $("ex-neighbors").value = state.projection.neighbors;
    $("ex-min-dist").value = state.projection.minimumDistance;
  }

  function undo() {
    if (!past.length) return;
    future.push(snapshot());
    state = JSON.parse(past.pop());
    syncKnobs();
    render();
  }

  function redo() {
    if (!future.length) return;
    past.push(snapshot());
    state = JSON.parse(future.pop());
    syncKnobs();
    render();
  }

  // ---- Rendering ----

  function render() {
    const visible = visibleRows();
    renderSteps();
    renderTable(visible);
    $("ex-undo").disabled = past.length === 0;
    $("ex-redo").disabled = future.length === 0;
    document.body.dataset.visible = String(visible.length);
    ensureMap(visible);
  }

  function renderSteps() {
    const list = $("ex-steps");
    list.replaceChildren();
    state.steps.forEach((step, index) => {
      const item = document.createElement("li");
      if (step.exclude) item.classList.add("exclude");
      item.append(describe(step));
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.setAttribute("aria-label", "Remove this step");
      remove.addEventListener("click", () => change(() => state.steps.splice(index, 1)));
      item.append(remove);
      list.append(item);
    });
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined || a === "") return 1;
    if (b === null || b === undefined || b === "") return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
  }

  function renderTable(visible) {
    const columns = allColumns();
    let rows = visible;
    if (sort.column) {
      const column = columnByKey(sort.column);
      if (column) {
        rows = rows.slice().sort((r, s) => {
          const order = compare(cell(r, column), cell(s, column));
          return sort.descending ? -order : order;
        });
      }
    }
    const head = document.createElement("tr");
    for (const column of columns) {
      const th = document.createElement("th");
      th.scope = "col";
      if (column.kind === "label") th.classList.add("label-col");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.column = column.key;
      const arrow = sort.column === column.key ? (sort.descending ? " ▼" : " ▲") : "";
      button.textContent = column.label + arrow;
      th.setAttribute("aria-sort", sort.column === column.key ? (sort.descending ? "descending" : "ascending") : "none");
      button.addEventListener("click", () => {
        sort = { column: column.key, descending: sort.column === column.key ? !sort.descending : false };
        render();
      });
      th.append(button);
      head.append(th);
    }
    $("ex-table").tHead.replaceChildren(head);
    const body = document.createElement("tbody");
    $("ex-table").tBodies[0].replaceWith(body);
    tableRows = { rows, columns, shown: 0 };
    appendRows();
    $("ex-count").textContent = visible.length + " of " + table.rows.length + " files";
  }

  // The rows of the table in order, and how many of them are in it.
  let tableRows = { rows: [], columns: [], shown: 0 };

  function appendRows() {
    const { rows, columns } = tableRows;
    const body = $("ex-table").tBodies[0];
    const end = Math.min(rows.length, tableRows.shown + ROW_PAGE);
    const fragment = document.createDocumentFragment();
    for (const row of rows.slice(tableRows.shown, end)) {
      const tr = document.createElement("tr");
      tr.dataset.id = String(row.id);
      if (currentFile === row.id) tr.classList.add("current");
      for (const column of columns) {
        const td = document.createElement("td");
        const value = cell(row, column);
        if (column.kind === "label") {
          const input = document.createElement("input");
          input.type = "text";
          input.value = value || "";
          input.dataset.label = column.name;
          input.setAttribute("aria-label", column.name + " of " + row.key.split("\n").pop());
          input.addEventListener("change", () => setLabel(column.name, row.key, input.value));
          td.append(input);
        } else if (column.key === "path") {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "file";
          button.textContent = text(value);
          button.addEventListener("click", () => showSource(row.id));
          td.className = "path";
          td.append(button);
        } else {
          td.textContent = text(value);
          td.title = text(value); // the whole value when the cell cuts it short
          if (column.kind === "number") td.classList.add("num");
        }
        tr.append(td);
      }
      fragment.append(tr);
    }
    body.append(fragment);
    tableRows.shown = end;
    document.body.dataset.rowsShown = String(end);
  }

  function appendRowsNearTheEnd() {
    const scroller = document.querySelector(".ex-scroll");
    while (tableRows.shown < tableRows.rows.length
      && scroller.scrollTop + scroller.clientHeight > scroller.scrollHeight - 400) {
      appendRows();
    }
  }

  function fillColumnSelects() {
    const columns = allColumns();
    for (const id of ["ex-column", "ex-colour"]) {
      const select = $(id);
      const chosen = select.value || (id === "ex-colour" ? colourBy : "");
      select.replaceChildren();
      for (const column of columns) {
        const option = document.createElement("option");
        option.value = column.key;
        option.textContent = column.label;
        select.append(option);
      }
      if (columns.some((c) => c.key === chosen)) select.value = chosen;
    }
    colourBy = $("ex-colour").value;
  }

  function fillSaved() {
    const select = $("ex-saved");
    const chosen = select.value;
    select.replaceChildren();
    const none = document.createElement("option");
    none.value = "";
    none.textContent = "(none)";
    select.append(none);
    for (const search of notes.searches) {
      const option = document.createElement("option");
      option.value = search.name;
      option.textContent = search.name;
      select.append(option);
    }
    if (notes.searches.some((s) => s.name === chosen)) select.value = chosen;
  }

  // ---- The map ----

  function mapKey(projection) {
    return projection.neighbors + "|" + projection.minimumDistance + "|" + (projection.ids ? projection.ids.join(",") : "all");
  }

  let pending = null;
  function ensureMap(visible) {
    const key = mapKey(state.projection);
    const known = maps.get(key);
    if (known) {
      map = known;
      draw(visible);
      return;
    }
    draw(visible);
    if (pending === key) return;
    pending = key;
    $("ex-map-info").textContent = "Projecting…";
    const request = { neighbors: Number(state.projection.neighbors), minimumDistance: Number(state.projection.minimumDistance) };
    if (state.projection.ids) request.ids = state.projection.ids;
    postJSON("/api/explore/map", request).then((answer) => {
      maps.set(key, answer);
      if (pending === key) pending = null;
      if (mapKey(state.projection) === key) {
        map = answer;
        draw(visibleRows());
      }
    }).catch((error) => {
      if (pending === key) pending = null;
      $("ex-map-info").textContent = "";
      status("The map could not be made: " + error.message, true);
    });
  }

  function colourFunction() {
    const column = columnByKey(colourBy);
    const legend = [];
    if (!column) return { colour: () => PALETTE[0], legend };
    const ids = map ? map.ids : [];
    const values = ids.map((id) => (rowById.has(id) ? cell(rowById.get(id), column) : null));
    if (column.kind === "number") {
      const numbers = values.filter((v) => typeof v === "number");
      // A loop, not Math.min(...numbers): spreading tens of thousands of arguments can overflow the stack.
      let low = Infinity, high = -Infinity;
      for (const v of numbers) { if (v < low) low = v; if (v > high) high = v; }
      const ramp = (t) => {
        // From blue to orange through grey-green; readable on white.
        const a = [0x00, 0x72, 0xB2], b = [0xE6, 0x9F, 0x00];
        const mix = a.map((x, i) => Math.round(x + (b[i] - x) * t));
        return "rgb(" + mix.join(",") + ")";
      };
      if (numbers.length) {
        legend.push({ colour: ramp(0), label: column.label + " " + text(low) });
        legend.push({ colour: ramp(1), label: column.label + " " + text(high) });
      }
      if (numbers.length < values.length) legend.push({ colour: OTHER, label: "no value (" + (values.length - numbers.length) + ")" });
      return {
        colour: (id) => {
          const v = rowById.has(id) ? cell(rowById.get(id), column) : null;
          if (typeof v !== "number") return OTHER;
          return ramp(high > low ? (v - low) / (high - low) : 0.5);
        }, legend,
      };
    }
    const first = (v) => (v === null || v === undefined || v === "" ? "" : String(v).split(", ")[0]);
    const counts = new Map();
    for (const v of values) counts.set(first(v), (counts.get(first(v)) || 0) + 1);
    const without = counts.get("") || 0;
    counts.delete("");
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, PALETTE.length);
    const assigned = new Map(top.map(([value], index) => [value, PALETTE[index]]));
    for (const [value, count] of top) legend.push({ colour: assigned.get(value), label: value + " (" + count + ")" });
    const others = values.length - without - top.reduce((sum, [, count]) => sum + count, 0);
    if (others) legend.push({ colour: OTHER, label: "other (" + others + ")" });
    if (without) legend.push({ colour: OTHER, label: "no value (" + without + ")" });
    return {
      colour: (id) => {
        const v = rowById.has(id) ? first(cell(rowById.get(id), column)) : "";
        return assigned.get(v) || OTHER;
      }, legend,
    };
  }

  function draw(visible) {
    const canvas = $("ex-canvas");
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 600, height = Math.round(width * 0.6);
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    screenPoints = [];
    const legendList = $("ex-legend");
    legendList.replaceChildren();
    if (!map || !map.x || map.x.length === 0) {
      context.fillStyle = "#555";
      context.font = "14px system-ui, sans-serif";
      context.fillText(map && map.note ? map.note : "Projecting…", 16, 28);
      canvas.dataset.points = "0";
      canvas.dataset.active = "0";
      return;
    }
    const active = new Set(visible.map((r) => r.id));
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < map.x.length; i++) {
      minX = Math.min(minX, map.x[i]); maxX = Math.max(maxX, map.x[i]);
      minY = Math.min(minY, map.y[i]); maxY = Math.max(maxY, map.y[i]);
    }
    const pad = 14;
    const scale = Math.min((width - 2 * pad) / (maxX - minX || 1), (height - 2 * pad) / (maxY - minY || 1));
    const offsetX = (width - (maxX - minX) * scale) / 2, offsetY = (height - (maxY - minY) * scale) / 2;
    const { colour, legend } = colourFunction();
    const radius = map.x.length > 5000 ? 1.5 : map.x.length > 1000 ? 2.5 : 4;
    // Greyed points first, then the active ones grouped by colour (one path per colour).
    const groups = new Map();
    const grey = [];
    let activeCount = 0;
    for (let i = 0; i < map.x.length; i++) {
      const id = map.ids[i];
      const x = offsetX + (map.x[i] - minX) * scale, y = height - (offsetY + (map.y[i] - minY) * scale);
      const isActive = active.has(id);
      screenPoints.push({ id, x, y, active: isActive });
      if (isActive) {
        activeCount++;
        const c = colour(id);
        if (!groups.has(c)) groups.set(c, []);
        groups.get(c).push(x, y);
      } else {
        grey.push(x, y);
      }
    }
    const paint = (fill, points, r) => {
      context.fillStyle = fill;
      context.beginPath();
      if (r < 2) {
        // Points a few pixels wide: squares look the same and cost a fraction of arcs (a
        // map of tens of thousands of files is redrawn on every filtering step).
        for (let i = 0; i < points.length; i += 2) context.rect(points[i] - r, points[i + 1] - r, 2 * r, 2 * r);
      } else {
        for (let i = 0; i < points.length; i += 2) {
          context.moveTo(points[i] + r, points[i + 1]);
          context.arc(points[i], points[i + 1], r, 0, 2 * Math.PI);
        }
      }
      context.fill();
    };
    paint(GREY, grey, radius * 0.8);
    for (const [fill, points] of groups) paint(fill, points, radius);
    if (currentFile !== null) {
      const point = screenPoints.find((p) => p.id === currentFile);
      if (point) {
        context.strokeStyle = "#000";
        context.lineWidth = 2;
        context.beginPath();
        context.arc(point.x, point.y, radius + 3, 0, 2 * Math.PI);
        context.stroke();
      }
    }
    keepDrawing(canvas);
    canvas.dataset.points = String(map.x.length);
    canvas.dataset.active = String(activeCount);
    for (const entry of legend) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "ex-swatch";
      swatch.style.background = entry.colour;
      item.append(swatch, entry.label);
      legendList.append(item);
    }
    if (grey.length) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "ex-swatch";
      swatch.style.background = GREY;
      item.append(swatch, "filtered out (" + grey.length / 2 + ")");
      legendList.append(item);
    }
    $("ex-map-info").textContent = map.x.length + " files placed (" + activeCount + " in the table), n_neighbors "
      + map.neighbors + ", min_dist " + map.minimumDistance + "; vectors " + map.vectors + "; k-NN graph " + map.graph
      + ". Drag to lasso, click a point for its source.";
  }

  // The points as last drawn, so that a lasso being drawn repaints a copy of them instead of
  // filtering the table and drawing every point again at each pointer move.
  let drawn = null;
  function keepDrawing(canvas) {
    if (!drawn) drawn = document.createElement("canvas");
    drawn.width = canvas.width;
    drawn.height = canvas.height;
    drawn.getContext("2d").drawImage(canvas, 0, 0);
  }

  function repaintDrawn(canvas) {
    const context = canvas.getContext("2d");
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (drawn && drawn.width === canvas.width && drawn.height === canvas.height) {
      context.drawImage(drawn, 0, 0);
    } else {
      draw(visibleRows());
    }
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  // Lasso and click on the canvas.
  let lasso = null;
  function canvasPoint(event) {
    const box = $("ex-canvas").getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  function inside(polygon, x, y) {
    let result = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const a = polygon[i], b = polygon[j];
      if ((a.y > y) !== (b.y > y) && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) result = !result;
    }
    return result;
  }

  function setUpCanvas() {
    const canvas = $("ex-canvas");
    canvas.addEventListener("pointerdown", (event) => {
      lasso = [canvasPoint(event)];
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!lasso) return;
      lasso.push(canvasPoint(event));
      repaintDrawn(canvas);
      const context = canvas.getContext("2d");
      context.strokeStyle = "#000";
      context.setLineDash([4, 3]);
      context.lineWidth = 1.5;
      context.beginPath();
      lasso.forEach((p, i) => (i ? context.lineTo(p.x, p.y) : context.moveTo(p.x, p.y)));
      context.closePath();
      context.stroke();
      context.setLineDash([]);
    });
    const finish = (event) => {
      if (!lasso) return;
      const path = lasso;
      lasso = null;
      const xs = path.map((p) => p.x), ys = path.map((p) => p.y);
      const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
      if (path.length < 3 || extent < 5) {
        const at = canvasPoint(event);
        let best = null, bestDistance = 64;
        for (const p of screenPoints) {
          const d = (p.x - at.x) ** 2 + (p.y - at.y) ** 2;
          if (d < bestDistance) { best = p; bestDistance = d; }
        }
        draw(visibleRows());
        if (best) showSource(best.id);
        return;
      }
      const chosen = screenPoints.filter((p) => p.active && inside(path, p.x, p.y)).map((p) => p.id);
      if (!chosen.length) {
        draw(visibleRows());
        status("The lasso holds no file of the table.");
        return;
      }
      change(() => state.steps.push({ type: "ids", label: "lasso", ids: chosen }));
    };
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", () => { lasso = null; draw(visibleRows()); });
  }

  // ---- Source ----

  async function showSource(id) {
    currentFile = id;
    render();
    const row = rowById.get(id);
    $("ex-source-title").textContent = row ? row.key.split("\n").pop() : "Source";
    $("ex-source-hint").textContent = "Loading…";
    $("ex-source-text").textContent = "";
    try {
      const answer = await getJSON("/api/explore/source?id=" + encodeURIComponent(id));
      $("ex-source-title").textContent = answer.project + ": " + answer.path;
      $("ex-source-hint").textContent = answer.truncated ? "Only the first 512 KiB are shown." : "";
      $("ex-source-text").textContent = answer.text;
    } catch (error) {
      $("ex-source-hint").textContent = "The source cannot be shown: " + error.message;
    }
  }

  // ---- Notes: labels and saved searches ----

  async function changeNotes(changeRequest) {
    try {
      notes = await postJSON("/api/explore/notes", changeRequest);
      return true;
    } catch (error) {
      status(error.message, true);
      return false;
    }
  }

  async function setLabel(column, key, value) {
    if (await changeNotes({ op: "setLabel", column, key, value })) {
      status("Label saved.");
      render();
    }
  }

  async function runSearch(q, where) {
    const parameters = new URLSearchParams();
    if (q) parameters.set("q", q);
    if (where) parameters.set("where", where);
    const answer = await getJSON("/api/explore/search?" + parameters.toString());
    const label = "search" + (q ? " " + JSON.stringify(q) : "") + (where ? " where " + where : "");
    return { type: "ids", label, ids: answer.ids, q: q || null, where: where || null };
  }

  // ---- Wiring ----

  function wire() {
    $("ex-undo").addEventListener("click", undo);
    $("ex-redo").addEventListener("click", redo);
    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.target.matches("input, select, textarea")) return;
      if (event.key === "z" && !event.shiftKey) { event.preventDefault(); undo(); }
      if (event.key === "y" || (event.key === "z" && event.shiftKey)) { event.preventDefault(); redo(); }
    });
    $("ex-clear").addEventListener("click", () => { if (state.steps.length) change(() => { state.steps = []; }); });
    const addFilter = (exclude) => {
      const column = $("ex-column").value, op = $("ex-op").value, value = $("ex-value").value;
      if (!column || (op !== "empty" && value.trim() === "")) { status("Give a value to filter by.", true); return; }
      status("");
      change(() => state.steps.push({ type: "filter", column, op, value: value.trim(), exclude }));
    };
    $("ex-filter").addEventListener("submit", (event) => { event.preventDefault(); addFilter(false); });
    $("ex-exclude").addEventListener("click", () => addFilter(true));
    $("ex-search").addEventListener("submit", async (event) => {
      event.preventDefault();
      const q = $("ex-q").value.trim(), where = $("ex-where").value.trim();
      if (!q && !where) return;
      try {
        const step = await runSearch(q, where);
        status("");
        change(() => state.steps.push(step));
      } catch (error) {
        status(error.message, true);
      }
    });
    $("ex-colour").addEventListener("change", () => { colourBy = $("ex-colour").value; draw(visibleRows()); });
    const knobs = () => ({
      neighbors: Math.max(2, Math.min(50, Math.round(Number($("ex-neighbors").value) || 15))),
      minimumDistance: Math.max(0, Math.min(1, Number($("ex-min-dist").value) || 0)),
    });
    $("ex-reproject").addEventListener("click", () => {
      const ids = visibleRows().map((r) => r.id).sort((a, b) => a - b);
      const all = ids.length === table.rows.length;
      change(() => { state.projection = Object.assign({ ids: all ? null : ids }, knobs()); });
    });
    $("ex-full").addEventListener("click", () => change(() => { state.projection = Object.assign({ ids: null }, knobs()); }));
    $("ex-label-add").addEventListener("click", async () => {
      const name = $("ex-label-name").value.trim();
      if (!name) return;
      if (await changeNotes({ op: "addColumn", column: name })) {
        $("ex-label-name").value = "";
        fillColumnSelects();
        render();
      }
    });
    $("ex-save").addEventListener("click", async () => {
      const name = $("ex-save-name").value.trim();
      if (!name) { status("Name the search first.", true); return; }
      if (await changeNotes({ op: "saveSearch", name, state: JSON.stringify({ steps: state.steps, projection: state.projection }) })) {
        fillSaved();
        $("ex-saved").value = name;
        status("Saved.");
      }
    });
    $("ex-apply").addEventListener("click", async () => {
      const saved = notes.searches.find((s) => s.name === $("ex-saved").value);
      if (!saved) return;
      let restored;
      try {
        restored = JSON.parse(saved.state);
        // A saved text or --where search is run again: the index may have changed since.
        for (let i = 0; i < restored.steps.length; i++) {
          const step = restored.steps[i];
          if (step.type === "ids" && (step.q || step.where)) restored.steps[i] = await runSearch(step.q, step.where);
        }
      } catch (error) {
        status("The saved search cannot be applied: " + error.message, true);
        return;
      }
      change(() => { state = { steps: restored.steps || [], projection: restored.projection || state.projection }; });
      syncKnobs();
    });
    $("ex-delete").addEventListener("click", async () => {
      const name = $("ex-saved").value;
      if (name && (await changeNotes({ op: "deleteSearch", name }))) fillSaved();
    });
    window.addEventListener("resize", () => draw(visibleRows()));
    document.querySelector(".ex-scroll").addEventListener("scroll", appendRowsNearTheEnd, { passive: true });
    setUpCanvas();
  }

  // For the browser tests and the curious: where each point is drawn.
  window.umlautExplore = {
    points: () => screenPoints.map((p) => ({ id: p.id, x: p.x, y: p.y, active: p.active })),
    ready: () => document.body.dataset.ready === "true",
    mapFor: () => mapKey(state.projection),
    projected: () => !!map && mapKey(state.projection) === mapKeyOf(map),
  };
  function mapKeyOf(answer) {
    for (const [key, value] of maps) if (value === answer) return key;
    return null;
  }

  async function start() {
    wire();
    try {
      [table, notes] = await Promise.all([getJSON("/api/explore/table"), getJSON("/api/explore/notes")]);
    } catch (error) {
      status("The project index cannot be read: " + error.message, true);
      document.body.dataset.ready = "error";
      return;
    }
    rowById = new Map(table.rows.map((r) => [r.id, r]));
    fillColumnSelects();
    fillSaved();
    const parameters = new URLSearchParams(window.location.search);
    const q = parameters.get("q"), where = parameters.get("where");
    if (q) $("ex-q").value = q;
    if (where) $("ex-where").value = where;
    if (q || where) {
      try {
        state.steps.push(await runSearch(q, where));
      } catch (error) {
        status(error.message, true);
      }
    }
    render();
    document.body.dataset.ready = "true";
  }

  start();
})();
