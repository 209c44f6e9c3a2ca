/**
 * The dashboard's script, inlined in the page. Plain ES2020 for any current browser; it builds
 * every node with textContent (never innerHTML), so nothing the API returns can inject markup.
 */
export const DASHBOARD_SCRIPT = `
'use strict';
const MODES = ['legacy', 'shadow', 'canary', 'new', 'retired'];
const TOKEN_KEY = 'ficus-admin-token';
const REFRESH_MS = 5000;
let previousSample = null;

const $ = (id) => document.getElementById(id);
const el = (tag, props, ...children) => {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child);
  return node;
};

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

function status(message, isError) {
  $('status').textContent = message;
  $('status').className = isError ? 'error' : '';
}

async function api(path, init) {
  const headers = { accept: 'application/json' };
  if (token()) headers.authorization = 'Bearer ' + token();
  if (init && init.body) headers['content-type'] = 'application/json';
  const res = await fetch(path, Object.assign({}, init, { headers }));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((body.code || res.status) + ': ' + (body.detail || body.title || 'request failed'));
  return body;
}

function quantile(buckets, total, q) {
  if (!total) return null;
  const hit = buckets.find((b) => b.count >= q * total);
  return hit ? Math.round(hit.le * 1000) : null;
}

/** Rates over the interval between two samples; the first sample shows figures since start. */
function figures(stats) {
  const now = Date.parse(stats.at);
  const out = {};
  for (const r of stats.routes) {
    const before = previousSample && previousSample.routes[r.route];
    const seconds = previousSample ? (now - previousSample.at) / 1000 : 0;
    const requests = before ? r.requests - before.requests : r.requests;
    const errors = before ? r.errors - before.errors : r.errors;
    const buckets = r.buckets.map((b, i) => ({ le: b.le, count: b.count - (before ? before.buckets[i].count : 0) }));
    out[r.route] = {
      total: r.requests,
      rate: seconds > 0 ? requests / seconds : null,
      errorRate: requests > 0 ? errors / requests : null,
      p99: before ? quantile(buckets, requests, 0.99) : r.p99Ms,
      parity: r.parityRate,
    };
  }
  previousSample = { at: now, routes: Object.fromEntries(stats.routes.map((r) => [r.route, r])) };
  return out;
}

const fmt = {
  rate: (v) => (v === null || v === undefined ? '-' : v.toFixed(1) + '/s'),
  pct: (v) => (v === null || v === undefined ? '-' : (v * 100).toFixed(1) + '%'),
  ms: (v) => (v === null || v === undefined ? '-' : v + ' ms'),
};

async function change(name, path, body, what) {
  try {
    await api('/admin/routes/' + encodeURIComponent(name) + path, { method: path === '/mode' ? 'PUT' : 'POST', body: JSON.stringify(body) });
    status(what + ' ' + name + ': done', false);
  } catch (err) {
    status(err.message, true);
  }
  await refresh();
}

function controls(route) {
  const mode = el('select', { ariaLabel: 'mode of ' + route.name });
  for (const m of MODES) mode.append(el('option', { value: m, textContent: m, selected: m === route.mode }));
  const weight = el('input', { type: 'number', min: 0, max: 100, value: route.weight, className: 'weight', ariaLabel: 'canary weight of ' + route.name });
  const apply = el('button', { textContent: 'Apply' });
  apply.addEventListener('click', () => change(route.name, '/mode', { mode: mode.value, weight: Number(weight.value), reason: 'dashboard' }, 'Mode of'));
  const back = el('button', { textContent: 'Roll back', className: 'secondary', disabled: !route.rollbackTo });
  back.addEventListener('click', () => change(route.name, '/rollback', { reason: 'dashboard' }, 'Rolled back'));
  return el('td', {}, mode, ' ', weight, ' ', apply, ' ', back);
}

function renderRoutes(routes, stats) {
  const rows = routes.map((route) => {
    const f = stats[route.name] || {};
    return el('tr', {},
      el('td', { textContent: route.name }),
      el('td', {}, el('span', { className: 'mode mode-' + route.mode, textContent: route.mode })),
      el('td', { className: 'num', textContent: route.mode === 'canary' ? route.weight + '%' : '-' }),
      el('td', { className: 'num', textContent: f.rate === null && f.total !== undefined ? f.total + ' total' : fmt.rate(f.rate) }),
      el('td', { className: 'num', textContent: fmt.pct(f.errorRate) }),
      el('td', { className: 'num', textContent: fmt.ms(f.p99) }),
      el('td', { className: 'num', textContent: fmt.pct(f.parity) }),
      controls(route));
  });
  $('routes').replaceChildren(...rows);
}

function describe(snapshot) {
  if (!snapshot) return '(none)';
  return snapshot.mode + (snapshot.mode === 'canary' ? ' ' + snapshot.weight + '%' : '');
}

function renderAudit(entries) {
  $('audit').replaceChildren(...entries.map((e) => el('tr', {},
    el('td', { textContent: new Date(e.at).toLocaleString() }),
    el('td', { textContent: e.actor }),
    el('td', { textContent: e.route }),
    el('td', { textContent: e.action }),
    el('td', { textContent: describe(e.before) + ' → ' + describe(e.after) }),
    el('td', { textContent: e.reason, className: 'muted' }))));
}

async function refresh() {
  try {
    const [routes, stats, audit] = await Promise.all([api('/admin/routes'), api('/admin/stats'), api('/admin/audit?limit=15')]);
    renderRoutes(routes, figures(stats));
    renderAudit(audit.entries);
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (err) {
    status(err.message, true);
  }
}

$('token').value = token();
$('save').addEventListener('click', () => {
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  status('token kept for this browser tab', false);
  refresh();
});
refresh();
setInterval(refresh, REFRESH_MS);
`;
