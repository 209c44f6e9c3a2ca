import { type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { FicusError, inTransaction } from '@ficus/core';
import { applyClinicSchema } from '../db/schema';
import { AppointmentSlots } from './appointment-slots';
import { SeedCalendar } from './calendar';
import { APPOINTMENT_COLUMNS } from './appointment-generator';
import { insertRows, type SqlValue } from './bulk-insert';
import { IdSequence } from './id-sequence';
import { INVOICE_COLUMNS, INVOICE_LINE_COLUMNS, PAYMENT_COLUMNS } from './invoice-generator';
import { generatePatientBatch, type BatchRows, type SeedContext } from './patient-batch';
import { PATIENT_COLUMNS } from './patient-generator';
import { generatePractitioner, PRACTITIONER_COLUMNS } from './practitioner-generator';
import { SeededRandom } from './prng';
import { resolveSeedOptions, type ResolvedSeedOptions, type SeedOptions } from './seed-options';

export interface SeedSummary {
  seed: number;
  today: string;
  patients: number;
  mergedPatients: number;
  practitioners: number;
  appointments: number;
  invoices: number;
  invoiceLines: number;
  payments: number;
}

/**
 * Fills an empty clinic database with a synthetic clinic, the same one for the same seed and
 * options. Rows are generated and written one batch of patients at a time, each batch in its own
 * transaction with multi-row INSERTs, so memory stays flat however many patients are asked for.
 */
export async function seedClinic(pool: Pool, options: SeedOptions): Promise<SeedSummary> {
  const o = resolveSeedOptions(options);
  await applyClinicSchema(pool);
  const conn = await pool.getConnection();
  try {
    await assertEmpty(conn);
    const rng = new SeededRandom(o.seed);
    const calendar = new SeedCalendar(o.today);
    await inTransaction(conn, (c) => insertPractitioners(c, rng, calendar, o.practitioners));
    const ctx: SeedContext = {
      rng,
      calendar,
      slots: new AppointmentSlots(o.practitioners, calendar, rng),
      appointmentIds: new IdSequence(),
      invoiceIds: new IdSequence(),
      paymentIds: new IdSequence(),
      appointmentsPerPatient: o.appointmentsPerPatient,
      invoicesPerPatient: o.invoicesPerPatient,
    };
    const summary = emptySummary(o);
    for (let first = 1; first <= o.patients; first += o.batchSize) {
      const batch = generatePatientBatch(ctx, first, Math.min(o.batchSize, o.patients - first + 1));
      await inTransaction(conn, (c) => insertBatch(c, batch));
      addToSummary(summary, batch);
      o.onProgress?.({
        patientsDone: summary.patients,
        patientsTotal: o.patients,
        appointments: summary.appointments,
        invoices: summary.invoices,
      });
    }
    return summary;
  } finally {
    conn.release();
  }
}

async function assertEmpty(conn: PoolConnection): Promise<void> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT (SELECT COUNT(*) FROM PATIENT_MST) + (SELECT COUNT(*) FROM PRAC_MST)
          + (SELECT COUNT(*) FROM APPT_TRN) + (SELECT COUNT(*) FROM BILL_HDR) AS N`,
  );
  if (Number(rows[0]?.N ?? 0) > 0) {
    throw new FicusError(
      'CLINIC_SEED_NOT_EMPTY',
      'the clinic database already holds data; seed into a new, empty database (the ids are fixed by the seed)',
    );
  }
}

async function insertPractitioners(
  conn: PoolConnection,
  rng: SeededRandom,
  calendar: SeedCalendar,
  count: number,
): Promise<void> {
  const rows: SqlValue[][] = [];
  for (let id = 1; id <= count; id++) rows.push(generatePractitioner(rng, calendar, id));
  await insertRows(conn, 'PRAC_MST', PRACTITIONER_COLUMNS, rows);
}

async function insertBatch(conn: PoolConnection, batch: BatchRows): Promise<void> {
  await insertRows(conn, 'PATIENT_MST', PATIENT_COLUMNS, batch.patients);
  await insertRows(conn, 'APPT_TRN', APPOINTMENT_COLUMNS, batch.appointments);
  await insertRows(conn, 'BILL_HDR', INVOICE_COLUMNS, batch.invoices);
  await insertRows(conn, 'BILL_LN', INVOICE_LINE_COLUMNS, batch.invoiceLines);
  await insertRows(conn, 'BILL_PMT', PAYMENT_COLUMNS, batch.payments);
}

function emptySummary(o: ResolvedSeedOptions): SeedSummary {
  return {
    seed: o.seed,
    today: o.today,
    patients: 0,
    mergedPatients: 0,
    practitioners: o.practitioners,
    appointments: 0,
    invoices: 0,
    invoiceLines: 0,
    payments: 0,
  };
}

function addToSummary(summary: SeedSummary, batch: BatchRows): void {
  summary.patients += batch.patients.length;
  summary.mergedPatients += batch.merged;
  summary.appointments += batch.appointments.length;
  summary.invoices += batch.invoices.length;
  summary.invoiceLines += batch.invoiceLines.length;
  summary.payments += batch.payments.length;
}
