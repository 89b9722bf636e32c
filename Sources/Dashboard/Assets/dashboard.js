// Umlaut's training dashboard: the runs list, a session's page and the comparison of two runs.
// Plain JavaScript, no build step. Data comes from an inlined <script type="application/json"
// id="umlaut-data"> block (static export) or from /api/... (the web shell). Every string from
// the store is inserted as text (textContent, createTextNode, setAttribute) — never as HTML.
(function () {
  'use strict';

  // Okabe–Ito: distinguishable with the common colour-vision deficiencies. Colour is never the
  // only cue: series also differ by dash and point style, finding kinds by shape and letter.
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
  const KINDS = {
    data: { label: 'Data', color: '#0072B2', shape: 'rect', letter: 'D' },
    model: { label: 'Model', color: '#E69F00', shape: 'triangle', letter: 'M' },
    parameters: { label: 'Parameters', color: '#009E73', shape: 'rectRot', letter: 'P' },
    training: { label: 'Training', color: '#CC79A7', shape: 'circle', letter: 'T' },
  };
  const STATUS = {
    running: '● running', completed: '✓ completed', failed: '✗ failed', killed: '■ killed', lost: '? lost',
  };
  const HIGHLIGHT = 'rgba(240, 228, 66, 0.45)';

  const state = { data: null, selected: new Set(), charts: [], inline: false, source: null, timer: null };

  // ---- small helpers ----------------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  /** A number from the JSON ("NaN", "Infinity", "-Infinity" are strings there). */
  function num(value) {
    if (value === undefined || value === null) return null;
    return typeof value === 'string' ? Number(value) : value;
  }

  function formatNumber(value) {
    const v = num(value);
    if (v === null) return '–';
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
    return Number(v.toPrecision(4)).toString();
  }

  function formatDuration(seconds) {
    if (seconds === undefined || seconds === null) return '–';
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }

  function formatDate(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function basename(path) {
    const parts = String(path).split('/');
    return parts[parts.length - 1] || String(path);
  }

  function statusBadge(status) {
    return el('span', { class: 'status status-' + status, text: STATUS[status] || status });
  }

  function countsText(findings) {
    const parts = [];
    if (findings.error) parts.push(findings.error + ' error' + (findings.error === 1 ? '' : 's'));
    if (findings.warning) parts.push(findings.warning + ' warning' + (findings.warning === 1 ? '' : 's'));
    const rest = (findings.info || 0) + (findings.hint || 0);
    if (rest) parts.push(rest + ' info');
    return parts.length ? parts.join(', ') : 'none';
  }

  function app() { return document.getElementById('app'); }

  function clear() {
    for (const chart of state.charts) chart.destroy();
    state.charts = [];
    const root = app();
    while (root.firstChild) root.removeChild(root.firstChild);
    return root;
  }

  function showError(message) {
    const root = clear();
    root.appendChild(el('p', { class: 'error', role: 'alert', text: message }));
  }

  function inServer() { return !state.inline; }

  // ---- the runs list ----------------------------------------------------------------------

  function renderRuns(data, compareMode) {
    const root = clear();
    document.title = compareMode ? 'Compare runs — Umlaut' : 'Runs — Umlaut';
    const runs = data.runs || [];
    root.appendChild(el('h1', { text: compareMode ? 'Compare two runs' : 'Runs' }));
    if (compareMode) root.appendChild(el('p', { class: 'hint', text: 'Tick two runs, then Compare.' }));

    const text = el('input', { type: 'search', id: 'filter-text', placeholder: 'script, name…', 'aria-label': 'Filter by text' });
    const status = el('select', { id: 'filter-status', 'aria-label': 'Filter by status' },
      el('option', { value: '', text: 'any status' }),
      ...['running', 'completed', 'failed', 'killed', 'lost'].map((s) => el('option', { value: s, text: s })));
    const frameworks = [...new Set(runs.map((r) => r.framework).filter(Boolean))].sort();
    const framework = el('select', { id: 'filter-framework', 'aria-label': 'Filter by framework' },
      el('option', { value: '', text: 'any framework' }),
      ...frameworks.map((f) => el('option', { value: f, text: f })));
    const compare = el('button', { type: 'button', id: 'compare-button', disabled: true, hidden: !inServer(), text: 'Compare' });
    const count = el('span', { class: 'count', 'aria-live': 'polite' });
    root.appendChild(el('div', { class: 'filters' },
      el('label', {}, 'Filter ', text), status, framework, compare, count));

    const body = el('tbody');
    const table = el('table', { class: 'runs', id: 'runs-table' },
      el('thead', {}, el('tr', {},
        ['', 'Script', 'Started', 'Duration', 'Status', 'Framework', 'Epochs', 'Findings']
          .map((h) => el('th', { scope: 'col', text: h })))),
      body);
    root.appendChild(table);
    if (!runs.length) root.appendChild(el('p', { class: 'empty', text: 'No runs recorded yet: run a script with `umlaut run script.py`.' }));

    const checked = new Set();
    const rows = runs.map((run) => {
      const box = el('input', { type: 'checkbox', hidden: !inServer(), 'aria-label': 'Select ' + run.name + ' for comparison' });
      box.addEventListener('change', () => {
        if (box.checked) checked.add(run.id); else checked.delete(run.id);
        compare.disabled = checked.size !== 2;
      });
      const link = inServer()
        ? el('a', { href: '/runs/' + encodeURIComponent(run.id), class: 'script' }, run.scriptName)
        : el('span', { class: 'script' }, run.scriptName);
      const row = el('tr', { 'data-id': run.id, 'data-status': run.status },
        el('td', { class: 'pick' }, box),
        el('td', { 'data-label': 'Script' }, link, el('div', { class: 'sub', text: run.name })),
        el('td', { 'data-label': 'Started', text: formatDate(run.startedAt) }),
        el('td', { 'data-label': 'Duration', text: run.live ? 'running' : formatDuration(run.durationSeconds) }),
        el('td', { 'data-label': 'Status' }, statusBadge(run.status), run.crashed ? el('span', { class: 'tag', text: 'crashed' }) : null),
        el('td', { 'data-label': 'Framework', text: run.framework || '–' }),
        el('td', { 'data-label': 'Epochs', text: String(run.epochs) }),
        el('td', { 'data-label': 'Findings', class: run.findings.error ? 'has-errors' : '' }, countsText(run.findings)));
      row.__haystack = (run.scriptName + ' ' + run.name + ' ' + run.script).toLowerCase();
      body.appendChild(row);
      return { row, run };
    });

    function applyFilter() {
      const needle = text.value.trim().toLowerCase();
      let shown = 0;
      for (const { row, run } of rows) {
        const visible = (!needle || row.__haystack.includes(needle)) &&
          (!status.value || run.status === status.value) &&
          (!framework.value || run.framework === framework.value);
        row.hidden = !visible;
        if (visible) shown += 1;
      }
      count.textContent = shown + ' of ' + runs.length + ' runs';
    }
    text.addEventListener('input', applyFilter);
    status.addEventListener('change', applyFilter);
    framework.addEventListener('change', applyFilter);
    compare.addEventListener('click', () => {
      const [a, b] = runs.filter((r) => checked.has(r.id)).sort((x, y) => x.startedAt < y.startedAt ? -1 : 1).map((r) => r.id);
      window.location.href = '/compare?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b);
    });
    applyFilter();
  }

  // ---- charts -----------------------------------------------------------------------------

  /** Shades the highlighted epochs (x = epoch + 1) behind the curves. */
  const highlightPlugin = {
    id: 'umlautHighlight',
    beforeDatasetsDraw(chart) {
      const epochs = chart.$umlautEpochs;
      if (!epochs || !epochs.size) return;
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      ctx.save();
      ctx.fillStyle = HIGHLIGHT;
      for (const epoch of epochs) {
        const left = Math.max(chartArea.left, x.getPixelForValue(epoch + 0.5));
        const right = Math.min(chartArea.right, x.getPixelForValue(epoch + 1.5));
        if (right > left) ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      }
      ctx.restore();
    },
  };

  function highlightedEpochs() {
    const epochs = new Set();
    for (const finding of selectedFindings()) for (const e of finding.epochs) epochs.add(e);
    return epochs;
  }

  function highlightedSeries() {
    const series = new Set();
    for (const finding of selectedFindings()) for (const s of finding.metrics || []) series.add(s);
    return series;
  }

  function selectedFindings() {
    const findings = (state.data && state.data.findings) || [];
    return findings.filter((f) => state.selected.has(f.id));
  }

  /** A line dataset whose segments inside highlighted epochs are drawn thicker. */
  function lineDataset(label, points, index, options) {
    const color = PALETTE[index % PALETTE.length];
    const seriesKey = options.series;
    const many = points.length > 60;
    return {
      label,
      data: points,
      borderColor: color,
      backgroundColor: color,
      borderDash: options.dashed ? [6, 4] : [],
      pointStyle: ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'][index % 6],
      pointRadius: many ? 0 : 3,
      pointHoverRadius: 5,
      borderWidth: 2,
      spanGaps: false,
      $series: seriesKey,
      segment: {
        borderWidth(ctx) {
          const chart = ctx.chart;
          const epochs = chart.$umlautEpochs, series = chart.$umlautSeries;
          if (!epochs || !epochs.size || !series || !series.has(seriesKey)) return undefined;
          const a = ctx.p0.parsed.x - 1, b = ctx.p1.parsed.x - 1;
          return epochs.has(b) && (epochs.has(a) || a === b - 1) ? 5 : undefined;
        },
      },
    };
  }

  /** Ticks of a log axis: the powers of ten only, as 1e-3 … 1e+6 (or plain when short). */
  function logTick(value) {
    const exponent = Math.log10(value);
    if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return '';
    const e = Math.round(exponent);
    return e >= -2 && e <= 3 ? String(Number(value.toPrecision(1))) : '1e' + e;
  }

  function makeChart(container, title, description, datasets, yTitle, yType, lastEpoch) {
    const canvas = el('canvas', { role: 'img', 'aria-label': title + ': ' + description });
    const box = el('figure', { class: 'chart' },
      el('figcaption', { text: title }),
      el('div', { class: 'chart-box' }, canvas));
    container.appendChild(box);
    const chart = new Chart(canvas.getContext('2d'), {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        normalized: true,
        parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear', min: 1, max: Math.max(lastEpoch || 1, 2),
            title: { display: true, text: 'Epoch' }, ticks: { precision: 0 },
          },
          y: {
            type: yType || 'linear', title: { display: true, text: yTitle },
            ticks: yType === 'logarithmic' ? { callback: logTick, autoSkip: true } : {},
          },
        },
        plugins: {
          legend: { labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8 } },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ': ' + (item.raw.zero ? '0' : formatNumber(item.raw.y)) } },
        },
      },
      plugins: [highlightPlugin],
    });
    chart.$umlautEpochs = highlightedEpochs();
    chart.$umlautSeries = highlightedSeries();
    state.charts.push(chart);
    return chart;
  }

  /** Points {x: epoch + 1, y} of one model's epochs; non-finite values become gaps. */
  function points(epochs, value) {
    const result = [];
    for (const epoch of epochs) {
      const v = num(value(epoch));
      if (v === null || v === undefined) continue;
      result.push({ x: epoch.epoch + 1, y: Number.isFinite(v) ? v : null });
    }
    return result;
  }

  function byModel(data) {
    const groups = new Map();
    for (const epoch of data.epochs || []) {
      if (!groups.has(epoch.model)) groups.set(epoch.model, []);
      groups.get(epoch.model).push(epoch);
    }
    return groups;
  }

  /** The charts of one session, or of two overlaid (`others`: [[prefix, data], ...]). */
  function renderCharts(container, sessions) {
    const grid = el('div', { class: 'charts' });
    container.appendChild(grid);
    const multi = sessions.length > 1;
    let lastEpoch = 1;
    for (const [, data] of sessions) for (const e of data.epochs || []) lastEpoch = Math.max(lastEpoch, e.epoch + 1);
    const names = [];
    for (const [, data] of sessions) for (const m of data.metricNames || []) if (!names.includes(m)) names.push(m);
    const groups = [
      { title: 'Loss', unit: 'Loss (mean per sample)', test: (m) => /loss/i.test(m) },
      { title: 'Accuracy', unit: 'Accuracy (fraction, 0–1)', test: (m) => /acc/i.test(m) },
    ];
    const others = names.filter((m) => !groups.some((g) => g.test(m)));
    for (const m of others) groups.push({ title: m, unit: m + ' (as logged)', test: (x) => x === m });

    function prefix(label, sessionLabel, model, models) {
      return (multi ? sessionLabel + ': ' : '') + (models > 1 ? model + ' ' : '') + label;
    }

    for (const group of groups) {
      const datasets = [];
      let index = 0;
      sessions.forEach(([sessionLabel, data], s) => {
        const models = byModel(data);
        for (const [model, epochs] of models) {
          for (const metric of (data.metricNames || []).filter(group.test)) {
            const validation = /^val_/.test(metric);
            datasets.push(lineDataset(prefix(metric, sessionLabel, model, models.size), points(epochs, (e) => e.metrics[metric]),
              multi ? s * 2 + (validation ? 1 : 0) : index, { dashed: validation, series: metric }));
            index += 1;
          }
        }
      });
      if (datasets.some((d) => d.data.length)) {
        // A loss that spans many orders of magnitude (a diverging run) is only readable on a log axis.
        const values = datasets.flatMap((d) => d.data.map((p) => p.y)).filter((v) => v !== null);
        const positive = values.length && values.every((v) => v > 0);
        const spread = positive ? Math.max(...values) / Math.min(...values) : 0;
        const log = /loss/i.test(group.title) && spread > 1000;
        makeChart(grid, group.title, 'per epoch, training solid and validation dashed', datasets,
          log ? group.unit.replace(')', ', log scale)') : group.unit, log ? 'logarithmic' : 'linear', lastEpoch);
      }
    }

    const extra = [
      {
        title: 'Learning rate', unit: 'Learning rate (log scale)', type: 'logarithmic', series: 'learningRate',
        build: (epochs) => [['learning rate', points(epochs, (e) => e.learningRate)]],
      },
      {
        title: 'Gradient norms per layer (× = 0)', unit: 'Gradient L2 norm (log scale)', type: 'logarithmic', series: 'gradients',
        build: (epochs) => layers(epochs, (e) => e.gradients, (g) => g.norm),
      },
      {
        title: 'Dead units per layer', unit: 'Dead units (% of layer)', series: 'deadUnits',
        build: (epochs) => layers(epochs, (e) => e.deadUnits, (d) => num(d.fraction) * 100),
      },
      {
        title: 'Input range', unit: 'Training input value', series: 'input',
        build: (epochs) => [
          ['max', points(epochs, (e) => e.input && e.input.max)],
          ['mean', points(epochs, (e) => e.input && e.input.mean)],
          ['min', points(epochs, (e) => e.input && e.input.min)],
        ],
      },
    ];
    for (const chart of extra) {
      const datasets = [];
      let index = 0;
      sessions.forEach(([sessionLabel, data]) => {
        const models = byModel(data);
        for (const [model, epochs] of models) {
          for (const [label, data] of chart.build(epochs)) {
            if (!data.length) continue;
            datasets.push(lineDataset(prefix(label, sessionLabel, model, models.size), data, index, { series: chart.series, dashed: multi && sessionLabel === 'after' }));
            index += 1;
          }
        }
      });
      if (chart.type === 'logarithmic') zerosAtTheFloor(datasets);
      if (datasets.some((d) => d.data.some((p) => p.y !== null))) {
        makeChart(grid, chart.title, 'per epoch', datasets, chart.unit, chart.type, lastEpoch);
      }
    }
  }

  /**
   * A log axis cannot show 0, yet a gradient norm of 0 is what a vanishing gradient looks like: such
   * points sit a decade below the smallest positive value, drawn as a cross, and say "0" in
   * their tooltip. Negative values (never expected) become gaps.
   */
  function zerosAtTheFloor(datasets) {
    const positive = datasets.flatMap((d) => d.data.map((p) => p.y)).filter((v) => v !== null && v > 0);
    const floor = positive.length ? Math.min(...positive) / 10 : 1e-8;
    for (const dataset of datasets) {
      let zeros = false;
      dataset.data = dataset.data.map((p) => {
        if (p.y === 0) { zeros = true; return { x: p.x, y: floor, zero: true }; }
        return p.y !== null && p.y < 0 ? { x: p.x, y: null } : p;
      });
      if (!zeros) continue;
      const style = dataset.pointStyle, radius = dataset.pointRadius;
      dataset.pointStyle = (ctx) => (ctx.raw && ctx.raw.zero ? 'crossRot' : style);
      dataset.pointRadius = (ctx) => (ctx.raw && ctx.raw.zero ? 7 : radius);
      dataset.pointBorderWidth = (ctx) => (ctx.raw && ctx.raw.zero ? 3 : 1);
    }
  }

  function layers(epochs, list, value) {
    const series = new Map();
    for (const epoch of epochs) {
      for (const item of list(epoch) || []) {
        const name = 'layer ' + item.layer;
        if (!series.has(name)) series.set(name, []);
        const v = num(value(item));
        series.get(name).push({ x: epoch.epoch + 1, y: Number.isFinite(v) ? v : null });
      }
    }
    return [...series.entries()];
  }

  // ---- the error timeline -----------------------------------------------------------------

  /** Per epoch the distinct findings stacked by kind; findings from before training below the axis. */
  function renderTimeline(container, data) {
    const findings = data.findings || [];
    const figure = el('figure', { class: 'chart timeline' },
      el('figcaption', { text: 'Error timeline' }),
      el('p', { class: 'hint', text: 'Each mark is one finding at one epoch, by kind (colour, shape and letter); findings from before training are below the axis. Click a mark to select its finding, or an empty column to select the epoch’s findings.' }));
    container.appendChild(figure);
    const order = Object.keys(KINDS);
    const sorted = [...findings].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id));
    const perKind = new Map(order.map((k) => [k, []]));
    const stacks = new Map();
    let lastEpoch = 0;
    for (const epoch of data.epochs || []) lastEpoch = Math.max(lastEpoch, epoch.epoch + 1);
    let below = 0, above = 0;
    for (const finding of sorted) {
      const kind = perKind.has(finding.kind) ? finding.kind : 'training';
      if (finding.stage === 'static' || !finding.epochs.length) {
        below += 1;
        perKind.get(kind).push({ x: 0, y: -below, finding });
        continue;
      }
      for (const epoch of finding.epochs) {
        const height = (stacks.get(epoch) || 0) + 1;
        stacks.set(epoch, height);
        above = Math.max(above, height);
        lastEpoch = Math.max(lastEpoch, epoch + 1);
        perKind.get(kind).push({ x: epoch + 1, y: height, finding });
      }
    }
    if (!findings.length) {
      figure.appendChild(el('p', { class: 'empty', text: 'No findings, before or during training.' }));
      return;
    }
    const legend = el('ul', { class: 'kinds', 'aria-label': 'Kinds of findings' },
      order.map((k) => el('li', {}, el('span', { class: 'kind kind-' + k, text: KINDS[k].letter }), ' ' + KINDS[k].label)));
    figure.appendChild(legend);
    const canvas = el('canvas', { id: 'timeline-canvas', role: 'img', 'aria-label': 'Error timeline: ' + findings.length + ' findings over ' + lastEpoch + ' epochs; the findings list below has the same content.' });
    const box = el('div', { class: 'chart-box timeline-box' }, canvas);
    figure.appendChild(box);
    const selectedRadius = (ctx) => (ctx.raw && state.selected.has(ctx.raw.finding.id) ? 9 : 6);
    const datasets = order.map((k) => ({
      label: KINDS[k].label,
      data: perKind.get(k),
      pointStyle: KINDS[k].shape,
      backgroundColor: KINDS[k].color,
      borderColor: (ctx) => (ctx.raw && state.selected.has(ctx.raw.finding.id) ? '#000' : KINDS[k].color),
      borderWidth: (ctx) => (ctx.raw && state.selected.has(ctx.raw.finding.id) ? 3 : 1),
      pointRadius: selectedRadius,
      pointHoverRadius: 9,
      showLine: false,
    }));
    const chart = new Chart(canvas.getContext('2d'), {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: {
            type: 'linear', min: -0.5, max: Math.max(lastEpoch, 1) + 0.5,
            title: { display: true, text: 'Epoch (0: before training)' },
            ticks: { precision: 0, callback: (v) => (v === 0 ? 'before' : Number.isInteger(v) ? String(v) : '') },
          },
          y: {
            min: -Math.max(below, 0.5) - 0.5, max: Math.max(above, 0.5) + 0.5,
            title: { display: true, text: 'Findings (stacked)' },
            ticks: { precision: 0, callback: (v) => (Number.isInteger(v) && v !== 0 ? String(Math.abs(v)) : '') },
            grid: { color: (ctx) => (ctx.tick && ctx.tick.value === 0 ? '#333' : 'rgba(0,0,0,0.06)'), lineWidth: (ctx) => (ctx.tick && ctx.tick.value === 0 ? 2 : 1) },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => item.raw.finding.code + ' ' + item.raw.finding.name + ' (' + item.raw.finding.epochsText + ')' } },
        },
        onClick(event, elements, chart) {
          if (elements.length) {
            const ids = elements.map((e) => chart.data.datasets[e.datasetIndex].data[e.index].finding.id);
            select(ids, event.native && (event.native.shiftKey || event.native.metaKey || event.native.ctrlKey));
            return;
          }
          const x = Math.round(chart.scales.x.getValueForPixel(event.x));
          const ids = findings.filter((f) => (x === 0 ? f.stage === 'static' || !f.epochs.length : f.epochs.includes(x - 1))).map((f) => f.id);
          select(ids, false);
        },
      },
      plugins: [highlightPlugin],
    });
    chart.$umlautEpochs = highlightedEpochs();
    chart.$isTimeline = true;
    state.charts.push(chart);
  }

  // ---- findings ---------------------------------------------------------------------------

  function placeText(place) {
    const label = { primary: '', rootCause: 'root cause', symptom: 'symptom', context: '' }[place.role] || '';
    return (label ? label + ': ' : '') + basename(place.path) + ':' + place.line + (place.column > 1 ? ':' + place.column : '');
  }

  /** Asks the editor to open a place (the shell forwards it to the language server). */
  function openPlace(place, button) {
    if (!inServer()) return;
    const body = {
      uri: place.uri,
      range: {
        start: { line: place.line - 1, character: Math.max(0, place.column - 1) },
        end: { line: place.endLine - 1, character: Math.max(0, place.endColumn - 1) },
      },
    };
    fetch('/api/open', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then((response) => response.json().catch(() => ({})).then((answer) => {
        button.setAttribute('data-open', response.ok ? 'sent' : 'failed');
        button.title = response.ok ? 'Opened in the editor' : (answer.error || 'The editor could not be reached');
      }))
      .catch(() => { button.setAttribute('data-open', 'failed'); });
  }

  function renderPlaces(places) {
    if (!places || !places.length) return null;
    return el('ul', { class: 'places' }, places.map((place) => {
      const button = el('button', { type: 'button', class: 'place', 'data-role': place.role, title: place.path + ':' + place.line + (inServer() ? ' — open in the editor' : ''), text: placeText(place) });
      button.addEventListener('click', (event) => { event.stopPropagation(); openPlace(place, button); });
      return el('li', {}, button, place.message ? el('span', { class: 'place-message', text: ' ' + place.message }) : null);
    }));
  }

  function findingItem(finding, selectable) {
    const kind = KINDS[finding.kind] || KINDS.training;
    const head = el('button', {
      type: 'button', class: 'finding-head', 'aria-pressed': selectable ? String(state.selected.has(finding.id)) : null,
      'aria-controls': 'charts',
    },
      el('span', { class: 'kind kind-' + finding.kind, title: kind.label, text: kind.letter }),
      el('span', { class: 'severity severity-' + finding.severity, text: finding.severity }),
      el('code', { class: 'code', text: finding.code }),
      el('span', { class: 'name', text: finding.name }),
      el('span', { class: 'when', text: finding.epochsText }));
    const item = el('li', { class: 'finding', id: 'finding-' + finding.id, 'data-id': finding.id, 'data-kind': finding.kind },
      head,
      el('p', { class: 'summary', text: finding.summary || finding.message }),
      el('details', {},
        el('summary', { text: 'Details' }),
        el('p', { class: 'message', text: finding.message }),
        finding.help ? el('p', { class: 'help' }, el('strong', { text: 'Suggestion: ' }), finding.help) : null),
      renderPlaces(finding.places));
    if (selectable) head.addEventListener('click', (event) => select([finding.id], event.shiftKey || event.metaKey || event.ctrlKey, true));
    if (state.selected.has(finding.id)) item.classList.add('selected');
    return item;
  }

  function renderFindings(container, findings, title, selectable) {
    const section = el('section', { class: 'findings', 'aria-label': title });
    section.appendChild(el('h2', { text: title + ' (' + findings.length + ')' }));
    if (!findings.length) section.appendChild(el('p', { class: 'empty', text: 'None.' }));
    else section.appendChild(el('ul', { class: 'finding-list' }, findings.map((f) => findingItem(f, selectable))));
    container.appendChild(section);
    return section;
  }

  /** Selects findings (toggling when `toggle`), then updates the list, charts and timeline. */
  function select(ids, extend, toggle) {
    if (toggle && !extend && ids.length === 1 && state.selected.has(ids[0]) && state.selected.size === 1) {
      state.selected.clear();
    } else {
      if (!extend) state.selected.clear();
      for (const id of ids) state.selected.add(id);
    }
    applySelection();
  }

  function applySelection() {
    const epochs = highlightedEpochs(), series = highlightedSeries();
    for (const item of document.querySelectorAll('.finding[data-id]')) {
      const on = state.selected.has(Number(item.getAttribute('data-id')));
      item.classList.toggle('selected', on);
      const head = item.querySelector('.finding-head');
      if (head && head.hasAttribute('aria-pressed')) head.setAttribute('aria-pressed', String(on));
    }
    for (const chart of state.charts) {
      chart.$umlautEpochs = epochs;
      chart.$umlautSeries = series;
      chart.update('none');
    }
    const status = document.getElementById('selection-status');
    if (status) {
      const chosen = selectedFindings();
      status.textContent = chosen.length
        ? 'Highlighted: ' + chosen.map((f) => f.code + ' ' + f.name + ' (' + f.epochsText + ')').join('; ')
        : 'Select a finding to highlight its epochs and the curves that made it fire.';
    }
    document.body.setAttribute('data-selected', [...state.selected].join(','));
  }

  // ---- a session --------------------------------------------------------------------------

  function renderSession(data) {
    const keepScroll = window.scrollY;
    const root = clear();
    state.data = data;
    const known = new Set((data.findings || []).map((f) => f.id));
    for (const id of [...state.selected]) if (!known.has(id)) state.selected.delete(id);
    const run = data.run;
    document.title = run.scriptName + ' (' + run.name + ') — Umlaut';

    root.appendChild(el('h1', {}, el('span', { class: 'script', text: run.scriptName }), ' ', el('span', { class: 'sub', text: run.name })));
    const facts = el('dl', { class: 'facts' },
      el('dt', { text: 'Status' }), el('dd', {}, statusBadge(run.status), data.exitCode !== undefined && data.exitCode !== null ? ' (exit ' + data.exitCode + ')' : ''),
      el('dt', { text: 'Started' }), el('dd', { text: formatDate(run.startedAt) }),
      el('dt', { text: 'Duration' }), el('dd', { id: 'duration', text: run.live ? 'running' : formatDuration(run.durationSeconds) }),
      el('dt', { text: 'Framework' }), el('dd', { text: run.framework || 'unknown' }),
      el('dt', { text: 'Epochs' }), el('dd', { text: String(run.epochs) }),
      el('dt', { text: 'Command' }), el('dd', {}, el('code', { text: [data.python ? basename(data.python) : 'python', run.script].concat(data.arguments || []).join(' ') })));
    root.appendChild(facts);
    if (data.note) root.appendChild(el('p', { class: 'note', text: data.note }));
    if (run.live) root.appendChild(liveBanner(data));
    if (data.crash) root.appendChild(crashPanel(data.crash));

    const layout = el('div', { class: 'session-layout' });
    const left = el('div', { class: 'plots', id: 'charts' });
    const right = el('div', { class: 'side' });
    layout.appendChild(left);
    layout.appendChild(right);
    root.appendChild(layout);
    left.appendChild(el('p', { id: 'selection-status', class: 'selection', 'aria-live': 'polite' }));
    renderTimeline(left, data);
    if ((data.epochs || []).length) renderCharts(left, [['', data]]);
    else left.appendChild(el('p', { class: 'empty', text: 'No epochs recorded.' }));
    renderFindings(right, data.findings || [], 'Findings', true);
    applySelection();
    window.scrollTo(0, keepScroll);
  }

  function crashPanel(crash) {
    const panel = el('section', { class: 'crash', role: 'alert', 'aria-label': 'The script crashed' },
      el('h2', {}, 'Crashed: ', el('code', { text: crash.exceptionType })),
      el('p', { class: 'headline', text: crash.headline || crash.message }));
    if (crash.place) {
      panel.appendChild(el('p', { class: 'where' }, 'Raised at ', renderPlaces([crash.place])));
      if (crash.lineText !== undefined && crash.lineText !== null) {
        panel.appendChild(el('pre', { class: 'source-line' }, el('span', { class: 'line-number', text: String(crash.place.line) + ' │ ' }), crash.lineText));
      }
    }
    if (crash.cause) panel.appendChild(el('div', { class: 'cause' }, el('strong', { text: 'Likely cause: ' }), crash.cause.message || '', renderPlaces([crash.cause])));
    if (crash.message && crash.message !== crash.headline) {
      panel.appendChild(el('details', {}, el('summary', { text: 'Full message' }), el('pre', { text: crash.message })));
    }
    return panel;
  }

  function liveBanner(data) {
    const banner = el('div', { class: 'live', id: 'live-banner', role: 'status', 'aria-live': 'polite' });
    const lastEpoch = (data.epochs || []).reduce((m, e) => Math.max(m, e.epoch + 1), 0);
    const started = new Date(data.run.startedAt).getTime();
    const text = el('span', { id: 'live-text' });
    banner.appendChild(el('span', { class: 'live-dot', 'aria-hidden': 'true', text: '●' }));
    banner.appendChild(text);
    function tick() {
      const elapsed = (Date.now() - started) / 1000;
      text.textContent = ' Live: epoch ' + lastEpoch + ' done, ' + formatDuration(elapsed) + ' elapsed';
    }
    tick();
    if (state.timer) clearInterval(state.timer);
    state.timer = setInterval(tick, 1000);
    return banner;
  }

  /** Applies a new snapshot of the session (the shell's SSE `session` event). */
  function applySession(data) {
    if (typeof data === 'string') data = JSON.parse(data);
    if (!data || data.view !== 'session') return;
    renderSession(data);
  }

  /** The run ended (SSE `end`): stop the clock and drop the banner. */
  function applyEnd() {
    if (state.timer) { clearInterval(state.timer); state.timer = null; }
    if (state.source) { state.source.close(); state.source = null; }
    const banner = document.getElementById('live-banner');
    if (banner) banner.remove();
  }

  function follow(id) {
    if (!inServer() || typeof EventSource === 'undefined' || state.source) return;
    const source = new EventSource('/api/sessions/' + encodeURIComponent(id) + '/events');
    state.source = source;
    source.addEventListener('session', (event) => {
      try { applySession(JSON.parse(event.data)); } catch (error) { /* keep the last good page */ }
    });
    source.addEventListener('end', () => {
      applyEnd();
      fetchJSON('/api/sessions/' + encodeURIComponent(id)).then(applySession).catch(() => {});
    });
  }

  // ---- the comparison ---------------------------------------------------------------------

  function renderCompare(data) {
    const root = clear();
    state.data = { findings: [] };
    const a = data.before.run, b = data.after.run;
    document.title = 'Compare ' + a.name + ' → ' + b.name + ' — Umlaut';
    root.appendChild(el('h1', {}, 'Compare ', el('span', { class: 'script', text: a.name }), ' → ', el('span', { class: 'script', text: b.name })));
    root.appendChild(el('p', { class: 'hint', text: 'Before: ' + a.scriptName + ', ' + formatDate(a.startedAt) + ' (solid). After: ' + b.scriptName + ', ' + formatDate(b.startedAt) + '.' }));
    const table = el('table', { class: 'metrics' },
      el('thead', {}, el('tr', {}, ['Final metric', 'before', 'after', 'change'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, (data.finalMetrics || []).map((m) => {
        const before = num(m.before), after = num(m.after);
        const change = before !== null && after !== null && Number.isFinite(before) && Number.isFinite(after) ? (after - before >= 0 ? '+' : '') + formatNumber(after - before) : '';
        return el('tr', {}, el('th', { scope: 'row', text: m.metric }), el('td', { text: formatNumber(m.before) }), el('td', { text: formatNumber(m.after) }), el('td', { text: change }));
      })));
    root.appendChild(table);
    const layout = el('div', { class: 'session-layout' });
    const left = el('div', { class: 'plots', id: 'charts' });
    const right = el('div', { class: 'side' });
    layout.appendChild(left);
    layout.appendChild(right);
    root.appendChild(layout);
    renderCharts(left, [['before', data.before], ['after', data.after]]);
    renderFindings(right, data.gone || [], 'Gone', false).classList.add('gone');
    renderFindings(right, data.new || [], 'New', false).classList.add('new');
    renderFindings(right, data.remaining || [], 'Remaining', false).classList.add('remaining');
  }

  // ---- start ------------------------------------------------------------------------------

  function fetchJSON(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then((response) =>
      response.json().catch(() => ({})).then((body) => {
        if (!response.ok) throw new Error(body.error || response.status + ' ' + response.statusText);
        return body;
      }));
  }

  function render(data) {
    if (typeof Chart === 'undefined' && data.view !== 'runs') {
      showError('Chart.js did not load: the plots cannot be drawn.');
      return;
    }
    if (data.view === 'runs') renderRuns(data, document.body.getAttribute('data-page') === 'compare');
    else if (data.view === 'session') {
      renderSession(data);
      if (data.run.live) follow(data.run.id);
      const match = /^#finding-(\d+)$/.exec(window.location.hash);
      if (match) {
        select([Number(match[1])], false);
        const item = document.getElementById('finding-' + match[1]);
        if (item) item.scrollIntoView({ block: 'center' });
      }
    } else if (data.view === 'compare') renderCompare(data);
    else showError('Unknown page.');
    window.umlautDashboard.renderedAt = performance.now();
    document.body.setAttribute('data-ready', 'true');
  }

  function start() {
    const page = document.body.getAttribute('data-page');
    for (const link of document.querySelectorAll('[data-nav]')) {
      if (link.getAttribute('data-nav') === (page === 'session' ? 'runs' : page)) link.setAttribute('aria-current', 'page');
    }
    const inline = document.getElementById('umlaut-data');
    if (inline) {
      state.inline = true;
      document.body.classList.add('static');
      try { render(JSON.parse(inline.textContent)); } catch (error) { showError('The page data cannot be read: ' + error.message); }
      return;
    }
    const a = document.body.getAttribute('data-a'), b = document.body.getAttribute('data-b');
    let url = '/api/sessions';
    if (page === 'session' && a) url = '/api/sessions/' + encodeURIComponent(a);
    if (page === 'compare' && a && b) url = '/api/compare?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b);
    fetchJSON(url).then(render).catch((error) => showError('Cannot load ' + url + ': ' + error.message));
  }

  window.umlautDashboard = { applySession, applyEnd, select, state };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
