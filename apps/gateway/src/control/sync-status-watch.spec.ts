import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { GatewayConfig, RouteConfig } from '../config/config.schema';
import { SyncStatusWatch } from './sync-status-watch';

/** A patients service stand-in on a real socket: its answer to /sync/status is set per test. */
let answer: { status: number; body: unknown } = { status: 404, body: {} };
let server: Server;
let url: string;
let asked = 0;

const route = (name: string, target: string) => ({ name, target }) as RouteConfig;
const watch = () =>
  new SyncStatusWatch(
    () =>
      ({
        upstreams: { patients: { url } },
        routes: [],
        gates: {
          'patients-read': { canary: { maxCdcLagMs: 1000 } },
          'patients-write': { canary: { minRequests: 1 } },
        },
      }) as unknown as GatewayConfig,
    { timeoutMs: 5000 },
  );
const direction = (p99: number | null, deadLetters: number) => ({
  state: 'streaming',
  snapshotCompleted: true,
  position: null,
  lastChangeTsMs: null,
  lagMs: { p50: p99, p99 },
  restarts: 0,
  error: null,
  changes: 3,
  deadLetters,
});

describe('SyncStatusWatch', () => {
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/sync/status') asked++;
      res.writeHead(req.url === '/sync/status' ? answer.status : 404, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(answer.body));
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

  it("reads each direction's lag p99 and dead letters from the target", async () => {
    answer = {
      status: 200,
      body: {
        enabled: true,
        ready: true,
        inbound: direction(120, 0),
        writeBack: direction(null, 2),
      },
    };
    const w = watch();
    await w.refresh(route('patients-read', 'patients'));
    assert.deepEqual(w.of(route('patients-read', 'patients')), {
      state: 'known',
      inbound: { state: 'streaming', p99Ms: 120, deadLetters: 0 },
      writeBack: { state: 'streaming', p99Ms: null, deadLetters: 2 },
    });
  });

  it('stays unknown, with the reason, when the target has no sync or answers something else', async () => {
    const w = watch();
    answer = { status: 200, body: { enabled: false, ready: true, inbound: null, writeBack: null } };
    await w.refresh(route('patients-read', 'patients'));
    assert.deepEqual(w.of(route('patients-read', 'patients')), {
      state: 'unknown',
      why: '/sync/status of "patients" says the sync is not enabled there',
    });
    answer = { status: 200, body: { enabled: true, inbound: { state: 'streaming' } } };
    await w.refresh(route('patients-read', 'patients'));
    assert.deepEqual(w.of(route('patients-read', 'patients')), {
      state: 'unknown',
      why: '/sync/status of "patients" is not a sync status',
    });
    answer = { status: 503, body: { code: 'FICUS_SOMETHING' } };
    await w.refresh(route('patients-read', 'patients'));
    assert.deepEqual(w.of(route('patients-read', 'patients')), {
      state: 'unknown',
      why: '/sync/status of "patients" answered 503 FICUS_SOMETHING',
    });
  });

  it('does not ask a target that no lag or dead-letter gate needs', async () => {
    const w = watch();
    const before = asked;
    await w.refresh(route('patients-write', 'patients'));
    assert.equal(asked, before);
    assert.equal(w.of(route('patients-write', 'patients')).state, 'unknown');
  });
});
