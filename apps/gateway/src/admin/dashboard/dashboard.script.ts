/**
 * The dashboard's script, inlined in the page. Plain ES2020 for any current browser; it builds
 * every node with textContent (never innerHTML), so nothing the API returns can inject markup.
 * Each route's card is built once and its figures updated in place, so a refresh never wipes a
 * weight or a reason being typed.
 */
export const DASHBOARD_SCRIPT = `
'use strict';
const TOKEN_KEY = 'ficus-admin-token';
const REFRESH_MS = 5000;
/** The canary weights promote walks through, then new: the same ladder as the ficus command. */
const CANARY_STEPS = [10, 25, 50];
const SVG = 'http://www.w3.org/2000/svg';
const cards = new Map();
let timer = null;

const $ = (id) => document.getElementById(id);
const el = (tag, props, ...children) => {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child);
  return node;
};
const svg = (tag, attrs) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

function status(message, isError) {
  $('status').textContent = message;
  $('status').className = isError ? 'error' : '';
}

class ApiError extends Error {
  constructor(status, body) {
    super((body.code || 'HTTP ' + status) + ': ' + (body.detail || body.title || 'request failed'));
    this.status = status;
    this.code = body.code;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
  }
}

async function api(path, init) {
  const headers = { accept: 'application/json' };
  if (token()) headers.authorization = 'Bearer ' + token();
  if (init && init.body) headers['content-type'] = 'application/json';
  const res = await fetch(path, Object.assign({ credentials: 'omit', cache: 'no-store' }, init, { headers }));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

const fmt = {
  pct: (v) => (v === null || v === undefined ? '-' : (v * 100).toFixed(1) + '%'),
  ms: (v) => (v === null || v === undefined ? '-' : '≤ ' + v + ' ms'),
  duration: (ms) => {
    const s = Math.floor(ms / 1000);
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.floor(s / 60) + ' min';
    return Math.floor(s / 3600) + ' h';
  },
};

function placement(mode, weight) { return mode === 'canary' ? 'canary ' + weight + '%' : mode; }

/** A gate's figure or threshold in its own unit. */
function gateValue(gate, v) {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  switch (gate) {
    case 'minParity': return (v * 100).toFixed(2) + '%';
    case 'maxErrorRateOverLegacy': return (v * 100).toFixed(2) + ' pts';
    case 'maxP99OverLegacy': return '× ' + v.toFixed(2);
    case 'minTimeInStep': return fmt.duration(v);
    case 'maxCdcLagMs': case 'maxSyncLagMs': return v + ' ms';
    default: return String(v);
  }
}

function nextStep(mode, weight) {
  switch (mode) {
    case 'legacy': return { mode: 'shadow' };
    case 'shadow': return { mode: 'canary', weight: CANARY_STEPS[0] };
    case 'canary': {
      const up = CANARY_STEPS.find((w) => w > weight);
      return up === undefined ? { mode: 'new' } : { mode: 'canary', weight: up };
    }
    case 'new': return { mode: 'retired' };
    default: return null;
  }
}

function signedIn(yes) {
  $('signin').hidden = yes;
  $('signedin').hidden = !yes;
}

/** Stacked bars, one per interval: legacy below, the new service above, the gateway's own on top. */
function chart(points) {
  const W = 540, H = 84, top = 6, bottom = 14;
  const node = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart', role: 'img',
    'aria-label': 'requests per interval: legacy ' + sum(points, 'legacy') + ', new ' + sum(points, 'new') + ', gateway ' + sum(points, 'gateway') });
  const max = Math.max(1, ...points.map((p) => p.legacy + p.new + p.gateway));
  const slots = Math.max(points.length, 30);
  const step = W / slots;
  const scale = (H - top - bottom) / max;
  points.forEach((p, i) => {
    const x = (slots - points.length + i) * step + 0.5;
    let y = H - bottom;
    for (const side of ['legacy', 'new', 'gateway']) {
      const h = p[side] * scale;
      if (h <= 0) continue;
      y -= h;
      node.append(svg('rect', { x: x, y: y, width: Math.max(step - 1, 1), height: h, class: side }));
    }
  });
  node.append(svg('line', { x1: 0, x2: W, y1: H - bottom, y2: H - bottom, class: 'axis' }));
  const label = (x, anchor, text) => {
    const t = svg('text', { x: x, y: H - 2, 'text-anchor': anchor });
    t.textContent = text;
    node.append(t);
  };
  if (points.length) {
    const span = (Date.parse(points[points.length - 1].end) - Date.parse(points[0].start)) / 1000;
    label(2, 'start', '-' + fmt.duration(span * 1000));
  }
  label(W - 2, 'end', 'now');
  const peak = svg('text', { x: 2, y: top + 4 });
  peak.textContent = max + ' req';
  node.append(peak);
  return node;
}

function sum(points, side) { return points.reduce((n, p) => n + p[side], 0); }

function trafficLine(points) {
  const legacy = sum(points, 'legacy');
  const newer = sum(points, 'new');
  const gateway = sum(points, 'gateway');
  const line = el('div', { className: 'muted' }, 'Last ' + fmt.duration(points.length ? Date.parse(points[points.length - 1].end) - Date.parse(points[0].start) : 0) + ':');
  line.append(el('span', { className: 'key legacy' }), 'legacy ' + legacy);
  line.append(el('span', { className: 'key new' }), 'new ' + newer);
  if (gateway) line.append(el('span', { className: 'key gateway' }), 'gateway ' + gateway);
  return line;
}

function lagText(gates, name) {
  const gate = gates.find((g) => g.gate === name && g.figure !== null);
  return gate ? gate.figure + ' ms' : 'not reported';
}

function facts(route) {
  const f = route.figures;
  const items = [];
  const fact = (label, value) => items.push(el('span', {}, label + ' ', el('b', { textContent: value })));
  if (f) {
    fact('in ' + route.mode + ' for', fmt.duration(f.timeInStepMs));
    fact('comparisons', String(f.comparisons));
    fact('parity', f.parityRate === null ? 'not measured' : fmt.pct(f.parityRate));
    fact('errors new / legacy', fmt.pct(f.new.errorRate) + ' / ' + fmt.pct(f.legacy.errorRate));
    fact('p99 new / legacy', fmt.ms(f.new.p99Ms) + ' / ' + fmt.ms(f.legacy.p99Ms));
  }
  if (route.traffic) fact('on new code since start', route.traffic.newShare === null ? '-' : fmt.pct(route.traffic.newShare));
  fact('CDC lag', lagText(route.gates, 'maxCdcLagMs'));
  fact('sync lag', lagText(route.gates, 'maxSyncLagMs'));
  return items;
}

function gateRows(gates) {
  return gates.map((g) => el('tr', {},
    el('td', {}, el('span', { className: 'state state-' + g.state, textContent: g.state })),
    el('td', { textContent: g.gate }),
    el('td', { className: 'num', textContent: gateValue(g.gate, g.figure) }),
    el('td', { className: 'num', textContent: gateValue(g.gate, g.threshold) }),
    el('td', { className: 'detail', textContent: g.detail })));
}

function gatesTable(route) {
  if (!route.gates.length) return el('div', { className: 'muted', textContent: 'No gates declared for leaving ' + route.mode + '.' });
  return el('table', {},
    el('thead', {}, el('tr', {}, ...['State', 'Gate (' + route.mode + ')', 'Figure', 'Threshold', ''].map((t) => el('th', { textContent: t })))),
    el('tbody', {}, ...gateRows(route.gates)));
}

/** The route's step schedule: state, next step and when, and the gates it waits on. */
function scheduleView(schedule) {
  if (!schedule) return [el('span', { className: 'muted', textContent: 'No step schedule started.' })];
  const plan = 'steps ' + schedule.steps.join(', ') + ' every ' + fmt.duration(schedule.everyMs);
  if (schedule.state !== 'running') return [el('span', {}, 'Step schedule ', el('b', { textContent: schedule.state }), ' (' + plan + '): ' + schedule.note)];
  const due = Date.parse(schedule.dueAt) - Date.now();
  const next = schedule.next ? placement(schedule.next.mode, schedule.next.weight) : '-';
  const line = el('span', {}, 'Step schedule ', el('b', { textContent: 'running' }), ' (' + plan + '): next ', el('b', { textContent: next }), due > 0 ? ' in ' + fmt.duration(due) : ' due now');
  if (!schedule.waitingOn.length) return [line];
  return [line, el('ul', {}, ...schedule.waitingOn.map((g) => el('li', {},
    'waiting on ' + g.gate + ': ' + gateValue(g.gate, g.figure) + ', threshold ' + gateValue(g.gate, g.threshold) + ' — ' + g.detail)))];
}

async function scheduleAct(card, label, path) {
  try {
    const result = await api('/admin/routes/' + encodeURIComponent(card.name) + path, { method: 'POST', body: JSON.stringify({ reason: card.reason.value.trim() || label + ' from the dashboard' }) });
    showResult(card, true, label + ': step schedule ' + result.schedule.state + (result.audit ? ' (' + result.audit.action + ', audit #' + result.audit.id + ')' : ''));
  } catch (err) {
    showResult(card, false, label + ' failed: ' + err.message);
  }
  await refresh();
}

function parityTable(report) {
  if (!report) return el('div', { className: 'muted', textContent: 'Parity: not available.' });
  if (!report.mismatches.length) {
    return el('div', { className: 'muted', textContent: 'Parity: ' + (report.comparisons ? 'no mismatching field in ' + report.comparisons + ' comparisons' : 'nothing compared in the window') + '.' });
  }
  const top = report.mismatches.slice().sort((a, b) => b.count - a.count).slice(0, 6);
  return el('table', {},
    el('thead', {}, el('tr', {}, ...['Mismatching path', 'Kind', 'Count'].map((t) => el('th', { textContent: t })))),
    el('tbody', {}, ...top.map((m) => el('tr', {},
      el('td', { textContent: m.path }), el('td', { textContent: m.kind }), el('td', { className: 'num', textContent: String(m.count) })))));
}

function showResult(card, ok, text, gates) {
  const box = el('div', { className: 'message ' + (ok ? 'ok' : 'error'), textContent: text });
  if (gates && gates.length) {
    box.append(el('ul', {}, ...gates.map((g) => el('li', {},
      g.gate + ' (' + g.step + '): ' + gateValue(g.gate, g.figure) + ', threshold ' + gateValue(g.gate, g.threshold) + ' — ' + g.detail))));
  }
  card.message.replaceChildren(box);
}

async function act(card, label, path, method, body) {
  const name = card.name;
  try {
    const result = await api('/admin/routes/' + encodeURIComponent(name) + path, { method: method, body: JSON.stringify(body) });
    const audit = result.audit;
    const now = placement(result.route.mode, result.route.weight);
    showResult(card, true, audit
      ? label + ': ' + name + ' is now ' + now + ' (' + audit.action + ', audit #' + audit.id + ')'
      : label + ': ' + name + ' was already ' + now + '; nothing changed');
  } catch (err) {
    const refused = err instanceof ApiError && err.code === 'FICUS_GATE_FAILED';
    showResult(card, false, refused
      ? label + ' refused (' + err.status + ' ' + err.code + '). Failing gates:'
      : label + ' failed: ' + err.message, refused ? err.errors : null);
  }
  await refresh();
}

function reasonOf(card, fallback) {
  const typed = card.reason.value.trim();
  return typed || (card.force.checked ? '' : fallback);
}

function move(card, label, target) {
  const body = { mode: target.mode, reason: reasonOf(card, label + ' from the dashboard') };
  if (target.weight !== undefined) body.weight = target.weight;
  if (card.force.checked) body.force = true;
  return act(card, label, '/mode', 'PUT', body);
}

function buildCard(name) {
  const card = { name: name };
  const button = (text, cls, onClick) => {
    const b = el('button', { type: 'button', textContent: text, className: cls || '' });
    b.addEventListener('click', () => { b.disabled = true; onClick().finally(() => { b.disabled = false; }); });
    return b;
  };
  card.title = el('h2');
  card.chart = el('div');
  card.traffic = el('div');
  card.facts = el('div', { className: 'facts' });
  card.schedule = el('div', { className: 'schedule' });
  card.gates = el('div');
  card.parity = el('div');
  card.message = el('div', { role: 'status' });
  card.weight = el('input', { type: 'number', min: 1, max: 100, value: 10, className: 'weight', ariaLabel: 'canary weight of ' + name });
  card.reason = el('input', { type: 'text', className: 'reason', placeholder: 'reason (needed to force)', ariaLabel: 'reason for ' + name, maxLength: 500 });
  card.force = el('input', { type: 'checkbox', ariaLabel: 'force past failing gates for ' + name });
  card.promote = button('Promote', '', () => {
    const target = nextStep(card.state.mode, card.state.weight);
    return target ? move(card, 'Promote', target) : Promise.resolve();
  });
  card.rollback = button('Roll back', 'secondary', () => act(card, 'Roll back', '/rollback', 'POST', { reason: reasonOf(card, 'rolled back from the dashboard') || 'rolled back from the dashboard' }));
  const actions = el('div', { className: 'actions' },
    button('Shadow', 'secondary', () => move(card, 'Shadow', { mode: 'shadow' })),
    button('Canary', 'secondary', () => move(card, 'Canary', { mode: 'canary', weight: Number(card.weight.value) })),
    card.weight, '%',
    card.promote,
    card.rollback,
    button('Abort', 'danger', () => act(card, 'Abort', '/abort', 'POST', { reason: reasonOf(card, 'aborted from the dashboard') || 'aborted from the dashboard' })),
    button('Auto', 'secondary', () => scheduleAct(card, 'Auto', '/schedule')),
    button('Stop auto', 'secondary', () => scheduleAct(card, 'Stop auto', '/schedule/stop')));
  const force = el('div', { className: 'actions' }, el('label', {}, card.force, ' force past failing gates'), card.reason);
  card.root = el('article', { className: 'card' }, card.title, card.chart, card.traffic, card.facts, card.schedule, card.gates, card.parity, actions, force, card.message);
  card.root.dataset.route = name;
  return card;
}

function renderCard(card, route, points, report) {
  card.state = route;
  const title = [route.name, el('span', { className: 'mode mode-' + route.mode, textContent: placement(route.mode, route.weight) })];
  if (route.group || route.target) title.push(el('span', { className: 'muted', textContent: [route.group && 'group ' + route.group, route.target && 'target ' + route.target].filter(Boolean).join(' · ') }));
  card.title.replaceChildren(...title);
  card.chart.replaceChildren(chart(points));
  card.traffic.replaceChildren(trafficLine(points));
  card.facts.replaceChildren(...facts(route));
  card.schedule.replaceChildren(...scheduleView(route.schedule));
  card.gates.replaceChildren(gatesTable(route));
  card.parity.replaceChildren(parityTable(report));
  const next = nextStep(route.mode, route.weight);
  card.promote.textContent = next ? 'Promote → ' + placement(next.mode, next.weight) : 'Promote';
  card.promote.disabled = !next;
  card.rollback.disabled = !route.rollbackTo;
  card.rollback.title = route.rollbackTo ? 'to ' + placement(route.rollbackTo.mode, route.rollbackTo.weight) : 'nothing to roll back to';
}

function describe(snapshot) { return snapshot ? placement(snapshot.mode, snapshot.weight) : '—'; }

function renderAudit(entries) {
  $('audit').replaceChildren(...entries.map((e) => el('tr', {},
    el('td', { className: 'num', textContent: String(e.id) }),
    el('td', { textContent: new Date(e.at).toLocaleString() }),
    el('td', { textContent: e.actor }),
    el('td', { textContent: e.route }),
    el('td', { textContent: e.action }),
    el('td', { textContent: describe(e.before) + ' → ' + describe(e.after) }),
    el('td', { textContent: e.reason, className: 'detail' }))));
}

function renderProgress(traffic) {
  if (!traffic) { $('progress').textContent = ''; return; }
  const served = traffic.legacy + traffic.new;
  $('progress').textContent = traffic.newShare === null ? 'No traffic yet'
    : 'New code serves ' + fmt.pct(traffic.newShare) + ' of traffic (' + traffic.new + ' of ' + served + ' requests since start)';
}

/** Endpoints per route (templates, never paths as sent); unrouted ones are marked. */
function renderEndpoints(progress) {
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '-');
  const rows = [];
  for (const r of progress.routes) for (const e of r.endpoints) {
    rows.push(el('tr', { className: e.unrouted ? 'unrouted' : '' },
      el('td', { textContent: r.route }),
      el('td', { textContent: e.method + ' ' + e.template }),
      el('td', { className: 'num', textContent: String(e.legacy) }),
      el('td', { className: 'num', textContent: String(e.new) }),
      el('td', { className: 'num', textContent: String(e.unrouted) }),
      el('td', { className: 'num', textContent: fmt.pct(e.newShare) }),
      el('td', { textContent: when(e.lastHit) }),
      el('td', { textContent: when(e.lastLegacy) })));
  }
  $('endpoints').replaceChildren(...rows);
  const unrouted = progress.routes.filter((r) => r.unrouted > 0).map((r) => r.route + ' (' + r.unrouted + ')');
  $('progress-summary').textContent = 'New code serves ' + fmt.pct(progress.overall.newShare) + ' of ' +
    (progress.overall.legacy + progress.overall.new) + ' requests, counted since ' + when(progress.countingSince) +
    (progress.persistent ? ' in the control database.' : ' by this gateway (a restart starts again).') +
    (unrouted.length ? ' Requests the target has no route for: ' + unrouted.join(', ') + '.' : '');
}

async function refresh() {
  clearTimeout(timer);
  timer = setTimeout(refresh, REFRESH_MS);
  try {
    const [st, traffic, audit, progress] = await Promise.all([api('/admin/status'), api('/admin/traffic'), api('/admin/audit?limit=20'), api('/admin/progress')]);
    const reports = await Promise.all(st.routes.map((r) => api('/admin/routes/' + encodeURIComponent(r.name) + '/parity').catch(() => null)));
    const series = new Map(traffic.routes.map((r) => [r.route, r.points]));
    const seen = new Set();
    st.routes.forEach((route, i) => {
      let card = cards.get(route.name);
      if (!card) { card = buildCard(route.name); cards.set(route.name, card); }
      seen.add(route.name);
      renderCard(card, route, series.get(route.name) || [], reports[i]);
    });
    for (const name of cards.keys()) if (!seen.has(name)) cards.delete(name);
    $('cards').replaceChildren(...[...cards.values()].map((c) => c.root));
    renderAudit(audit.entries);
    renderProgress(st.traffic);
    renderEndpoints(progress);
    signedIn(Boolean(token()));
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    if ($('status').className === 'error') status('', false);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      const had = token();
      sessionStorage.removeItem(TOKEN_KEY);
      signedIn(false);
      clearTimeout(timer);
      status(had ? 'The token was refused (' + err.code + '): sign in again.' : 'Sign in with the admin token.', true);
    } else status(err.message, true);
  }
}

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = $('token').value.trim();
  $('token').value = '';
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  status('', false);
  await refresh();
});
$('signout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(timer);
  cards.clear();
  $('cards').replaceChildren();
  $('audit').replaceChildren();
  $('endpoints').replaceChildren();
  $('progress-summary').textContent = '';
  $('progress').textContent = '';
  signedIn(false);
  status('Signed out.', false);
});
refresh();
`;
