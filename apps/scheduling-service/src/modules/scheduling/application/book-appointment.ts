import { Inject, Injectable } from '@nestjs/common';
import type {
  Appointment,
  BookingRequest,
  Practitioner,
  RescheduleRequest,
} from '@ficus/legacy-adapter';
import {
  APPOINTMENT_SYSTEM_OF_RECORD,
  type AppointmentSystemOfRecord,
} from '../domain/appointment-system-of-record.port';
import type { BookingTransaction } from '../domain/appointment.repository.port';
import {
  AppointmentNotBookedError,
  PatientDeceasedError,
  PatientMergedError,
  PractitionerInactiveError,
  SchedulingNotFoundError,
  SlotTakenError,
} from '../domain/scheduling-errors';
import { assertWithinDay, findClash, minutesOf } from '../domain/time-slot';
import { CLOCK, type Clock } from './clock';

interface Placement {
  practitionerId: number;
  date: string;
  time: string;
  durationMinutes: number;
}

/**
 * The clinic's booking rules, in the clinic's order: the visit fits in its day; the patient exists
 * and is neither merged nor deceased; the practitioner exists and takes appointments; and the
 * time overlaps no visit that still holds it (no double booking). Only a booked visit moves or is
 * cancelled. The rules read, and the write goes to, the system of record of the migration's
 * phase: the clinic's rows until cutover, the service's after.
 */
@Injectable()
export class BookAppointment {
  constructor(
    @Inject(APPOINTMENT_SYSTEM_OF_RECORD) private readonly appointments: AppointmentSystemOfRecord,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  book(request: BookingRequest): Promise<Appointment> {
    assertWithinDay({ start: minutesOf(request.time), duration: request.durationMinutes });
    return this.appointments.inBookingTransaction(async (tx) => {
      await assertPatientMayBook(tx, request.patientId);
      await claimSlot(tx, request, 0);
      const now = this.now();
      const visit: Omit<Appointment, 'id'> = {
        patientId: request.patientId,
        practitionerId: request.practitionerId,
        date: request.date,
        time: request.time,
        durationMinutes: request.durationMinutes,
        status: 'booked',
        reason: request.reason,
        cancellationReason: null,
        createdAt: now,
        updatedAt: now,
      };
      return tx.insert(visit);
    });
  }

  /** Moves a booked visit, keeping what the request leaves out. */
  reschedule(id: number, request: RescheduleRequest): Promise<Appointment> {
    return this.appointments.inBookingTransaction(async (tx) => {
      const current = await bookedVisit(tx, id);
      const placement: Placement = {
        practitionerId: request.practitionerId ?? current.practitionerId,
        date: request.date,
        time: request.time,
        durationMinutes: request.durationMinutes ?? current.durationMinutes,
      };
      assertWithinDay({ start: minutesOf(placement.time), duration: placement.durationMinutes });
      await claimSlot(tx, placement, id);
      const moved: Appointment = { ...current, ...placement, updatedAt: this.now() };
      await tx.save(moved);
      return moved;
    });
  }

  /** A booked visit becomes cancelled and frees its time. */
  cancel(id: number, reason: string | null): Promise<Appointment> {
    return this.appointments.inBookingTransaction(async (tx) => {
      const current = await bookedVisit(tx, id);
      const cancelled: Appointment = {
        ...current,
        status: 'cancelled',
        cancellationReason: reason,
        updatedAt: this.now(),
      };
      await tx.save(cancelled);
      return cancelled;
    });
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

async function bookedVisit(tx: BookingTransaction, id: number): Promise<Appointment> {
  const current = await tx.lockAppointment(id);
  if (!current) throw new SchedulingNotFoundError('appointment', id);
  if (current.status !== 'booked') throw new AppointmentNotBookedError(id, current.status);
  return current;
}

async function assertPatientMayBook(tx: BookingTransaction, patientId: number): Promise<void> {
  const patient = await tx.patientShared(patientId);
  if (!patient) throw new SchedulingNotFoundError('patient', patientId, 'patientId');
  if (patient.status === 'merged' && patient.mergedInto !== null) {
    throw new PatientMergedError(patientId, patient.mergedInto);
  }
  if (patient.status === 'deceased') throw new PatientDeceasedError(patientId);
}

/** With the practitioner's row locked, no other booking for them can slip in before the write. */
async function claimSlot(
  tx: BookingTransaction,
  placement: Placement,
  movingId: number,
): Promise<Practitioner> {
  const practitioner = await tx.lockPractitioner(placement.practitionerId);
  if (!practitioner) {
    throw new SchedulingNotFoundError('practitioner', placement.practitionerId, 'practitionerId');
  }
  if (!practitioner.active) throw new PractitionerInactiveError(placement.practitionerId);
  const day = await tx.practitionerDay(placement.practitionerId, placement.date);
  const clash = findClash(
    { start: minutesOf(placement.time), duration: placement.durationMinutes },
    day,
    movingId,
  );
  if (clash) throw new SlotTakenError(placement.practitionerId, clash.id);
  return practitioner;
}
