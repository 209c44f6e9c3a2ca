import type { ResultSetHeader } from 'mysql2/promise';
import { PATIENT_KEY_COLUMN, PATIENT_TABLE, type Patient } from '@ficus/legacy-adapter';
import { exportPatientToLegacy } from '../../application/export-patient-to-legacy';
import type { PatientIdAuthority } from '../../domain/patient-id-authority.port';
import type { LegacyClinicDatabase } from './legacy-clinic-database';

/** Stands in for the id in the translation; the clinic's AUTO_INCREMENT assigns the real one. */
const UNASSIGNED_ID = 1;

/**
 * While the clinic is the system of record it numbers new patients: the translated row goes into
 * its table first, in a transaction held open while the service stores the patient under the id
 * the clinic gave, and committed only if that succeeded. The clinic's insert is not marked: the
 * clinic → service sync sees it and finds it already applied; the service's insert reaches the
 * clinic through write-back and finds it already there. A crash between the two commits thus
 * leaves the service ahead, and write-back brings the clinic up to it.
 */
export class LegacyPatientIdAuthority implements PatientIdAuthority {
  constructor(private readonly clinic: LegacyClinicDatabase) {}

  register(
    patient: Omit<Patient, 'id'>,
    store: (id: number | undefined) => Promise<Patient>,
  ): Promise<Patient> {
    const { [PATIENT_KEY_COLUMN]: _unassigned, ...columns } = exportPatientToLegacy({
      ...patient,
      id: UNASSIGNED_ID,
    });
    return this.clinic.transaction(async (conn) => {
      const [result] = await conn.query<ResultSetHeader>('INSERT INTO ?? SET ?', [
        PATIENT_TABLE,
        columns,
      ]);
      return store(result.insertId);
    });
  }
}

/** After cutover (no clinic configured): the service's own table numbers patients. */
export const serviceIdAuthority: PatientIdAuthority = {
  register: (_patient, store) => store(undefined),
};
