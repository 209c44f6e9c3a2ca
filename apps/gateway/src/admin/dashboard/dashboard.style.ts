/** The dashboard's stylesheet, inlined in the page (no build step, no CDN). */
export const DASHBOARD_STYLE = `
:root { --fg: #1d2433; --muted: #5b6475; --line: #d9dde5; --bg: #f6f7f9; --accent: #2f6fde;
  --legacy: #9aa3b2; --shadow: #7c3aed; --canary: #d97706; --new: #059669; --retired: #111827;
  --gw: #b91c1c; --bad: #b91c1c; --good: #047857; --warn: #92400e;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 13px; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.25rem;
  background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header h1 { font-size: 1.05rem; margin: 0; }
#progress { margin-right: auto; }
#signin, #signedin { display: flex; gap: .5rem; align-items: center; }
[hidden] { display: none !important; }
main { padding: .8rem 1.25rem; display: grid; gap: .8rem; }
#status { color: var(--muted); }
#status:empty { display: none; }
#status.error { color: var(--bad); }
#cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: .8rem; }
section, .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .6rem .85rem; }
.card { display: grid; gap: .45rem; align-content: start; }
.card h2 { font-size: .95rem; margin: 0; display: flex; gap: .5rem; align-items: center; }
section h2 { font-size: .95rem; margin: .1rem 0 .5rem; }
.chart { width: 100%; height: 84px; display: block; }
.chart .legacy { fill: var(--legacy); } .chart .new { fill: var(--new); } .chart .gateway { fill: var(--gw); }
.chart .axis { stroke: var(--line); }
.chart text { fill: var(--muted); font-size: 9px; }
.key { display: inline-block; width: .7em; height: .7em; border-radius: 2px; margin: 0 .2em 0 .6em; }
.key.legacy { background: var(--legacy); } .key.new { background: var(--new); } .key.gateway { background: var(--gw); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .22rem .4rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: .72rem; text-transform: uppercase; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.unrouted td { color: var(--bad); }
td.detail { color: var(--muted); font-size: .75rem; line-height: 1.25; white-space: normal; }
.mode { display: inline-block; padding: .05rem .5rem; border-radius: 999px; color: #fff; font-size: .75rem; }
.mode-legacy { background: #6b7280; } .mode-shadow { background: var(--shadow); }
.mode-canary { background: var(--canary); } .mode-new { background: var(--new); }
.mode-retired { background: var(--retired); }
.state { font-weight: 600; font-size: .75rem; text-transform: uppercase; }
.state-pass { color: var(--good); } .state-fail { color: var(--bad); } .state-unknown { color: var(--warn); }
.facts { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
.facts b { font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; }
input, button { font: inherit; padding: .2rem .4rem; border: 1px solid var(--line); border-radius: 4px; }
input.weight { width: 3.6rem; } input.reason { flex: 1; min-width: 8rem; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.secondary { background: #fff; color: var(--fg); border-color: var(--line); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
button:disabled { opacity: .4; cursor: default; }
.message { font-size: .85rem; }
.message.error { color: var(--bad); } .message.ok { color: var(--good); }
.message ul { margin: .2rem 0 0; padding-left: 1.2rem; }
.muted { color: var(--muted); }
`;
