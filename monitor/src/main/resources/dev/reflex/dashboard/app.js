// The Reflex dashboard: one EventSource (/events) feeds per-device bounded buffers; the charts,
// the fleet table and the event log are redrawn at most once per animation frame.
import { Series, lineChart, bind, redraw } from './charts.js';
import { setupCommands, onAck } from './commands.js';

const LEARNING_POINTS = 1800;
const LOOP_POINTS = 600;
const SIGNAL_POINTS = 3000;
const EVENTS_SHOWN = 200;
const STALE_MS = 5000;

// counters for people and tests: window.reflexDashboard and data-* attributes on <body>
const stats = { frames: 0, redraws: 0, points: { learning: 0, loop: 0, signals: 0 } };
window.reflexDashboard = stats;
const devices = new Map();
stats.devices = devices; // per-device buffers, for inspection from the console and tests

let selected = null;
let signalWindowMs = 30000;
const dirty = new Set();
const newEvents = [];
let frameRequested = false;

const charts = {
  returns: lineChart(document.getElementById('chart-returns')),
  losses: lineChart(document.getElementById('chart-losses'), { y1: { position: 'right' } }),
  exploration: lineChart(document.getElementById('chart-exploration')),
  loop: lineChart(document.getElementById('chart-loop'), { y1: { position: 'right', min: 0 } }),
  observation: lineChart(document.getElementById('chart-observation')),
  action: lineChart(document.getElementById('chart-action'), { y1: { position: 'right' } }),
};

function device(id) {
  let d = devices.get(id);
  if (!d) {
    const s = (n) => new Series(n);
    d = {
      id, status: null, meta: null, lastSeen: 0, lastFault: null, lastMisses: null,
      returns: { 'episode return': s(LEARNING_POINTS), 'evaluation return (no noise)': s(LEARNING_POINTS), baseline: s(LEARNING_POINTS) },
      evaluations: null, evaluating: false,
      losses: { 'critic loss': s(LEARNING_POINTS), 'actor loss': s(LEARNING_POINTS), 'mean Q': s(LEARNING_POINTS) },
      exploration: { 'exploration scale': s(LEARNING_POINTS), 'replay fill': s(LEARNING_POINTS) },
      loop: { 'p50': s(LOOP_POINTS), 'p99': s(LOOP_POINTS), 'max': s(LOOP_POINTS), 'deadline misses/s': s(LOOP_POINTS) },
      observation: {},
      action: {},
    };
    devices.set(id, d);
    if (!selected) select(id);
  }
  return d;
}

function signalSeries(d, group, key) {
  let s = d[group][key];
  if (!s) {
    s = d[group][key] = new Series(SIGNAL_POINTS, 65000);
    if (d.id === selected) bindSignals(d);
  }
  return s;
}

function bindAll(d) {
  bind(charts.returns, d.returns, { 'evaluation return (no noise)': { pointRadius: 3, pointStyle: 'rectRot' } });
  bind(charts.losses, d.losses, { 'mean Q': { yAxisID: 'y1' } });
  bind(charts.exploration, d.exploration);
  bind(charts.loop, d.loop, { 'deadline misses/s': { yAxisID: 'y1', stepped: true } });
  bindSignals(d);
  Object.keys(charts).forEach((c) => dirty.add(c));
}

function bindSignals(d) {
  bind(charts.observation, d.observation);
  bind(charts.action, d.action, { reward: { yAxisID: 'y1' } });
}

function select(id) {
  selected = id;
  document.getElementById('device-name').textContent = id;
  document.getElementById('command-device').textContent = id;
  bindAll(device(id));
  dirty.add('fleet');
  schedule();
}

function schedule() {
  if (!frameRequested) {
    frameRequested = true;
    requestAnimationFrame(drawFrame);
  }
}

/** Charts to redraw in the next frame: only the selected device's are on screen. */
function mark(d, ...names) {
  if (d.id === selected) names.forEach((n) => dirty.add(n));
}

function num(v) {
  return typeof v === 'number' ? v : null;
}

/** A number for people: whole numbers as they are, others with 2 decimals (3 significant if tiny). */
function round(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 0.01 ? v.toFixed(2) : v.toPrecision(2);
}

/** Numbers with 3 or more decimals inside a message, rounded. */
function roundIn(text) {
  return text.replace(/-?\d+\.\d{3,}(?:[eE][-+]?\d+)?/g, (m) => round(Number(m)));
}

/** The event's message without a repeated kind ('rollback: rollback: x' reads 'rollback: x'). */
function eventText(kind, message) {
  let m = typeof message === 'string' ? message : '';
  while (m.toLowerCase().startsWith(kind.toLowerCase() + ':')) m = m.slice(kind.length + 1).trimStart();
  return roundIn(m);
}

/** Every series of a device: a new run (or the device going offline) ends their segments. */
function allSeries(d) {
  const out = [];
  for (const g of ['returns', 'losses', 'exploration', 'loop', 'observation', 'action']) out.push(...Object.values(d[g]));
  return out;
}

/**
 * The run a message belongs to, from the device's start time (status: ts - uptime; summary:
 * run_start_ms). A different start is a new run: every series starts a new segment and the
 * previous run's baseline no longer applies.
 */
function runStarted(d, startMs, t) {
  if (typeof startMs !== 'number' || !Number.isFinite(startMs)) return;
  if (d.runStart != null && Math.abs(startMs - d.runStart) > 2000) {
    allSeries(d).forEach((s) => s.gap(t));
    d.baseline = null;
    d.best = null;
    d.rollbacks = null;
    d.lastMisses = null;
    d.runs = (d.runs || 1) + 1;
    mark(d, 'returns', 'losses', 'exploration', 'loop', 'observation', 'action');
  }
  d.runStart = startMs;
}

function setBaseline(d, value, ts) {
  d.baseline = value;
  d.baselineTs = ts;
  const base = d.returns.baseline;
  const last = d.returns['episode return'].points.at(-1);
  base.push(Math.max(ts, base.points.length ? base.points.at(-1).x : ts), value);
  if (last && last.y !== null && last.x > ts) base.push(last.x, value); // a line from the start
  mark(d, 'returns');
}

const handlers = {
  hello(_, body) {
    // a new stream starts with the server's history: start the buffers afresh
    devices.clear();
    selected = null;
    document.getElementById('event-log').replaceChildren();
    document.getElementById('commands').hidden = body.readOnly;
    dirty.add('fleet');
    schedule();
  },
  status(d, body) {
    if (body.state === 'online' && typeof body.uptime_s === 'number') {
      runStarted(d, body.ts - body.uptime_s * 1000, body.ts);
    } else if (body.state !== 'online') {
      allSeries(d).forEach((s) => s.gap(body.ts)); // offline: the line ends here
      mark(d, 'returns', 'losses', 'exploration', 'loop', 'observation', 'action');
    }
    d.status = body;
    dirty.add('fleet');
  },
  summary(d, b) {
    // retained by the broker: reaches a dashboard that joins after the baseline was measured
    runStarted(d, b.run_start_ms, b.ts);
    if (num(b.baseline) !== null && d.baseline == null) setBaseline(d, b.baseline, num(b.baseline_ts) ?? b.ts);
    d.best = num(b.best);
    d.rollbacks = num(b.rollbacks);
    dirty.add('fleet');
  },
  meta(d, body) {
    d.meta = body;
  },
  learning(d, b) {
    const t = b.ts;
    d.returns['episode return'].push(t, num(b.episode_return));
    // one point per finished noise-free evaluation: when the device's evaluations counter changes
    // (it grows; it restarts from 0 with the device) or on the first message carrying a return
    const evaluations = num(b.evaluations);
    if (evaluations !== null && num(b.eval_return) !== null && evaluations !== d.evaluations) {
      d.returns['evaluation return (no noise)'].push(t, b.eval_return);
    }
    if (evaluations !== null) d.evaluations = evaluations;
    d.evaluating = b.evaluating === 1;
    if (d.baseline != null && t >= d.baselineTs) d.returns.baseline.push(t, d.baseline);
    d.losses['critic loss'].push(t, num(b.critic_loss));
    d.losses['actor loss'].push(t, num(b.actor_loss));
    d.losses['mean Q'].push(t, num(b.mean_q));
    d.exploration['exploration scale'].push(t, num(b.exploration));
    d.exploration['replay fill'].push(t, num(b.replay_fill));
    d.actorVersion = b.actor_version;
    stats.points.learning++;
    mark(d, 'returns', 'losses', 'exploration');
    dirty.add('fleet');
  },
  loop(d, b) {
    const t = b.ts;
    d.loop.p50.push(t, num(b.lateness_p50_us));
    d.loop.p99.push(t, num(b.lateness_p99_us));
    d.loop.max.push(t, num(b.lateness_max_us));
    const misses = num(b.deadline_misses);
    if (misses !== null && d.lastMisses !== null) {
      d.loop['deadline misses/s'].push(t, Math.max(0, misses - d.lastMisses.n) * 1000 / Math.max(1, t - d.lastMisses.t));
    }
    if (misses !== null) d.lastMisses = { n: misses, t };
    d.totalMisses = misses;
    stats.points.loop++;
    mark(d, 'loop');
  },
  signals(d, b) {
    const t = b.ts;
    for (const [k, v] of Object.entries(b)) {
      if (k === 'ts') continue;
      const group = k.startsWith('obs_') ? 'observation' : 'action';
      signalSeries(d, group, k.startsWith('obs_') ? k.slice(4) : k.startsWith('act_') ? k.slice(4) : k).push(t, num(v));
    }
    stats.points.signals++;
    mark(d, 'observation', 'action');
  },
  event(d, b) {
    if (b.kind === 'fault') {
      d.lastFault = b;
      dirty.add('fleet');
    }
    if (b.kind === 'info' && typeof b.message === 'string' && b.message.startsWith('baseline:') && num(b.value) !== null) {
      setBaseline(d, b.value, b.ts); // the return guard's baseline: the starting actor's return
      d.best = b.value;
    }
    if (b.kind === 'info' && typeof b.message === 'string' && b.message.startsWith('best:')) d.best = num(b.value);
    newEvents.push({ device: d.id, kind: b.kind, ts: b.ts, text: eventText(b.kind, b.message) + (b.value == null ? '' : ' (' + round(b.value) + ')') });
  },
  ack(d, b, command) {
    onAck(b);
    const what = (command ? command + ' ' : '') + b.id + ': ' + b.status;
    newEvents.push({ device: d.id, kind: 'ack', ts: b.ts, text: what + (b.reason ? ' ' + b.reason : '') + (b.detail ? ' – ' + b.detail : '') });
  },
};

function onFrame(kind, e) {
  const data = JSON.parse(e.data);
  stats.frames++;
  if (kind === 'hello') {
    handlers.hello(null, data);
    return;
  }
  const d = device(data.device);
  d.lastSeen = Date.now();
  handlers[kind](d, data.body, data.command);
  schedule();
}

function drawFrame() {
  frameRequested = false;
  const d = devices.get(selected);
  const windows = { observation: signalWindowMs, action: signalWindowMs };
  for (const name of Object.keys(charts)) {
    if (dirty.has(name) && d) {
      redraw(charts[name], windows[name] || 0);
      stats.redraws++;
    }
  }
  if (dirty.has('fleet')) drawFleet();
  if (newEvents.length) drawEvents();
  dirty.clear();
  const b = document.body.dataset;
  b.frames = stats.frames;
  b.signalPoints = stats.points.signals;
  b.learningPoints = stats.points.learning;
  b.loopPoints = stats.points.loop;
}

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
  return td;
}

function stateOf(d) {
  const s = d.status ? d.status.state : 'unknown';
  return s === 'online' && Date.now() - d.lastSeen > STALE_MS ? 'stale' : s;
}

function uptime(d, state) {
  const s = d.status;
  if (!s || typeof s.uptime_s !== 'number') return '';
  // status is published on connect and on changes: count on from its timestamp while online
  const secs = Math.round(s.uptime_s + (state === 'online' ? Math.max(0, Date.now() - s.ts) / 1000 : 0));
  return secs < 120 ? secs + ' s' : secs < 7200 ? Math.round(secs / 60) + ' min' : (secs / 3600).toFixed(1) + ' h';
}

function drawFleet() {
  const body = document.getElementById('fleet-rows');
  const rows = [];
  for (const d of devices.values()) {
    const tr = document.createElement('tr');
    tr.dataset.device = d.id;
    if (d.id === selected) tr.className = 'selected';
    cell(tr, d.id);
    const state = stateOf(d);
    const badge = cell(tr, state, 'state');
    badge.dataset.state = state;
    cell(tr, d.status ? d.status.version : '');
    cell(tr, d.actorVersion == null ? '' : 'v' + d.actorVersion);
    cell(tr, uptime(d, state));
    cell(tr, d.lastSeen ? new Date(d.lastSeen).toTimeString().slice(0, 8) : '');
    cell(tr, d.lastFault ? new Date(d.lastFault.ts).toTimeString().slice(0, 8) + ' ' + d.lastFault.message : '–', d.lastFault ? 'fault' : '');
    tr.addEventListener('click', () => select(d.id));
    rows.push(tr);
  }
  body.replaceChildren(...rows);
  const d = devices.get(selected);
  drawBadge(d);
  drawSummary(d);
  // the selected device evaluates its actor without exploration noise: a badge by its name
  document.getElementById('device-evaluating').hidden = !(d && d.evaluating && stateOf(d) === 'online');
}

let streamState = 'connecting';

/** The header badge: the stream's state while it is not live, else the selected device's state. */
function drawBadge(d) {
  const badge = document.getElementById('connection');
  const state = streamState !== 'live' ? streamState : d ? stateOf(d) : 'waiting';
  const text = state === 'online' ? 'live' : state;
  if (badge.textContent !== text) badge.textContent = text;
  badge.dataset.state = state === 'online' ? 'live' : state;
}

/** Baseline, best and rollbacks of the selected device's run. */
function drawSummary(d) {
  const el = document.getElementById('device-summary');
  const parts = [];
  if (d && d.baseline != null) parts.push('baseline ' + round(d.baseline));
  if (d && d.best != null) parts.push('best ' + round(d.best));
  if (d && d.rollbacks != null) parts.push(d.rollbacks + (d.rollbacks === 1 ? ' rollback' : ' rollbacks'));
  const text = parts.join(' · ');
  if (el.textContent !== text) el.textContent = text;
}

function drawEvents() {
  const log = document.getElementById('event-log');
  for (const ev of newEvents) {
    const li = document.createElement('li');
    li.dataset.kind = ev.kind;
    li.textContent = new Date(ev.ts).toTimeString().slice(0, 8) + '  ' + ev.device + '  ' + ev.kind + '  ' + ev.text;
    log.prepend(li);
  }
  newEvents.length = 0;
  while (log.children.length > EVENTS_SHOWN) log.lastElementChild.remove();
}

function connect() {
  const source = new EventSource('/events');
  source.onopen = () => {
    streamState = 'live';
    dirty.add('fleet');
    schedule();
  };
  source.onerror = () => {
    streamState = 'reconnecting';
    dirty.add('fleet');
    schedule();
  };
  for (const kind of ['hello', 'status', 'meta', 'summary', 'loop', 'learning', 'signals', 'event', 'ack']) {
    source.addEventListener(kind, (e) => onFrame(kind, e));
  }
}

document.getElementById('signal-window').addEventListener('change', (e) => {
  signalWindowMs = Number(e.target.value) * 1000;
  dirty.add('observation').add('action');
  schedule();
});
setInterval(() => {
  document.getElementById('clock').textContent = new Date().toTimeString().slice(0, 8);
  dirty.add('fleet');
  schedule();
}, 1000);
setupCommands(() => selected);
// the stream opens after the page has loaded: a page with an open request never finishes loading
// (a headless browser's screenshot would wait for it forever)
if (document.readyState === 'complete') setTimeout(connect, 0);
else window.addEventListener('load', () => setTimeout(connect, 0));
