import { type ResultSetHeader } from 'mysql2/promise';
import { type Sql } from '../db/sql';
import {
  type InvoiceLineRow,
  type InvoiceStatus,
  type InvoiceWithPaidRow,
  type PaymentMethod,
  type PaymentRow,
} from './invoice.row';

const PAID_SUBQUERY =
  'COALESCE((SELECT SUM(PMT_AMT) FROM BILL_PMT WHERE PMT_BILL_ID = h.BILL_ID), 0.00) AS BILL_PAID';

export async function findInvoice(db: Sql, id: number): Promise<InvoiceWithPaidRow | undefined> {
  const [rows] = await db.query<InvoiceWithPaidRow[]>(
    `SELECT h.*, ${PAID_SUBQUERY} FROM BILL_HDR h WHERE h.BILL_ID = ?`,
    [id],
  );
  return rows[0];
}

/** The header under a write lock, so two payments on one invoice are applied one at a time. */
export async function lockInvoice(db: Sql, id: number): Promise<InvoiceWithPaidRow | undefined> {
  const [rows] = await db.query<InvoiceWithPaidRow[]>(
    `SELECT h.*, ${PAID_SUBQUERY} FROM BILL_HDR h WHERE h.BILL_ID = ? FOR UPDATE`,
    [id],
  );
  return rows[0];
}

export async function findLines(db: Sql, invoiceId: number): Promise<InvoiceLineRow[]> {
  const [rows] = await db.query<InvoiceLineRow[]>(
    'SELECT * FROM BILL_LN WHERE BL_BILL_ID = ? ORDER BY BL_LN_NO',
    [invoiceId],
  );
  return rows;
}

export async function findPayments(db: Sql, invoiceId: number): Promise<PaymentRow[]> {
  const [rows] = await db.query<PaymentRow[]>(
    'SELECT * FROM BILL_PMT WHERE PMT_BILL_ID = ? ORDER BY PMT_ID',
    [invoiceId],
  );
  return rows;
}

export interface NewInvoice {
  patientId: number;
  appointmentId: number;
  date: string;
  status: InvoiceStatus;
  total: string;
}

export interface NewInvoiceLine {
  cpt: string;
  description: string;
  quantity: number;
  amount: string;
}

export async function insertInvoice(
  db: Sql,
  invoice: NewInvoice,
  lines: readonly NewInvoiceLine[],
  stamp: string,
): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `INSERT INTO BILL_HDR (BILL_PAT_ID, BILL_APPT_ID, BILL_DT, BILL_STAT, BILL_TOT, BILL_CRT_DT, BILL_UPD_DT)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      invoice.patientId,
      invoice.appointmentId,
      invoice.date,
      invoice.status,
      invoice.total,
      stamp,
      stamp,
    ],
  );
  const id = result.insertId;
  const values = lines.map((l, i) => [id, i + 1, l.cpt, l.description, l.quantity, l.amount]);
  await db.query(
    'INSERT INTO BILL_LN (BL_BILL_ID, BL_LN_NO, BL_CPT, BL_DESC, BL_QTY, BL_AMT) VALUES ?',
    [values],
  );
  return id;
}

export interface NewPayment {
  invoiceId: number;
  date: string;
  amount: string;
  method: PaymentMethod;
  reference: string;
}

export async function insertPayment(db: Sql, payment: NewPayment, stamp: string): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `INSERT INTO BILL_PMT (PMT_BILL_ID, PMT_DT, PMT_AMT, PMT_METH, PMT_REF, PMT_CRT_DT)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [payment.invoiceId, payment.date, payment.amount, payment.method, payment.reference, stamp],
  );
  return result.insertId;
}

export async function setInvoiceStatus(
  db: Sql,
  id: number,
  status: InvoiceStatus,
  stamp: string,
): Promise<void> {
  await db.query('UPDATE BILL_HDR SET BILL_STAT = ?, BILL_UPD_DT = ? WHERE BILL_ID = ?', [
    status,
    stamp,
    id,
  ]);
}
