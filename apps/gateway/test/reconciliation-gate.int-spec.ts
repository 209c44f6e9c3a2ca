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
}

describe("reconciliationClean gate: the route target's last reconciliation report", () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gateway: RunningGateway;
  let admin: string;
  const auth = bearer(ADMIN_TOKEN);
  /** What the service answers at /sync/reconciliation. */
  let report: { status: number; body: unknown } = { status: 404, body: {} };

  const move = (mode: string) =>
    request(admin).put('/admin/routes/patients-read/mode').set(auth).send({ mode });
  const gates = async (): Promise<Gate[]> =>
    (
      (await request(admin).get('/admin/routes/patients-read/status').set(auth).expect(200))
        .body as { gates: Gate[] }
    ).gates;
  const shape = (errors: Gate[]) => errors.map((g) => [g.gate, g.state, g.figure]);

  before(async () => {
    legacy = await startTestUpstream('legacy', (_req, res: ServerResponse) => res.end('{}'));
    service = await startTestUpstream('patients', (req, res: ServerResponse) => {
      res.statusCode = req.url === '/sync/reconciliation' ? report.status : 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(report.body));
    });
    gateway = await startGateway({
      config: adminTestConfig(
        { legacy: legacy.url, patients: service.url },
        { gates: { patients: { legacy: { reconciliationClean: true } } } },
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

  it('holds the move while no report is had: unknown, never passing', async () => {
    const res = await move('shadow').expect(409);
    assert.deepEqual(shape(res.body.errors as Gate[]), [['reconciliationClean', 'unknown', null]]);
    assert.deepEqual(shape(await gates()), [['reconciliationClean', 'unknown', null]]);
  });

  it('refuses while the last reconciliation left differences, with their count', async () => {
    report = {
      status: 200,
      body: { clean: false, remaining: 3, finishedAt: '2026-01-01T00:00:00.000Z' },
    };
    const res = await move('shadow').expect(409);
    assert.deepEqual(shape(res.body.errors as Gate[]), [['reconciliationClean', 'fail', 3]]);
  });

  it('allows the move once the last reconciliation is clean', async () => {
    report = {
      status: 200,
      body: { clean: true, remaining: 0, finishedAt: '2026-01-01T00:01:00.000Z' },
    };
    await move('shadow').expect(200);
  });
});
