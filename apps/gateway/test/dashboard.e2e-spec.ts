import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer, eventually } from './admin.fixtures';

/** Debian's chromium; CI installs it when missing (.ci/run). */
const CHROMIUM = process.env.FICUS_CHROMIUM ?? '/usr/bin/chromium';

/** Patient-like values the upstreams answer with: the page must never show them. */
const LEGACY_NAME = 'Zelda-Quirinus';
const SERVICE_NAME = 'Yorick-Quillon';

interface AuditEntry {
  id: number;
  actor: string;
  route: string;
  action: string;
  reason: string;
  after: { mode: string; weight: number } | null;
}

function patient(side: string) {
  return (req: { url: string }, res: ServerResponse) => {
    const id = req.url.split('/').pop() ?? '';
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        id,
        name: side === 'patients' && id.startsWith('bad') ? SERVICE_NAME : LEGACY_NAME,
        active: true,
      }),
    );
  };
}

describe('dashboard in Chromium (real gateway, real upstreams, real traffic)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let data: string;
  let admin: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let card: Locator;
  const auth = bearer(ADMIN_TOKEN);

  const get = async (id: string, cohort?: string) => {
    const res = await fetch(`${data}/api/patients/${id}`, {
      headers: cohort ? { 'x-patient-cohort': cohort } : {},
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  };
  const route = async () =>
    (await request(admin).get('/admin/routes/patients-read').set(auth).expect(200)).body as {
      mode: string;
      weight: number;
    };
  const latestAudit = async () =>
    (
      (await request(admin).get('/admin/audit?limit=1&route=patients-read').set(auth).expect(200))
        .body as { entries: AuditEntry[] }
    ).entries[0]!;
  /** The card's action message once it says `text`: the page shows it after the admin API answered. */
  const message = (text: string) =>
    eventually(`the dashboard to say "${text}"`, async () => {
      const shown = await card.locator('.message').textContent();
      return shown?.includes(text) ? shown : undefined;
    });
  const click = async (name: string) => {
    await card.getByRole('button', { name, exact: true }).click();
  };

  before(async () => {
    legacy = await startTestUpstream('legacy', patient('legacy'));
    service = await startTestUpstream('patients', patient('patients'));
    gateway = await startGateway({
      config: adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        {
          limits: { shadowYieldAbove: 1 },
          gates: {
            patients: {
              shadow: { minComparisons: 20, minParity: 0.9 },
              canary: { minRequests: 1000 },
            },
          },
        },
      ),
      port: 0,
      admin: { port: 0 },
      env: {},
    });
    data = `http://127.0.0.1:${gateway.port}`;
    admin = `http://127.0.0.1:${gateway.admin!.port}`;
    profile = mkdtempSync(join(tmpdir(), 'ficus-chromium-'));
    // A fresh profile per run: nothing carried over from another run's session.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1200, height: 800 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    card = page.locator('[data-route="patients-read"]');
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await gateway?.close();
    await Promise.all([legacy?.close(), service?.close()]);
  });

  it('asks for the token, drops a refused one, keeps the right one in sessionStorage only, and charts the traffic legacy answered', async () => {
    for (let i = 0; i < 12; i++) await get(`p${i}`);
    // The 401s before sign-in are the page asking; a blocked script or style, or a script error, is not.
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    const res = await page.goto(`${admin}/admin/dashboard`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'sha256-[^']+'(;|$)/, "only the page's own script may run");
    assert.match(csp, /connect-src 'self'/);
    await eventually('the sign-in prompt', async () =>
      (await page.locator('#status').textContent())?.includes('Sign in') ? true : undefined,
    );
    await page.getByLabel('Admin token').fill('not-the-admin-token-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually('the refusal of a wrong token', async () =>
      (await page.locator('#status').textContent())?.includes('FICUS_ADMIN_TOKEN_INVALID')
        ? true
        : undefined,
    );
    assert.equal(await page.evaluate("sessionStorage.getItem('ficus-admin-token')"), null);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /legacy 12/);
    assert.ok((await card.locator('svg.chart rect.legacy').count()) > 0, 'a legacy bar');
    assert.equal(await card.locator('svg.chart rect.new').count(), 0);
    assert.match((await card.textContent()) ?? '', /CDC lag not reported/);
    assert.equal(await page.evaluate("sessionStorage.getItem('ficus-admin-token')"), ADMIN_TOKEN);
    assert.equal(await page.evaluate('document.cookie'), '');
    assert.ok(!page.url().includes(ADMIN_TOKEN));
    assert.deepEqual(errors, [], 'no CSP violation or script error');
  });

  it('moves the route to shadow by clicking, as the admin API and the audit log show', async () => {
    await click('Shadow');
    await message('Shadow: patients-read is now shadow');
    assert.equal((await route()).mode, 'shadow');
    const entry = await latestAudit();
    assert.equal(entry.action, 'set-mode');
    assert.equal(entry.actor, 'admin-token');
    assert.deepEqual(entry.after && [entry.after.mode], ['shadow']);
  });

  it('shows the refusal of a promotion the gates hold, with each failing gate, figure and threshold', async () => {
    await click('Promote → canary 10%');
    const shown = await message('refused (409 FICUS_GATE_FAILED)');
    assert.match(shown, /minComparisons \(shadow\): 0, threshold 20/);
    assert.match(shown, /minParity \(shadow\): -, threshold 90\.00%/);
    assert.equal((await route()).mode, 'shadow');
  });

  it('promotes to canary 10% by clicking once the gates hold on real traffic', async () => {
    for (let i = 0; i < 24; i++) await get(`ok${i}`);
    await get('bad1');
    await eventually('25 shadow comparisons', async () => {
      const res = await request(admin).get('/admin/routes/patients-read/status').set(auth);
      return (res.body as { figures: { comparisons: number } }).figures.comparisons >= 25
        ? true
        : undefined;
    });
    await click('Promote → canary 10%');
    await message('Promote: patients-read is now canary 10%');
    const now = await route();
    assert.deepEqual([now.mode, now.weight], ['canary', 10]);
    const entry = await latestAudit();
    assert.equal(entry.action, 'set-mode');
    assert.deepEqual(entry.after && [entry.after.mode, entry.after.weight], ['canary', 10]);
    const parity = await card.locator('table', { hasText: 'Mismatching path' }).textContent();
    assert.match(parity ?? '', /name/);
  });

  it('forces a refused promotion only with a reason, audited as forced', async () => {
    await click('Promote → canary 25%');
    assert.match(await message('refused'), /minRequests \(canary\): 0, threshold 1000/);
    await card.getByLabel('force past failing gates for patients-read').check();
    await click('Promote → canary 25%');
    await message('FICUS_GATE_FORCE_REASON');
    assert.equal((await route()).weight, 10);
    await card.getByLabel('reason for patients-read').fill('cohort checked by hand');
    await click('Promote → canary 25%');
    await message('is now canary 25% (forced');
    assert.equal((await route()).weight, 25);
    const entry = await latestAudit();
    assert.equal(entry.action, 'forced');
    assert.match(entry.reason, /^cohort checked by hand \[forced past minRequests/);
    await card.getByLabel('force past failing gates for patients-read').uncheck();
    await card.getByLabel('reason for patients-read').fill('');
  });

  it('shows the strangling progress per endpoint: templates, counts and the share on new code', async () => {
    // At canary 25%, some of these cohorts go to the new service.
    for (let i = 0; i < 20; i++) await get(`n${i}`, `cohort-${i}`);
    const progress = (await request(admin).get('/admin/progress').set(auth).expect(200)).body as {
      overall: { newShare: number };
      routes: Array<{
        route: string;
        endpoints: Array<{ template: string; legacy: number; new: number }>;
      }>;
    };
    const read = progress.routes.find((r) => r.route === 'patients-read')!.endpoints[0]!;
    assert.equal(read.template, '/api/patients/:id');
    await page.reload();
    const row = page.locator('#endpoints tr', { hasText: 'GET /api/patients/:id' });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 4), [
      'patients-read',
      'GET /api/patients/:id',
      String(read.legacy),
      String(read.new),
    ]);
    assert.ok(read.new > 0 && read.legacy > 0);
    const summary = (await page.locator('#progress-summary').textContent()) ?? '';
    assert.match(
      summary,
      new RegExp(`New code serves ${(progress.overall.newShare * 100).toFixed(1)}%`),
    );
    const section = (await page.locator('#progress-section').textContent()) ?? '';
    for (const id of ['n1', 'ok1', 'bad1', 'p11']) assert.ok(!section.includes(id), id);
  });

  it('shows route names, figures and field paths only, never a value from a response, and forgets the token on sign-out', async () => {
    for (let i = 0; i < 40; i++) await get(`c${i}`, `cohort-${i}`);
    await page.reload();
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /new [1-9]/);
    const text = (await page.locator('body').textContent()) ?? '';
    assert.ok(!text.includes(LEGACY_NAME) && !text.includes(SERVICE_NAME), 'no response value');
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.equal(await page.evaluate("sessionStorage.getItem('ficus-admin-token')"), null);
    assert.equal(await page.locator('[data-route]').count(), 0);
  });
});
