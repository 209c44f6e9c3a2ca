import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addPatient,
  addPractitioner,
  book,
  column,
  errorOf,
  FIXED_STAMP,
  openClinic,
  type ClinicFixture,
} from './clinic-fixture';

describe('legacy clinic: appointments', () => {
  let clinic: ClinicFixture;
  let patientId: number;

  before(async () => {
    clinic = await openClinic('lc_appointments');
    patientId = (await addPatient(clinic, { lastName: 'Zzbooker' })).PAT_ID;
  });
  after(async () => {
    await clinic?.db.drop();
  });

  describe('POST /api/appointments', () => {
    it('books a free slot in the legacy shape', async () => {
      const practitionerId = await addPractitioner(clinic);
      const res = await book(clinic, {
        patientId,
        practitionerId,
        date: '2031-03-03',
        time: '09:00',
        duration: 30,
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers.location, `/api/appointments/${res.body.APPT_ID}`);
      assert.deepEqual(
        { ...res.body, APPT_ID: 0 },
        {
          APPT_ID: 0,
          APPT_PAT_ID: patientId,
          APPT_PRAC_ID: practitionerId,
          APPT_DT: '20310303',
          APPT_TM: '0900',
          APPT_DUR: 30,
          APPT_STAT: 'B',
          APPT_RSN: '',
          APPT_CXL_RSN: '',
          APPT_CRT_DT: FIXED_STAMP,
          APPT_UPD_DT: FIXED_STAMP,
        },
      );
    });

    it("answers 409 for a slot that overlaps the practitioner's booking, and allows back-to-back", async () => {
      const practitionerId = await addPractitioner(clinic);
      const first = await book(clinic, {
        patientId,
        practitionerId,
        date: '2031-03-04',
        time: '10:00',
        duration: 30,
      });
      assert.equal(first.status, 201);
      for (const time of ['10:00', '10:15', '09:45']) {
        const clash = await book(clinic, {
          patientId,
          practitionerId,
          date: '2031-03-04',
          time,
          duration: 20,
        });
        assert.equal(clash.status, 409, time);
        assert.equal(errorOf(clash.body).code, 'CLINIC_SLOT_TAKEN');
        assert.equal(errorOf(clash.body).details?.clashingAppointmentId, first.body.APPT_ID);
      }
      assert.equal(
        (await book(clinic, { patientId, practitionerId, date: '2031-03-04', time: '10:30' }))
          .status,
        201,
      );
      assert.equal(
        (await book(clinic, { patientId, practitionerId, date: '2031-03-04', time: '09:30' }))
          .status,
        201,
      );
      const otherPractitioner = await addPractitioner(clinic);
      assert.equal(
        (
          await book(clinic, {
            patientId,
            practitionerId: otherPractitioner,
            date: '2031-03-04',
            time: '10:00',
          })
        ).status,
        201,
      );
    });

    it('lets exactly one of many simultaneous requests for a slot win', async () => {
      const practitionerId = await addPractitioner(clinic);
      const attempts = await Promise.all(
        Array.from({ length: 6 }, () =>
          book(clinic, { patientId, practitionerId, date: '2031-03-05', time: '11:00' }),
        ),
      );
      assert.deepEqual(attempts.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
    });

    it('answers 404 naming the unknown patient or practitioner', async () => {
      const practitionerId = await addPractitioner(clinic);
      const noPatient = await book(clinic, {
        patientId: 999999,
        practitionerId,
        date: '2031-03-06',
        time: '09:00',
      });
      assert.equal(noPatient.status, 404);
      assert.equal(errorOf(noPatient.body).field, 'patientId');
      const noPractitioner = await book(clinic, {
        patientId,
        practitionerId: 999999,
        date: '2031-03-06',
        time: '09:00',
      });
      assert.equal(noPractitioner.status, 404);
      assert.equal(errorOf(noPractitioner.body).field, 'practitionerId');
    });

    it('answers 409 for an inactive practitioner, a merged or a deceased patient', async () => {
      const inactive = await addPractitioner(clinic, 'N');
      const active = await addPractitioner(clinic);
      assert.equal(
        errorOf(
          (
            await book(clinic, {
              patientId,
              practitionerId: inactive,
              date: '2031-03-07',
              time: '09:00',
            })
          ).body,
        ).code,
        'CLINIC_PRACTITIONER_INACTIVE',
      );

      const gone = await addPatient(clinic);
      await clinic
        .http()
        .post(`/api/patients/${gone.PAT_ID}/merge`)
        .send({ into: patientId })
        .expect(200);
      const merged = await book(clinic, {
        patientId: gone.PAT_ID,
        practitionerId: active,
        date: '2031-03-07',
        time: '09:00',
      });
      assert.equal(merged.status, 409);
      assert.equal(errorOf(merged.body).code, 'CLINIC_PATIENT_MERGED');

      const deceased = await addPatient(clinic);
      await clinic
        .http()
        .put(`/api/patients/${deceased.PAT_ID}`)
        .send({ version: 1, status: 'D' })
        .expect(200);
      const res = await book(clinic, {
        patientId: deceased.PAT_ID,
        practitionerId: active,
        date: '2031-03-07',
        time: '09:00',
      });
      assert.equal(errorOf(res.body).code, 'CLINIC_PATIENT_DECEASED');
    });

    it('answers 400 naming the bad field', async () => {
      const practitionerId = await addPractitioner(clinic);
      const good = { patientId, practitionerId, date: '2031-03-08', time: '09:00' };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...good, patientId: undefined }, 'patientId'],
        [{ ...good, patientId: '7' }, 'patientId'],
        [{ ...good, date: '2031-02-29' }, 'date'],
        [{ ...good, date: '20310308' }, 'date'],
        [{ ...good, time: '9:00' }, 'time'],
        [{ ...good, time: '24:00' }, 'time'],
        [{ ...good, duration: 0 }, 'duration'],
        [{ ...good, duration: 45.5 }, 'duration'],
        [{ ...good, time: '23:45', duration: 30 }, 'duration'],
        [{ ...good, reason: 'x'.repeat(101) }, 'reason'],
      ];
      for (const [body, field] of cases) {
        const res = await clinic.http().post('/api/appointments').send(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(errorOf(res.body).field, field, JSON.stringify(body));
      }
    });
  });

  describe('PUT /api/appointments/:id/reschedule', () => {
    it('moves a booking to a free time, and may lengthen it in place', async () => {
      const practitionerId = await addPractitioner(clinic);
      const appt = (
        await book(clinic, {
          patientId,
          practitionerId,
          date: '2031-04-01',
          time: '09:00',
          duration: 15,
        })
      ).body;
      const moved = await clinic
        .http()
        .put(`/api/appointments/${appt.APPT_ID}/reschedule`)
        .send({ date: '2031-04-02', time: '14:30' })
        .expect(200);
      assert.equal(moved.body.APPT_DT, '20310402');
      assert.equal(moved.body.APPT_TM, '1430');
      assert.equal(moved.body.APPT_DUR, 15);
      const longer = await clinic
        .http()
        .put(`/api/appointments/${appt.APPT_ID}/reschedule`)
        .send({ date: '2031-04-02', time: '14:30', duration: 45 })
        .expect(200);
      assert.equal(longer.body.APPT_DUR, 45);
    });

    it('answers 409 when the new time is taken, and leaves the booking as it was', async () => {
      const practitionerId = await addPractitioner(clinic);
      const a = (
        await book(clinic, { patientId, practitionerId, date: '2031-04-03', time: '09:00' })
      ).body;
      const b = (
        await book(clinic, { patientId, practitionerId, date: '2031-04-03', time: '10:00' })
      ).body;
      const res = await clinic
        .http()
        .put(`/api/appointments/${b.APPT_ID}/reschedule`)
        .send({ date: '2031-04-03', time: '09:15' })
        .expect(409);
      assert.equal(errorOf(res.body).details?.clashingAppointmentId, a.APPT_ID);
      const list = await clinic
        .http()
        .get('/api/appointments')
        .query({ date: '2031-04-03', practitionerId })
        .expect(200);
      assert.deepEqual(column(list.body.appointments, 'APPT_TM'), ['0900', '1000']);
    });

    it('can move a booking to another practitioner', async () => {
      const [from, to] = [await addPractitioner(clinic), await addPractitioner(clinic)];
      const appt = (
        await book(clinic, { patientId, practitionerId: from, date: '2031-04-04', time: '09:00' })
      ).body;
      const res = await clinic
        .http()
        .put(`/api/appointments/${appt.APPT_ID}/reschedule`)
        .send({ date: '2031-04-04', time: '09:00', practitionerId: to })
        .expect(200);
      assert.equal(res.body.APPT_PRAC_ID, to);
    });

    it('answers 404 for an unknown id and 400 for a bad body', async () => {
      await clinic
        .http()
        .put('/api/appointments/999999/reschedule')
        .send({ date: '2031-04-05', time: '09:00' })
        .expect(404);
      assert.equal(
        errorOf(
          (
            await clinic
              .http()
              .put('/api/appointments/1/reschedule')
              .send({ time: '09:00' })
              .expect(400)
          ).body,
        ).field,
        'date',
      );
      assert.equal(
        errorOf(
          (await clinic.http().put('/api/appointments/x/reschedule').send({}).expect(400)).body,
        ).field,
        'id',
      );
    });
  });

  describe('POST /api/appointments/:id/cancel', () => {
    it('cancels with a reason and frees the slot for another booking', async () => {
      const practitionerId = await addPractitioner(clinic);
      const appt = (
        await book(clinic, { patientId, practitionerId, date: '2031-05-01', time: '09:00' })
      ).body;
      const res = await clinic
        .http()
        .post(`/api/appointments/${appt.APPT_ID}/cancel`)
        .send({ reason: 'PT REQUEST' })
        .expect(200);
      assert.equal(res.body.APPT_STAT, 'X');
      assert.equal(res.body.APPT_CXL_RSN, 'PT REQUEST');
      assert.equal(
        (await book(clinic, { patientId, practitionerId, date: '2031-05-01', time: '09:00' }))
          .status,
        201,
      );
    });

    it('answers 409 for a visit that is no longer booked', async () => {
      const practitionerId = await addPractitioner(clinic);
      const appt = (
        await book(clinic, { patientId, practitionerId, date: '2031-05-02', time: '09:00' })
      ).body;
      await clinic.http().post(`/api/appointments/${appt.APPT_ID}/cancel`).expect(200);
      const again = await clinic
        .http()
        .post(`/api/appointments/${appt.APPT_ID}/cancel`)
        .expect(409);
      assert.equal(errorOf(again.body).code, 'CLINIC_APPOINTMENT_NOT_BOOKED');
      await clinic
        .http()
        .put(`/api/appointments/${appt.APPT_ID}/reschedule`)
        .send({ date: '2031-05-03', time: '09:00' })
        .expect(409);
      await clinic.http().post('/api/appointments/999999/cancel').expect(404);
    });
  });

  describe('listing', () => {
    it("GET /api/appointments?date= lists a day's visits by time, optionally for one practitioner", async () => {
      const [p1, p2] = [await addPractitioner(clinic), await addPractitioner(clinic)];
      await book(clinic, { patientId, practitionerId: p1, date: '2031-06-02', time: '11:00' });
      await book(clinic, { patientId, practitionerId: p2, date: '2031-06-02', time: '08:30' });
      await book(clinic, { patientId, practitionerId: p1, date: '2031-06-03', time: '08:00' });
      const day = await clinic
        .http()
        .get('/api/appointments')
        .query({ date: '2031-06-02' })
        .expect(200);
      assert.equal(day.body.APPT_DT, '20310602');
      assert.deepEqual(column(day.body.appointments, 'APPT_TM'), ['0830', '1100']);
      const one = await clinic
        .http()
        .get('/api/appointments')
        .query({ date: '2031-06-02', practitionerId: p1 })
        .expect(200);
      assert.equal(one.body.count, 1);
      assert.equal(
        errorOf((await clinic.http().get('/api/appointments').expect(400)).body).field,
        'date',
      );
      assert.equal(
        errorOf(
          (
            await clinic
              .http()
              .get('/api/appointments')
              .query({ date: '2031-06-02', practitionerId: 'x' })
              .expect(400)
          ).body,
        ).field,
        'practitionerId',
      );
    });

    it("GET /api/patients/:id/appointments lists a patient's visits in date order", async () => {
      const patient = await addPatient(clinic);
      const practitionerId = await addPractitioner(clinic);
      await book(clinic, {
        patientId: patient.PAT_ID,
        practitionerId,
        date: '2031-07-02',
        time: '09:00',
      });
      await book(clinic, {
        patientId: patient.PAT_ID,
        practitionerId,
        date: '2031-07-01',
        time: '15:00',
      });
      const res = await clinic
        .http()
        .get(`/api/patients/${patient.PAT_ID}/appointments`)
        .expect(200);
      assert.equal(res.body.PAT_ID, patient.PAT_ID);
      assert.deepEqual(column(res.body.appointments, 'APPT_DT'), ['20310701', '20310702']);
      await clinic.http().get('/api/patients/999999/appointments').expect(404);
    });
  });
});
