import { Inject, Injectable } from '@nestjs/common';
import type { ChangeEventValue } from '@ficus/contracts';
import { FicusError } from '@ficus/core';
import {
  APPOINTMENT_TABLE,
  appointmentFromLegacyRow,
  appointmentIdFromLegacyRow,
  PATIENT_TABLE,
  patientFromLegacyRow,
  patientIdFromLegacyRow,
  PRACTITIONER_TABLE,
  practitionerFromLegacyRow,
  practitionerIdFromLegacyRow,
} from '@ficus/legacy-adapter';
import {
  LEGACY_SYNC_STORE,
  type LegacySyncStorePort,
  type SyncedKind,
  type SyncedRecords,
} from '../domain/legacy-sync.store.port';
import { patientReferenceOf } from '../domain/patient-reference';
import { sortableSourcePosition } from '../domain/source-position';
import { decideUpsert } from '../domain/sync-decision';

/** What applying one change did; a sink counts these, and a replay shows only skips. */
export interface ApplyOutcome {
  kind: SyncedKind;
  id: number | null;
  outcome: 'inserted' | 'updated' | 'deleted' | 'skipped';
  reason?: 'stale' | 'duplicate' | 'absent' | 'truncate-not-propagated';
}

/** The parts of a Debezium change event this use case reads. */
export type LegacySchedulingChange = Pick<ChangeEventValue, 'op' | 'before' | 'after'> & {
  source: Pick<ChangeEventValue['source'], 'table' | 'file' | 'pos' | 'row'>;
};

interface TableRules<K extends SyncedKind> {
  kind: K;
  fromRow(row: unknown): SyncedRecords[K];
  idOfRow(row: unknown): number;
  idOf(record: SyncedRecords[K]): number;
  versionOf?: (record: SyncedRecords[K]) => number;
}

const TABLES: Record<string, TableRules<SyncedKind>> = {
  [PRACTITIONER_TABLE]: {
    kind: 'practitioner',
    fromRow: practitionerFromLegacyRow,
    idOfRow: practitionerIdFromLegacyRow,
    idOf: (p) => p.id,
  },
  [APPOINTMENT_TABLE]: {
    kind: 'appointment',
    fromRow: appointmentFromLegacyRow,
    idOfRow: appointmentIdFromLegacyRow,
    idOf: (a) => a.id,
  },
  // Scheduling keeps of a patient only what booking needs; PAT_VER orders its changes.
  [PATIENT_TABLE]: {
    kind: 'patient',
    fromRow: (row) => patientReferenceOf(patientFromLegacyRow(row)),
    idOfRow: patientIdFromLegacyRow,
    idOf: (p) => p.id,
    versionOf: (p) => (p as SyncedRecords['patient']).version,
  },
};

/**
 * Applies one PRAC_MST, APPT_TRN or PATIENT_MST change event to the service's database,
 * idempotently: the same event applied twice changes nothing the second time, and an event read
 * earlier in the binlog than what is stored never overwrites it. A row the adapter cannot
 * translate throws LegacyTranslationError (not retriable): a sink should park the event, not
 * retry it. The initial import applies the clinic's rows through this same use case.
 */
@Injectable()
export class ApplyLegacySchedulingChange {
  constructor(@Inject(LEGACY_SYNC_STORE) private readonly store: LegacySyncStorePort) {}

  async run(event: LegacySchedulingChange): Promise<ApplyOutcome> {
    const rules = TABLES[event.source.table ?? ''];
    if (!rules) {
      throw new FicusError(
        'FICUS_SCHEDULING_SYNC_WRONG_TABLE',
        `a change of table ${String(event.source.table)} was sent to the scheduling sync; route only ${Object.keys(TABLES).join(', ')} events here`,
      );
    }
    const position = sortableSourcePosition(event.source);
    switch (event.op) {
      case 'c':
      case 'r':
      case 'u':
        return this.upsert(rules, event.after, position);
      case 'd':
        return this.delete(rules, event.before);
      case 't':
        // Emptying a table of the service is an operator's decision, not a sync's.
        return {
          kind: rules.kind,
          id: null,
          outcome: 'skipped',
          reason: 'truncate-not-propagated',
        };
    }
  }

  private async upsert(
    rules: TableRules<SyncedKind>,
    after: unknown,
    position: string,
  ): Promise<ApplyOutcome> {
    const incoming = rules.fromRow(after);
    const id = rules.idOf(incoming);
    return this.store.inSyncTransaction(async (tx) => {
      const decision = decideUpsert(
        await tx.lock(rules.kind, id),
        incoming,
        position,
        rules.versionOf,
      );
      switch (decision) {
        case 'insert':
        case 'update':
          await tx.upsert(rules.kind, incoming, position);
          return { kind: rules.kind, id, outcome: decision === 'insert' ? 'inserted' : 'updated' };
        case 'skip-stale':
          return { kind: rules.kind, id, outcome: 'skipped', reason: 'stale' };
        case 'skip-duplicate':
          return { kind: rules.kind, id, outcome: 'skipped', reason: 'duplicate' };
      }
    });
  }

  /**
   * The clinic never deletes practitioners or visits (it marks them), so a delete is an
   * operator's repair there and is mirrored as one here.
   */
  private async delete(rules: TableRules<SyncedKind>, before: unknown): Promise<ApplyOutcome> {
    const id = rules.idOfRow(before);
    return this.store.inSyncTransaction(async (tx) => {
      if (!(await tx.lock(rules.kind, id))) {
        return { kind: rules.kind, id, outcome: 'skipped', reason: 'absent' };
      }
      await tx.delete(rules.kind, id);
      return { kind: rules.kind, id, outcome: 'deleted' };
    });
  }
}
