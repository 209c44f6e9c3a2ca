import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool, type Pool, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { testMysqlUrl } from '@ficus/testing';
import type { SchedulingPhase } from '../src/modules/scheduling/domain/appointment-system-of-record.port';
import { eventually, openLegacyClinic, type LegacyClinicFixture } from './legacy-clinic-fixture';

/**
 * A booking, a move or a cancellation carrying `x-ficus-shadow: 1` (the gateway's copy of a
 * shadowed write) is a dry run in either phase: it answers what the write would have answered,
 * status, body and headers, refusals included, and leaves the clinic's APPT_TRN, the service's
 * tables (their AUTO_INCREMENT too: no id used up) and the binlog as they were. Each dry run is
 * checked against the real write sent right after it.
 */
const SHADOW = { 'x-ficus-shadow': '1' };
/** The service's clock, stopped, so that a dry run and the write after it stamp the same instant. */
const NOW = new Date('2031-02-03T10:15:00Z');
const DAY = '2031-03-04';

interface Reply {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

/** The headers a client could tell a dry run's answer apart by (the rest is per connection). */
const COMPARED_HEADERS = ['content-type', 'content-length', 'location', 'etag'];

async function send(
  base: string,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])),
    body: await res.text(),
  };
}

interface TableState {
  rows: number;
  checksum: number;
  nextId: number;
}

interface BinlogPosition {
  file: string;
  pos: number;
}

describe('scheduling service: writes marked x-ficus-shadow: 1 are dry runs', () => {
  let admin: Pool;

  before(() => {
    admin = createPool({ uri: testMysqlUrl(), connectionLimit: 2 });
  });
  after(async () => {
    await admin?.end();
  });

  async function table(db: string, name: string): Promise<TableState> {
    const [[counted]] = await admin.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM \`${db}\`.\`${name}\``,
    );
    const [[summed]] = await admin.query<RowDataPacket[]>(
      `CHECKSUM TABLE \`${db}\`.\`${name}\` EXTENDED`,
    );
    const [[auto]] = await admin.query<RowDataPacket[]>(
      'SELECT AUTO_INCREMENT AS next FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db, name],
    );
    return {
      rows: Number(counted?.n),
      checksum: Number(summed?.Checksum),
      nextId: Number(auto?.next),
    };
  }

  async function binlogPosition(): Promise<BinlogPosition> {
    const [[status]] = await admin.query<RowDataPacket[]>('SHOW MASTER STATUS');
    assert.ok(status, 'the test server has its binlog on');
    return { file: String(status.File), pos: Number(status.Position) };
  }

  /**
   * The binlog events since `from` that name one of `databases` (a row event's table map, a
   * statement's text). The server is shared with other writers, so its position alone proves
   * nothing; what matters is that nothing of these databases was logged. The sync's connectors
   * commit their positions to `ficus_cdc_offsets` on their own clock, whatever the requests do:
   * those are left out, everything else (data, markers) counts.
   */
  async function binlogEventsOf(from: BinlogPosition, databases: string[]): Promise<string[]> {
    const [logs] = await admin.query<RowDataPacket[]>('SHOW BINARY LOGS');
    const files = logs.map((l) => String(l.Log_name)).filter((name) => name >= from.file);
    const found: string[] = [];
    const page = 5000;
    for (const file of files) {
      const start = file === from.file ? from.pos : 4;
      for (let offset = 0; ; offset += page) {
        const [events] = await admin.query<RowDataPacket[]>(
          `SHOW BINLOG EVENTS IN ? FROM ${start} LIMIT ${offset}, ${page}`,
          [file],
        );
        for (const e of events) {
          const info = String(e.Info);
          if (info.includes('ficus_cdc_offsets')) continue;
          if (databases.some((db) => info.includes(db))) found.push(`${e.Event_type}: ${info}`);
        }
        if (events.length < page) break;
      }
    }
    return found;
  }

  for (const phase of ['legacy', 'service'] as SchedulingPhase[]) {
    describe(`in the ${phase} phase`, () => {
      let f: LegacyClinicFixture;
      let patientId: number;
      let practitionerId: number;
      let otherPractitionerId: number;
      let databases: string[];

      before(async () => {
        f = await openLegacyClinic(`ss_dry_${phase}`, { systemOfRecord: phase, clock: () => NOW });
        databases = [f.clinicDb.name, f.serviceDb.name];
        const [patients] = await f.clinicDb.pool.query<RowDataPacket[]>(
          "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1",
        );
        const [practitioners] = await f.clinicDb.pool.query<RowDataPacket[]>(
          "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 2",
        );
        assert.equal(practitioners.length, 2, 'the seed has two active practitioners');
        patientId = Number(patients[0]?.PAT_ID);
        practitionerId = Number(practitioners[0]?.PRAC_ID);
        otherPractitionerId = Number(practitioners[1]?.PRAC_ID);
      });
      after(async () => {
        await f?.close();
      });

      async function state() {
        return {
          clinic: await table(f.clinicDb.name, 'APPT_TRN'),
          service: await table(f.serviceDb.name, 'appointments'),
        };
      }

      /**
       * Waits until the sync has carried the last real write both ways and gone quiet: the two
       * tables hold the same visits and neither direction has handled a change for a while, so
       * what changes from here on is the next request's doing.
       */
      async function settled(): Promise<void> {
        let last = '';
        let quietSince = Date.now();
        await eventually(
          'the sync to carry the last write and go quiet',
          async () => {
            const { clinic, service } = await state();
            const sync = await f.status();
            const now = JSON.stringify([
              clinic,
              service,
              sync.inbound?.changes,
              sync.writeBack?.changes,
            ]);
            if (now !== last) {
              last = now;
              quietSince = Date.now();
            }
            return clinic.rows === service.rows && Date.now() - quietSince >= 1_500;
          },
          60_000,
        );
      }

      /**
       * Sends the write as a dry run, checks that it changed nothing anywhere, then sends it for
       * real and checks that the two answers are the same. Returns the real answer.
       */
      async function dryThenReal(
        method: 'POST' | 'PUT',
        path: string,
        body: unknown,
        what: string,
      ): Promise<Reply> {
        await settled();
        const before = await state();
        const from = await binlogPosition();
        const dry = await send(f.serviceUrl, method, path, body, SHADOW);
        assert.deepEqual(await state(), before, `${what}: the dry run changed a table`);
        assert.deepEqual(
          await binlogEventsOf(from, databases),
          [],
          `${what}: the dry run reached the binlog`,
        );
        const real = await send(f.serviceUrl, method, path, body);
        assert.deepEqual(dry, real, `${what}: the dry run answered otherwise than the write`);
        return real;
      }

      it('books, moves and cancels: each dry run answers as the write right after it, and keeps nothing', async () => {
        const slot = {
          patientId,
          practitionerId,
          date: DAY,
          time: '09:30',
          duration: 30,
          reason: 'dry run',
        };
        const booked = await dryThenReal('POST', '/api/appointments', slot, 'booking');
        assert.equal(booked.status, 201, booked.body);
        const id = Number((JSON.parse(booked.body) as Record<string, unknown>).APPT_ID);
        assert.equal(booked.headers.location, `/api/appointments/${id}`);
        // The write itself is kept where the phase says, and the binlog check above can fail.
        const deciding = phase === 'legacy' ? f.clinicVisit(id) : f.serviceVisit(id);
        assert.ok(await deciding, 'the real booking is stored by the side that decides');

        const taken = await dryThenReal(
          'POST',
          '/api/appointments',
          { ...slot, time: '09:45', reason: 'overlap' },
          'booking a taken slot',
        );
        assert.equal(taken.status, 409, taken.body);
        assert.match(taken.body, /CLINIC_SLOT_TAKEN/);

        const moved = await dryThenReal(
          'PUT',
          `/api/appointments/${id}/reschedule`,
          { practitionerId: otherPractitionerId, date: DAY, time: '11:00', duration: 45 },
          'reschedule',
        );
        assert.equal(moved.status, 200, moved.body);
        assert.equal((JSON.parse(moved.body) as Record<string, unknown>).APPT_TM, '1100');

        const cancelled = await dryThenReal(
          'POST',
          `/api/appointments/${id}/cancel`,
          { reason: 'changed plans' },
          'cancel',
        );
        assert.equal(cancelled.status, 200, cancelled.body);
        assert.equal((JSON.parse(cancelled.body) as Record<string, unknown>).APPT_STAT, 'X');

        const again = await dryThenReal(
          'POST',
          `/api/appointments/${id}/cancel`,
          { reason: 'twice' },
          'cancelling a cancelled visit',
        );
        assert.equal(again.status, 409, again.body);
        assert.match(again.body, /CLINIC_APPOINTMENT_NOT_BOOKED/);
      });

      it('a refused booking refuses the same way dry (unknown patient, bad duration)', async () => {
        const unknown = await dryThenReal(
          'POST',
          '/api/appointments',
          { patientId: 999_999, practitionerId, date: DAY, time: '15:00', duration: 30 },
          'booking for an unknown patient',
        );
        assert.equal(unknown.status, 404, unknown.body);
        const late = await dryThenReal(
          'POST',
          '/api/appointments',
          { patientId, practitionerId, date: DAY, time: '23:50', duration: 30 },
          'booking past midnight',
        );
        assert.equal(late.status, 400, late.body);
      });

      if (phase === 'legacy') {
        it("a dry-run booking waits for the clinic's booking lock and is judged on what its holder committed", async () => {
          const slot = { patientId, practitionerId, date: DAY, time: '13:00', duration: 30 };
          const holder = await f.clinicDb.pool.getConnection();
          let dry: Promise<Reply> | undefined;
          let heldId: number;
          try {
            await holder.beginTransaction();
            await holder.query('SELECT * FROM PRAC_MST WHERE PRAC_ID = ? FOR UPDATE', [
              practitionerId,
            ]);
            dry = send(f.serviceUrl, 'POST', '/api/appointments', slot, SHADOW);
            await eventually('the dry run to wait for the practitioner lock', async () => {
              const [waiting] = await admin.query<RowDataPacket[]>(
                "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.PROCESSLIST WHERE DB = ? AND INFO LIKE '%PRAC_MST%FOR UPDATE%' AND ID <> CONNECTION_ID() AND ID <> ?",
                [f.clinicDb.name, holder.threadId],
              );
              return Number(waiting[0]?.n) > 0;
            });
            // The clinic books the slot meanwhile, as its own request would, under the lock.
            const [inserted] = await holder.query<ResultSetHeader>(
              "INSERT INTO APPT_TRN (APPT_PAT_ID, APPT_PRAC_ID, APPT_DT, APPT_TM, APPT_DUR, APPT_STAT, APPT_CRT_DT, APPT_UPD_DT) VALUES (?, ?, '20310304', '1300', 30, 'B', '20310203101500', '20310203101500')",
              [patientId, practitionerId],
            );
            heldId = inserted.insertId;
            await holder.commit();
          } finally {
            holder.release();
          }
          const answer = await dry;
          assert.equal(answer.status, 409, answer.body);
          const error = (JSON.parse(answer.body) as { error: { code: string; details: unknown } })
            .error;
          assert.equal(error.code, 'CLINIC_SLOT_TAKEN');
          assert.equal(
            (error.details as { clashingAppointmentId: number }).clashingAppointmentId,
            heldId,
            'the dry run read the day after the lock holder committed',
          );
          assert.deepEqual(await send(f.serviceUrl, 'POST', '/api/appointments', slot), answer);
        });
      }

      it('a real write is seen by the same checks (so their silence on dry runs means something)', async () => {
        const from = await binlogPosition();
        const before = await state();
        const real = await send(f.serviceUrl, 'POST', '/api/appointments', {
          patientId,
          practitionerId,
          date: DAY,
          time: '17:00',
          duration: 30,
        });
        assert.equal(real.status, 201, real.body);
        const changed = phase === 'legacy' ? 'clinic' : 'service';
        assert.notDeepEqual((await state())[changed], before[changed]);
        assert.notDeepEqual(await binlogEventsOf(from, databases), []);
      });
    });
  }
});
