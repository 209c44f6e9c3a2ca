import { Router } from 'express';
import { type Pool } from 'mysql2/promise';
import { type Clock } from '../clock';
import { invalidField } from '../http/errors';
import { idText, parseInput } from '../http/validation';
import { isoToLegacyDate, legacyTimestampOf } from '../legacy/legacy-date';
import { findPatient, insertPatient, searchPatients, type PatientSearch } from './patient.dao';
import {
  createPatientBody,
  mergePatientBody,
  patientSearchQuery,
  toChangedPatientColumns,
  toNewPatientColumns,
  updatePatientBody,
} from './patient.input';
import { mergePatient } from './patient-merge';
import { updatePatient } from './patient-update';
import { readPatientOr404, sendMergedFrom } from './patient-lookup';

export function patientsRouter(pool: Pool, clock: Clock): Router {
  const router = Router();

  router.get('/api/patients', async (req, res) => {
    const query = parseInput(patientSearchQuery, req.query);
    const patients = await searchPatients(pool, toSearch(query));
    res.json({ count: patients.length, limit: query.limit, offset: query.offset, patients });
  });

  router.get('/api/patients/:id', async (req, res) => {
    const resolved = await readPatientOr404(pool, req.params.id);
    sendMergedFrom(res, resolved);
    res.json(resolved.patient);
  });

  router.post('/api/patients', async (req, res) => {
    const body = parseInput(createPatientBody, req.body);
    const id = await insertPatient(pool, toNewPatientColumns(body), legacyTimestampOf(clock()));
    const created = await findPatient(pool, id);
    res.status(201).location(`/api/patients/${id}`).json(created);
  });

  router.put('/api/patients/:id', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const body = parseInput(updatePatientBody, req.body);
    const changes = toChangedPatientColumns(body);
    if (Object.keys(changes).length === 0) {
      throw invalidField('body', 'at least one field to change besides version');
    }
    res.json(await updatePatient(pool, id, body.version, changes, legacyTimestampOf(clock())));
  });

  router.post('/api/patients/:id/merge', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const { into } = parseInput(mergePatientBody, req.body);
    res.json(await mergePatient(pool, id, into, legacyTimestampOf(clock())));
  });

  return router;
}

/** `name` is a last-name prefix, or 'last, first' for both prefixes, as on the old search screen. */
function toSearch(query: {
  name?: string;
  dob?: string;
  limit: number;
  offset: number;
}): PatientSearch {
  const search: PatientSearch = { limit: query.limit, offset: query.offset };
  if (query.name !== undefined) {
    const [last = '', first] = query.name.split(',', 2).map((part) => part.trim());
    if (last !== '') search.lastNamePrefix = last;
    if (first !== undefined && first !== '') search.firstNamePrefix = first;
  }
  if (query.dob !== undefined) search.dob = isoToLegacyDate(query.dob);
  return search;
}
