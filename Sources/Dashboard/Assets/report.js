// Umlaut's model-comparison report (IMACS, dissertation ch. 4): the reports list and one
// report. Plain JavaScript and SVG, no build step, no library. Data comes from an inlined
// <script type="application/json" id="umlaut-data"> block (the exported file) or from
// /api/reports... (the web shell). Every string from a report is inserted as text
// (textContent, createTextNode, setAttribute), never as HTML; images only from data: URIs.
(function () {
  'use strict';

  const SVG = 'http://www.w3.org/2000/svg';
  // Okabe–Ito. Model A is a solid blue bar, model B a hatched vermillion one, and every bar also
  // carries its letter: colour is never the only cue.
  const MODEL_COLOURS = ['#0072B2', '#D55E00'];
  const MODEL_FILLS = ['url(#fill-a)', 'url(#fill-b)'];
  const QUADRANTS = {
    TP: { name: 'true positive', symbol: '✓' },
    TN: { name: 'true negative', symbol: '○' },
    FP: { name: 'false positive', symbol: '✗' },
    FN: { name: 'false negative', symbol: '!' },
  };
  const ORDERS = [
    { key: 'imbalance', label: 'Attribution imbalance' },
    { key: 'importance', label: 'Importance' },
    { key: 'centroidDistance', label: 'Centroid distance' },
  ];
  const FIRST_TILES = 24;
  const IMAGE_URI = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

  const state = { report: null, order: 'imbalance', inline: false, selected: null, pinned: null, images: new Map() };

  // ---- helpers ------------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function setAttributes(node, attributes) {
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.setAttribute('class', value);
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
  }

  function num(value) {
    if (value === undefined || value === null) return null;
    const v = typeof value === 'string' ? Number(value) : value;
    return typeof v === 'number' ? v : null;
  }

  function fmt(value, digits) {
    const v = num(value);
    if (v === null) return '–';
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
    return Number(v.toPrecision(digits || 3)).toString();
  }

  function percent(value) {
    const v = num(value);
    return v === null ? '–' : (v * 100).toFixed(1) + ' %';
  }

  function formatDate(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function modelName(report, m) {
    const model = (report.models || [])[m] || {};
    return 'Model ' + (model.label || String.fromCharCode(65 + m));
  }

  function letter(report, m) {
    const model = (report.models || [])[m] || {};
    return String(model.label || String.fromCharCode(65 + m)).slice(0, 3);
  }

  function fail(message) {
    const app = document.getElementById('app');
    app.replaceChildren(el('p', { class: 'error', role: 'alert', text: message }));
    document.body.dataset.ready = 'error';
  }

  async function fetchJSON(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let message = response.status + ' ' + response.statusText;
      try { message = (await response.json()).error || message; } catch (e) { /* keep the status */ }
      throw new Error(message);
    }
    return response.json();
  }

  function inlineData() {
    const block = document.getElementById('umlaut-data');
    if (!block) return null;
    return JSON.parse(block.textContent);
  }

  // ---- the reports list ---------------------------------------------------------------------

  function renderList(list) {
    const app = document.getElementById('app');
    const rows = list.reports || [];
    const body = el('tbody');
    for (const row of rows) {
      const models = (row.models || []).map((m) => (m.label || '?') + ': ' + (m.spec || '') + (m.accuracy === null || m.accuracy === undefined ? '' : ' (' + percent(m.accuracy) + ')'));
      body.appendChild(el('tr', { 'data-report': row.id },
        el('td', {}, row.problem ? el('span', { text: row.id }) : el('a', { class: 'report-link', href: '/reports/' + encodeURIComponent(row.id), text: row.id })),
        el('td', { text: row.className === null || row.className === undefined ? '–' : row.className }),
        el('td', {}, models.length ? models.map((m) => el('div', { class: 'spec', text: m })) : '–'),
        el('td', { text: fmt(row.clusters) }),
        el('td', { text: fmt(row.segments) }),
        el('td', { text: formatDate(row.modifiedAt) }),
        el('td', { class: row.problem ? 'error' : '', text: row.problem ? '✗ ' + row.problem : '✓ readable' })));
    }
    app.replaceChildren(
      el('h1', { text: 'Model comparison reports' }),
      el('p', { class: 'hint', text: 'Reports written by umlaut compare (or the editor command) under .umlaut/comparisons/ of this workspace.' }),
      rows.length
        ? el('table', { class: 'reports' },
          el('thead', {}, el('tr', {}, ['Report', 'Class', 'Models', 'Clusters', 'Segments', 'Written', 'State'].map((h) => el('th', { scope: 'col', text: h })))),
          body)
        : el('p', { class: 'empty', text: 'No comparison reports in this workspace yet.' }));
    document.body.dataset.ready = 'true';
  }

  // ---- images -------------------------------------------------------------------------------

  /** The thumbnail of a data image (by its index in the data), or null. */
  function thumbnail(index) {
    if (state.images.has(index)) return state.images.get(index);
    const uri = ((state.report.thumbnails || {})[String(index)]);
    let entry = null;
    if (typeof uri === 'string' && IMAGE_URI.test(uri)) {
      const image = new Image();
      entry = { image, ready: false, waiting: [] };
      image.addEventListener('load', () => {
        entry.ready = true;
        for (const draw of entry.waiting) draw();
        entry.waiting = [];
      });
      image.src = uri;
    }
    state.images.set(index, entry);
    return entry;
  }

  function whenLoaded(index, draw) {
    const entry = thumbnail(index);
    if (!entry) return false;
    if (entry.ready) draw(entry.image);
    else entry.waiting.push(() => draw(entry.image));
    return true;
  }

  /** Image size the boxes are in: the report's image shape [H, W, C]. */
  function imageSize(report, image) {
    const shape = report.imageShape || [];
    const h = num(shape[0]) || (image && image.naturalHeight) || 1;
    const w = num(shape[1]) || (image && image.naturalWidth) || 1;
    return { h, w };
  }

  function segmentImage(report, segment) {
    const model = (report.models || [])[segment.model] || {};
    return (model.images || [])[segment.image] || null;
  }

  /** A segment's pixels inside its box (1: the segment's) from the report's run lengths
   * (outside first); null when it is its whole box (a grid cell, or an older report). */
  function segmentMask(segment) {
    if (!Array.isArray(segment.mask)) return null;
    const box = segment.box || [0, 1, 0, 1];
    const h = Math.max(0, (num(box[1]) || 0) - (num(box[0]) || 0)), w = Math.max(0, (num(box[3]) || 0) - (num(box[2]) || 0));
    if (!h || !w || h * w > 1 << 24) return null;
    const bits = new Uint8Array(h * w);
    let at = 0, inside = false;
    for (const run of segment.mask) {
      const n = Math.max(0, Math.floor(num(run) || 0));
      if (inside) bits.fill(1, Math.min(at, bits.length), Math.min(at + n, bits.length));
      at += n;
      inside = !inside;
    }
    return bits.every((b) => b === 1) ? null : { h, w, bits };
  }

  /** The outline of a mask: unit edges between its pixels and the others, in box pixels. */
  function maskEdges(mask) {
    const edges = [];
    const at = (y, x) => y >= 0 && x >= 0 && y < mask.h && x < mask.w && mask.bits[y * mask.w + x] === 1;
    for (let y = 0; y < mask.h; y++) {
      for (let x = 0; x < mask.w; x++) {
        if (!at(y, x)) continue;
        if (!at(y - 1, x)) edges.push([x, y, x + 1, y]);
        if (!at(y + 1, x)) edges.push([x, y + 1, x + 1, y + 1]);
        if (!at(y, x - 1)) edges.push([x, y, x, y + 1]);
        if (!at(y, x + 1)) edges.push([x + 1, y, x + 1, y + 1]);
      }
    }
    return edges;
  }

  /** Strokes `edges` (box pixels) at canvas offset (ox, oy), `scale` canvas pixels per pixel:
   * black under the colour, so the outline shows on any image. */
  function strokeOutline(context, edges, ox, oy, sx, sy, colour, width) {
    const path = () => {
      context.beginPath();
      for (const [x0, y0, x1, y1] of edges) {
        context.moveTo(ox + x0 * sx, oy + y0 * sy);
        context.lineTo(ox + x1 * sx, oy + y1 * sy);
      }
    };
    context.lineCap = 'square';
    context.lineWidth = width + 2;
    context.strokeStyle = '#000';
    path();
    context.stroke();
    context.lineWidth = width;
    context.strokeStyle = colour;
    path();
    context.stroke();
  }

  /** The start of a `side`-long window centred on [start, end), moved inside [0, limit). */
  function windowStart(start, end, side, limit) {
    const begin = start - Math.floor((side - (end - start)) / 2);
    return side <= limit ? Math.max(0, Math.min(begin, limit - side)) : 0;
  }

  /** A superpixel's tile: the square around its box, the pixels outside it veiled, its outline. */
  function drawSuperpixel(context, size, segment, mask, shape, image) {
    const box = segment.box;
    const side = Math.max(mask.h, mask.w);
    const top = windowStart(num(box[0]), num(box[1]), side, shape.h);
    const left = windowStart(num(box[2]), num(box[3]), side, shape.w);
    const k = size / side;
    if (image) {
      const sx = image.naturalWidth / shape.w, sy = image.naturalHeight / shape.h;
      context.imageSmoothingEnabled = false;
      context.drawImage(image, left * sx, top * sy, side * sx, side * sy, 0, 0, size, size);
    } else {
      context.fillStyle = '#9a9a94';
      context.fillRect(0, 0, size, size);
    }
    context.fillStyle = image ? 'rgba(228, 228, 224, 0.82)' : '#e4e4e0';
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const by = top + y - num(box[0]), bx = left + x - num(box[2]);
        const inside = by >= 0 && bx >= 0 && by < mask.h && bx < mask.w && mask.bits[by * mask.w + bx] === 1;
        if (!inside) context.fillRect(Math.floor(x * k), Math.floor(y * k), Math.ceil(k), Math.ceil(k));
      }
    }
    strokeOutline(context, maskEdges(mask), (num(box[2]) - left) * k, (num(box[0]) - top) * k, k, k, '#F0E442', 1.5);
  }

  /** A segment cropped from its image, or its grid place when there is no thumbnail. A SLIC
   * superpixel is drawn with its own outline, not as a rectangle. */
  function segmentCanvas(report, segment, size) {
    const mask = segmentMask(segment);
    const canvas = el('canvas', { width: size, height: size, class: 'crop' + (mask ? ' superpixel' : ''), 'aria-hidden': 'true' });
    const context = canvas.getContext('2d');
    const source = segmentImage(report, segment);
    const box = segment.box || [0, 1, 0, 1];
    if (mask) {
      const drawn = source && whenLoaded(source.index, (image) => drawSuperpixel(context, size, segment, mask, imageSize(report, image), image));
      if (!drawn) {
        drawSuperpixel(context, size, segment, mask, imageSize(report, null), null);
        canvas.classList.add('no-image');
      }
      return canvas;
    }
    const drawn = source && whenLoaded(source.index, (image) => {
      const { h, w } = imageSize(report, image);
      const sx = image.naturalWidth / w, sy = image.naturalHeight / h;
      context.imageSmoothingEnabled = false;
      context.drawImage(image, box[2] * sx, box[0] * sy, Math.max(1, (box[3] - box[2]) * sx), Math.max(1, (box[1] - box[0]) * sy), 0, 0, size, size);
    });
    if (!drawn) {
      context.fillStyle = '#e4e4e0';
      context.fillRect(0, 0, size, size);
      context.fillStyle = '#333';
      context.font = '12px sans-serif';
      context.textAlign = 'center';
      context.fillText('r' + segment.row + ' c' + segment.column, size / 2, size / 2 + 4);
      canvas.classList.add('no-image');
    }
    return canvas;
  }

  // ---- the source preview (hover or focus a segment) ----------------------------------------

  function preview(segment) {
    const report = state.report;
    const panel = document.getElementById('preview');
    if (!panel) return;
    const canvas = panel.querySelector('canvas');
    const caption = panel.querySelector('.caption');
    const context = canvas.getContext('2d');
    const source = segmentImage(report, segment);
    context.clearRect(0, 0, canvas.width, canvas.height);
    const box = segment.box || [0, 1, 0, 1];
    const mask = segmentMask(segment);
    const drawOutline = (w, h) => {
      const sx = canvas.width / w, sy = canvas.height / h;
      if (mask) {
        strokeOutline(context, maskEdges(mask), box[2] * sx, box[0] * sy, sx, sy, '#F0E442', 3);
        return;
      }
      const x = box[2] * sx, y = box[0] * sy, bw = (box[3] - box[2]) * sx, bh = (box[1] - box[0]) * sy;
      context.lineWidth = 5;
      context.strokeStyle = '#000';
      context.strokeRect(x + 1, y + 1, bw - 2, bh - 2);
      context.lineWidth = 2;
      context.setLineDash([6, 3]);
      context.strokeStyle = '#F0E442';
      context.strokeRect(x + 1, y + 1, bw - 2, bh - 2);
      context.setLineDash([]);
    };
    const drawn = source && whenLoaded(source.index, (image) => {
      const { h, w } = imageSize(report, image);
      context.imageSmoothingEnabled = false;
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      drawOutline(w, h);
    });
    if (!drawn) {
      const { h, w } = imageSize(report, null);
      context.fillStyle = '#e4e4e0';
      context.fillRect(0, 0, canvas.width, canvas.height);
      drawOutline(w, h);
    }
    const q = QUADRANTS[segment.quadrant] || { name: segment.quadrant, symbol: '?' };
    caption.replaceChildren(
      el('div', { class: 'preview-title', text: modelName(report, segment.model) + ', ' + (source ? source.source : 'image ' + segment.image) }),
      el('div', { text: q.symbol + ' ' + segment.quadrant + ' (' + q.name + ')' + (source ? ', p(class) = ' + fmt(source.probability) : '') }),
      el('div', {
        text: (mask ? 'superpixel of ' + fmt(segment.pixels) + ' pixels, centre in' : 'segment') + ' row ' + segment.row + ', column ' + segment.column + ', XRAI rank ' + (num(segment.rank) + 1),
      }),
      el('div', { text: 'attribution (Shapley) ' + fmt(segment.attribution) + ', cluster ' + segment.cluster }));
    panel.dataset.segment = String(state.report.segments.indexOf(segment));
  }

  // ---- SVG plots ----------------------------------------------------------------------------

  function patterns() {
    return svg('defs', {},
      svg('pattern', { id: 'fill-a', width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
        svg('rect', { width: 6, height: 6, fill: MODEL_COLOURS[0] })),
      svg('pattern', { id: 'fill-b', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 6, height: 6, fill: MODEL_COLOURS[1] }),
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#fff', 'stroke-width': 2 })));
  }

  /** The shared <defs> of every plot (fills for A and B), once per page. */
  function definitions() {
    return svg('svg', { width: 0, height: 0, class: 'defs', 'aria-hidden': 'true' }, patterns());
  }

  /**
   * Grouped vertical bars. groups: [{label, values: [v per series], title}], series: [{name,
   * fill, stroke, letter}]. Negative values go below the zero line.
   */
  function barPlot(options) {
    const { groups, series, width, height, yLabel, reference, onGroupClick, selected, className } = options;
    const margin = { top: 14, right: 10, bottom: 34, left: 46 };
    const plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom;
    const values = groups.flatMap((g) => g.values.map(num).filter((v) => v !== null && Number.isFinite(v)));
    if (reference !== undefined && reference !== null) values.push(reference);
    let max = Math.max(0, ...values), min = Math.min(0, ...values);
    if (max === min) max = min + 1;
    const pad = (max - min) * 0.08;
    max += max > 0 ? pad : 0;
    min -= min < 0 ? pad : 0;
    const y = (v) => margin.top + (max - v) / (max - min) * plotH;
    const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width, height, class: 'plot ' + (className || ''), role: 'img' });
    const ticks = niceTicks(min, max, 4);
    for (const t of ticks) {
      root.appendChild(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(t), y2: y(t), class: 'grid' }));
      root.appendChild(svg('text', { x: margin.left - 4, y: y(t) + 4, class: 'tick', 'text-anchor': 'end', text: fmt(t, 2) }));
    }
    root.appendChild(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0), class: 'axis' }));
    if (yLabel) {
      root.appendChild(svg('text', { x: 12, y: margin.top + plotH / 2, class: 'axis-label', transform: 'rotate(-90 12 ' + (margin.top + plotH / 2) + ')', 'text-anchor': 'middle', text: yLabel }));
    }
    const groupW = plotW / Math.max(1, groups.length);
    const barW = Math.min(28, (groupW * 0.8) / series.length);
    groups.forEach((group, gi) => {
      const gx = margin.left + gi * groupW + (groupW - barW * series.length) / 2;
      const g = svg('g', { class: 'group' + (selected === group.key ? ' selected' : ''), 'data-key': group.key });
      if (selected === group.key) {
        g.appendChild(svg('rect', { x: margin.left + gi * groupW + 1, y: margin.top, width: groupW - 2, height: plotH, class: 'selection' }));
      }
      group.values.forEach((raw, si) => {
        const v = num(raw);
        const s = series[si];
        const x = gx + si * barW;
        if (v === null || !Number.isFinite(v)) {
          g.appendChild(svg('text', { x: x + barW / 2, y: y(0) - 4, class: 'missing', 'text-anchor': 'middle', text: '∅' }));
          return;
        }
        const top = Math.min(y(v), y(0)), h = Math.max(1, Math.abs(y(v) - y(0)));
        g.appendChild(svg('rect', { x: x + 1, y: top, width: barW - 2, height: h, fill: s.fill, stroke: s.stroke || '#000', 'stroke-width': 1, class: 'bar', 'data-series': s.letter },
          svg('title', { text: (group.title || group.label) + ' · ' + s.name + ': ' + fmt(v) })));
        if (barW >= 9 && !(options.hideZeroLetters && v === 0)) {
          const ly = v >= 0 ? top - 3 : top + h + 11;
          g.appendChild(svg('text', { x: x + barW / 2, y: ly, class: 'bar-letter', 'text-anchor': 'middle', text: s.letter }));
        }
      });
      g.appendChild(svg('text', { x: margin.left + gi * groupW + groupW / 2, y: height - margin.bottom + 14, class: 'tick', 'text-anchor': 'middle', text: group.label }));
      if (onGroupClick) {
        const hit = svg('rect', { x: margin.left + gi * groupW, y: margin.top, width: groupW, height: plotH + 18, class: 'hit', tabindex: 0, role: 'button', 'aria-label': group.title || group.label });
        hit.addEventListener('click', () => onGroupClick(group.key));
        hit.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); onGroupClick(group.key); } });
        g.appendChild(hit);
      }
      root.appendChild(g);
    });
    if (reference !== undefined && reference !== null) {
      root.appendChild(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(reference), y2: y(reference), class: 'reference' }));
    }
    for (const tick of options.xTicks || []) {
      const x = margin.left + tick.at * plotW;
      root.appendChild(svg('line', { x1: x, x2: x, y1: y(0), y2: height - margin.bottom + 4, class: 'axis' }));
      root.appendChild(svg('text', { x, y: height - margin.bottom + 14, class: 'tick', 'text-anchor': tick.anchor || 'middle', text: tick.label }));
    }
    if (options.xLabel) {
      root.appendChild(svg('text', { x: margin.left + plotW / 2, y: height - 4, class: 'axis-label', 'text-anchor': 'middle', text: options.xLabel }));
    }
    return root;
  }

  function niceTicks(min, max, count) {
    const span = max - min;
    const step0 = span / count;
    const power = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 5, 10].map((f) => f * power).find((s) => span / s <= count) || 10 * power;
    const ticks = [];
    for (let t = Math.ceil(min / step) * step; t <= max + 1e-12; t += step) ticks.push(Math.abs(t) < step / 1e6 ? 0 : t);
    return ticks;
  }

  function modelSeries(report) {
    return (report.models || []).map((m, i) => ({ name: modelName(report, i), fill: MODEL_FILLS[i % 2], letter: letter(report, i) }));
  }

  // ---- the report ---------------------------------------------------------------------------

  function clusterById(report) {
    const map = new Map();
    for (const cluster of report.clusters || []) map.set(cluster.id, cluster);
    return map;
  }

  function ordered(report) {
    const byId = clusterById(report);
    const ids = ((report.orderings || {})[state.order]) || (report.clusters || []).map((c) => c.id);
    return ids.map((id) => byId.get(id)).filter(Boolean);
  }

  /** How the images were cut, for the method line. */
  function segmentationText(params) {
    const s = params.segmentation || { method: 'grid', grid: params.grid };
    if (s.method === 'slic') {
      return 'SLIC superpixels (about ' + fmt(s.nSegments) + ' per image, compactness ' + fmt(s.compactness) + '; location maps by segment centre on a ' + fmt(s.grid) + '×' + fmt(s.grid) + ' grid)';
    }
    if (s.method === 'grid') return fmt(s.grid) + '×' + fmt(s.grid) + ' grid';
    return 'segmentation ' + String(s.method);
  }

  function renderReport(report) {
    state.report = report;
    const params = report.parameters || {};
    const initial = { imbalance: 'imbalance', importance: 'importance', 'centroid-distance': 'centroidDistance' }[params.order];
    if (initial) state.order = initial;
    const app = document.getElementById('app');
    const models = report.models || [];
    app.replaceChildren(
      definitions(),
      el('p', { class: 'crumbs' }, state.inline ? null : el('a', { href: '/reports', text: '← All reports' })),
      el('h1', {}, 'Which concepts drive “', el('span', { class: 'class-name', text: String(report.class) }), '”: ',
        models.map((m, i) => [i ? ' vs ' : '', el('span', { class: 'model-name model-' + i, text: modelName(report, i) })])),
      el('div', { class: 'summary' },
        el('div', { class: 'scroll' }, el('table', { class: 'models' },
          el('thead', {}, el('tr', {}, ['', 'Model', 'Framework', 'Preprocessing', 'Accuracy', 'Sampled images'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, models.map((m, i) => el('tr', {},
            el('td', {}, el('span', { class: 'swatch swatch-' + i, 'aria-hidden': 'true' }), letter(report, i)),
            el('td', { class: 'spec', text: m.spec }),
            el('td', { text: m.framework }),
            el('td', { text: m.preprocessing }),
            el('td', { text: percent(m.accuracy) }),
            el('td', { text: fmt((m.images || []).length) })))))),
        el('p', { class: 'hint' },
          'Data ', el('code', { text: String(report.data) }), ' (' + fmt(report.dataImages) + ' images, ' + (report.imageShape || []).join('×') + '); ',
          fmt(params.clusters) + ' clusters of ' + fmt((report.segments || []).length) + ' segments; ',
          el('span', { class: 'segmentation', text: segmentationText(params) }),
          ', top ' + fmt(params.topSegments) + ' segments per image re-scored by Shapley values; embedding ' + ((params.embedding || {}).model || '?') + '.'),
        (report.notes || []).length ? el('ul', { class: 'notes' }, report.notes.map((n) => el('li', { text: n }))) : null),
      confusionSection(report),
      el('section', { class: 'overview', 'aria-labelledby': 'histogram-title' },
        el('div', { class: 'overview-head' },
          el('h2', { id: 'histogram-title', text: 'Cluster histogram: mean attribution per cluster' }),
          orderSwitch()),
        el('p', { class: 'hint', text: 'Each pair of bars is one concept cluster; the bars are each model\u2019s mean Shapley attribution of the cluster\u2019s segments. Click a cluster to open it.' }),
        legend(report),
        el('div', { id: 'histogram', class: 'scroll' })),
      el('div', { class: 'layout' },
        el('div', { id: 'clusters' }),
        el('aside', { id: 'preview', class: 'preview', 'aria-live': 'polite' },
          el('h2', { text: 'Source image' }),
          el('canvas', { width: 224, height: 224, class: 'source' }),
          el('div', { class: 'caption' }, el('p', { class: 'hint', text: 'Hover over or focus a segment to see it outlined in its image.' })))));
    const firstCluster = ordered(report)[0];
    state.selected = firstCluster ? firstCluster.id : null;
    renderOrdered();
    const top = firstCluster && ((firstCluster.segments || []).flat())
      .map((i) => report.segments[i]).filter(Boolean)
      .sort((a, b) => (num(b.attribution) || 0) - (num(a.attribution) || 0))[0];
    if (top) preview(top);
    document.body.dataset.ready = 'true';
  }

  function legend(report) {
    return el('div', { class: 'legend' },
      modelSeries(report).map((s, i) => el('span', { class: 'legend-item' }, el('span', { class: 'swatch swatch-' + i, 'aria-hidden': 'true' }), s.letter + ' = ' + s.name + (i === 1 ? ' (hatched)' : ' (solid)'))),
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch swatch-ref', 'aria-hidden': 'true' }), 'black bar, dashed line = largest cluster mean'),
      el('span', { class: 'legend-item' }, '∅ = no segment of that model'));
  }

  function orderSwitch() {
    const group = el('div', { class: 'order', role: 'radiogroup', 'aria-label': 'Order clusters by' }, el('span', { class: 'order-label', text: 'Order by' }));
    for (const order of ORDERS) {
      group.appendChild(el('button', {
        type: 'button', role: 'radio', 'data-order': order.key, 'aria-checked': String(state.order === order.key),
        onclick: () => { state.order = order.key; renderOrdered(); },
        text: order.label,
      }));
    }
    return group;
  }

  function renderOrdered() {
    const report = state.report;
    for (const button of document.querySelectorAll('.order button')) {
      button.setAttribute('aria-checked', String(button.dataset.order === state.order));
    }
    const clusters = ordered(report);
    const histogram = document.getElementById('histogram');
    const width = Math.max(360, Math.min(1100, 90 + clusters.length * 70));
    histogram.replaceChildren(barPlot({
      groups: clusters.map((c, rank) => ({
        key: c.id, label: '#' + (rank + 1) + ' C' + c.id,
        title: 'Cluster ' + c.id + ' (rank ' + (rank + 1) + ', ' + c.size + ' segments)',
        values: (c.meanAttribution || []).map(num),
      })),
      series: modelSeries(report), width, height: 230, yLabel: 'mean attribution',
      xLabel: 'clusters by ' + ORDERS.find((o) => o.key === state.order).label.toLowerCase(),
      reference: num(report.maximumClusterMean), selected: state.selected,
      onGroupClick: (id) => select(id, true), className: 'histogram',
    }));
    const container = document.getElementById('clusters');
    container.replaceChildren(...clusters.map((c, rank) => clusterCard(report, c, rank)));
  }

  function select(id, scroll) {
    state.selected = id;
    renderOrdered();
    const card = document.getElementById('cluster-' + id);
    if (card && scroll) {
      card.scrollIntoView({ block: 'start' });
      card.focus({ preventScroll: true });
    }
  }

  // ---- confusion matrices -------------------------------------------------------------------

  function confusionTable(caption, counts) {
    const cell = (q, value) => el('td', { class: 'q q-' + q, 'data-quadrant': q },
      el('span', { class: 'q-badge', text: QUADRANTS[q].symbol + ' ' + q }), el('span', { class: 'q-count', text: fmt(value) }));
    return el('table', { class: 'confusion' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, el('td'), el('th', { scope: 'col', text: 'predicted class' }), el('th', { scope: 'col', text: 'predicted other' }))),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row', text: 'is class' }), cell('TP', counts.TP), cell('FN', counts.FN)),
        el('tr', {}, el('th', { scope: 'row', text: 'is other' }), cell('FP', counts.FP), cell('TN', counts.TN))));
  }

  function confusionSection(report) {
    const tables = (report.models || []).map((m, i) => {
      const counts = {};
      for (const q of Object.keys(QUADRANTS)) counts[q] = ((m.quadrants || {})[q] || {}).taken;
      return confusionTable(modelName(report, i) + ': sampled images', counts);
    });
    return el('section', { class: 'confusions', 'aria-label': 'Confusion matrices of the samples' },
      el('h2', { text: 'Confusion matrices of the balanced samples' }), el('div', { class: 'row' }, tables));
  }

  function clusterConfusion(confusion) {
    const c = confusion || {};
    return { TP: c.truePositives, TN: c.trueNegatives, FP: c.falsePositives, FN: c.falseNegatives };
  }

  // ---- location maps ------------------------------------------------------------------------

  function locationMap(caption, grid, colour) {
    const rows = grid || [];
    const max = Math.max(1, ...rows.flat().map((v) => num(v) || 0));
    return el('table', { class: 'location' },
      el('caption', { text: caption }),
      el('tbody', {}, rows.map((row) => el('tr', {}, row.map((value) => {
        const v = num(value) || 0;
        const cell = el('td', { text: v ? String(v) : '', title: v + ' segment' + (v === 1 ? '' : 's') });
        cell.style.backgroundColor = hexAlpha(colour, 0.08 + 0.85 * v / max);
        if (v / max > 0.55) cell.classList.add('dark');
        return cell;
      })))));
  }

  function hexAlpha(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16 & 255) + ',' + (n >> 8 & 255) + ',' + (n & 255) + ',' + alpha.toFixed(3) + ')';
  }

  // ---- a cluster ----------------------------------------------------------------------------

  function clusterCard(report, cluster, rank) {
    const series = modelSeries(report);
    const models = report.models || [];
    const axis = report.histogramAxis || { edges: [] };
    const edges = (axis.edges || []).map(num);
    const bins = Math.max(0, edges.length - 1);
    const card = el('section', {
      id: 'cluster-' + cluster.id, class: 'cluster' + (state.selected === cluster.id ? ' selected' : ''), tabindex: -1,
      'data-cluster': cluster.id, 'aria-labelledby': 'cluster-title-' + cluster.id,
    });
    card.appendChild(el('h2', { id: 'cluster-title-' + cluster.id },
      '#' + (rank + 1) + ' · Cluster ' + cluster.id,
      el('span', { class: 'sub', text: ' · ' + cluster.size + ' segments · imbalance ' + fmt(cluster.imbalance) + ' · importance ' + fmt(cluster.importance) + ' · mean centroid distance ' + fmt(cluster.meanCentroidDistance) })));

    const composition = barPlot({
      groups: [{ key: 'n', label: 'segments', values: (cluster.composition || []).map(num) }],
      series, width: 170, height: 170, yLabel: 'segments', className: 'composition',
    });
    const coherence = barPlot({
      groups: Array.from({ length: bins }, (_, b) => ({
        key: b, label: '',
        title: '[' + fmt(edges[b]) + ', ' + fmt(edges[b + 1]) + ')',
        values: (cluster.histograms || []).map((h) => num(h[b])),
      })),
      series, width: 330, height: 170, yLabel: 'segments', xLabel: 'attribution (one axis for both models)', className: 'coherence',
      hideZeroLetters: true, xTicks: coherenceTicks(edges),
    });
    const importance = barPlot({
      groups: [{ key: 'i', label: 'relative', values: (cluster.relativeImportance || []).map(num).concat([1]) }],
      series: series.concat([{ name: 'largest cluster mean (' + fmt(report.maximumClusterMean) + ')', fill: '#000', letter: 'max' }]),
      width: 190, height: 170, yLabel: 'mean / largest mean', className: 'importance',
    });
    card.appendChild(el('div', { class: 'plots' },
      el('figure', { class: 'plot-box' }, el('figcaption', { text: 'Composition' }), composition),
      el('figure', { class: 'plot-box' }, el('figcaption', { text: 'Coherence: attribution histograms' }), coherence),
      el('figure', { class: 'plot-box' }, el('figcaption', { text: 'Importance' }), importance)));

    const details = el('div', { class: 'row details' });
    models.forEach((m, i) => {
      const location = (cluster.locations || [])[i] || {};
      details.appendChild(el('div', { class: 'model-details model-' + i },
        el('h3', {}, el('span', { class: 'swatch swatch-' + i, 'aria-hidden': 'true' }), modelName(report, i)),
        el('div', { class: 'row' },
          confusionTable('Segments by outcome', clusterConfusion((cluster.confusion || [])[i])),
          locationMap('Where: highly attributed', location.high, MODEL_COLOURS[i % 2]),
          locationMap('Where: all', location.all, MODEL_COLOURS[i % 2]))));
    });
    card.appendChild(details);

    const concept = el('div', { class: 'concept' });
    models.forEach((m, i) => {
      const indices = ((cluster.segments || [])[i]) || [];
      const tiles = el('div', { class: 'tiles', 'data-model': i });
      const shown = Math.min(FIRST_TILES, indices.length);
      const maxAbs = Math.max(1e-12, ...((report.segments || []).map((s) => Math.abs(num(s.attribution) || 0))));
      const add = (from, to) => { for (const index of indices.slice(from, to)) tiles.appendChild(tile(report, index, maxAbs)); };
      add(0, shown);
      const column = el('div', { class: 'concept-column' },
        el('h3', {}, el('span', { class: 'swatch swatch-' + i, 'aria-hidden': 'true' }), modelName(report, i) + ': ' + indices.length + ' segments, highest attribution first'),
        indices.length ? tiles : el('p', { class: 'empty', text: 'No segment of this model in the cluster.' }));
      if (indices.length > shown) {
        const more = el('button', { type: 'button', class: 'more', text: 'Show all ' + indices.length });
        more.addEventListener('click', () => { add(shown, indices.length); more.remove(); });
        column.appendChild(more);
      }
      concept.appendChild(column);
    });
    card.appendChild(el('h3', { class: 'concept-title', text: 'Concept cluster: the segments (border and badge: the image\u2019s outcome; bar: the segment\u2019s attribution)' }));
    card.appendChild(concept);
    return card;
  }

  /** Ticks of the shared attribution axis: its ends and zero, where they do not crowd. */
  function coherenceTicks(edges) {
    if (edges.length < 2) return [];
    const lower = edges[0], upper = edges[edges.length - 1];
    if (!(upper > lower)) return [];
    const ticks = [{ at: 0, label: fmt(lower, 2), anchor: 'start' }, { at: 1, label: fmt(upper, 2), anchor: 'end' }];
    const zero = (0 - lower) / (upper - lower);
    if (zero > 0.15 && zero < 0.85) ticks.push({ at: zero, label: '0' });
    return ticks;
  }

  function tile(report, index, maxAbs) {
    const segment = report.segments[index];
    const q = QUADRANTS[segment.quadrant] ? segment.quadrant : 'TP';
    const value = num(segment.attribution) || 0;
    const fill = el('span', { class: 'fill ' + (value < 0 ? 'negative' : 'positive') });
    const share = Math.min(1, Math.abs(value) / maxAbs) * 50;
    fill.style.width = share.toFixed(2) + '%';
    fill.style.left = (value < 0 ? 50 - share : 50).toFixed(2) + '%';
    const source = segmentImage(report, segment);
    const label = modelName(report, segment.model) + ', ' + QUADRANTS[q].name + ', attribution ' + fmt(value) + (source ? ', ' + source.source : '');
    const node = el('figure', { class: 'tile q-' + q, tabindex: 0, 'data-segment': index, 'data-quadrant': q, 'aria-label': label, title: label },
      el('span', { class: 'q-badge', text: QUADRANTS[q].symbol + ' ' + q }),
      segmentCanvas(report, segment, 72),
      el('span', { class: 'attribution', 'aria-hidden': 'true' }, el('span', { class: 'zero' }), fill),
      el('figcaption', { text: fmt(value) }));
    node.addEventListener('mouseenter', () => preview(segment));
    node.addEventListener('focus', () => preview(segment));
    return node;
  }

  // ---- start --------------------------------------------------------------------------------

  async function start() {
    const page = document.body.dataset.page;
    for (const link of document.querySelectorAll('[data-nav]')) {
      if (link.dataset.nav === 'reports') link.setAttribute('aria-current', 'page');
    }
    try {
      const inline = inlineData();
      if (inline) {
        state.inline = true;
        document.body.classList.add('static');
        if (inline.view === 'reports') renderList(inline); else renderReport(inline);
        return;
      }
      if (page === 'report') {
        renderReport(await fetchJSON('/api/reports/' + encodeURIComponent(document.body.dataset.id)));
      } else {
        renderList(await fetchJSON('/api/reports'));
      }
    } catch (error) {
      fail('Could not load the report: ' + error.message);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
