import { Router } from 'express';
import { type Pool } from 'mysql2/promise';
import { type Clock } from '../clock';
import { idText, parseInput } from '../http/validation';
import { isoToLegacyDate, legacyTimestampOf } from '../legacy/legacy-date';
import { readPatientOr404, sendMergedFrom } from '../patients/patient-lookup';
import { listDay, listPatientAppointments } from './appointment.dao';
import { bookBody, cancelBody, dayQuery, rescheduleBody } from './appointment.input';
import { bookAppointment, rescheduleAppointment } from './appointment-booking';
import { cancelAppointment } from './appointment-cancel';

export function appointmentsRouter(pool: Pool, clock: Clock): Router {
  const router = Router();

  router.post('/api/appointments', async (req, res) => {
    const body = parseInput(bookBody, req.body);
    const appt = await bookAppointment(pool, body, legacyTimestampOf(clock()));
    res.status(201).location(`/api/appointments/${appt.APPT_ID}`).json(appt);
  });

  router.put('/api/appointments/:id/reschedule', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const body = parseInput(rescheduleBody, req.body);
    res.json(await rescheduleAppointment(pool, id, body, legacyTimestampOf(clock())));
  });

  router.post('/api/appointments/:id/cancel', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const { reason } = parseInput(cancelBody, req.body);
    res.json(await cancelAppointment(pool, id, reason, legacyTimestampOf(clock())));
  });

  router.get('/api/appointments', async (req, res) => {
    const query = parseInput(dayQuery, req.query);
    const date = isoToLegacyDate(query.date);
    const appointments = await listDay(pool, { ...query, date });
    res.json({
      APPT_DT: date,
      count: appointments.length,
      limit: query.limit,
      offset: query.offset,
      appointments,
    });
  });

  router.get('/api/patients/:id/appointments', async (req, res) => {
    const resolved = await readPatientOr404(pool, req.params.id);
    const appointments = await listPatientAppointments(pool, resolved.patient.PAT_ID);
    sendMergedFrom(res, resolved);
    res.json({ PAT_ID: resolved.patient.PAT_ID, count: appointments.length, appointments });
  });

  return router;
}
