import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import { clinicCall, eventually, openSync, type SyncFixture } from './legacy-sync-fixture';

describe('patients service: the sync across a restart of the service', () => {
  let f: SyncFixture;

  before(async () => {
    f = await openSync('ps_sync_restart', 10);
  });
  after(async () => {
    await f?.close();
  });

  function inService(id: number): Promise<Record<string, unknown> | undefined> {
    return f.app.get(ExportPatientToLegacy).byId(id);
  }

  it('resumes both directions from their offsets: nothing lost, nothing snapshotted again', async () => {
    const changed = 2;
    const serviceSide = 3;
    await f.stopService();

    // While the service is down: clinic users go on, and a service-side change is committed that
    // write-back had not read yet (as after a crash).
    const version = Number((await f.clinicRow(changed))!.PAT_VER);
    await clinicCall(f, 'PUT', `/api/patients/${changed}`, { version, lastName: 'Zzdown' });
    const created = await clinicCall(f, 'POST', '/api/patients', {
      firstName: 'Rui',
      lastName: 'Zzdown',
    });
    await f.serviceDb.pool.query(
      "UPDATE patients SET phone = '555-0177', version = version + 1 WHERE id = ?",
      [serviceSide],
    );
    const serviceVersion = Number((await f.clinicRow(serviceSide))!.PAT_VER) + 1;

    await f.startService();
    await eventually('the clinic update made while down', async () => {
      return (await inService(changed))?.PAT_LNAME === 'Zzdown';
    });
    await eventually('the clinic insert made while down', async () => {
      return (await inService(Number(created.PAT_ID))) !== undefined;
    });
    await eventually('the service change made while down, written back', async () => {
      return (await f.clinicRow(serviceSide))?.PAT_VER === serviceVersion;
    });
    assert.equal((await f.clinicRow(serviceSide))?.PAT_PHONE, '555-0177');
    assert.equal((await f.clinicRow(changed))?.PAT_VER, version + 1);

    const status = await f.status();
    assert.equal(status.inbound?.changes, 2, 'the two clinic writes, not a second snapshot');
    assert.equal(status.writeBack?.changes, 1);
    assert.equal(status.inbound?.deadLetters, 0);
  });
});
