import { Inject, Injectable } from '@nestjs/common';
import type { Appointment, DayQuery } from '@ficus/legacy-adapter';
import {
  APPOINTMENT_REPOSITORY,
  type AppointmentRepositoryPort,
  type AppointmentSearch,
} from '../domain/appointment.repository.port';
import { resolveSurvivor } from '../domain/patient-reference';
import {
  PATIENT_REFERENCE_REPOSITORY,
  type PatientReferenceRepositoryPort,
} from '../domain/patient-reference.repository.port';
import { SchedulingNotFoundError } from '../domain/scheduling-errors';

export interface PatientAppointments {
  /** The patient the id resolved to: the survivor when it was merged. */
  patientId: number;
  mergedFrom: number[];
  appointments: Appointment[];
}

@Injectable()
export class ReadAppointments {
  constructor(
    @Inject(APPOINTMENT_REPOSITORY) private readonly appointments: AppointmentRepositoryPort,
    @Inject(PATIENT_REFERENCE_REPOSITORY)
    private readonly patients: PatientReferenceRepositoryPort,
  ) {}

  async byId(id: number): Promise<Appointment> {
    const appointment = await this.appointments.findById(id);
    if (!appointment) throw new SchedulingNotFoundError('appointment', id);
    return appointment;
  }

  day(query: DayQuery): Promise<Appointment[]> {
    return this.appointments.listDay(query);
  }

  /** A merged patient's visits are its survivor's, as the clinic answers them. */
  async forPatient(id: number): Promise<PatientAppointments> {
    const resolved = await resolveSurvivor((n) => this.patients.findById(n), id);
    if (!resolved) throw new SchedulingNotFoundError('patient', id);
    return {
      patientId: resolved.patient.id,
      mergedFrom: resolved.mergedFrom,
      appointments: await this.appointments.listForPatient(resolved.patient.id),
    };
  }

  search(criteria: AppointmentSearch): Promise<{ appointments: Appointment[]; total: number }> {
    return this.appointments.search(criteria);
  }
}
