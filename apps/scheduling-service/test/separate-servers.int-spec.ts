import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { freePort, type MariaDbInstance } from '@ficus/infra';
import { privateMariaDb } from '@ficus/testing';
import {
  callOk,
  eventually,
  openLegacyClinic,
  type LegacyClinicFixture,
} from './legacy-clinic-fixture';

/**
 * The clinic on one MariaDB and the scheduling service on another, each with the binlog on, the
 * sync's user on the clinic holding only the grants docs/scheduling-service.md lists and the
 * service's user owning only its own database: the two-way sync needs nothing across the servers.
 */
describe('scheduling service: the clinic and the service on separate servers', () => {
  const dirs: string[] = [];
  const servers: MariaDbInstance[] = [];
  let f: LegacyClinicFixture;

  before(async () => {
    for (const [name, id] of [
      ['clinic', 21],
      ['service', 22],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), `ficus-ss-${name}-`));
      dirs.push(dir);
      servers.push(await privateMariaDb(dir, await freePort(), [`--server-id=${id}`]));
    }
    f = await openLegacyClinic('ss_servers', {
      systemOfRecord: 'service',
      servers: { clinic: servers[0]!.url, service: servers[1]!.url },
    });
  });
  after(async () => {
    await f?.close();
    for (const server of servers) await server.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each connector’s offset on the server it reads', async () => {
    const offsets = async (db: LegacyClinicFixture['clinicDb']) => {
      const [rows] = await db.pool.query<RowDataPacket[]>(
        'SELECT connector FROM ficus_cdc_offsets ORDER BY connector',
      );
      return rows.map((r) => r.connector as string);
    };
    await eventually('both connectors to commit an offset', async () => {
      const [clinic, service] = await Promise.all([offsets(f.clinicDb), offsets(f.serviceDb)]);
      return clinic.length > 0 && service.length > 0;
    });
    assert.deepEqual(await offsets(f.clinicDb), ['scheduling-legacy-inbound']);
    assert.deepEqual(await offsets(f.serviceDb), ['scheduling-legacy-write-back']);
  });

  it('carries a clinic booking to the service and the service’s cancel back to the clinic', async () => {
    const [[prac], [pat]] = await Promise.all([
      f.clinicDb.pool.query<RowDataPacket[]>(
        "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 1",
      ),
      f.clinicDb.pool.query<RowDataPacket[]>(
        "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1",
      ),
    ]);
    const booked = await callOk(f.clinicUrl, 'POST', '/api/appointments', {
      patientId: pat[0]?.PAT_ID,
      practitionerId: prac[0]?.PRAC_ID,
      date: '2032-02-02',
      time: '10:00',
    });
    const id = Number(booked.APPT_ID);
    await eventually('the booking in the service', async () => {
      return (await f.serviceRow(id))?.status === 'booked';
    });
    await callOk(f.serviceUrl, 'POST', `/api/appointments/${id}/cancel`, { reason: 'moved away' });
    await eventually('the cancel in the clinic', async () => {
      const row = await f.clinicVisit(id);
      return row?.APPT_STAT === 'X' && row.APPT_CXL_RSN === 'moved away';
    });
    const status = await f.status();
    assert.deepEqual([status.inbound?.deadLetters, status.writeBack?.deadLetters], [0, 0]);
  });
});
