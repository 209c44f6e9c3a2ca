import { type RowDataPacket } from 'mysql2/promise';
import { type Sql } from '../db/sql';
import { formatCents } from '../legacy/money';
import { toCents } from './invoice-view';

interface InvoiceTotalsRow extends RowDataPacket {
  INVOICES: number;
  OPEN_INVOICES: string;
  BILLED: string;
}

interface PaidRow extends RowDataPacket {
  PAID: string;
}

export interface PatientBalance {
  PAT_ID: number;
  INVOICES: number;
  OPEN_INVOICES: number;
  BILLED: string;
  PAID: string;
  BALANCE: string;
}

/** Billed minus paid over the patient's invoices; void invoices and their payments do not count. */
export async function patientBalance(db: Sql, patientId: number): Promise<PatientBalance> {
  const [[totals], [paid]] = await Promise.all([
    db.query<InvoiceTotalsRow[]>(
      `SELECT COUNT(*) AS INVOICES, COALESCE(SUM(BILL_STAT = 'O'), 0) AS OPEN_INVOICES,
              COALESCE(SUM(BILL_TOT), 0) AS BILLED
         FROM BILL_HDR WHERE BILL_PAT_ID = ? AND BILL_STAT <> 'V'`,
      [patientId],
    ),
    db.query<PaidRow[]>(
      `SELECT COALESCE(SUM(p.PMT_AMT), 0) AS PAID
         FROM BILL_PMT p JOIN BILL_HDR h ON h.BILL_ID = p.PMT_BILL_ID
        WHERE h.BILL_PAT_ID = ? AND h.BILL_STAT <> 'V'`,
      [patientId],
    ),
  ]);
  const billed = toCents(totals[0]?.BILLED ?? '0');
  const paidCents = toCents(paid[0]?.PAID ?? '0');
  return {
    PAT_ID: patientId,
    INVOICES: totals[0]?.INVOICES ?? 0,
    OPEN_INVOICES: Number(totals[0]?.OPEN_INVOICES ?? 0),
    BILLED: formatCents(billed),
    PAID: formatCents(paidCents),
    BALANCE: formatCents(billed - paidCents),
  };
}
