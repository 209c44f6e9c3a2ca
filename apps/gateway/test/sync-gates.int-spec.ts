import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { ADMIN_TOKEN, adminTestConfig, bearer } from './admin.fixtures';

interface Gate {
  gate: string;
  state: string;
  figure: number | null;
  detail: string;
}

/** A direction of GET /sync/status as the patients service reports it. */
const direction = (state: string, p99: number | null, deadLetters: number) => ({
  state,
  snapshotCompleted: true,
  position: { file: 'mariadb-bin.000001', pos: 4, gtid: null },
  lastChangeTsMs: 1_767_225_600_000,
  lagMs: { p50: p99, p99 },
  restarts: 0,
  error: null,
  changes: 12,
  deadLetters,
});

describe("lag and dead-letter gates: the route target's sync status", () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let admin: string;
  const auth = bearer(ADMIN_TOKEN);
  /** What the service answers at /sync/status. */
  let status: { status: number; body: unknown } = { status: 404, body: {} };

  const move = (mode: string, weight?: number) =>
    request(admin)
      .put('/admin/routes/patients-read/mode')
      .set(auth)
      .send(weight === undefined ? { mode } : { mode, weight });
  const shape = (errors: Gate[]) => errors.map((g) => [g.gate, g.state, g.figure]);

  before(async () => {
    legacy = await startTestUpstream('legacy', (_req, res: ServerResponse) => res.end('{}'));
    service = await startTestUpstream('patients', (req, res: ServerResponse) => {
      res.statusCode = req.url === '/sync/status' ? status.status : 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(status.body));
    });
    gateway = await startGateway({
      config: adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        {
          gates: {
            patients: { legacy: { maxCdcLagMs: 1000, maxSyncLagMs: 1000, maxDeadLetters: 0 } },
          },
        },
      ),
      port: 0,
      admin: { port: 0 },
      env: {},
    });
    admin = `http://127.0.0.1:${gateway.admin!.port}`;
  });

  after(async () => {
    await gateway.close();
    await Promise.all([legacy.close(), service.close()]);
  });

  it('holds the move while the sync status cannot be read: unknown, with the reason', async () => {
    const res = await move('shadow').expect(409);
    const errors = res.body.errors as Gate[];
    assert.deepEqual(shape(errors), [
      ['maxCdcLagMs', 'unknown', null],
      ['maxSyncLagMs', 'unknown', null],
      ['maxDeadLetters', 'unknown', null],
    ]);
    assert.match(errors[0]!.detail, /\/sync\/status of "patients" answered 404/);
  });

  it('refuses while a lag is over its threshold or a change event is dead-lettered, with the figures', async () => {
    status = {
      status: 200,
      body: {
        enabled: true,
        ready: true,
        inbound: direction('streaming', 2500, 0),
        writeBack: direction('streaming', 300, 1),
      },
    };
    const res = await move('shadow').expect(409);
    assert.deepEqual(shape(res.body.errors as Gate[]), [
      ['maxCdcLagMs', 'fail', 2500],
      ['maxDeadLetters', 'fail', 1],
    ]);
    const { body } = await request(admin).get('/admin/routes/patients-read/status').set(auth);
    assert.deepEqual(shape((body as { gates: Gate[] }).gates), [
      ['maxCdcLagMs', 'fail', 2500],
      ['maxSyncLagMs', 'pass', 300],
      ['maxDeadLetters', 'fail', 1],
    ]);
  });

  it('allows the move once both lags are under their thresholds and nothing is dead-lettered', async () => {
    status = {
      status: 200,
      body: {
        enabled: true,
        ready: true,
        inbound: direction('streaming', 250, 0),
        writeBack: direction('streaming', 300, 0),
      },
    };
    await move('shadow').expect(200);
  });
});
