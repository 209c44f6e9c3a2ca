import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppointmentsLegacyHttpController } from './api/legacy/appointments.legacy.http.controller';
import { PractitionersLegacyHttpController } from './api/legacy/practitioners.legacy.http.controller';
import { SchedulingFhirHttpController } from './api/fhir/scheduling.fhir.http.controller';
import { ApplyLegacySchedulingChange } from './application/apply-legacy-scheduling-change';
import { BookAppointment } from './application/book-appointment';
import { ExportAppointmentToLegacy } from './application/export-appointment-to-legacy';
import { ImportLegacyClinic } from './application/import-legacy-clinic';
import { ReadAppointments } from './application/read-appointments';
import { ReadPractitioners } from './application/read-practitioners';
import { APPOINTMENT_REPOSITORY } from './domain/appointment.repository.port';
import { LEGACY_SYNC_STORE } from './domain/legacy-sync.store.port';
import { PATIENT_REFERENCE_REPOSITORY } from './domain/patient-reference.repository.port';
import { PRACTITIONER_REPOSITORY } from './domain/practitioner.repository.port';
import { AppointmentOrmEntity } from './infrastructure/appointment.orm-entity';
import { AppointmentTypeormRepository } from './infrastructure/appointment.typeorm-repository';
import { LegacySyncTypeormStore } from './infrastructure/legacy-sync.typeorm-store';
import { PatientReferenceOrmEntity } from './infrastructure/patient-reference.orm-entity';
import { PatientReferenceTypeormRepository } from './infrastructure/patient-reference.typeorm-repository';
import { PractitionerOrmEntity } from './infrastructure/practitioner.orm-entity';
import { PractitionerTypeormRepository } from './infrastructure/practitioner.typeorm-repository';
import { systemOfRecordProvider } from './infrastructure/system-of-record.provider';

/**
 * The scheduling context: practitioners, appointments, and the patient references booking
 * checks. Writes go to the phase's system of record (LegacyClinicModule provides the phase and
 * the clinic's database). Besides its two HTTP APIs it exports the sync's use cases: a sink
 * applies legacy changes, write-back reads visits as clinic rows, and the import fills a new
 * database.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      PractitionerOrmEntity,
      AppointmentOrmEntity,
      PatientReferenceOrmEntity,
    ]),
  ],
  controllers: [
    PractitionersLegacyHttpController,
    AppointmentsLegacyHttpController,
    SchedulingFhirHttpController,
  ],
  providers: [
    { provide: PRACTITIONER_REPOSITORY, useClass: PractitionerTypeormRepository },
    { provide: APPOINTMENT_REPOSITORY, useClass: AppointmentTypeormRepository },
    { provide: PATIENT_REFERENCE_REPOSITORY, useClass: PatientReferenceTypeormRepository },
    { provide: LEGACY_SYNC_STORE, useClass: LegacySyncTypeormStore },
    systemOfRecordProvider,
    ReadPractitioners,
    ReadAppointments,
    BookAppointment,
    ApplyLegacySchedulingChange,
    ImportLegacyClinic,
    ExportAppointmentToLegacy,
  ],
  exports: [ApplyLegacySchedulingChange, ImportLegacyClinic, ExportAppointmentToLegacy],
})
export class SchedulingModule {}
