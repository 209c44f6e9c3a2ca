/** The dashboard's stylesheet, inlined in the page (no build step, no CDN). */
export const DASHBOARD_STYLE = `
:root { --fg: #1d2433; --muted: #5b6475; --line: #d9dde5; --bg: #f6f7f9; --accent: #2f6fde;
  --legacy: #6b7280; --shadow: #7c3aed; --canary: #d97706; --new: #059669; --retired: #111827;
  --bad: #b91c1c; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 14px; }
header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.25rem;
  background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header h1 { font-size: 1.1rem; margin: 0 auto 0 0; }
main { padding: 1rem 1.25rem; display: grid; gap: 1.25rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
h2 { font-size: 1rem; margin: .25rem 0 .75rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: .8rem; text-transform: uppercase; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mode { display: inline-block; padding: .1rem .5rem; border-radius: 999px; color: #fff; font-size: .8rem; }
.mode-legacy { background: var(--legacy); } .mode-shadow { background: var(--shadow); }
.mode-canary { background: var(--canary); } .mode-new { background: var(--new); }
.mode-retired { background: var(--retired); }
input, select, button { font: inherit; padding: .25rem .4rem; border: 1px solid var(--line); border-radius: 4px; }
input.weight { width: 4.5rem; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.secondary { background: #fff; color: var(--fg); border-color: var(--line); }
button:disabled { opacity: .4; cursor: default; }
#status { color: var(--muted); min-height: 1.2em; }
#status.error { color: var(--bad); }
.muted { color: var(--muted); }
`;
