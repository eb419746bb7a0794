// A few SVG charts and graph layouts, written here because the dashboard loads nothing from the internet.
// Charts draw into a fixed viewBox and scale with their container (CSS: svg { width: 100%; height: auto }).
import { h, s } from './dom.js';

/** Round tick values covering [min, max]. */
export function niceTicks(min, max, count = 5) {
  if (min === max) { min -= 1; max += 1; }
  const span = max - min;
  const step0 = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => span / m <= count) ?? 10 * magnitude;
  const start = Math.floor(min / step) * step;
  const ticks = [];
  for (let v = start; v <= max + step * 0.5; v += step) ticks.push(Math.abs(v) < step / 1e6 ? 0 : v);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** Swatches naming the series of a chart. */
export function legend(series) {
  return h('ul', { class: 'legend' }, series.map((x) => h('li', {}, h('span', { class: `swatch ${x.cls}` }), x.label)));
}

function frame(width, height, title) {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title ?? 'chart', preserveAspectRatio: 'xMidYMid meet' },
    title ? s('title', {}, title) : null);
}

function axis(svg, ticks, y, left, right, format) {
  for (const t of ticks) {
    svg.append(s('line', { x1: left, x2: right, y1: y(t), y2: y(t), class: t === 0 ? 'axis zero' : 'grid' }));
    svg.append(s('text', { x: left - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end' }, format(t)));
  }
}

/**
 * Bars per category, grouped or stacked. series: [{ label, cls, values: number[] }].
 * onSelect(categoryIndex, seriesIndex) makes bars clickable (drill-down).
 */
export function barChart({ categories, series, stacked = false, format = String, valueFormat = format, width = 760, height = 280, title, onSelect }) {
  const margin = { top: 12, right: 12, bottom: 46, left: 72 };
  const svg = frame(width, height, title);
  const values = categories.map((_, i) => series.map((x) => x.values[i] ?? 0));
  const extent = values.flatMap((v) => stacked
    ? [v.filter((x) => x > 0).reduce((a, b) => a + b, 0), v.filter((x) => x < 0).reduce((a, b) => a + b, 0)]
    : v);
  const ticks = niceTicks(Math.min(0, ...extent), Math.max(0, ...extent));
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];
  const plotH = height - margin.top - margin.bottom;
  const plotW = width - margin.left - margin.right;
  const y = (v) => margin.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  axis(svg, ticks, y, margin.left, width - margin.right, format);
  const band = plotW / Math.max(1, categories.length);
  const inner = band * 0.78;
  const labelEvery = Math.ceil(categories.length / Math.max(1, Math.floor(plotW / 64)));
  categories.forEach((category, i) => {
    const x0 = margin.left + i * band + (band - inner) / 2;
    let up = 0;
    let down = 0;
    series.forEach((x, j) => {
      const v = values[i][j];
      let top;
      let bottom;
      let bx = x0;
      let bw = inner;
      if (stacked) {
        if (v >= 0) { bottom = y(up); up += v; top = y(up); } else { top = y(down); down += v; bottom = y(down); }
      } else {
        bw = inner / series.length;
        bx = x0 + j * bw;
        top = y(Math.max(0, v));
        bottom = y(Math.min(0, v));
      }
      const bar = s('rect', {
        x: bx, y: top, width: Math.max(1, bw - (stacked ? 0 : 1)), height: Math.max(0, bottom - top),
        class: `bar ${x.cls}${onSelect ? ' selectable' : ''}`, dataset: { category, series: x.label, value: v },
      }, s('title', {}, `${category} · ${x.label}: ${valueFormat(v)}`));
      if (onSelect) bar.addEventListener('click', () => onSelect(i, j));
      svg.append(bar);
    });
    if (i % labelEvery === 0) {
      svg.append(s('text', { x: x0 + inner / 2, y: height - margin.bottom + 18, class: 'tick', 'text-anchor': 'middle' }, category));
    }
  });
  return svg;
}

const day = 86_400_000;
const toTime = (d) => new Date(`${d}T00:00:00Z`).getTime();

/**
 * Step lines over calendar dates (the ROI curve is a step function). series: [{ label, cls, points: [[date, value]] }];
 * markers: [{ date, label, cls }] draw vertical rules (the payback date). onSelect(seriesIndex, pointIndex) makes each
 * point a clickable dot (drill-down).
 */
export function stepChart({ series, markers = [], format = String, dateFormat = String, width = 760, height = 260, title, onSelect }) {
  const margin = { top: 12, right: 16, bottom: 36, left: 72 };
  const svg = frame(width, height, title);
  const all = series.flatMap((x) => x.points);
  if (all.length === 0) {
    svg.append(s('text', { x: width / 2, y: height / 2, class: 'tick', 'text-anchor': 'middle' }, 'No data at this position'));
    return svg;
  }
  const times = all.map(([d]) => toTime(d));
  const [t0, t1] = [Math.min(...times), Math.max(...times) + day];
  const ticks = niceTicks(Math.min(0, ...all.map(([, v]) => v)), Math.max(0, ...all.map(([, v]) => v)));
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (t) => margin.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v) => margin.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  axis(svg, ticks, y, margin.left, width - margin.right, format);
  const labels = Math.max(2, Math.floor(plotW / 110));
  for (let k = 0; k <= labels; k++) {
    const t = t0 + ((t1 - t0) * k) / labels;
    const anchor = k === 0 ? 'start' : k === labels ? 'end' : 'middle';
    svg.append(s('text', { x: x(t), y: height - 12, class: 'tick', 'text-anchor': anchor }, dateFormat(new Date(t).toISOString().slice(0, 10))));
  }
  for (const line of series) {
    let d = '';
    let previous = null;
    for (const [on, v] of line.points) {
      const px = x(toTime(on));
      d += previous === null ? `M${px},${y(0)} L${px},${y(v)}` : ` L${px},${y(previous)} L${px},${y(v)}`;
      previous = v;
    }
    if (previous !== null) d += ` L${x(t1)},${y(previous)}`;
    svg.append(s('path', { d, class: `line ${line.cls}` }, s('title', {}, line.label)));
  }
  if (onSelect) {
    series.forEach((line, i) => line.points.forEach(([on, v], j) => {
      const dot = s('circle', { cx: x(toTime(on)), cy: y(v), r: 3.5, class: `point selectable ${line.cls}`, dataset: { date: on, series: line.label, value: v } },
        s('title', {}, `${dateFormat(on)} · ${line.label}: ${format(v)}`));
      dot.addEventListener('click', () => onSelect(i, j));
      svg.append(dot);
    }));
  }
  for (const m of markers) {
    const px = x(toTime(m.date));
    svg.append(s('line', { x1: px, x2: px, y1: margin.top, y2: margin.top + plotH, class: `marker ${m.cls ?? ''}` }));
    svg.append(s('text', { x: px + 4, y: margin.top + 12, class: 'marker-label' }, m.label));
  }
  return svg;
}

/**
 * Fruchterman–Reingold force layout, deterministic (no random start): nodes start on a circle in the given order.
 * edges: [{ source, target, weight }] by node index. Returns [{x, y}] inside width × height.
 */
export function forceLayout(count, edges, { width = 900, height = 620, iterations } = {}) {
  const n = count;
  const pos = Array.from({ length: n }, (_, i) => ({
    x: width / 2 + (width / 2.4) * Math.cos((2 * Math.PI * i) / Math.max(1, n)),
    y: height / 2 + (height / 2.4) * Math.sin((2 * Math.PI * i) / Math.max(1, n)),
  }));
  if (n < 2) return pos;
  const k = Math.sqrt((width * height) / n) * 0.75;
  const steps = iterations ?? (n > 600 ? 40 : n > 250 ? 120 : 300);
  const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
  let temperature = width / 8;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let step = 0; step < steps; step++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = pos[i].x - pos[j].x;
        let ey = pos[i].y - pos[j].y;
        let d2 = ex * ex + ey * ey;
        if (d2 < 0.01) { ex = 0.1 * ((i % 7) - 3); ey = 0.1 * ((j % 5) - 2); d2 = ex * ex + ey * ey + 0.01; }
        const f = (k * k) / d2;
        dx[i] += ex * f; dy[i] += ey * f;
        dx[j] -= ex * f; dy[j] -= ey * f;
      }
    }
    for (const e of edges) {
      const ex = pos[e.source].x - pos[e.target].x;
      const ey = pos[e.source].y - pos[e.target].y;
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      // Weaker than textbook Fruchterman–Reingold: the relationship map is dense (several links per node).
      const f = (d / k) * 0.3 * (0.5 + Math.log1p(e.weight) / Math.log1p(maxWeight));
      dx[e.source] -= ex * f; dy[e.source] -= ey * f;
      dx[e.target] += ex * f; dy[e.target] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (width / 2 - pos[i].x) * 0.02 * k / 10;
      dy[i] += (height / 2 - pos[i].y) * 0.02 * k / 10;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const move = Math.min(d, temperature);
      pos[i].x = Math.min(width - 16, Math.max(16, pos[i].x + (dx[i] / d) * move));
      pos[i].y = Math.min(height - 16, Math.max(16, pos[i].y + (dy[i] / d) * move));
    }
    temperature = Math.max(1, temperature * 0.975);
  }
  return fit(pos, width, height, 24);
}

/** Scales positions to fill the box (keeping proportions), so a compact layout still uses the space. */
function fit(pos, width, height, pad) {
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0));
  const [ox, oy] = [(width - (x1 - x0) * scale) / 2, (height - (y1 - y0) * scale) / 2];
  return pos.map((p) => ({ x: ox + (p.x - x0) * scale, y: oy + (p.y - y0) * scale }));
}

/**
 * Columns by distance from the root along the edges' direction (a lineage reads left to right: the decision, then
 * what informed it). Returns { positions: Map(id → {x, y}), width, height }.
 */
export function layeredLayout(nodes, edges, root, { columnWidth = 230, rowHeight = 46, order = () => 0 } = {}) {
  const level = new Map([[root, 0]]);
  const outgoing = new Map();
  for (const e of edges) (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)).push(e.to);
  const queue = [root];
  while (queue.length) {
    const id = queue.shift();
    for (const next of outgoing.get(id) ?? []) {
      if (!level.has(next)) { level.set(next, level.get(id) + 1); queue.push(next); }
    }
  }
  const deepest = Math.max(0, ...level.values());
  const columns = [];
  for (const node of nodes) {
    const l = level.has(node.id) ? level.get(node.id) : deepest + 1;
    (columns[l] ??= []).push(node);
  }
  const tallest = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  const height = tallest * rowHeight + 40;
  const positions = new Map();
  columns.forEach((column, l) => {
    if (!column) return;
    column.sort((a, b) => order(a) - order(b) || String(a.label).localeCompare(String(b.label)) || a.id.localeCompare(b.id));
    const offset = (height - column.length * rowHeight) / 2;
    column.forEach((node, i) => positions.set(node.id, { x: 110 + l * columnWidth, y: offset + i * rowHeight + rowHeight / 2 }));
  });
  return { positions, width: 290 + (columns.length - 1) * columnWidth, height }; // room for arcs right of the last column
}
