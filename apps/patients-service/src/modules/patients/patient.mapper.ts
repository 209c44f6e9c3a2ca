import type { Patient, PatientAddress } from '@ficus/legacy-adapter';
import { FhirPatientResponse } from './api/fhir/fhir-patient.response.dto';
import { PatientOrmEntity } from './infrastructure/patient.orm-entity';

/**
 * The one place a patient changes shape: domain ↔ `patients` row (toDomain / toPersistence) and
 * domain → FHIR resource (toResponse). The row never travels past the repository; the API only
 * ever sees the response DTO.
 */
export const PatientMapper = {
  toDomain(row: PatientOrmEntity): Patient {
    return {
      id: row.id,
      name: {
        given: row.middleNames === '' ? [row.givenName] : [row.givenName, row.middleNames],
        family: row.familyName,
      },
      birthDate: row.birthDate,
      gender: row.gender,
      active: Boolean(row.active),
      deceased: Boolean(row.deceased),
      address: addressOf(row),
      telecom: { phone: row.phone, email: row.email },
      mergedInto: row.mergedInto,
      version: row.version,
      createdAt: row.createdAt?.toISOString() ?? null,
      updatedAt: row.updatedAt?.toISOString() ?? null,
    };
  },

  toPersistence(patient: Patient, sourcePosition: string | null): PatientOrmEntity {
    const [givenName = '', ...middle] = patient.name.given;
    const address = patient.address;
    return Object.assign(new PatientOrmEntity(), {
      id: patient.id,
      givenName,
      middleNames: middle.join(' '),
      familyName: patient.name.family,
      birthDate: patient.birthDate,
      gender: patient.gender,
      active: patient.active,
      deceased: patient.deceased,
      addressLine1: address ? (address.line[0] ?? null) : null,
      addressLine2: address ? (address.line[1] ?? null) : null,
      addressCity: address?.city ?? null,
      addressState: address?.state ?? null,
      addressPostalCode: address?.postalCode ?? null,
      phone: patient.telecom.phone,
      email: patient.telecom.email,
      mergedInto: patient.mergedInto,
      version: patient.version,
      createdAt: patient.createdAt === null ? null : new Date(patient.createdAt),
      updatedAt: patient.updatedAt === null ? null : new Date(patient.updatedAt),
      sourcePosition,
    });
  },

  toResponse(patient: Patient): FhirPatientResponse {
    return FhirPatientResponse.of(patient);
  },
};

/** No part set means no address; a missing second line is simply absent from `line`. */
function addressOf(row: PatientOrmEntity): PatientAddress | null {
  const parts = [
    row.addressLine1,
    row.addressLine2,
    row.addressCity,
    row.addressState,
    row.addressPostalCode,
  ];
  if (parts.every((part) => part === null)) return null;
  const line = [row.addressLine1, row.addressLine2];
  while (line.length > 0 && line[line.length - 1] === null) line.pop();
  return {
    line: line.map((l) => l ?? ''),
    city: row.addressCity,
    state: row.addressState,
    postalCode: row.addressPostalCode,
  };
}
