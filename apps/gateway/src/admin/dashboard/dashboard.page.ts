import { createHash } from 'node:crypto';
import { DASHBOARD_SCRIPT } from './dashboard.script';
import { DASHBOARD_STYLE } from './dashboard.style';

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * Only the page's own inline script and style may run (CSP hashes, CSP Level 2 section 4.2.4), and
 * it may only call this origin: an injected tag could do nothing, and nothing leaves for a CDN.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${cspHash(DASHBOARD_SCRIPT)}`,
  `style-src ${cspHash(DASHBOARD_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The dashboard: one self-contained page reading the admin API with the token the user signs in
 * with. The sign-in form has no action: the token goes to sessionStorage, never into a URL.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ficus gateway</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header>
  <h1>Ficus gateway</h1>
  <span id="progress" class="muted"></span>
  <span id="updated" class="muted"></span>
  <form id="signin">
    <label>Admin token <input id="token" type="password" autocomplete="off" placeholder="admin token or OIDC access token"></label>
    <button id="signin-button" type="submit">Sign in</button>
  </form>
  <div id="signedin" hidden>
    <span class="muted">signed in for this tab</span>
    <button id="signout" type="button" class="secondary">Sign out</button>
  </div>
</header>
<main>
  <div id="status" role="status"></div>
  <div id="cards"></div>
  <section id="progress-section">
    <h2>Strangling progress</h2>
    <p id="progress-summary" class="muted"></p>
    <table>
      <thead><tr><th>Route</th><th>Endpoint</th><th>Legacy</th><th>New</th><th>Unrouted</th><th>On new</th><th>Last hit</th><th>Last legacy</th></tr></thead>
      <tbody id="endpoints"></tbody>
    </table>
  </section>
  <section>
    <h2>Audit log</h2>
    <table>
      <thead><tr><th>#</th><th>When</th><th>Who</th><th>Route</th><th>Action</th><th>Move</th><th>Reason</th></tr></thead>
      <tbody id="audit"></tbody>
    </table>
  </section>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
