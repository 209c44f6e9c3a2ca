import { Injectable } from '@nestjs/common';
import { PATIENT_TABLE, APPOINTMENT_TABLE, PRACTITIONER_TABLE } from '@ficus/legacy-adapter';
import { ApplyLegacySchedulingChange, type ApplyOutcome } from './apply-legacy-scheduling-change';

/** The clinic's rows to start from, as `SELECT *` returns them (or a CDC snapshot reads them). */
export interface LegacyClinicRows {
  patients: readonly unknown[];
  practitioners: readonly unknown[];
  appointments: readonly unknown[];
}

export type ImportCounts = Record<ApplyOutcome['outcome'], number>;

/**
 * Fills the service's database from the clinic's rows, legacy row → domain → service row, through
 * the same use case the sync applies changes with: a snapshot read (op 'r') at a position before
 * any binlog change, so the sync's first real change of a row always wins over the import.
 * Patients come first, then practitioners, so every visit arrives after what it refers to.
 */
@Injectable()
export class ImportLegacyClinic {
  constructor(private readonly apply: ApplyLegacySchedulingChange) {}

  async run(rows: LegacyClinicRows): Promise<ImportCounts> {
    const counts: ImportCounts = { inserted: 0, updated: 0, deleted: 0, skipped: 0 };
    const tables: Array<[string, readonly unknown[]]> = [
      [PATIENT_TABLE, rows.patients],
      [PRACTITIONER_TABLE, rows.practitioners],
      [APPOINTMENT_TABLE, rows.appointments],
    ];
    for (const [table, tableRows] of tables) {
      for (const [index, row] of tableRows.entries()) {
        const { outcome } = await this.apply.run({
          op: 'r',
          before: null,
          after: row as Record<string, unknown>,
          source: { table, file: '', pos: 0, row: index },
        });
        counts[outcome]++;
      }
    }
    return counts;
  }
}
