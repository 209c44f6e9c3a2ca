import type { Patient, PatientMerge } from '@ficus/legacy-adapter';
import { mergeInService, replaceInService } from '../application/service-writes';
import type { PatientSystemOfRecord, WriteOptions } from '../domain/patient-system-of-record.port';
import type { PatientRepositoryPort } from '../domain/patient.repository.port';

/** What a merge moves that the service does not hold: the monolith's appointments and invoices. */
export type MoveMergedRecords = (
  fromId: number,
  intoId: number,
  atIso: string,
  options: WriteOptions,
) => Promise<{ appointmentsMoved: number; invoicesMoved: number }>;

/**
 * The service is the system of record (after cutover): its own optimistic lock decides, its own
 * AUTO_INCREMENT numbers patients (having stored the clinic's ids explicitly, it is past them), and
 * write-back, when the clinic is still configured, copies each change there.
 */
export class ServiceSystemOfRecord implements PatientSystemOfRecord {
  constructor(
    private readonly patients: PatientRepositoryPort,
    private readonly moveMergedRecords?: MoveMergedRecords,
  ) {}

  async register(patient: Omit<Patient, 'id'>, options: WriteOptions): Promise<Patient> {
    if (options.dryRun) return { ...patient, id: await this.patients.nextId() };
    return this.patients.inWriteTransaction((tx) => tx.insert(patient), options);
  }

  replace(updated: Patient, expectedVersion: number, options: WriteOptions): Promise<void> {
    return this.patients.inWriteTransaction(
      (tx) => replaceInService(tx, updated, expectedVersion),
      options,
    );
  }

  async merge(
    fromId: number,
    intoId: number,
    atIso: string,
    options: WriteOptions,
  ): Promise<PatientMerge> {
    const patientsRepointed = await this.patients.inWriteTransaction(
      (tx) => mergeInService(tx, fromId, intoId, atIso),
      options,
    );
    const moved = this.moveMergedRecords
      ? await this.moveMergedRecords(fromId, intoId, atIso, options)
      : { appointmentsMoved: 0, invoicesMoved: 0 };
    return { id: fromId, into: intoId, ...moved, patientsRepointed };
  }
}
