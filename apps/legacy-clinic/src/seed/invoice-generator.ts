import { type InvoiceStatus, type PaymentMethod } from '../billing/invoice.row';
import { formatCents } from '../legacy/money';
import { type SqlValue } from './bulk-insert';
import { dayToLegacyDate, DAY_MS, msToLegacyStamp, type SeedCalendar } from './calendar';
import { type IdSequence } from './id-sequence';
import { type SeededRandom } from './prng';
import { BILLING_CODES } from './vocabulary';

export const INVOICE_COLUMNS = [
  'BILL_ID',
  'BILL_PAT_ID',
  'BILL_APPT_ID',
  'BILL_DT',
  'BILL_STAT',
  'BILL_TOT',
  'BILL_CRT_DT',
  'BILL_UPD_DT',
] as const;

export const INVOICE_LINE_COLUMNS = [
  'BL_BILL_ID',
  'BL_LN_NO',
  'BL_CPT',
  'BL_DESC',
  'BL_QTY',
  'BL_AMT',
] as const;

export const PAYMENT_COLUMNS = [
  'PMT_ID',
  'PMT_BILL_ID',
  'PMT_DT',
  'PMT_AMT',
  'PMT_METH',
  'PMT_REF',
  'PMT_CRT_DT',
] as const;

export interface GeneratedInvoice {
  header: SqlValue[];
  lines: SqlValue[][];
  payments: SqlValue[][];
}

/** The visit an invoice bills, if any: BILL_APPT_ID is 0 for over-the-counter charges. */
export interface BilledVisit {
  id: number;
  day: number;
}

const STATUS: ReadonlyArray<readonly [InvoiceStatus, number]> = [
  ['P', 65],
  ['O', 32],
  ['V', 3],
];

const METHODS: ReadonlyArray<readonly [PaymentMethod, number]> = [
  ['IN', 45],
  ['CC', 30],
  ['CA', 15],
  ['CK', 10],
];

interface SeedLine {
  code: string;
  description: string;
  quantity: number;
  cents: number;
}

interface SeedPayment {
  id: number;
  day: number;
  cents: number;
  method: PaymentMethod;
  reference: string;
  stamp: string;
}

/** One invoice with 1–3 lines; paid ones have payments summing exactly to BILL_TOT. */
export function generateInvoice(
  rng: SeededRandom,
  calendar: SeedCalendar,
  id: number,
  patientId: number,
  visit: BilledVisit | undefined,
  paymentIds: IdSequence,
): GeneratedInvoice {
  const day = visit?.day ?? calendar.todayDay - rng.int(1, 730);
  const lines = generateLines(rng, visit !== undefined);
  const total = lines.reduce((sum, line) => sum + line.quantity * line.cents, 0);
  const status = total === 0 ? 'P' : rng.weighted(STATUS);
  const created = msToLegacyStamp((day * 86_400 + rng.int(57_600, 68_400)) * 1000);
  const payments =
    status === 'V' ? [] : generatePayments(rng, calendar, day, total, status, paymentIds);
  const updated = payments[payments.length - 1]?.stamp ?? created;
  return {
    header: [
      id,
      patientId,
      visit?.id ?? 0,
      dayToLegacyDate(day),
      status,
      money(total),
      created,
      updated,
    ],
    lines: lines.map((l, i) => [id, i + 1, l.code, l.description, l.quantity, money(l.cents)]),
    payments: payments.map((p) => [
      p.id,
      id,
      dayToLegacyDate(p.day),
      money(p.cents),
      p.method,
      p.reference,
      p.stamp,
    ]),
  };
}

function generateLines(rng: SeededRandom, forVisit: boolean): SeedLine[] {
  const count = rng.int(1, 3);
  const lines: SeedLine[] = [];
  for (let n = 1; n <= count; n++) {
    // A visit's first line is the office visit itself.
    const codes = forVisit && n === 1 ? BILLING_CODES.slice(0, 3) : BILLING_CODES;
    const [code, description, price] = rng.pick(codes);
    const cents = rng.chance(0.05) ? Math.max(100, price + rng.int(-500, 500)) : price;
    lines.push({ code, description, quantity: rng.chance(0.1) ? 2 : 1, cents });
  }
  return lines;
}

/** Paid: one payment, or two that split the total. Open: sometimes a part payment. */
function generatePayments(
  rng: SeededRandom,
  calendar: SeedCalendar,
  invoiceDay: number,
  total: number,
  status: InvoiceStatus,
  ids: IdSequence,
): SeedPayment[] {
  let amounts: number[] = [];
  if (status === 'P') {
    const split = total > 1 && rng.chance(0.2) ? rng.int(1, total - 1) : 0;
    amounts = split > 0 ? [split, total - split] : [total];
  } else if (total > 1 && rng.chance(0.35)) {
    amounts = [rng.int(1, total - 1)];
  }
  let day = invoiceDay;
  return amounts.map((cents) => {
    day = Math.min(day + rng.int(0, 45), calendar.todayDay - 1);
    const method = rng.weighted(METHODS);
    const stamp = msToLegacyStamp(day * DAY_MS + rng.int(32_400, 61_200) * 1000);
    return { id: ids.next(), day, cents, method, reference: reference(rng, method), stamp };
  });
}

function reference(rng: SeededRandom, method: PaymentMethod): string {
  switch (method) {
    case 'IN':
      return `EOB${rng.int(100_000, 999_999)}`;
    case 'CK':
      return `CHK ${rng.int(1000, 9999)}`;
    case 'CC':
      return `XXXX${String(rng.int(0, 9999)).padStart(4, '0')}`;
    case 'CA':
      return '';
  }
}

function money(cents: number): string {
  return formatCents(BigInt(cents));
}
