import { type AppointmentSlots } from './appointment-slots';
import { generateAppointment } from './appointment-generator';
import { type SqlValue } from './bulk-insert';
import { type SeedCalendar } from './calendar';
import { type IdSequence } from './id-sequence';
import { generateInvoice, type BilledVisit } from './invoice-generator';
import { generatePatient, type GeneratedPatient } from './patient-generator';
import { type SeededRandom } from './prng';
import { maxVisitsPerPatient } from './seed-options';

/** Everything one generator run needs that outlives a batch: the random stream and the id counters. */
export interface SeedContext {
  rng: SeededRandom;
  calendar: SeedCalendar;
  slots: AppointmentSlots;
  appointmentIds: IdSequence;
  invoiceIds: IdSequence;
  paymentIds: IdSequence;
  appointmentsPerPatient: number;
  invoicesPerPatient: number;
}

export interface BatchRows {
  patients: SqlValue[][];
  appointments: SqlValue[][];
  invoices: SqlValue[][];
  invoiceLines: SqlValue[][];
  payments: SqlValue[][];
  merged: number;
}

/** Share of invoices that bill a completed visit rather than an over-the-counter charge. */
const VISIT_INVOICE_SHARE = 0.85;

/**
 * Patients `firstId` .. `firstId + count - 1` with their visits, invoices and payments. A merged
 * duplicate points at an earlier patient of the same batch and owns nothing: its history moved to
 * the survivor when it was merged.
 */
export function generatePatientBatch(ctx: SeedContext, firstId: number, count: number): BatchRows {
  const rows: BatchRows = {
    patients: [],
    appointments: [],
    invoices: [],
    invoiceLines: [],
    payments: [],
    merged: 0,
  };
  const survivors: number[] = [];
  for (let id = firstId; id < firstId + count; id++) {
    const patient = generatePatient(ctx.rng, ctx.calendar, id, survivors);
    rows.patients.push(patient.row);
    if (patient.status === 'M') {
      rows.merged++;
      continue;
    }
    if (patient.status === 'A' || patient.status === 'I') survivors.push(id);
    addHistory(ctx, patient, rows);
  }
  return rows;
}

function addHistory(ctx: SeedContext, patient: GeneratedPatient, rows: BatchRows): void {
  const visits = Math.min(
    ctx.rng.countAround(ctx.appointmentsPerPatient),
    maxVisitsPerPatient(ctx.appointmentsPerPatient),
  );
  const billable: BilledVisit[] = [];
  for (let n = 0; n < visits; n++) {
    const appt = generateAppointment(
      ctx.rng,
      ctx.calendar,
      ctx.appointmentIds.next(),
      patient.id,
      patient.status,
      ctx.slots.next(),
    );
    rows.appointments.push(appt.row);
    if (appt.status === 'C') billable.push({ id: appt.id, day: appt.day });
  }
  const invoices = ctx.rng.countAround(ctx.invoicesPerPatient);
  for (let n = 0; n < invoices; n++) {
    const visit = ctx.rng.chance(VISIT_INVOICE_SHARE) ? billable.shift() : undefined;
    const invoice = generateInvoice(
      ctx.rng,
      ctx.calendar,
      ctx.invoiceIds.next(),
      patient.id,
      visit,
      ctx.paymentIds,
    );
    rows.invoices.push(invoice.header);
    rows.invoiceLines.push(...invoice.lines);
    rows.payments.push(...invoice.payments);
  }
}
