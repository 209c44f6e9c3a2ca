import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { committedUnlessDryRun } from '@ficus/core';
import {
  legacyMergeStatements,
  PATIENT_KEY_COLUMN,
  PATIENT_TABLE,
  PATIENT_VERSION_COLUMN,
  patientFromLegacyRow,
  type LegacyStatement,
  type Patient,
  type PatientMerge,
} from '@ficus/legacy-adapter';
import { exportPatientToLegacy } from '../../application/export-patient-to-legacy';
import { replaceInService } from '../../application/service-writes';
import {
  PatientMergedError,
  PatientMergeTargetMergedError,
  PatientNotFoundError,
  PatientVersionConflictError,
} from '../../domain/patient-errors';
import {
  APPLY,
  type PatientSystemOfRecord,
  type WriteOptions,
} from '../../domain/patient-system-of-record.port';
import type { PatientRepositoryPort } from '../../domain/patient.repository.port';
import { markSyncTransaction, writeThroughWriter, type LegacyDatabase } from '@ficus/sync';

/** Stands in for the id in the translation; the clinic's AUTO_INCREMENT assigns the real one. */
const UNASSIGNED_ID = 1;

/**
 * The monolith is the system of record: every patient write the service accepts is made in the
 * clinic's database in the same request, in a clinic transaction held open while the service
 * stores the same change, and committed only if that succeeded.
 *
 * - A create takes the clinic's AUTO_INCREMENT id (the clinic's insert is not marked: inbound
 *   finds it already applied).
 * - A change is the clinic's own optimistic lock, `UPDATE … PAT_VER = PAT_VER + 1 WHERE PAT_ID = ?
 *   AND PAT_VER = ?` from the version the service's row carries: a clinic user who changed the
 *   patient first leaves it at another version, 0 rows match, and the request gets 409 with
 *   nothing written on either side. Of two writers from one version, on either side, one wins.
 * - A merge is the clinic's own merge (its appointments and invoices move with it).
 *
 * Changes and merges are marked as the sync's, so inbound skips them (the service holds them
 * already); write-back finds the clinic at the service's version and skips them too. A crash
 * between the service's commit and the clinic's leaves the service ahead, and write-back then
 * brings the clinic up to it.
 */
export class LegacySystemOfRecord implements PatientSystemOfRecord {
  constructor(
    private readonly clinic: LegacyDatabase,
    private readonly patients: PatientRepositoryPort,
  ) {}

  async register(patient: Omit<Patient, 'id'>, options: WriteOptions): Promise<Patient> {
    // A dry run inserts nothing on either side: even rolled back, an insert would move the
    // AUTO_INCREMENT counter of the table it went into.
    if (options.dryRun) return { ...patient, id: await this.nextId() };
    const store = (id: number) =>
      this.patients.inWriteTransaction((tx) => tx.insert(patient, id), APPLY);
    const { [PATIENT_KEY_COLUMN]: _unassigned, ...columns } = exportPatientToLegacy({
      ...patient,
      id: UNASSIGNED_ID,
    });
    return this.clinic.transaction(async (conn) => {
      const [result] = await conn.query<ResultSetHeader>('INSERT INTO ?? SET ?', [
        PATIENT_TABLE,
        columns,
      ]);
      return store(result.insertId);
    });
  }

  replace(updated: Patient, expectedVersion: number, options: WriteOptions): Promise<void> {
    const {
      [PATIENT_KEY_COLUMN]: _id,
      [PATIENT_VERSION_COLUMN]: _version,
      ...columns
    } = exportPatientToLegacy(updated);
    return this.inClinic(updated.id, options, async (conn) => {
      const [result] = await conn.query<ResultSetHeader>(
        'UPDATE ?? SET ?, ?? = ?? + 1 WHERE ?? = ? AND ?? = ?',
        [
          PATIENT_TABLE,
          columns,
          PATIENT_VERSION_COLUMN,
          PATIENT_VERSION_COLUMN,
          PATIENT_KEY_COLUMN,
          updated.id,
          PATIENT_VERSION_COLUMN,
          expectedVersion,
        ],
      );
      if (result.affectedRows !== 1) throw await conflictAt(conn, updated.id, expectedVersion);
      await this.patients.inWriteTransaction(
        (tx) => replaceInService(tx, updated, expectedVersion),
        options,
      );
    });
  }

  merge(
    fromId: number,
    intoId: number,
    atIso: string,
    options: WriteOptions,
  ): Promise<PatientMerge> {
    const sql = legacyMergeStatements(fromId, intoId, atIso);
    return this.inClinic(fromId, options, async (conn) => {
      const pair = (await rows(conn, sql.lockPair)).map((row) => patientFromLegacyRow(row));
      const from = pair.find((p) => p.id === fromId);
      const into = pair.find((p) => p.id === intoId);
      if (!from) throw new PatientNotFoundError(fromId);
      if (!into) throw new PatientNotFoundError(intoId, 'into');
      if (from.mergedInto !== null) throw new PatientMergedError(fromId, from.mergedInto);
      if (into.mergedInto !== null) {
        throw new PatientMergeTargetMergedError(intoId, into.mergedInto);
      }
      await run(conn, sql.markMerged);
      const patientsRepointed = await run(conn, sql.repoint);
      const appointmentsMoved = await run(conn, sql.moveAppointments);
      const invoicesMoved = await run(conn, sql.moveInvoices);
      const changed = (await rows(conn, sql.readChanged)).map((row) => patientFromLegacyRow(row));
      await this.patients.inWriteTransaction(async (tx) => {
        for (const patient of changed) await tx.saveIfNewer(patient);
      }, options);
      return { id: fromId, into: intoId, appointmentsMoved, invoicesMoved, patientsRepointed };
    });
  }

  /** A clinic transaction marked as the sync's, rolled back on a dry run. */
  private inClinic<T>(
    patientId: number,
    options: WriteOptions,
    work: (conn: PoolConnection) => Promise<T>,
  ): Promise<T> {
    return committedUnlessDryRun<PoolConnection, T>(
      (body) => this.clinic.transaction(body),
      async (conn) => {
        await markSyncTransaction(
          (statement, params) => conn.query(statement, params),
          writeThroughWriter(patientId),
          this.clinic.markerTable,
        );
        return work(conn);
      },
      options.dryRun,
    );
  }

  /** The id the clinic would give the next patient, for a dry-run create. */
  private nextId(): Promise<number> {
    return this.clinic.transaction(async (conn) => {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT AUTO_INCREMENT AS next FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [this.clinic.database, PATIENT_TABLE],
      );
      return Number(found[0]?.next ?? 1);
    });
  }
}

/** Why the clinic's conditional update matched no row: gone, or at another version. */
async function conflictAt(
  conn: PoolConnection,
  id: number,
  expectedVersion: number,
): Promise<Error> {
  const [found] = await conn.query<RowDataPacket[]>('SELECT ?? AS version FROM ?? WHERE ?? = ?', [
    PATIENT_VERSION_COLUMN,
    PATIENT_TABLE,
    PATIENT_KEY_COLUMN,
    id,
  ]);
  const current = found[0];
  if (!current) return new PatientNotFoundError(id);
  return new PatientVersionConflictError(id, Number(current.version), expectedVersion);
}

async function rows(conn: PoolConnection, statement: LegacyStatement): Promise<RowDataPacket[]> {
  const [found] = await conn.query<RowDataPacket[]>(statement.sql, statement.params);
  return found;
}

async function run(conn: PoolConnection, statement: LegacyStatement): Promise<number> {
  const [result] = await conn.query<ResultSetHeader>(statement.sql, statement.params);
  return result.affectedRows;
}

/**
 * After cutover, while appointments and invoices still live in the monolith, a merge the service
 * decided moves them there too (the patient rows reach the clinic by write-back).
 */
export function moveMergedRecordsInClinic(
  clinic: LegacyDatabase,
  fromId: number,
  intoId: number,
  atIso: string,
  options: WriteOptions,
): Promise<{ appointmentsMoved: number; invoicesMoved: number }> {
  const sql = legacyMergeStatements(fromId, intoId, atIso);
  return committedUnlessDryRun<
    PoolConnection,
    { appointmentsMoved: number; invoicesMoved: number }
  >(
    (body) => clinic.transaction(body),
    async (conn) => {
      await markSyncTransaction(
        (statement, params) => conn.query(statement, params),
        writeThroughWriter(fromId),
        clinic.markerTable,
      );
      return {
        appointmentsMoved: await run(conn, sql.moveAppointments),
        invoicesMoved: await run(conn, sql.moveInvoices),
      };
    },
    options.dryRun,
  );
}
