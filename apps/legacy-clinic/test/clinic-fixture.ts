import { type Express } from 'express';
import { type ResultSetHeader } from 'mysql2/promise';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { applyClinicSchema, createClinicApp, seedClinic, type SeedOptions } from '../src/index';

/** The clinic's clock in tests: every CHAR(14) stamp the app writes is this instant. */
export const FIXED_NOW = new Date('2025-07-01T09:00:00Z');
export const FIXED_STAMP = '20250701090000';

export interface ClinicFixture {
  db: TestDatabase;
  app: Express;
  http: () => ReturnType<typeof request>;
}

/** A fresh database with the clinic schema (and a seeded clinic when asked), and the app on it. */
export async function openClinic(label: string, seed?: SeedOptions): Promise<ClinicFixture> {
  const db = await createTestDatabase(label);
  await applyClinicSchema(db.pool);
  if (seed) await seedClinic(db.pool, seed);
  const app = createClinicApp(db.pool, { clock: () => FIXED_NOW });
  return { db, app, http: () => request(app) };
}

/** A practitioner outside the seeded ones, so booking tests own their calendar. */
export async function addPractitioner(
  fixture: ClinicFixture,
  active: 'Y' | 'N' = 'Y',
): Promise<number> {
  const [result] = await fixture.db.pool.query<ResultSetHeader>(
    `INSERT INTO PRAC_MST (PRAC_FNAME, PRAC_LNAME, PRAC_SPEC, PRAC_NPI, PRAC_ACTV, PRAC_CRT_DT, PRAC_UPD_DT)
     VALUES ('Test', 'Practitioner', 'FP', '9900000000', ?, ?, ?)`,
    [active, FIXED_STAMP, FIXED_STAMP],
  );
  return result.insertId;
}

export interface NewPatient {
  firstName?: string;
  lastName?: string;
  dob?: string;
  [field: string]: unknown;
}

/** Creates a patient through the API and returns its row. */
export async function addPatient(
  fixture: ClinicFixture,
  patient: NewPatient = {},
): Promise<{ PAT_ID: number; PAT_VER: number }> {
  const res = await fixture
    .http()
    .post('/api/patients')
    .send({ firstName: 'Test', lastName: 'Patient', ...patient })
    .expect(201);
  return res.body as { PAT_ID: number; PAT_VER: number };
}

export async function book(
  fixture: ClinicFixture,
  appt: {
    patientId: number;
    practitionerId: number;
    date: string;
    time: string;
    duration?: number;
  },
) {
  return fixture.http().post('/api/appointments').send(appt);
}

/** Asserts the JSON error a 4xx answer carries, by code and (for a 400) the field it names. */
export function errorOf(body: unknown): {
  code: string;
  field?: string;
  expected?: string;
  details?: Record<string, unknown>;
} {
  return (
    body as {
      error: { code: string; field?: string; expected?: string; details?: Record<string, unknown> };
    }
  ).error;
}

/** One column of a JSON list of rows: `column(res.body.patients, 'PAT_ID')`. */
export function column(rows: unknown, key: string): unknown[] {
  return (rows as Array<Record<string, unknown>>).map((row) => row[key]);
}

/** Some columns of a JSON list of rows, one array per row. */
export function columns(rows: unknown, keys: readonly string[]): unknown[][] {
  return (rows as Array<Record<string, unknown>>).map((row) => keys.map((key) => row[key]));
}
