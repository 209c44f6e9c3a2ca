import { Inject, Injectable } from '@nestjs/common';
import type { ChangeEventValue } from '@ficus/contracts';
import { FicusError } from '@ficus/core';
import {
  PATIENT_TABLE,
  patientFromLegacyRow,
  patientIdFromLegacyRow,
  patientVersionFromLegacyRow,
} from '@ficus/legacy-adapter';
import { formatSourcePosition, type SourcePosition } from '../domain/source-position';
import { decideDelete, decideUpsert } from '../domain/sync-decision';
import { PATIENT_REPOSITORY, type PatientRepositoryPort } from '../domain/patient.repository.port';
import {
  SYSTEM_OF_RECORD_PHASE,
  type SystemOfRecordPhase,
} from '../domain/patient-system-of-record.port';

/** What applying one change did; a sink counts these, and a replay shows only skips. */
export interface ApplyOutcome {
  id: number | null;
  outcome: 'inserted' | 'updated' | 'deleted' | 'skipped';
  reason?: 'stale' | 'duplicate' | 'absent' | 'truncate-not-propagated';
}

/** The parts of a Debezium change event this use case reads. */
export type LegacyPatientChange = Pick<ChangeEventValue, 'op' | 'before' | 'after'> & {
  source: Pick<ChangeEventValue['source'], 'table' | 'file' | 'pos' | 'row'>;
};

/**
 * Applies one PATIENT_MST change event to the service's database, idempotently: the same event
 * applied twice changes nothing the second time, and an event older than what is stored (by
 * PAT_VER) never overwrites it. A row the adapter cannot translate throws LegacyTranslationError
 * (not retriable): the sink should park the event, not retry it.
 */
@Injectable()
export class ApplyLegacyPatientChange {
  constructor(
    @Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort,
    @Inject(SYSTEM_OF_RECORD_PHASE) private readonly phase: SystemOfRecordPhase,
  ) {}

  async run(event: LegacyPatientChange): Promise<ApplyOutcome> {
    if (event.source.table !== PATIENT_TABLE) {
      throw new FicusError(
        'FICUS_PATIENT_SYNC_WRONG_TABLE',
        `a change of table ${String(event.source.table)} was sent to the ${PATIENT_TABLE} sync; route only ${PATIENT_TABLE} events here`,
      );
    }
    const position: SourcePosition = {
      file: event.source.file,
      pos: event.source.pos,
      row: event.source.row,
    };
    switch (event.op) {
      case 'c':
      case 'r':
      case 'u':
        return this.upsert(event.after, position);
      case 'd':
        return this.delete(event.before);
      case 't':
        // A TRUNCATE would empty the service's table; that is an operator's decision, not a sync's.
        return { id: null, outcome: 'skipped', reason: 'truncate-not-propagated' };
    }
  }

  private async upsert(after: unknown, position: SourcePosition): Promise<ApplyOutcome> {
    const incoming = patientFromLegacyRow(after);
    return this.patients.inSyncTransaction(async (store) => {
      const decision = decideUpsert(
        await store.lockById(incoming.id),
        incoming,
        position,
        this.phase,
      );
      switch (decision) {
        case 'insert':
        case 'update':
          await store.upsert(incoming, formatSourcePosition(position));
          return { id: incoming.id, outcome: decision === 'insert' ? 'inserted' : 'updated' };
        case 'skip-stale':
          return { id: incoming.id, outcome: 'skipped', reason: 'stale' };
        case 'skip-duplicate':
          return { id: incoming.id, outcome: 'skipped', reason: 'duplicate' };
      }
    });
  }

  private async delete(before: unknown): Promise<ApplyOutcome> {
    const id = patientIdFromLegacyRow(before);
    const version = patientVersionFromLegacyRow(before);
    return this.patients.inSyncTransaction(async (store) => {
      const decision = decideDelete(await store.lockById(id), version);
      switch (decision) {
        case 'delete':
          await store.delete(id);
          return { id, outcome: 'deleted' };
        case 'skip-absent':
          return { id, outcome: 'skipped', reason: 'absent' };
        case 'skip-stale':
          return { id, outcome: 'skipped', reason: 'stale' };
      }
    });
  }
}
