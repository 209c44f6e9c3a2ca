import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import type { SystemOfRecord } from '../src/config/patients-config';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import {
  caughtUp,
  clinicCall,
  eventually,
  openSync,
  type SyncFixture,
} from './legacy-sync-fixture';

/**
 * The sync's policy per phase. Both sides change one patient from the same version while the
 * service is down (so neither sees the other's change first): the system of record's change is the
 * one both sides end with. After cutover the service also numbers new patients itself, and
 * write-back carries them to the clinic.
 */
for (const phase of ['legacy', 'service'] as const satisfies readonly SystemOfRecord[]) {
  describe(`patients service: the system of record is ${phase}`, () => {
    let f: SyncFixture;

    before(async () => {
      f = await openSync(`ps_phase_${phase}`, 10, phase);
    });
    after(async () => {
      await f?.close();
    });

    function inService(id: number): Promise<Record<string, unknown> | undefined> {
      return f.app.get(ExportPatientToLegacy).byId(id);
    }

    it(`keeps the ${phase}'s change when both sides changed a patient at the same version`, async () => {
      const id = 2;
      const sentinel = 3;
      await f.stopService();
      const version = Number((await f.clinicRow(id))!.PAT_VER);
      await clinicCall(f, 'PUT', `/api/patients/${id}`, { version, phone: 'clinic' });
      // As the service's own write leaves its row: no source position in the clinic's binlog.
      await f.serviceDb.pool.query(
        "UPDATE patients SET phone = 'service', version = version + 1, source_position = NULL WHERE id = ?",
        [id],
      );
      await f.serviceDb.pool.query(
        "UPDATE patients SET phone = 'sentinel', version = version + 1 WHERE id = ?",
        [sentinel],
      );
      const created = await clinicCall(f, 'POST', '/api/patients', {
        firstName: 'Uma',
        lastName: 'Zzphase',
      });
      await f.startService();

      // Binlog order: once both sentinels crossed, both connectors have read past the conflict.
      await eventually('write-back to carry the sentinel', async () => {
        return (await f.clinicRow(sentinel))?.PAT_PHONE === 'sentinel';
      });
      await eventually('inbound to carry the sentinel', async () => {
        return (await inService(Number(created.PAT_ID))) !== undefined;
      });
      const winner = phase === 'legacy' ? 'clinic' : 'service';
      const clinic = (await f.clinicRow(id))!;
      assert.deepEqual([clinic.PAT_PHONE, clinic.PAT_VER], [winner, version + 1]);
      assert.deepEqual(await inService(id), clinic);
    });

    it(
      phase === 'legacy'
        ? 'writes a service change in the clinic before it answers'
        : 'commits a service change and a new patient itself; write-back carries them to the clinic',
      async () => {
        const id = 4;
        const sentinel = 5;
        await caughtUp(f, sentinel);
        const start = await f.status();
        const version = Number((await inService(id))!.PAT_VER);
        const put = await f
          .http()
          .put(`/api/patients/${id}`)
          .send({ version, lastName: 'Zzauthority' })
          .expect(200);
        const shadowed = await f
          .http()
          .post('/api/patients')
          .set('x-ficus-shadow', '1')
          .send({ firstName: 'Vic', lastName: 'Zzauthority' })
          .expect(201);
        const created = await f
          .http()
          .post('/api/patients')
          .send({ firstName: 'Vic', lastName: 'Zzauthority' })
          .expect(201);
        const newId = Number(created.body.PAT_ID);
        assert.equal(
          shadowed.body.PAT_ID,
          newId,
          'a shadowed create answers the id and spends none',
        );
        if (phase === 'legacy') {
          assert.deepEqual(await f.clinicRow(id), put.body);
          assert.deepEqual(await f.clinicRow(newId), created.body);
          // Neither direction applies the request's change a second time: inbound skipped the
          // marked change (it counted the create's clinic insert, unmarked, and its sentinel),
          // and write-back found the clinic at the service's versions.
          await caughtUp(f, sentinel);
          const end = await f.status();
          assert.equal(end.inbound!.changes - start.inbound!.changes, 2);
          assert.equal(end.writeBack!.changes - start.writeBack!.changes, 3);
          assert.deepEqual(await f.clinicRow(id), put.body);
          assert.deepEqual(await inService(id), put.body);
          return;
        }
        await eventually('the change in the clinic', async () => {
          return (await f.clinicRow(id))?.PAT_VER === put.body.PAT_VER;
        });
        await eventually('the new patient in the clinic', async () => {
          return (await f.clinicRow(newId)) !== undefined;
        });
        assert.deepEqual(await f.clinicRow(id), put.body);
        assert.deepEqual(await f.clinicRow(newId), created.body);
        const fromClinic = await clinicCall(f, 'POST', '/api/patients', {
          firstName: 'Wen',
          lastName: 'Zzauthority',
        });
        assert.ok(Number(fromClinic.PAT_ID) > newId, 'the clinic numbers past the service');
      },
    );

    if (phase === 'service') {
      it('merges in the service, moves the clinic’s appointments and invoices, write-back carries the rest', async () => {
        const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(
          `SELECT PAT_ID FROM PATIENT_MST p WHERE PAT_STAT = 'A' AND PAT_ID > 5
             AND NOT EXISTS (SELECT 1 FROM PATIENT_MST m WHERE m.PAT_MRG_TO = p.PAT_ID)
           ORDER BY EXISTS (SELECT 1 FROM APPT_TRN WHERE APPT_PAT_ID = p.PAT_ID) DESC, PAT_ID`,
        );
        const [from, into] = rows.map((r) => Number(r.PAT_ID)) as [number, number];
        const appointments = async (id: number) => {
          const [n] = await f.clinicDb.pool.query<RowDataPacket[]>(
            'SELECT COUNT(*) AS n FROM APPT_TRN WHERE APPT_PAT_ID = ?',
            [id],
          );
          return Number(n[0]?.n);
        };
        const moving = await appointments(from);
        assert.ok(moving > 0, 'the seed gave the duplicate appointments');
        const merged = await f
          .http()
          .post(`/api/patients/${from}/merge`)
          .send({ into })
          .expect(200);
        assert.equal(merged.body.APPTS_MOVED, moving);
        assert.equal(await appointments(from), 0);
        const version = Number((await inService(from))!.PAT_VER);
        await eventually('the merge in the clinic', async () => {
          return (await f.clinicRow(from))?.PAT_VER === version;
        });
        const row = (await f.clinicRow(from))!;
        assert.deepEqual([row.PAT_STAT, row.PAT_MRG_TO], ['M', into]);
        assert.deepEqual(await inService(from), row);
      });
    }
  });
}
