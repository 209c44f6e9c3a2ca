import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { freePort } from '@ficus/infra';
import {
  answers,
  call,
  eventually,
  node,
  openLegacyClinic,
  stop,
  type LegacyClinicFixture,
} from './legacy-clinic-fixture';

/**
 * The gateway (its own process: apps never import apps) in front of the clinic, shadowing bookings
 * to the service in the legacy phase. The dry-run copy is decided before the clinic books, on the
 * same rows, so the two answers agree (201 and 201; the forecast id and the write stamps ignored,
 * as documented).
 */
const GATEWAY_MAIN = 'dist/apps/gateway/src/main.js';
const TOKEN = 'scheduling-shadow-e2e-token-0123456789';
const NOW = new Date('2031-02-03T10:15:00Z');

describe('a booking shadowed through the gateway, legacy phase', () => {
  let f: LegacyClinicFixture;
  let dir: string;
  let gateway: ReturnType<typeof node>;
  let base: string;
  let admin: string;
  let slot: Record<string, unknown>;

  before(async () => {
    f = await openLegacyClinic('ss_gw_shadow', { clock: () => NOW });
    const [patients] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1",
    );
    const [practitioners] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 1",
    );
    slot = {
      patientId: Number(patients[0]?.PAT_ID),
      practitionerId: Number(practitioners[0]?.PRAC_ID),
      date: '2031-03-04',
      time: '09:30',
      duration: 30,
      reason: 'shadowed',
    };
    dir = mkdtempSync(join(tmpdir(), 'ficus-shadow-e2e-'));
    const [dataPort, adminPort] = [await freePort(), await freePort()];
    const file = join(dir, 'ficus.config.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        // A gateway just started is busy: it would shed the one copy this test makes.
        'limits:',
        '  shadowYieldAbove: 1',
        'upstreams:',
        '  legacy:',
        `    url: ${f.clinicUrl}`,
        '  scheduling:',
        `    url: ${f.serviceUrl}`,
        'routes:',
        '  - name: book',
        '    path: /api/appointments',
        '    mode: shadow',
        '    target: scheduling',
        '    shadow:',
        '      writes: true',
        '    parity:',
        // The id is a forecast; the stamps are each side's clock (this service's is fixed here).
        "      ignore: ['$.APPT_ID', '$.APPT_CRT_DT', '$.APPT_UPD_DT']",
      ].join('\n'),
    );
    gateway = node(resolve(GATEWAY_MAIN), [], {
      FICUS_CONFIG: file,
      FICUS_GATEWAY_PORT: String(dataPort),
      FICUS_ADMIN_PORT: String(adminPort),
      FICUS_ADMIN_TOKEN: TOKEN,
      FICUS_CONTROL_DB_URL: '',
    });
    base = `http://127.0.0.1:${dataPort}`;
    admin = `http://127.0.0.1:${adminPort}`;
    await eventually('the gateway answers', () => answers(`${admin}/health`));
  });

  after(async () => {
    if (gateway) await stop(gateway);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await f?.close();
  });

  async function parity(): Promise<Record<string, unknown>> {
    const res = await fetch(`${admin}/admin/routes/book/parity`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return (await res.json()) as Record<string, unknown>;
  }

  it("matches the clinic's booking: the dry run is decided before the clinic books", async () => {
    const booked = await call(base, 'POST', '/api/appointments', slot);
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const id = Number(booked.body.APPT_ID);
    assert.ok(await f.clinicVisit(id), 'the clinic stored the booking');
    await eventually('the copy is compared', async () => (await parity()).totalComparisons === 1);
    const report = await parity();
    assert.deepEqual(report.mismatches, []);
    assert.equal(report.totalMatches, 1);
  });
});
