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

describe("dashboard in Chromium: a route's step schedule", () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let admin: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let card: Locator;
  const auth = bearer(ADMIN_TOKEN);
  const json = (_req: unknown, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"id":"1"}');
  };
  const shows = (what: string, pattern: RegExp) =>
    eventually(
      what,
      async () => {
        const text = (await card.locator('.schedule').textContent()) ?? '';
        return pattern.test(text) ? text : undefined;
      },
      30_000,
    );

  before(async () => {
    legacy = await startTestUpstream('legacy', json);
    service = await startTestUpstream('patients', json);
    gateway = await startGateway({
      config: adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        {
          gates: { patients: { canary: { minRequests: 1000 } } },
          schedules: { patients: { steps: [10, 100], every: '1s' } },
        },
      ),
      port: 0,
      admin: { port: 0 },
      env: {},
    });
    admin = `http://127.0.0.1:${gateway.admin!.port}`;
    profile = mkdtempSync(join(tmpdir(), 'ficus-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1200, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
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

  it('starts the schedule by clicking, shows the gate the next step waits on, and stops it', async () => {
    await page.goto(`${admin}/admin/dashboard`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shows('no schedule yet', /No step schedule started/);

    await card.getByRole('button', { name: 'Auto', exact: true }).click();
    // The first step needs no gate (legacy has none); the next one waits on canary's minRequests.
    const waiting = await shows(
      'the schedule waiting at canary 10%',
      /running .*next new.*waiting on minRequests: \d+, threshold 1000/,
    );
    assert.match(waiting, /steps 10, 100 every 1 s/);
    const { body } = await request(admin).get('/admin/routes/patients-read').set(auth);
    assert.deepEqual([body.mode, body.weight], ['canary', 10]);

    await card.getByRole('button', { name: 'Stop auto', exact: true }).click();
    await shows('the schedule stopped', /Step schedule cancelled .*stopped by/);
  });
});
