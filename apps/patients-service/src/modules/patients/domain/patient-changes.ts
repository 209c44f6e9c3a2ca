import type { NewPatient, Patient, PatientChanges, PatientLifecycle } from '@ficus/legacy-adapter';

/** Legacy stamps keep whole seconds; the service keeps the same while legacy is the record. */
export function wholeSecondIso(now: Date): string {
  return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
}

export function registerPatient(
  draft: NewPatient,
  lifecycle: { active: boolean; deceased: boolean },
  now: Date,
): Omit<Patient, 'id'> {
  const stamp = wholeSecondIso(now);
  return {
    name: { given: [...draft.name.given], family: draft.name.family },
    birthDate: draft.birthDate,
    gender: draft.gender,
    active: lifecycle.active && !lifecycle.deceased,
    deceased: lifecycle.deceased,
    address: draft.address,
    telecom: { phone: draft.phone, email: draft.email },
    mergedInto: null,
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

function lifecycleFlags(lifecycle: PatientLifecycle): { active: boolean; deceased: boolean } {
  switch (lifecycle) {
    case 'active':
      return { active: true, deceased: false };
    case 'inactive':
      return { active: false, deceased: false };
    case 'deceased':
      return { active: false, deceased: true };
  }
}

/** The patient after a partial change: the next version, stamped now. */
export function applyPatientChanges(patient: Patient, changes: PatientChanges, now: Date): Patient {
  const [first = '', ...middle] = patient.name.given;
  const givenName = changes.givenName ?? first;
  const middleNames =
    changes.middleNames === undefined ? middle.join(' ') : (changes.middleNames ?? '');
  const flags = changes.lifecycle === undefined ? patient : lifecycleFlags(changes.lifecycle);
  return {
    ...patient,
    name: {
      given: middleNames === '' ? [givenName] : [givenName, middleNames],
      family: changes.family ?? patient.name.family,
    },
    birthDate: changes.birthDate === undefined ? patient.birthDate : changes.birthDate,
    gender: changes.gender === undefined ? patient.gender : changes.gender,
    active: flags.active,
    deceased: flags.deceased,
    address: changes.address === undefined ? patient.address : changes.address,
    telecom: {
      phone: changes.phone === undefined ? patient.telecom.phone : changes.phone,
      email: changes.email === undefined ? patient.telecom.email : changes.email,
    },
    version: patient.version + 1,
    updatedAt: wholeSecondIso(now),
  };
}

/** A full replacement (FHIR update): identity, merge pointer and creation stay. */
export function replacePatient(
  patient: Patient,
  replacement: NewPatient,
  lifecycle: { active: boolean; deceased: boolean },
  now: Date,
): Patient {
  const next = registerPatient(replacement, lifecycle, now);
  return {
    ...next,
    id: patient.id,
    mergedInto: patient.mergedInto,
    version: patient.version + 1,
    createdAt: patient.createdAt,
  };
}

/**
 * A record merged into its survivor (or re-pointed there, having been merged into the record now
 * merged): the next version, stamped `atIso`. Merged records are neither active nor deceased, as
 * the monolith's single status code records them.
 */
export function mergeInto(patient: Patient, intoId: number, atIso: string): Patient {
  return {
    ...patient,
    active: false,
    deceased: false,
    mergedInto: intoId,
    version: patient.version + 1,
    updatedAt: atIso,
  };
}
