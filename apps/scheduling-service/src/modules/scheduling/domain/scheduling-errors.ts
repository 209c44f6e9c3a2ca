import { FicusError } from '@ficus/core';
import type { AppointmentStatus } from '@ficus/legacy-adapter';

/**
 * The scheduling rules' refusals. Ids only in messages: they are not patient data. Each API
 * words them its own way (the clinic's codes, or a FHIR OperationOutcome).
 */
export type SchedulingSubject = 'patient' | 'practitioner' | 'appointment';

/** What a request names does not exist; `field` is the request member that named it, if any. */
export class SchedulingNotFoundError extends FicusError {
  constructor(
    readonly subject: SchedulingSubject,
    readonly id: number,
    readonly field?: string,
  ) {
    super('FICUS_SCHEDULING_NOT_FOUND', `${subject} ${id} does not exist`, { details: { id } });
  }
}

export class PractitionerInactiveError extends FicusError {
  constructor(readonly practitionerId: number) {
    super(
      'FICUS_SCHEDULING_PRACTITIONER_INACTIVE',
      `practitioner ${practitionerId} no longer takes appointments`,
      { details: { practitionerId } },
    );
  }
}

/** Double booking: the time overlaps a visit that still holds it. */
export class SlotTakenError extends FicusError {
  constructor(
    readonly practitionerId: number,
    readonly clashingAppointmentId: number,
  ) {
    super(
      'FICUS_SCHEDULING_SLOT_TAKEN',
      `practitioner ${practitionerId} already has appointment ${clashingAppointmentId} at that time`,
      { details: { practitionerId, clashingAppointmentId } },
    );
  }
}

/** Only a booked visit can be moved or cancelled. */
export class AppointmentNotBookedError extends FicusError {
  constructor(
    readonly id: number,
    readonly status: AppointmentStatus,
  ) {
    super(
      'FICUS_SCHEDULING_NOT_BOOKED',
      `appointment ${id} is ${status}; only a booked visit can change`,
      { details: { id, status } },
    );
  }
}

export class PatientMergedError extends FicusError {
  constructor(
    readonly id: number,
    readonly mergedInto: number,
  ) {
    super(
      'FICUS_SCHEDULING_PATIENT_MERGED',
      `patient ${id} was merged into patient ${mergedInto}; use that record`,
      { details: { id, mergedInto } },
    );
  }
}

export class PatientDeceasedError extends FicusError {
  constructor(readonly id: number) {
    super('FICUS_SCHEDULING_PATIENT_DECEASED', `patient ${id} is recorded as deceased`, {
      details: { id },
    });
  }
}

/** A visit that would run past midnight: the clinic's day view could never show it. */
export class VisitPastMidnightError extends FicusError {
  readonly field = 'duration';
  readonly expected = 'minutes that end the visit by 24:00';

  constructor() {
    super(
      'FICUS_SCHEDULING_PAST_MIDNIGHT',
      'duration: expected minutes that end the visit by 24:00',
    );
  }
}
