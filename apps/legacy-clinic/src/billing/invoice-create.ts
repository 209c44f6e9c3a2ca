import { type Pool, type PoolConnection } from 'mysql2/promise';
import { findAppointment } from '../appointments/appointment.dao';
import { withTransaction } from '@ficus/core';
import { conflict, invalidField, notFound } from '../http/errors';
import { formatCents, MAX_CENTS } from '../legacy/money';
import { findPatientShared } from '../patients/patient.dao';
import { mergedPatient } from '../patients/patient.errors';
import { insertInvoice, type NewInvoiceLine } from './invoice.dao';
import { type CreateInvoiceBody } from './invoice.input';

export interface InvoiceRequest extends Omit<CreateInvoiceBody, 'date'> {
  /** 'YYYYMMDD' */
  date: string;
}

/**
 * POST /api/invoices: the header and its lines in one transaction. The total is summed here in
 * whole cents, so BILL_TOT always equals SUM(BL_QTY * BL_AMT) to the cent.
 */
export async function createInvoice(
  pool: Pool,
  request: InvoiceRequest,
  stamp: string,
): Promise<number> {
  const total = request.lines.reduce((sum, l) => sum + BigInt(l.quantity) * l.amount, 0n);
  if (total > MAX_CENTS) throw invalidField('lines', 'line totals that sum to at most 99999999.99');
  const lines: NewInvoiceLine[] = request.lines.map((l) => ({
    cpt: l.cpt,
    description: l.description,
    quantity: l.quantity,
    amount: formatCents(l.amount),
  }));
  return withTransaction(pool, async (conn) => {
    await assertBillable(conn, request.patientId, request.appointmentId);
    // Nothing to collect on a zero invoice: it is born paid, so it never shows as open.
    const status = total === 0n ? 'P' : 'O';
    return insertInvoice(
      conn,
      {
        patientId: request.patientId,
        appointmentId: request.appointmentId,
        date: request.date,
        status,
        total: formatCents(total),
      },
      lines,
      stamp,
    );
  });
}

async function assertBillable(
  conn: PoolConnection,
  patientId: number,
  appointmentId: number,
): Promise<void> {
  const patient = await findPatientShared(conn, patientId);
  if (!patient) throw notFound('patient', patientId, 'patientId');
  if (patient.PAT_STAT === 'M') throw mergedPatient(patient);
  if (appointmentId === 0) return;
  const appt = await findAppointment(conn, appointmentId);
  if (!appt) throw notFound('appointment', appointmentId, 'appointmentId');
  if (appt.APPT_PAT_ID !== patientId) {
    throw conflict(
      'CLINIC_APPOINTMENT_OTHER_PATIENT',
      `appointment ${appointmentId} belongs to another patient than ${patientId}`,
      { appointmentId, patientId },
    );
  }
}
