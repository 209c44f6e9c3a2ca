import { type Pool } from 'mysql2/promise';
import { conflict, notFound } from '../http/errors';
import { findPatient, updatePatientIfVersion } from './patient.dao';
import { mergedPatient } from './patient.errors';
import { type PatientColumns, type PatientRow } from './patient.row';

/**
 * PUT /api/patients/:id: applies the changes if the caller's version is current. When it is not,
 * the 409 carries the current version so the client can re-read and retry.
 */
export async function updatePatient(
  pool: Pool,
  id: number,
  version: number,
  changes: Partial<PatientColumns>,
  stamp: string,
): Promise<PatientRow> {
  const updated = await updatePatientIfVersion(pool, id, version, changes, stamp);
  const current = await findPatient(pool, id);
  if (!current) throw notFound('patient', id);
  if (updated) return current;
  if (current.PAT_STAT === 'M') throw mergedPatient(current);
  throw conflict(
    'CLINIC_VERSION_CONFLICT',
    `patient ${id} is at version ${current.PAT_VER}, not ${version}: read it again and reapply the change`,
    { id, currentVersion: current.PAT_VER },
  );
}
