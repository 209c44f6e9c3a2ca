import type { Appointment, Practitioner } from '@ficus/legacy-adapter';
import type { PatientReference } from './domain/patient-reference';
import { AppointmentOrmEntity } from './infrastructure/appointment.orm-entity';
import { PatientReferenceOrmEntity } from './infrastructure/patient-reference.orm-entity';
import { PractitionerOrmEntity } from './infrastructure/practitioner.orm-entity';

/**
 * The one place scheduling records change shape between the domain and the service's rows. The
 * rows never travel past the repositories; the APIs build their own response DTOs.
 */
function instant(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}

function dateOf(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

export const PractitionerMapper = {
  toDomain(row: PractitionerOrmEntity): Practitioner {
    return {
      id: row.id,
      name: { given: row.givenName, family: row.familyName },
      specialty: row.specialty,
      npi: row.npi,
      active: Boolean(row.active),
      createdAt: instant(row.createdAt),
      updatedAt: instant(row.updatedAt),
    };
  },

  toPersistence(practitioner: Practitioner, sourcePosition: string | null): PractitionerOrmEntity {
    return Object.assign(new PractitionerOrmEntity(), {
      id: practitioner.id,
      givenName: practitioner.name.given,
      familyName: practitioner.name.family,
      specialty: practitioner.specialty,
      npi: practitioner.npi,
      active: practitioner.active,
      createdAt: dateOf(practitioner.createdAt),
      updatedAt: dateOf(practitioner.updatedAt),
      sourcePosition,
    });
  },
};

export const AppointmentMapper = {
  toDomain(row: AppointmentOrmEntity): Appointment {
    return {
      id: row.id,
      patientId: row.patientId,
      practitionerId: row.practitionerId,
      date: row.startDate,
      time: row.startTime.slice(0, 5),
      durationMinutes: row.durationMinutes,
      status: row.status,
      reason: row.reason,
      cancellationReason: row.cancellationReason,
      createdAt: instant(row.createdAt),
      updatedAt: instant(row.updatedAt),
    };
  },

  toPersistence(appointment: Appointment, sourcePosition: string | null): AppointmentOrmEntity {
    return Object.assign(new AppointmentOrmEntity(), {
      id: appointment.id,
      patientId: appointment.patientId,
      practitionerId: appointment.practitionerId,
      startDate: appointment.date,
      startTime: `${appointment.time}:00`,
      durationMinutes: appointment.durationMinutes,
      status: appointment.status,
      reason: appointment.reason,
      cancellationReason: appointment.cancellationReason,
      createdAt: dateOf(appointment.createdAt),
      updatedAt: dateOf(appointment.updatedAt),
      sourcePosition,
    });
  },
};

export const PatientReferenceMapper = {
  toDomain(row: PatientReferenceOrmEntity): PatientReference {
    return { id: row.id, status: row.status, mergedInto: row.mergedInto, version: row.version };
  },

  toPersistence(
    patient: PatientReference,
    sourcePosition: string | null,
  ): PatientReferenceOrmEntity {
    return Object.assign(new PatientReferenceOrmEntity(), { ...patient, sourcePosition });
  },
};
