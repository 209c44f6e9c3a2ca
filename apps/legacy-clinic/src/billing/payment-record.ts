import { type Pool } from 'mysql2/promise';
import { withTransaction } from '@ficus/core';
import { conflict, notFound } from '../http/errors';
import { formatCents } from '../legacy/money';
import { insertPayment, lockInvoice, setInvoiceStatus } from './invoice.dao';
import { type PaymentMethod } from './invoice.row';
import { balanceCents } from './invoice-view';

export interface PaymentRequest {
  amount: bigint;
  method: PaymentMethod;
  reference: string;
  /** 'YYYYMMDD' */
  date: string;
}

/**
 * POST /api/invoices/:id/payments: records a payment of at most the balance; the payment that
 * clears the balance marks the invoice paid. The header stays locked throughout, so concurrent
 * payments cannot together overpay.
 */
export async function recordPayment(
  pool: Pool,
  invoiceId: number,
  payment: PaymentRequest,
  stamp: string,
): Promise<void> {
  await withTransaction(pool, async (conn) => {
    const invoice = await lockInvoice(conn, invoiceId);
    if (!invoice) throw notFound('invoice', invoiceId);
    if (invoice.BILL_STAT === 'V') {
      throw conflict('CLINIC_INVOICE_VOID', `invoice ${invoiceId} is void and takes no payments`, {
        id: invoiceId,
      });
    }
    const balance = balanceCents(invoice);
    if (payment.amount > balance) {
      throw conflict(
        'CLINIC_OVERPAYMENT',
        `invoice ${invoiceId} has a balance of ${formatCents(balance)}; pay at most that`,
        { id: invoiceId, balance: formatCents(balance) },
      );
    }
    await insertPayment(
      conn,
      {
        invoiceId,
        date: payment.date,
        amount: formatCents(payment.amount),
        method: payment.method,
        reference: payment.reference,
      },
      stamp,
    );
    if (payment.amount === balance) await setInvoiceStatus(conn, invoiceId, 'P', stamp);
  });
}
