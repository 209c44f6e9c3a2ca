import { Router } from 'express';
import { type Pool } from 'mysql2/promise';
import { type Clock } from '../clock';
import { notFound } from '../http/errors';
import { idText, parseInput } from '../http/validation';
import { isoToLegacyDate, legacyDateOf, legacyTimestampOf } from '../legacy/legacy-date';
import { readPatientOr404, sendMergedFrom } from '../patients/patient-lookup';
import { createInvoice } from './invoice-create';
import { createInvoiceBody, paymentBody } from './invoice.input';
import { readInvoiceView } from './invoice-view';
import { patientBalance } from './patient-balance';
import { recordPayment } from './payment-record';

export function billingRouter(pool: Pool, clock: Clock): Router {
  const router = Router();

  router.get('/api/invoices/:id', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const invoice = await readInvoiceView(pool, id);
    if (!invoice) throw notFound('invoice', id);
    res.json(invoice);
  });

  router.post('/api/invoices', async (req, res) => {
    const body = parseInput(createInvoiceBody, req.body);
    const now = clock();
    const date = body.date ? isoToLegacyDate(body.date) : legacyDateOf(now);
    const id = await createInvoice(pool, { ...body, date }, legacyTimestampOf(now));
    res
      .status(201)
      .location(`/api/invoices/${id}`)
      .json(await readInvoiceView(pool, id));
  });

  router.post('/api/invoices/:id/payments', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const body = parseInput(paymentBody, req.body);
    const now = clock();
    const date = body.date ? isoToLegacyDate(body.date) : legacyDateOf(now);
    await recordPayment(pool, id, { ...body, date }, legacyTimestampOf(now));
    res.status(201).json(await readInvoiceView(pool, id));
  });

  router.get('/api/patients/:id/balance', async (req, res) => {
    const resolved = await readPatientOr404(pool, req.params.id);
    sendMergedFrom(res, resolved);
    res.json(await patientBalance(pool, resolved.patient.PAT_ID));
  });

  return router;
}
