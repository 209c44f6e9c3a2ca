import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Pool, type RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { CLINIC_TABLES, seedClinic, type SeedSummary } from '../src/index';

const PRIMARY_KEYS: Record<(typeof CLINIC_TABLES)[number], string> = {
  PATIENT_MST: 'PAT_ID',
  PRAC_MST: 'PRAC_ID',
  APPT_TRN: 'APPT_ID',
  BILL_HDR: 'BILL_ID',
  BILL_LN: 'BL_BILL_ID, BL_LN_NO',
  BILL_PMT: 'PMT_ID',
};

async function count(pool: Pool, sql: string): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

/** A digest of every row of every table, in key order: equal digests, equal databases. */
async function contentDigest(pool: Pool): Promise<string> {
  const hash = createHash('sha256');
  for (const table of CLINIC_TABLES) {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT * FROM ${table} ORDER BY ${PRIMARY_KEYS[table]}`,
    );
    hash.update(table);
    for (const row of rows) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

describe('legacy clinic: seeding', () => {
  const databases: TestDatabase[] = [];
  let first: TestDatabase;
  let summary: SeedSummary;
  const progress: number[] = [];

  before(async () => {
    first = await createTestDatabase('lc_seed_a');
    databases.push(first);
    summary = await seedClinic(first.pool, {
      patients: 10_000,
      seed: 42,
      onProgress: (p) => progress.push(p.patientsDone),
    });
  });
  after(async () => {
    for (const db of databases) await db.drop();
  });

  it('writes 10,000 patients and the counts it reports', async () => {
    assert.equal(summary.patients, 10_000);
    assert.equal(summary.practitioners, 25);
    const expected: Record<string, number> = {
      PATIENT_MST: summary.patients,
      PRAC_MST: summary.practitioners,
      APPT_TRN: summary.appointments,
      BILL_HDR: summary.invoices,
      BILL_LN: summary.invoiceLines,
      BILL_PMT: summary.payments,
    };
    for (const [table, rows] of Object.entries(expected)) {
      assert.equal(await count(first.pool, `SELECT COUNT(*) FROM ${table}`), rows, table);
    }
    assert.equal(
      await count(first.pool, "SELECT COUNT(*) FROM PATIENT_MST WHERE PAT_STAT = 'M'"),
      summary.mergedPatients,
    );
  });

  it('gives about 3 visits and 1.5 invoices of 1–3 lines per patient', () => {
    const owners = summary.patients - summary.mergedPatients;
    assert.ok(summary.appointments / owners > 2.8 && summary.appointments / owners < 3.2);
    assert.ok(summary.invoices / owners > 1.35 && summary.invoices / owners < 1.65);
    assert.ok(
      summary.invoiceLines / summary.invoices > 1.8 &&
        summary.invoiceLines / summary.invoices < 2.2,
    );
  });

  it('reports progress once per batch of 1,000', () => {
    assert.deepEqual(
      progress,
      Array.from({ length: 10 }, (_, i) => (i + 1) * 1000),
    );
  });

  it('is the same clinic, row for row, for the same seed; another seed differs', async () => {
    const again = await createTestDatabase('lc_seed_b');
    databases.push(again);
    assert.deepEqual(await seedClinic(again.pool, { patients: 10_000, seed: 42 }), summary);
    assert.equal(await contentDigest(again.pool), await contentDigest(first.pool));

    const other = await createTestDatabase('lc_seed_c');
    databases.push(other);
    await seedClinic(other.pool, { patients: 10_000, seed: 43 });
    assert.notEqual(await contentDigest(other.pool), await contentDigest(first.pool));
  });

  it('pins known rows of seed 42, so an accidental change to the generator shows', async () => {
    const [rows] = await first.pool.query<RowDataPacket[]>(
      'SELECT PAT_ID, PAT_FNAME, PAT_LNAME, PAT_DOB, PAT_SEX, PAT_STAT FROM PATIENT_MST WHERE PAT_ID IN (1, 2) ORDER BY PAT_ID',
    );
    assert.deepEqual(
      rows.map((r) => ({ ...r })),
      PINNED_PATIENTS,
    );
    assert.equal(await contentDigest(first.pool), PINNED_DIGEST);
  });

  it('carries the legacy scars', async () => {
    const scars: Record<string, string> = {
      'unknown dates of birth': "PAT_DOB = '00000000'",
      'blank sex codes': "PAT_SEX = ''",
      'unknown sex codes': "PAT_SEX = 'U'",
      'blank e-mail': "PAT_EMAIL = ''",
      'blank phone': "PAT_PHONE = ''",
      'phones in parentheses': "PAT_PHONE LIKE '(___) 555-01__'",
      'dotted phones': "PAT_PHONE LIKE '___.555.01__'",
      'international phones with extension': "PAT_PHONE LIKE '+1 ___ 555 01__ x%'",
      'no address': "PAT_ADDR = ''",
      'names in capitals': 'BINARY PAT_LNAME = BINARY UPPER(PAT_LNAME)',
      'inactive patients': "PAT_STAT = 'I'",
      'deceased patients': "PAT_STAT = 'D'",
    };
    for (const [scar, where] of Object.entries(scars)) {
      assert.ok(
        (await count(first.pool, `SELECT COUNT(*) FROM PATIENT_MST WHERE ${where}`)) > 10,
        scar,
      );
    }
    assert.equal(
      await count(
        first.pool,
        "SELECT COUNT(*) FROM PATIENT_MST WHERE PAT_ADDR <> '' AND PAT_ADDR NOT LIKE '%|%|%|%|%'",
      ),
      0,
    );
  });

  it('merges every duplicate into an earlier, unmerged survivor that owns the history', async () => {
    assert.ok(summary.mergedPatients > 100);
    const dangling = await count(
      first.pool,
      `SELECT COUNT(*) FROM PATIENT_MST m LEFT JOIN PATIENT_MST s ON s.PAT_ID = m.PAT_MRG_TO
        WHERE m.PAT_STAT = 'M' AND (s.PAT_ID IS NULL OR s.PAT_STAT = 'M' OR s.PAT_ID >= m.PAT_ID)`,
    );
    assert.equal(dangling, 0);
    assert.equal(
      await count(
        first.pool,
        "SELECT COUNT(*) FROM PATIENT_MST WHERE PAT_STAT <> 'M' AND PAT_MRG_TO <> 0",
      ),
      0,
    );
    const ownedByMerged = await count(
      first.pool,
      `SELECT COUNT(*) FROM APPT_TRN a JOIN PATIENT_MST p ON p.PAT_ID = a.APPT_PAT_ID WHERE p.PAT_STAT = 'M'`,
    );
    assert.equal(ownedByMerged, 0);
  });

  it('never double-books a practitioner', async () => {
    const clashes = await count(
      first.pool,
      `SELECT COUNT(*) FROM (SELECT 1 FROM APPT_TRN GROUP BY APPT_PRAC_ID, APPT_DT, APPT_TM HAVING COUNT(*) > 1) d`,
    );
    assert.equal(clashes, 0);
  });

  it('keeps bookings after the pinned today and history before it', async () => {
    assert.equal(
      await count(
        first.pool,
        "SELECT COUNT(*) FROM APPT_TRN WHERE APPT_STAT = 'B' AND APPT_DT < '20250630'",
      ),
      0,
    );
    assert.equal(
      await count(
        first.pool,
        "SELECT COUNT(*) FROM APPT_TRN WHERE APPT_STAT IN ('C', 'N') AND APPT_DT >= '20250630'",
      ),
      0,
    );
  });

  it('keeps the books straight: totals equal their lines, paid invoices are paid in full', async () => {
    const badTotals = await count(
      first.pool,
      'SELECT COUNT(*) FROM BILL_HDR WHERE BILL_TOT <> (SELECT SUM(BL_QTY * BL_AMT) FROM BILL_LN WHERE BL_BILL_ID = BILL_ID)',
    );
    assert.equal(badTotals, 0);
    const badPaid = await count(
      first.pool,
      `SELECT COUNT(*) FROM BILL_HDR WHERE BILL_STAT = 'P'
          AND BILL_TOT <> (SELECT COALESCE(SUM(PMT_AMT), 0) FROM BILL_PMT WHERE PMT_BILL_ID = BILL_ID)`,
    );
    assert.equal(badPaid, 0);
    const overpaid = await count(
      first.pool,
      'SELECT COUNT(*) FROM BILL_HDR WHERE BILL_TOT < (SELECT COALESCE(SUM(PMT_AMT), 0) FROM BILL_PMT WHERE PMT_BILL_ID = BILL_ID)',
    );
    assert.equal(overpaid, 0);
    const foreignVisit = await count(
      first.pool,
      `SELECT COUNT(*) FROM BILL_HDR h JOIN APPT_TRN a ON a.APPT_ID = h.BILL_APPT_ID
        WHERE a.APPT_PAT_ID <> h.BILL_PAT_ID OR a.APPT_STAT <> 'C' OR a.APPT_DT <> h.BILL_DT`,
    );
    assert.equal(foreignVisit, 0);
  });

  it('refuses to seed a database that already holds a clinic', async () => {
    await assert.rejects(
      seedClinic(first.pool, { patients: 1 }),
      (err: Error & { code?: string }) => err.code === 'CLINIC_SEED_NOT_EMPTY',
    );
  });
});

/**
 * Seed 42 as the README and the demo show it. When a generator change is intended, update these
 * together with the README's examples.
 */
const PINNED_PATIENTS = [
  {
    PAT_ID: 1,
    PAT_FNAME: 'Yarrow',
    PAT_LNAME: 'Yewford',
    PAT_DOB: '20060916',
    PAT_SEX: 'F',
    PAT_STAT: 'A',
  },
  {
    PAT_ID: 2,
    PAT_FNAME: 'Garrick',
    PAT_LNAME: 'Hazelford',
    PAT_DOB: '19410212',
    PAT_SEX: 'M',
    PAT_STAT: 'A',
  },
];
const PINNED_DIGEST = 'c07964e72d9580f75eb6fde83ac141c778ad32639b97c9688273e00fe31895b3';
