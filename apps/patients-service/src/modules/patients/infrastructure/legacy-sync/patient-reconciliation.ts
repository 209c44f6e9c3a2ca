import { setTimeout as sleep } from 'node:timers/promises';
import type { RowDataPacket } from 'mysql2/promise';
import { Between, In, type DataSource } from 'typeorm';
import { FicusError } from '@ficus/core';
import {
  LegacyTranslationError,
  PATIENT_KEY_COLUMN,
  PATIENT_TABLE,
  PATIENT_VERSION_COLUMN,
  patientFromLegacyRow,
  type Patient,
} from '@ficus/legacy-adapter';
import type { ApplyLegacyPatientChange } from '../../application/apply-legacy-patient-change';
import { exportPatientToLegacy } from '../../application/export-patient-to-legacy';
import { differingPaths } from '../../domain/patient-differences';
import type { SystemOfRecordPhase } from '../../domain/patient-system-of-record.port';
import { PatientMapper } from '../../patient.mapper';
import { PatientOrmEntity } from '../patient.orm-entity';
import type { LegacyDatabase } from '@ficus/sync';
import type { LegacyPatientWriter } from './legacy-patient-writer';
import { SERVICE_PATIENT_TABLE } from './write-back-change-handler';

/** What one reconciliation found, by kind and field path: counts only, never ids or values. */
export interface ReconciliationReport {
  entity: 'patients';
  startedAt: string;
  finishedAt: string;
  systemOfRecord: SystemOfRecordPhase;
  chunkSize: number;
  chunks: { compared: number; fetched: number };
  rows: { legacy: number; service: number; fetched: number };
  /** In the clinic, not in the service. */
  missing: number;
  /** In the service, not in the clinic. */
  extra: number;
  /** On both sides, different as domain values. */
  differing: number;
  /** Differing rows per domain field path (a row may count under several paths). */
  fields: Record<string, number>;
  /** Rows the anti-corruption layer refuses, per side and column or field: never repaired. */
  untranslatable: { legacy: Record<string, number>; service: Record<string, number> };
  /** Rows that changed at every look (live writes): neither reported as differing nor repaired. */
  unsettled: number;
  /** missing + extra + differing + untranslatable, as found. */
  differences: number;
  repair: { repaired: number; failed: number } | null;
  /** What still differs at the end (after a repair, what it could not fix). */
  remaining: number;
  clean: boolean;
}

/** What reconciliation reads of the sync's status (GET /sync/status) to pace its second looks. */
export interface SyncPace {
  inbound: DirectionPace | null;
  writeBack: DirectionPace | null;
}

interface DirectionPace {
  state: string;
  lagMs: { p99: number | null };
}

export interface ReconciliationOptions {
  /** Ids per chunk: one digest per chunk crosses the wire from each side. */
  chunkSize: number;
  /** How many looks a differing row gets before it counts as unsettled. */
  looks: number;
  /** Bounds of the wait between looks, around twice the sync's p99 lag. */
  settleMs: { min: number; max: number };
}

const DEFAULTS: ReconciliationOptions = {
  chunkSize: 1000,
  looks: 4,
  settleMs: { min: 250, max: 3_000 },
};

interface ChunkDigest {
  rows: number;
  /** XOR of a 64-bit hash of (id, version) per row: comparable across the two sides. */
  versions: string;
  /** XOR of a 64-bit hash of each row's own columns: comparable only with this side's past. */
  content: string;
}

type Finding =
  | { kind: 'missing'; legacyVersion: number }
  | { kind: 'extra'; serviceVersion: number }
  | { kind: 'differing'; legacyVersion: number; serviceVersion: number; paths: string[] }
  | { kind: 'untranslatable'; side: 'legacy' | 'service'; field: string; version: number };

interface Look {
  legacy: Map<number, Record<string, unknown>>;
  service: Map<number, Patient>;
}

/** A 64-bit slice of MD5, as an unsigned integer the server can XOR. */
const hash64 = (expr: string) => `CAST(CONV(LEFT(MD5(${expr}), 16), 16, 10) AS UNSIGNED)`;

const LEGACY_COLUMNS = [
  'PAT_ID',
  'PAT_FNAME',
  'PAT_LNAME',
  'PAT_MNAME',
  'PAT_DOB',
  'PAT_SEX',
  'PAT_STAT',
  'PAT_ADDR',
  'PAT_PHONE',
  'PAT_EMAIL',
  'PAT_MRG_TO',
  'PAT_CRT_DT',
  'PAT_UPD_DT',
  'PAT_VER',
];

const SERVICE_COLUMNS = [
  'id',
  'given_name',
  'middle_names',
  'family_name',
  'birth_date',
  'gender',
  'active',
  'deceased',
  'address_line1',
  'address_line2',
  'address_city',
  'address_state',
  'address_postal_code',
  'phone',
  'email',
  'merged_into',
  'version',
  'created_at',
  'updated_at',
];

/** Per chunk of ids: rows, and both digests as decimal text (an unsigned 64-bit XOR). */
function digestSql(
  table: string,
  id: string,
  version: string,
  columns: string[],
  ranged: boolean,
): string {
  return `SELECT FLOOR(${id} / ?) AS chunk, COUNT(*) AS n,
      CAST(BIT_XOR(${hash64(`CONCAT(${id}, ':', ${version})`)}) AS CHAR) AS versions,
      CAST(BIT_XOR(${hash64(`JSON_ARRAY(${columns.join(', ')})`)}) AS CHAR) AS content
    FROM ${table}${ranged ? ` WHERE ${id} BETWEEN ? AND ?` : ''} GROUP BY chunk`;
}

export class ReconciliationRunningError extends FicusError {
  constructor() {
    super(
      'FICUS_PATIENTS_RECONCILIATION_RUNNING',
      'a reconciliation of patients is already running; wait for its report (GET /sync/reconciliation)',
    );
  }
}

/**
 * Compares the clinic's PATIENT_MST with the service's patients through the anti-corruption
 * layer, and optionally repairs through the sync's own paths.
 *
 * What crosses the wire in the clean case is one digest per chunk of ids from each side, computed
 * by each server: the row count, an XOR of hashes of (id, version) (both sides hold the same ids
 * and versions, so these compare across sides without translating anything), and an XOR of hashes
 * of the row's own columns. The last cannot be compared across sides (the two encodings differ,
 * and only the adapter knows how they map), so it is compared with the same side's digest from
 * the last run that found the chunk equal: a chunk whose versions agree and whose content digests
 * have not moved since is equal without fetching a row. Anything else (versions differ, a content
 * digest moved, or no earlier clean look: the first run after a start) is fetched and compared as
 * domain values, row by row. So a change made behind the sync without a version bump is found
 * from the second run on.
 *
 * Under live writes a row may differ for the sync's lag. A differing row is looked at again after
 * about twice the sync's p99 lag (0.25 to 3 s), and reported only if it differs the same way (same
 * versions) at two looks in a row with both directions streaming; one that keeps changing is
 * counted as unsettled, never as a difference.
 */
export class PatientReconciliation {
  private readonly options: ReconciliationOptions;
  private readonly cleanDigests = new Map<number, { legacy: string; service: string }>();
  private running = false;
  private last: ReconciliationReport | undefined;

  constructor(
    private readonly clinic: LegacyDatabase,
    private readonly dataSource: DataSource,
    private readonly apply: ApplyLegacyPatientChange,
    private readonly writer: LegacyPatientWriter,
    private readonly syncStatus: () => Promise<SyncPace>,
    private readonly phase: SystemOfRecordPhase,
    options: Partial<ReconciliationOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  lastReport(): ReconciliationReport | undefined {
    return this.last;
  }

  /** `chunkSize` changes the chunks, so the digests remembered for the old ones are dropped. */
  async run(request: { repair: boolean; chunkSize?: number }): Promise<ReconciliationReport> {
    if (this.running) throw new ReconciliationRunningError();
    this.running = true;
    try {
      if (request.chunkSize !== undefined && request.chunkSize !== this.options.chunkSize) {
        this.options.chunkSize = request.chunkSize;
        this.cleanDigests.clear();
      }
      this.last = await this.reconcile(request.repair);
      return this.last;
    } finally {
      this.running = false;
    }
  }

  private async reconcile(repair: boolean): Promise<ReconciliationReport> {
    const startedAt = new Date().toISOString();
    const { chunkSize } = this.options;
    const [legacyDigests, serviceDigests] = await this.digests();
    const chunks = new Set([...legacyDigests.keys(), ...serviceDigests.keys()]);
    let fetchedRows = 0;
    let fetchedChunks = 0;
    const suspects = new Map<number, Finding>();
    for (const chunk of [...chunks].sort((a, b) => a - b)) {
      const legacy = legacyDigests.get(chunk);
      const service = serviceDigests.get(chunk);
      if (legacy && service && this.knownEqual(chunk, legacy, service)) continue;
      fetchedChunks++;
      const look = await this.lookAtRange(chunk * chunkSize, (chunk + 1) * chunkSize - 1);
      fetchedRows += look.legacy.size + look.service.size;
      const findings = compare(look);
      for (const [id, finding] of findings) suspects.set(id, finding);
      if (findings.size === 0 && legacy && service) {
        await this.rememberIfUnchanged(chunk, legacy, service);
      }
    }
    const { confirmed, unsettled } = await this.settle(suspects);

    const report: ReconciliationReport = {
      entity: 'patients',
      startedAt,
      finishedAt: startedAt,
      systemOfRecord: this.phase,
      chunkSize,
      chunks: { compared: chunks.size, fetched: fetchedChunks },
      rows: { legacy: total(legacyDigests), service: total(serviceDigests), fetched: fetchedRows },
      missing: 0,
      extra: 0,
      differing: 0,
      fields: {},
      untranslatable: { legacy: {}, service: {} },
      unsettled,
      differences: confirmed.size,
      repair: null,
      remaining: confirmed.size,
      clean: false,
    };
    for (const finding of confirmed.values()) {
      if (finding.kind === 'untranslatable') {
        bump(report.untranslatable[finding.side], finding.field);
      } else {
        report[finding.kind]++;
        if (finding.kind === 'differing')
          for (const path of finding.paths) bump(report.fields, path);
      }
    }
    if (repair && confirmed.size > 0) {
      report.repair = await this.repair(confirmed);
      const after = await this.settle(await this.lookAtIds([...confirmed.keys()]).then(compare));
      report.remaining = after.confirmed.size;
      report.unsettled += after.unsettled;
    }
    report.clean = report.remaining === 0;
    report.finishedAt = new Date().toISOString();
    return report;
  }

  private knownEqual(chunk: number, legacy: ChunkDigest, service: ChunkDigest): boolean {
    if (legacy.rows !== service.rows || legacy.versions !== service.versions) return false;
    const clean = this.cleanDigests.get(chunk);
    return clean?.legacy === legacy.content && clean.service === service.content;
  }

  /**
   * A chunk found equal row by row is remembered with the digests taken before the rows were
   * read, only if they still hold after: otherwise a write in between could be remembered as equal.
   */
  private async rememberIfUnchanged(
    chunk: number,
    legacy: ChunkDigest,
    service: ChunkDigest,
  ): Promise<void> {
    const [legacyNow, serviceNow] = await this.digests(chunk);
    const same = (a: ChunkDigest | undefined, b: ChunkDigest) =>
      a?.rows === b.rows && a.versions === b.versions && a.content === b.content;
    if (same(legacyNow.get(chunk), legacy) && same(serviceNow.get(chunk), service)) {
      this.cleanDigests.set(chunk, { legacy: legacy.content, service: service.content });
    } else {
      this.cleanDigests.delete(chunk);
    }
  }

  /**
   * Looks again at the rows that differed, after the sync's lag, until each differs the same way
   * at two looks in a row (confirmed) or matches (gone); what still moves after the last look is
   * unsettled.
   */
  private async settle(
    suspects: Map<number, Finding>,
  ): Promise<{ confirmed: Map<number, Finding>; unsettled: number }> {
    const confirmed = new Map<number, Finding>();
    let pending = suspects;
    for (let look = 1; look < this.options.looks && pending.size > 0; look++) {
      const status = await this.syncStatus();
      await sleep(this.settleDelayMs(status));
      const again = compare(await this.lookAtIds([...pending.keys()]));
      // A direction that is not streaming (restarting, snapshotting) may hold any change back.
      const streaming =
        status.inbound?.state === 'streaming' && status.writeBack?.state === 'streaming';
      const next = new Map<number, Finding>();
      for (const [id, finding] of again) {
        const before = pending.get(id);
        if (streaming && before && sameFinding(before, finding)) confirmed.set(id, finding);
        else next.set(id, finding);
      }
      pending = next;
    }
    return { confirmed, unsettled: pending.size };
  }

  /**
   * Twice the slower direction's p99 lag (binlog commit → applied), within bounds: binlog
   * timestamps have whole seconds, so the measured lag already errs on the long side.
   */
  private settleDelayMs(status: SyncPace): number {
    const p99 = Math.max(status.inbound?.lagMs.p99 ?? 0, status.writeBack?.lagMs.p99 ?? 0);
    const { min, max } = this.options.settleMs;
    return Math.min(max, Math.max(min, 2 * p99));
  }

  /**
   * Repairs through the sync's own code, each write marked as the sync's so that it does not echo:
   * a clinic row is applied to the service as inbound applies it (ApplyLegacyPatientChange), a
   * service patient is written to the clinic as write-back writes it (LegacyPatientWriter). Which
   * way a differing row goes follows the sync's rules: the newer version wins, and at the same
   * version the system of record's. A row on one side only is copied to the other (the clinic
   * never deletes a patient: a row gone from one side was lost, not retired). Untranslatable rows
   * are left for a person to fix at their source.
   */
  private async repair(
    findings: Map<number, Finding>,
  ): Promise<{ repaired: number; failed: number }> {
    let repaired = 0;
    let failed = 0;
    for (const [id, finding] of findings) {
      if (finding.kind === 'untranslatable') continue;
      const toService =
        finding.kind === 'missing' ||
        (finding.kind === 'differing' &&
          (finding.legacyVersion > finding.serviceVersion ||
            (finding.legacyVersion === finding.serviceVersion && this.phase === 'legacy')));
      try {
        if (toService) await this.applyClinicRow(id);
        else await this.writeServicePatient(id);
        repaired++;
      } catch (err) {
        if (!(err instanceof LegacyTranslationError)) throw err;
        failed++;
      }
    }
    return { repaired, failed };
  }

  /**
   * The clinic's row as inbound would apply it, at the clinic's binlog position now (read after
   * the row, so no earlier change of the row can be taken for a later one).
   */
  private async applyClinicRow(id: number): Promise<void> {
    const rows = await this.clinicRows('?? = ?', [PATIENT_KEY_COLUMN, id]);
    const row = rows[0];
    if (!row) return;
    const position = await this.clinicPosition();
    await this.apply.run({
      op: 'u',
      before: null,
      after: row,
      source: { table: PATIENT_TABLE, file: position.file, pos: position.pos, row: 0 },
    });
  }

  private async writeServicePatient(id: number): Promise<void> {
    const row = await this.dataSource.getRepository(PatientOrmEntity).findOneBy({ id });
    if (!row) return;
    await this.writer.write(exportPatientToLegacy(PatientMapper.toDomain(row)));
  }

  private async clinicPosition(): Promise<{ file: string; pos: number }> {
    const rows = await this.clinic.read<RowDataPacket[]>('SHOW MASTER STATUS', []);
    const status = rows[0];
    if (!status) {
      throw new FicusError(
        'FICUS_PATIENTS_RECONCILIATION_NO_BINLOG',
        "the clinic's server reports no binlog position (SHOW MASTER STATUS is empty): the sync needs the binlog on; see docs/cdc.md",
      );
    }
    return { file: String(status.File), pos: Number(status.Position) };
  }

  /** One digest per chunk from each side (or of one chunk), computed by each server. */
  private async digests(
    chunk?: number,
  ): Promise<[Map<number, ChunkDigest>, Map<number, ChunkDigest>]> {
    const size = this.options.chunkSize;
    const ranged = chunk !== undefined;
    const params = ranged ? [size, chunk * size, (chunk + 1) * size - 1] : [size];
    const [legacy, service] = await Promise.all([
      this.clinic.read<RowDataPacket[]>(
        digestSql(
          PATIENT_TABLE,
          PATIENT_KEY_COLUMN,
          PATIENT_VERSION_COLUMN,
          LEGACY_COLUMNS,
          ranged,
        ),
        params,
      ),
      this.dataSource.query<Array<Record<string, unknown>>>(
        digestSql(SERVICE_PATIENT_TABLE, 'id', 'version', SERVICE_COLUMNS, ranged),
        params,
      ),
    ]);
    return [digestMap(legacy), digestMap(service)];
  }

  private async lookAtRange(from: number, to: number): Promise<Look> {
    const [legacy, service] = await Promise.all([
      this.clinicRows('?? BETWEEN ? AND ?', [PATIENT_KEY_COLUMN, from, to]),
      this.dataSource.getRepository(PatientOrmEntity).findBy({ id: Between(from, to) }),
    ]);
    return look(legacy, service);
  }

  private async lookAtIds(ids: number[]): Promise<Look> {
    if (ids.length === 0) return { legacy: new Map(), service: new Map() };
    const [legacy, service] = await Promise.all([
      this.clinicRows('?? IN (?)', [PATIENT_KEY_COLUMN, ids]),
      this.dataSource.getRepository(PatientOrmEntity).findBy({ id: In(ids) }),
    ]);
    return look(legacy, service);
  }

  private async clinicRows(where: string, params: unknown[]): Promise<RowDataPacket[]> {
    return this.clinic.read<RowDataPacket[]>(`SELECT * FROM ?? WHERE ${where}`, [
      PATIENT_TABLE,
      ...params,
    ]);
  }
}

function look(legacy: RowDataPacket[], service: PatientOrmEntity[]): Look {
  return {
    legacy: new Map(legacy.map((row) => [Number(row[PATIENT_KEY_COLUMN]), { ...row }])),
    service: new Map(service.map((row) => [row.id, PatientMapper.toDomain(row)])),
  };
}

/** Row by row, as domain values: the clinic's row through the anti-corruption layer. */
function compare({ legacy, service }: Look): Map<number, Finding> {
  const findings = new Map<number, Finding>();
  for (const [id, row] of legacy) {
    const version = Number(row[PATIENT_VERSION_COLUMN]);
    const stored = service.get(id);
    let translated: Patient;
    try {
      translated = patientFromLegacyRow(row);
    } catch (err) {
      if (!(err instanceof LegacyTranslationError)) throw err;
      findings.set(id, { kind: 'untranslatable', side: 'legacy', field: err.field, version });
      continue;
    }
    if (!stored) {
      findings.set(id, { kind: 'missing', legacyVersion: version });
      continue;
    }
    const paths = differingPaths(translated, stored);
    if (paths.length > 0) {
      findings.set(id, {
        kind: 'differing',
        legacyVersion: version,
        serviceVersion: stored.version,
        paths,
      });
    }
  }
  for (const [id, patient] of service) {
    if (legacy.has(id)) continue;
    try {
      exportPatientToLegacy(patient);
      findings.set(id, { kind: 'extra', serviceVersion: patient.version });
    } catch (err) {
      if (!(err instanceof LegacyTranslationError)) throw err;
      findings.set(id, {
        kind: 'untranslatable',
        side: 'service',
        field: err.field,
        version: patient.version,
      });
    }
  }
  return findings;
}

function sameFinding(a: Finding, b: Finding): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function digestMap(rows: Array<Record<string, unknown>>): Map<number, ChunkDigest> {
  return new Map(
    rows.map((row) => [
      Number(row.chunk),
      { rows: Number(row.n), versions: String(row.versions), content: String(row.content) },
    ]),
  );
}

function total(digests: Map<number, ChunkDigest>): number {
  let n = 0;
  for (const digest of digests.values()) n += digest.rows;
  return n;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
