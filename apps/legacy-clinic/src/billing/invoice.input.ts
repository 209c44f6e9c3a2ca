import { z } from 'zod';
import {
  amount,
  bodyId,
  integerBetween,
  isoDate,
  jsonObject,
  MAX_DB_INT,
  text,
} from '../http/validation';

const cpt = z
  .string({ error: 'a 5-character CPT/HCPCS code, e.g. 99213' })
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{5}$/, 'a 5-character CPT/HCPCS code, e.g. 99213');

const line = z.object(
  {
    cpt,
    description: text(60).default(''),
    quantity: integerBetween(1, 999).default(1),
    amount: amount('zero'),
  },
  { error: 'an object { cpt, description, quantity, amount }' },
);

export const MAX_INVOICE_LINES = 99;

export const createInvoiceBody = jsonObject({
  patientId: bodyId,
  appointmentId: integerBetween(0, MAX_DB_INT).default(0),
  date: isoDate.optional(),
  lines: z
    .array(line, { error: `a list of 1 to ${MAX_INVOICE_LINES} invoice lines` })
    .min(1, `a list of 1 to ${MAX_INVOICE_LINES} invoice lines`)
    .max(MAX_INVOICE_LINES, `a list of 1 to ${MAX_INVOICE_LINES} invoice lines`),
});

export const paymentBody = jsonObject({
  amount: amount('positive'),
  method: z
    .enum(['CA', 'CK', 'CC', 'IN'], {
      error: "one of 'CA' (cash), 'CK' (cheque), 'CC' (card), 'IN' (insurance)",
    })
    .default('CA'),
  reference: text(30).default(''),
  date: isoDate.optional(),
});

export type CreateInvoiceBody = z.infer<typeof createInvoiceBody>;
export type PaymentBody = z.infer<typeof paymentBody>;
