import { formatCents, parseCents } from '../legacy/money';
import { type Sql } from '../db/sql';
import { findInvoice, findLines, findPayments } from './invoice.dao';
import { type InvoiceLineRow, type InvoiceWithPaidRow, type PaymentRow } from './invoice.row';

/** GET /api/invoices/:id's answer: the BILL_HDR row with its paid sum, balance, lines and payments. */
export type InvoiceView = InvoiceWithPaidRow & {
  BILL_BAL: string;
  LINES: InvoiceLineRow[];
  PAYMENTS: PaymentRow[];
};

export async function readInvoiceView(db: Sql, id: number): Promise<InvoiceView | undefined> {
  const header = await findInvoice(db, id);
  if (!header) return undefined;
  const [lines, payments] = await Promise.all([findLines(db, id), findPayments(db, id)]);
  return {
    ...header,
    BILL_PAID: normalizeAmount(header.BILL_PAID),
    BILL_BAL: balanceOf(header),
    LINES: lines,
    PAYMENTS: payments,
  };
}

/** What is left to pay; a void invoice owes nothing whatever was billed. */
export function balanceCents(header: InvoiceWithPaidRow): bigint {
  if (header.BILL_STAT === 'V') return 0n;
  return toCents(header.BILL_TOT) - toCents(header.BILL_PAID);
}

function balanceOf(header: InvoiceWithPaidRow): string {
  return formatCents(balanceCents(header));
}

/** SUM() over DECIMAL(10,2) widens the scale on some servers; answer every amount as 'n.nn'. */
export function normalizeAmount(amount: string): string {
  return formatCents(toCents(amount));
}

export function toCents(amount: string): bigint {
  const cents = parseCents(amount);
  if (cents === null) throw new TypeError('the database returned an amount that is not a decimal');
  return cents;
}
