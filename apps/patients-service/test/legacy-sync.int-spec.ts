import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { LegacyDatabase, type RowChange } from '@ficus/sync';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import { LegacyPatientWriter } from '../src/modules/patients/infrastructure/legacy-sync/legacy-patient-writer';
import {
  SERVICE_PATIENT_TABLE,
  writeBackChangeHandler,
} from '../src/modules/patients/infrastructure/legacy-sync/write-back-change-handler';
import { clinicCall, eventually, openSync, type SyncFixture } from './legacy-sync-fixture';

const FHIR = 'application/fhir+json';
type Row = Record<string, unknown>;

describe('patients service: two-way sync with the clinic', () => {
  let f: SyncFixture;

  before(async () => {
    f = await openSync('ps_sync');
  });
  after(async () => {
    await f?.close();
  });

  /** The patient as the service holds it, in the clinic's row shape. */
  function inService(id: number): Promise<Row | undefined> {
    return f.app.get(ExportPatientToLegacy).byId(id);
  }

  async function clinicRows(): Promise<Row[]> {
    const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(
      'SELECT * FROM PATIENT_MST ORDER BY PAT_ID',
    );
    return rows.map((r) => ({ ...r }));
  }

  async function activeId(skip = 0): Promise<number> {
    const [rows] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1 OFFSET ?",
      [skip],
    );
    return Number(rows[0]?.PAT_ID);
  }

  it('snapshots the clinic on first start and reports ready, with positions and no dead letters', async () => {
    const rows = await clinicRows();
    assert.equal(rows.length, 20);
    for (const row of rows) assert.deepEqual(await inService(Number(row.PAT_ID)), row);
    const status = await f.status();
    assert.equal(status.ready, true);
    for (const direction of [status.inbound, status.writeBack]) {
      assert.equal(direction?.state, 'streaming');
      assert.equal(direction?.snapshotCompleted, true);
      assert.match(direction?.position?.file ?? '', /\.\d+$/);
      assert.equal(direction?.deadLetters, 0);
    }
  });

  it('applies clinic inserts, updates, merges and deletes to the service', async () => {
    const created = await clinicCall(f, 'POST', '/api/patients', {
      firstName: 'Ines',
      lastName: 'Zzsync',
      dob: '1990-02-03',
      sex: 'F',
    });
    const id = Number(created.PAT_ID);
    await eventually('the clinic insert', async () => (await inService(id)) !== undefined);
    assert.deepEqual(await inService(id), created);

    const updated = await clinicCall(f, 'PUT', `/api/patients/${id}`, {
      version: 1,
      phone: '555-0199',
    });
    await eventually('the clinic update', async () => (await inService(id))?.PAT_VER === 2);
    assert.deepEqual(await inService(id), updated);

    const survivor = await activeId();
    await clinicCall(f, 'POST', `/api/patients/${id}/merge`, { into: survivor });
    await eventually('the merge', async () => (await inService(id))?.PAT_STAT === 'M');
    assert.equal((await inService(id))?.PAT_MRG_TO, survivor);
    const read = await f.http().get(`/api/patients/${id}`).expect(200);
    assert.equal(read.body.PAT_ID, survivor, 'the service answers a merged id with its survivor');

    await f.clinicDb.pool.query('DELETE FROM PATIENT_MST WHERE PAT_ID = ?', [id]);
    await eventually('the delete', async () => (await inService(id)) === undefined);
  });

  it('writes service changes to PATIENT_MST in the legacy encoding before it answers', async () => {
    const id = await activeId(1);
    const before = (await inService(id))!;
    const legacyPut = await f
      .http()
      .put(`/api/patients/${id}`)
      .send({ version: before.PAT_VER, email: 'ines@example.test' })
      .expect(200);
    assert.deepEqual(
      await f.clinicRow(id),
      legacyPut.body,
      'in the clinic as the request answered',
    );
    assert.equal(legacyPut.body.PAT_VER, Number(before.PAT_VER) + 1);

    await f
      .http()
      .put(`/fhir/Patient/${id}`)
      .set('content-type', FHIR)
      .set('if-match', `W/"${String(legacyPut.body.PAT_VER)}"`)
      .send(
        JSON.stringify({
          resourceType: 'Patient',
          active: true,
          name: [{ family: 'Zzfhir', given: ['Ada', 'Mary'] }],
          gender: 'male',
          birthDate: '1980-04-12',
          address: [{ line: ['1 Figtree St'], city: 'Rootford', state: 'OR', postalCode: '97000' }],
        }),
      )
      .expect(200);
    const row = (await f.clinicRow(id))!;
    assert.deepEqual(
      [row.PAT_FNAME, row.PAT_MNAME, row.PAT_DOB, row.PAT_SEX, row.PAT_ADDR, row.PAT_PHONE],
      ['Ada', 'Mary', '19800412', 'M', '1 Figtree St||Rootford|OR|97000', ''],
    );
    assert.equal(row.PAT_VER, Number(legacyPut.body.PAT_VER) + 1);
  });

  it('numbers new service patients from the clinic, so ids never collide', async () => {
    const created = await f
      .http()
      .post('/api/patients')
      .send({ firstName: 'Noor', lastName: 'Zzcreate', dob: '2001-07-08', sex: 'U' })
      .expect(201);
    const id = Number(created.body.PAT_ID);
    assert.deepEqual(
      await f.clinicRow(id),
      created.body,
      'in the clinic as soon as the request answered',
    );
    const fromClinic = await clinicCall(f, 'POST', '/api/patients', {
      firstName: 'Olek',
      lastName: 'Zzcreate',
    });
    assert.ok(Number(fromClinic.PAT_ID) > id);
    await eventually('the clinic-created patient', async () => {
      return (await inService(Number(fromClinic.PAT_ID))) !== undefined;
    });
    assert.deepEqual(await inService(id), created.body, 'the service keeps its own patient');
  });

  /**
   * How long a write may take to cross to the other database. Generous on purpose: a loaded 2-core
   * CI machine can hold a crossing up for seconds, and write-back may wait on a row lock, so the
   * bound stays above InnoDB's 50 s lock-wait timeout, after which the pipeline retries.
   */
  const CROSSING_MS = 60_000;

  /**
   * A change committed in the service's database alone (as a crash between a request's two
   * commits leaves one), once write-back has carried it to the clinic: write-back has then read
   * everything before it. A request's write would not do: it is in the clinic before it answers.
   */
  async function serviceWriteThrough(id: number, phone: string): Promise<void> {
    await f.serviceDb.pool.query(
      'UPDATE patients SET phone = ?, version = version + 1 WHERE id = ?',
      [phone, id],
    );
    const version = Number((await inService(id))!.PAT_VER);
    await eventually(
      'a service write in the clinic',
      async () => (await f.clinicRow(id))?.PAT_VER === version,
      CROSSING_MS,
    ).catch(async (err: Error) => {
      const row = await f.clinicRow(id);
      const status = JSON.stringify(await f.status());
      throw new Error(
        `${err.message}: clinic PAT_VER ${String(row?.PAT_VER)}, service ${String(version)}; sync status ${status}`,
        { cause: err },
      );
    });
  }

  /** A clinic write, once in the service: inbound has read everything before it. */
  async function clinicWriteThrough(firstName: string): Promise<void> {
    const created = await clinicCall(f, 'POST', '/api/patients', { firstName, lastName: 'Zzecho' });
    await eventually(
      'a clinic write in the service',
      async () => (await inService(Number(created.PAT_ID))) !== undefined,
      CROSSING_MS,
    );
  }

  it('never echoes: a clinic change moves PAT_VER by one and its applied copy is not written back', async () => {
    const id = await activeId(2);
    const sentinel = await activeId(3);
    await serviceWriteThrough(sentinel, '555-0141');
    await clinicWriteThrough('Pia');
    const before = await f.status();

    const clinicVersion = Number((await f.clinicRow(id))!.PAT_VER);
    await clinicCall(f, 'PUT', `/api/patients/${id}`, {
      version: clinicVersion,
      lastName: 'Zzecho',
    });
    await eventually(
      'the clinic update',
      async () => (await inService(id))?.PAT_LNAME === 'Zzecho',
    );
    // Binlog order: once these are through, both connectors have read past the update's copies.
    await serviceWriteThrough(sentinel, '555-0142');
    await clinicWriteThrough('Quinn');

    assert.equal((await f.clinicRow(id))?.PAT_VER, clinicVersion + 1, 'one clinic write, one bump');
    assert.equal((await inService(id))?.PAT_VER, clinicVersion + 1);
    const after = await f.status();
    assert.equal(
      after.writeBack!.changes - before.writeBack!.changes,
      1,
      'write-back saw the sentinel only: the applied clinic update was a marked transaction',
    );
    assert.equal(
      after.inbound!.changes - before.inbound!.changes,
      2,
      'inbound saw the two clinic writes only: the sentinel written back was a marked transaction',
    );
  });

  /** A service `patients` change as the write-back connector hands it over. */
  function serviceChange(id: number, version: number): RowChange {
    return {
      op: 'u',
      before: null,
      after: { id, version },
      ts_ms: Date.now(),
      transaction: null,
      source: {
        version: 'test',
        connector: 'mysql',
        name: 'patients-legacy-write-back',
        ts_ms: Date.now(),
        snapshot: 'false',
        db: f.serviceDb.name,
        table: SERVICE_PATIENT_TABLE,
        server_id: 1,
        gtid: null,
        file: 'binlog.000001',
        pos: 4,
        row: 0,
        thread: null,
        query: null,
      },
    };
  }

  /**
   * Statements of other sessions now running on the service's patients table. (InnoDB's own lock
   * wait tables leave out a waiting read-only transaction now and then, so they cannot tell.)
   */
  async function runningOnServicePatients(): Promise<number> {
    const [rows] = await f.serviceDb.pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
        WHERE DB = ? AND COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INFO LIKE ?`,
      [f.serviceDb.name, `%${SERVICE_PATIENT_TABLE}%`],
    );
    return Number(rows[0]?.n ?? 0);
  }

  it('writes back a change it is told of before the change is readable', async () => {
    // MariaDB (and MySQL) send a transaction's binlog events to readers before its commit is
    // visible to other sessions. On a busy server write-back could read the patient in that
    // instant, get the version the clinic already held, skip the write and never write it again.
    // Here the instant is held open: write-back gets the change while its transaction is open.
    const id = await activeId(4);
    const version = Number((await inService(id))!.PAT_VER);
    const writeBack = writeBackChangeHandler(
      f.app.get(ExportPatientToLegacy),
      new LegacyPatientWriter(f.app.get(LegacyDatabase)),
    );
    const conn = await f.serviceDb.pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query("UPDATE patients SET phone = '555-0143', version = ? WHERE id = ?", [
        version + 1,
        id,
      ]);
      let handled = false;
      const handling = writeBack(serviceChange(id, version + 1)).finally(() => (handled = true));
      await eventually('write-back to finish or to be reading the patient', async () => {
        return handled || (await runningOnServicePatients()) > 0;
      });
      assert.equal(handled, false, 'write-back must wait for the change it was told of');
      await conn.commit();
      await handling;
    } finally {
      await conn.rollback();
      conn.release();
    }
    assert.equal((await f.clinicRow(id))?.PAT_VER, version + 1, 'written back as committed');
    assert.equal((await f.clinicRow(id))?.PAT_PHONE, '555-0143');
  });

  it('dead-letters a clinic row the adapter refuses, and the stream goes on', async () => {
    const before = await f.status();
    await f.clinicDb.pool.query(
      "INSERT INTO PATIENT_MST (PAT_FNAME, PAT_LNAME, PAT_DOB, PAT_SEX) VALUES ('Bad', 'Zzdlq', '2019XX01', 'F')",
    );
    const good = await clinicCall(f, 'POST', '/api/patients', {
      firstName: 'Good',
      lastName: 'Zzdlq',
    });
    await eventually('the row after the refused one', async () => {
      return (await inService(Number(good.PAT_ID))) !== undefined;
    });
    await eventually('the dead letter', async () => (await f.status()).inbound?.deadLetters === 1);
    assert.equal(before.inbound?.deadLetters, 0);
    assert.equal((await f.status()).inbound?.state, 'streaming');
    const [letters] = await f.serviceDb.pool.query<RowDataPacket[]>(
      'SELECT direction, reason_code, reason, source_table FROM legacy_sync_dead_letters',
    );
    assert.equal(letters.length, 1);
    assert.equal(letters[0]?.direction, 'inbound');
    assert.equal(letters[0]?.reason_code, 'FICUS_ACL_INVALID');
    assert.match(String(letters[0]?.reason), /PAT_DOB/);
    assert.doesNotMatch(String(letters[0]?.reason), /2019XX01/, 'the reason carries no values');
    assert.equal(letters[0]?.source_table, `${f.clinicDb.name}.PATIENT_MST`);
  });
});
