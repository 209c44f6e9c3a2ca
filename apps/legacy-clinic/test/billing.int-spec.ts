import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addPatient,
  addPractitioner,
  book,
  columns,
  errorOf,
  openClinic,
  type ClinicFixture,
} from './clinic-fixture';

describe('legacy clinic: billing', () => {
  let clinic: ClinicFixture;
  let patientId: number;

  before(async () => {
    clinic = await openClinic('lc_billing');
    patientId = (await addPatient(clinic, { lastName: 'Zzbilled' })).PAT_ID;
  });
  after(async () => {
    await clinic?.db.drop();
  });

  async function invoice(
    lines: Array<Record<string, unknown>>,
    extra: Record<string, unknown> = {},
  ) {
    return clinic
      .http()
      .post('/api/invoices')
      .send({ patientId, lines, ...extra });
  }

  describe('POST /api/invoices and GET /api/invoices/:id', () => {
    it('totals the lines to the cent, with amounts as strings', async () => {
      const res = await invoice(
        [
          { cpt: '99213', description: 'OFFICE VISIT EST LVL 3', amount: '95.00' },
          { cpt: '36415', quantity: 3, amount: 0.1 },
          { cpt: '81002', quantity: 7, amount: '0.20' },
          { cpt: 'j1100', amount: '1234.56' },
        ],
        { date: '2025-06-15' },
      );
      assert.equal(res.status, 201);
      assert.equal(res.headers.location, `/api/invoices/${res.body.BILL_ID}`);
      assert.equal(res.body.BILL_TOT, '1331.26');
      assert.equal(res.body.BILL_PAID, '0.00');
      assert.equal(res.body.BILL_BAL, '1331.26');
      assert.equal(res.body.BILL_STAT, 'O');
      assert.equal(res.body.BILL_DT, '20250615');
      assert.equal(res.body.BILL_APPT_ID, 0);
      assert.deepEqual(columns(res.body.LINES, ['BL_LN_NO', 'BL_CPT', 'BL_QTY', 'BL_AMT']), [
        [1, '99213', 1, '95.00'],
        [2, '36415', 3, '0.10'],
        [3, '81002', 7, '0.20'],
        [4, 'J1100', 1, '1234.56'],
      ]);
      const read = await clinic.http().get(`/api/invoices/${res.body.BILL_ID}`).expect(200);
      assert.deepEqual(read.body, res.body);
    });

    it("dates an invoice today when no date is given, and can bill the patient's visit", async () => {
      const practitionerId = await addPractitioner(clinic);
      const appt = (
        await book(clinic, { patientId, practitionerId, date: '2031-01-02', time: '09:00' })
      ).body;
      const res = await invoice([{ cpt: '99214', amount: '140' }], { appointmentId: appt.APPT_ID });
      assert.equal(res.status, 201);
      assert.equal(res.body.BILL_DT, '20250701');
      assert.equal(res.body.BILL_APPT_ID, appt.APPT_ID);
    });

    it('answers 409 when the visit belongs to another patient, 404 for unknown references', async () => {
      const other = await addPatient(clinic);
      const practitionerId = await addPractitioner(clinic);
      const appt = (
        await book(clinic, {
          patientId: other.PAT_ID,
          practitionerId,
          date: '2031-01-03',
          time: '09:00',
        })
      ).body;
      const mismatch = await invoice([{ cpt: '99213', amount: '1' }], {
        appointmentId: appt.APPT_ID,
      });
      assert.equal(mismatch.status, 409);
      assert.equal(errorOf(mismatch.body).code, 'CLINIC_APPOINTMENT_OTHER_PATIENT');
      const noAppt = await invoice([{ cpt: '99213', amount: '1' }], { appointmentId: 999999 });
      assert.equal(noAppt.status, 404);
      assert.equal(errorOf(noAppt.body).field, 'appointmentId');
      const noPatient = await clinic
        .http()
        .post('/api/invoices')
        .send({ patientId: 999999, lines: [{ cpt: '99213', amount: '1' }] });
      assert.equal(noPatient.status, 404);
      assert.equal(errorOf(noPatient.body).field, 'patientId');
      await clinic.http().get('/api/invoices/999999').expect(404);
      assert.equal(
        errorOf((await clinic.http().get('/api/invoices/abc').expect(400)).body).field,
        'id',
      );
    });

    it('answers 400 naming the bad line field', async () => {
      const cases: Array<[Array<Record<string, unknown>> | undefined, string]> = [
        [undefined, 'lines'],
        [[], 'lines'],
        [[{ amount: '1.00' }], 'lines.0.cpt'],
        [[{ cpt: '992', amount: '1.00' }], 'lines.0.cpt'],
        [
          [
            { cpt: '99213', amount: '1.00' },
            { cpt: '99213', amount: '1.001' },
          ],
          'lines.1.amount',
        ],
        [[{ cpt: '99213', amount: '-1.00' }], 'lines.0.amount'],
        [[{ cpt: '99213', amount: '1', quantity: 0 }], 'lines.0.quantity'],
        [[{ cpt: '99213', amount: '99999999.99', quantity: 2 }], 'lines'],
      ];
      for (const [lines, field] of cases) {
        const res = await invoice(lines as Array<Record<string, unknown>>);
        assert.equal(res.status, 400, JSON.stringify(lines));
        assert.equal(errorOf(res.body).field, field, JSON.stringify(lines));
      }
    });
  });

  describe('POST /api/invoices/:id/payments', () => {
    it('takes part payments, then marks the invoice paid when the balance reaches zero', async () => {
      const bill = (await invoice([{ cpt: '99213', amount: '100.05' }])).body;
      const part = await clinic
        .http()
        .post(`/api/invoices/${bill.BILL_ID}/payments`)
        .send({ amount: '60.02', method: 'IN', reference: 'EOB123', date: '2025-06-20' })
        .expect(201);
      assert.equal(part.body.BILL_STAT, 'O');
      assert.equal(part.body.BILL_PAID, '60.02');
      assert.equal(part.body.BILL_BAL, '40.03');
      assert.deepEqual(columns(part.body.PAYMENTS, ['PMT_AMT', 'PMT_METH', 'PMT_REF', 'PMT_DT']), [
        ['60.02', 'IN', 'EOB123', '20250620'],
      ]);
      const rest = await clinic
        .http()
        .post(`/api/invoices/${bill.BILL_ID}/payments`)
        .send({ amount: 40.03 })
        .expect(201);
      assert.equal(rest.body.BILL_STAT, 'P');
      assert.equal(rest.body.BILL_BAL, '0.00');
      assert.equal(rest.body.PAYMENTS[1].PMT_METH, 'CA');
      assert.equal(rest.body.PAYMENTS[1].PMT_DT, '20250701');
    });

    it('answers 409 for more than the balance, naming the balance', async () => {
      const bill = (await invoice([{ cpt: '99213', amount: '10.00' }])).body;
      const res = await clinic
        .http()
        .post(`/api/invoices/${bill.BILL_ID}/payments`)
        .send({ amount: '10.01' })
        .expect(409);
      assert.equal(errorOf(res.body).code, 'CLINIC_OVERPAYMENT');
      assert.equal(errorOf(res.body).details?.balance, '10.00');
    });

    it('applies concurrent payments one at a time, never overpaying', async () => {
      const bill = (await invoice([{ cpt: '99213', amount: '10.00' }])).body;
      const attempts = await Promise.all(
        Array.from({ length: 4 }, () =>
          clinic.http().post(`/api/invoices/${bill.BILL_ID}/payments`).send({ amount: '4.00' }),
        ),
      );
      assert.deepEqual(attempts.map((r) => r.status).sort(), [201, 201, 409, 409]);
      const read = await clinic.http().get(`/api/invoices/${bill.BILL_ID}`).expect(200);
      assert.equal(read.body.BILL_PAID, '8.00');
    });

    it('answers 409 for a void invoice', async () => {
      const bill = (await invoice([{ cpt: '99213', amount: '10.00' }])).body;
      await clinic.db.pool.query("UPDATE BILL_HDR SET BILL_STAT = 'V' WHERE BILL_ID = ?", [
        bill.BILL_ID,
      ]);
      const res = await clinic
        .http()
        .post(`/api/invoices/${bill.BILL_ID}/payments`)
        .send({ amount: '1.00' })
        .expect(409);
      assert.equal(errorOf(res.body).code, 'CLINIC_INVOICE_VOID');
    });

    it('answers 400 for a bad amount or method, 404 for an unknown invoice', async () => {
      const bill = (await invoice([{ cpt: '99213', amount: '10.00' }])).body;
      for (const [body, field] of [
        [{}, 'amount'],
        [{ amount: 0 }, 'amount'],
        [{ amount: '1.5.0' }, 'amount'],
        [{ amount: '1', method: 'BTC' }, 'method'],
        [{ amount: '1', date: 'yesterday' }, 'date'],
      ] as const) {
        const res = await clinic
          .http()
          .post(`/api/invoices/${bill.BILL_ID}/payments`)
          .send(body)
          .expect(400);
        assert.equal(errorOf(res.body).field, field);
      }
      await clinic.http().post('/api/invoices/999999/payments').send({ amount: '1' }).expect(404);
    });
  });

  describe('GET /api/patients/:id/balance', () => {
    it('is billed minus paid over the non-void invoices', async () => {
      const payer = (await addPatient(clinic)).PAT_ID;
      const make = (amount: string) =>
        clinic
          .http()
          .post('/api/invoices')
          .send({ patientId: payer, lines: [{ cpt: '99213', amount }] })
          .expect(201);
      const a = (await make('100.10')).body;
      await make('0.20');
      const voided = (await make('999.99')).body;
      await clinic.db.pool.query("UPDATE BILL_HDR SET BILL_STAT = 'V' WHERE BILL_ID = ?", [
        voided.BILL_ID,
      ]);
      await clinic
        .http()
        .post(`/api/invoices/${a.BILL_ID}/payments`)
        .send({ amount: '100.10' })
        .expect(201);

      const res = await clinic.http().get(`/api/patients/${payer}/balance`).expect(200);
      assert.deepEqual(res.body, {
        PAT_ID: payer,
        INVOICES: 2,
        OPEN_INVOICES: 1,
        BILLED: '100.30',
        PAID: '100.10',
        BALANCE: '0.20',
      });
    });

    it('is all zeros for a patient never billed; 404 for an unknown one', async () => {
      const fresh = (await addPatient(clinic)).PAT_ID;
      const res = await clinic.http().get(`/api/patients/${fresh}/balance`).expect(200);
      assert.deepEqual(res.body, {
        PAT_ID: fresh,
        INVOICES: 0,
        OPEN_INVOICES: 0,
        BILLED: '0.00',
        PAID: '0.00',
        BALANCE: '0.00',
      });
      await clinic.http().get('/api/patients/999999/balance').expect(404);
    });
  });
});
