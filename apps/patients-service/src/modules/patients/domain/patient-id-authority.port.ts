import type { Patient } from '@ficus/legacy-adapter';

export const PATIENT_ID_AUTHORITY = Symbol('PatientIdAuthority');

/**
 * Who numbers new patients. While the monolith is the system of record it is: two sides handing
 * out ids on their own would give two patients the same one. After cutover the service is.
 */
export interface PatientIdAuthority {
  /**
   * Reserves an id for `patient` and calls `store` with it (undefined: the service's own table
   * assigns one); the reservation is kept only if `store` succeeds.
   */
  register(
    patient: Omit<Patient, 'id'>,
    store: (id: number | undefined) => Promise<Patient>,
  ): Promise<Patient>;
}
