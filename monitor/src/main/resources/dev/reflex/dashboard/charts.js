// Chart.js line charts fed from bounded point buffers. Chart.js is loaded as a classic script
// (the UMD build from the chart.js WebJar) and used through the global `Chart`.

const PALETTE = ['#2f7ed8', '#e4572e', '#17a589', '#f3a712', '#8e44ad', '#5d6d7e', '#c0392b', '#16a085'];

/** A pause in a series longer than this is drawn as a gap, never as a line across it. */
export const GAP_MS = 10000;

/**
 * A bounded series of {x, y} points: the oldest are dropped past `cap` or older than `windowMs`.
 * Values that are not finite numbers are skipped; a point {x, y: null} is a gap (a run boundary or
 * a pause), which the charts draw as a break in the line (spanGaps: false).
 */
export class Series {
  constructor(cap, windowMs = 0) {
    this.cap = cap;
    this.windowMs = windowMs;
    this.points = [];
  }

  /** Ends the current segment at x: the next point starts a new one. */
  gap(x) {
    const p = this.points;
    if (p.length && p[p.length - 1].y !== null) p.push({ x, y: null });
  }

  /** The segments, as arrays of points (for tests and the console). */
  segments() {
    const out = [];
    let cur = [];
    for (const pt of this.points) {
      if (pt.y === null) {
        if (cur.length) out.push(cur);
        cur = [];
      } else cur.push(pt);
    }
    if (cur.length) out.push(cur);
    return out;
  }

  push(x, y) {
    if (typeof y !== 'number' || !Number.isFinite(y)) return;
    const p = this.points;
    if (p.length && p[p.length - 1].y !== null && x - p[p.length - 1].x > GAP_MS) {
      p.push({ x: p[p.length - 1].x + 1, y: null }); // a pause: no line across it
    }
    if (p.length && x < p[p.length - 1].x) return; // out of order (a replayed frame): kept sorted
    p.push({ x, y });
    // trim in chunks so that a push stays O(1) amortised
    if (p.length > this.cap + (this.cap >> 2)) p.splice(0, p.length - this.cap);
    if (this.windowMs > 0 && p.length > 1 && p[0].x < x - this.windowMs - 2000) {
      let i = 0;
      while (i < p.length && p[i].x < x - this.windowMs) i++;
      p.splice(0, i);
    }
  }
}

/** Tick labels with at most 3 significant digits: 1.2k, 0.05, -7.5e-6. */
function compact(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return Number(v.toPrecision(2)).toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

function clock(v) {
  const d = new Date(v);
  return d.toTimeString().slice(0, 8);
}

/**
 * A line chart without animation, parsing or point markers.
 * @param canvas the canvas element
 * @param axes extra y axes, e.g. {y1: {position: 'right'}}
 */
export function lineChart(canvas, axes = {}) {
  const scales = {
    x: { type: 'linear', ticks: { callback: clock, maxTicksLimit: 5, maxRotation: 0 } },
    y: { ticks: { maxTicksLimit: 6, callback: compact } },
  };
  for (const [id, axis] of Object.entries(axes)) {
    scales[id] = { grid: { drawOnChartArea: false }, ticks: { maxTicksLimit: 6, callback: compact }, ...axis };
  }
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: false,
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5, tension: 0 } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: { legend: { labels: { boxWidth: 10, font: { size: 11 } } } },
      scales,
    },
  });
}

/**
 * Points `chart` at the given series (name -> Series), in order; extra options per name
 * (e.g. {yAxisID: 'y1'}).
 */
export function bind(chart, series, extra = {}) {
  chart.data.datasets = Object.entries(series).map(([label, s], i) => ({
    label,
    data: s.points,
    borderColor: PALETTE[i % PALETTE.length],
    backgroundColor: PALETTE[i % PALETTE.length],
    ...(extra[label] || {}),
  }));
}

/** Redraws `chart` without animation; a moving window when windowMs > 0. Returns points drawn. */
export function redraw(chart, windowMs = 0) {
  let points = 0;
  let newest = -Infinity;
  for (const d of chart.data.datasets) {
    points += d.data.length;
    if (d.data.length) newest = Math.max(newest, d.data[d.data.length - 1].x);
  }
  const x = chart.options.scales.x;
  if (windowMs > 0 && Number.isFinite(newest)) {
    x.min = newest - windowMs;
    x.max = newest;
  } else {
    delete x.min;
    delete x.max;
  }
  chart.update('none');
  chart.canvas.dataset.points = String(points);
  return points;
}
