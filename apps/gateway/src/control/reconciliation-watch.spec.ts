import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { GatewayConfig, RouteConfig } from '../config/config.schema';
import { ReconciliationWatch } from './reconciliation-watch';

/** A patients service stand-in on a real socket: its answer to /sync/reconciliation is set per test. */
let answer: { status: number; body: unknown; delayMs?: number } = { status: 404, body: {} };
let server: Server;
let url: string;

const route = (target: string | undefined) => ({ name: 'patients-read', target }) as RouteConfig;
const watch = () =>
  new ReconciliationWatch(
    () =>
      ({
        upstreams: { patients: { url }, gone: { url: 'http://127.0.0.1:1' } },
        routes: [],
        gates: { 'patients-read': { shadow: { reconciliationClean: true } } },
      }) as unknown as GatewayConfig,
    { timeoutMs: 1000 },
  );

describe('ReconciliationWatch', () => {
  before(async () => {
    server = createServer((req, res) => {
      const { status, body, delayMs = 0 } = answer;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(req.url === '/sync/reconciliation' ? status : 404, {
          'content-type': 'application/json',
        });
        res.end(JSON.stringify(body));
      }, delayMs);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The first fetch of a process loads its HTTP client, slowly on a busy machine: not under test.
    await (await fetch(`${url}/warm-up`)).arrayBuffer();
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("reads the target's last report", async () => {
    answer = {
      status: 200,
      body: { clean: false, remaining: 2, finishedAt: '2026-01-01T00:00:00.000Z', missing: 1 },
    };
    const w = watch();
    assert.deepEqual(w.of(route('patients')), {
      state: 'unknown',
      why: 'upstream "patients" has not been read yet',
    });
    await w.refresh(route('patients'));
    assert.deepEqual(w.of(route('patients')), {
      state: 'known',
      clean: false,
      remaining: 2,
      finishedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('stays unknown, with the reason, when no report can be had', async () => {
    const w = watch();
    answer = { status: 404, body: { code: 'FICUS_PATIENTS_RECONCILIATION_NONE' } };
    await w.refresh(route('patients'));
    assert.deepEqual(w.of(route('patients')), {
      state: 'unknown',
      why: '/sync/reconciliation of "patients" answered 404 FICUS_PATIENTS_RECONCILIATION_NONE',
    });
    answer = { status: 200, body: { clean: true } };
    await w.refresh(route('patients'));
    assert.equal(w.of(route('patients')).state, 'unknown');
    answer = { status: 200, body: { clean: true, remaining: 0, finishedAt: 'x' }, delayMs: 3_000 };
    await w.refresh(route('patients'));
    assert.deepEqual(w.of(route('patients')), {
      state: 'unknown',
      why: '/sync/reconciliation of "patients": no answer within 1000 ms',
    });
    await w.refresh(route('gone'));
    assert.deepEqual(w.of(route('gone')), {
      state: 'unknown',
      why: '/sync/reconciliation of "gone": unreachable',
    });
    assert.equal(w.of(route(undefined)).state, 'unknown');
  });
});
