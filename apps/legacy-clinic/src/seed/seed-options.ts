import { ConfigError } from '@ficus/core';
import { DEFAULT_SEED_TODAY, SLOTS_PER_DAY, VISIT_DAYS } from './calendar';
import { isIsoDate } from '../legacy/legacy-date';

export interface SeedProgress {
  patientsDone: number;
  patientsTotal: number;
  appointments: number;
  invoices: number;
}

export interface SeedOptions {
  patients: number;
  /** Same seed, same clinic, row for row. 42 by default. */
  seed?: number;
  /** One per 400 patients by default (at least 10). */
  practitioners?: number;
  /** Mean visits per patient, spread uniformly over 0 .. 2 × mean. 3 by default. */
  appointmentsPerPatient?: number;
  /** Mean invoices per patient, spread the same way. 1.5 by default. */
  invoicesPerPatient?: number;
  /**
   * The clinic's "today", 'YYYY-MM-DD': visits before it are history, after it bookings.
   * Pinned to 2025-06-30 by default so a seed alone fixes every row.
   */
  today?: string;
  /** Patients per transaction; their visits and invoices go in the same one. 1000 by default. */
  batchSize?: number;
  /** Called after each committed batch. */
  onProgress?: (progress: SeedProgress) => void;
}

export type ResolvedSeedOptions = Required<Omit<SeedOptions, 'onProgress'>> &
  Pick<SeedOptions, 'onProgress'>;

export function resolveSeedOptions(options: SeedOptions): ResolvedSeedOptions {
  const resolved = {
    patients: options.patients,
    seed: options.seed ?? 42,
    practitioners: options.practitioners ?? Math.max(10, Math.ceil(options.patients / 400)),
    appointmentsPerPatient: options.appointmentsPerPatient ?? 3,
    invoicesPerPatient: options.invoicesPerPatient ?? 1.5,
    today: options.today ?? DEFAULT_SEED_TODAY,
    batchSize: options.batchSize ?? 1000,
    onProgress: options.onProgress,
  };
  requireInteger('patients', resolved.patients, 0, 100_000_000);
  requireInteger('seed', resolved.seed, -(2 ** 31), 2 ** 32 - 1);
  requireInteger('practitioners', resolved.practitioners, 1, 1_000_000);
  requireNumber('appointmentsPerPatient', resolved.appointmentsPerPatient, 0, 50);
  requireNumber('invoicesPerPatient', resolved.invoicesPerPatient, 0, 50);
  requireInteger('batchSize', resolved.batchSize, 1, 10_000);
  requireToday(resolved.today);
  requireCapacity(resolved);
  return resolved;
}

/** Most visits one patient can get: countAround() draws from 0 .. 2 × mean. */
export function maxVisitsPerPatient(mean: number): number {
  return Math.floor(2 * mean);
}

/** Seeded visits never double-book, so the calendar must have room for the most visits possible. */
function requireCapacity(o: ResolvedSeedOptions): void {
  const perPractitioner = VISIT_DAYS * SLOTS_PER_DAY;
  const worstCase = o.patients * maxVisitsPerPatient(o.appointmentsPerPatient);
  if (worstCase > o.practitioners * perPractitioner) {
    const needed = Math.ceil(worstCase / perPractitioner);
    throw new ConfigError(
      'CLINIC_SEED_CAPACITY',
      `${o.patients} patients may need ${worstCase} appointment slots, more than ${o.practitioners} ` +
        `practitioners have in ${VISIT_DAYS} days; use at least ${needed} practitioners`,
    );
  }
}

function requireToday(today: string): void {
  if (!isIsoDate(today) || today < '2000-01-01' || today > '2199-12-31') {
    throw new ConfigError(
      'CLINIC_SEED_OPTIONS',
      'today must be a date YYYY-MM-DD from 2000-01-01 to 2199-12-31',
    );
  }
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      'CLINIC_SEED_OPTIONS',
      `${name} must be an integer from ${min} to ${max}`,
    );
  }
}

function requireNumber(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError('CLINIC_SEED_OPTIONS', `${name} must be a number from ${min} to ${max}`);
  }
}
