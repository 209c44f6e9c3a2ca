import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PatientsFhirHttpController } from './api/fhir/patients.fhir.http.controller';
import { PatientsLegacyHttpController } from './api/legacy/patients.legacy.http.controller';
import { ApplyLegacyPatientChange } from './application/apply-legacy-patient-change';
import { CLOCK, systemClock } from './application/clock';
import { CreatePatient } from './application/create-patient';
import { ExportPatientToLegacy } from './application/export-patient-to-legacy';
import { ReadPatient } from './application/read-patient';
import { SearchPatients } from './application/search-patients';
import { UpdatePatient } from './application/update-patient';
import { PATIENT_REPOSITORY } from './domain/patient.repository.port';
import { PatientOrmEntity } from './infrastructure/patient.orm-entity';
import { PatientTypeormRepository } from './infrastructure/patient.typeorm-repository';
import { systemOfRecordProvider } from './infrastructure/system-of-record.provider';
import { MergePatient } from './application/merge-patient';

/**
 * The patients context. Besides its two HTTP APIs it exports the CDC use cases, so a sink
 * (the connector's consumer) can apply legacy changes and read rows for write-back.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PatientOrmEntity])],
  controllers: [PatientsLegacyHttpController, PatientsFhirHttpController],
  providers: [
    { provide: PATIENT_REPOSITORY, useClass: PatientTypeormRepository },
    { provide: CLOCK, useValue: systemClock },
    systemOfRecordProvider,
    ReadPatient,
    SearchPatients,
    CreatePatient,
    UpdatePatient,
    MergePatient,
    ApplyLegacyPatientChange,
    ExportPatientToLegacy,
  ],
  exports: [ApplyLegacyPatientChange, ExportPatientToLegacy],
})
export class PatientsModule {}
