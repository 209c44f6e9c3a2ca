import type { WriteOptions } from '../modules/patients/domain/patient-system-of-record.port';

/**
 * The gateway marks the copy of a write it sends in shadow mode with `x-ficus-shadow: 1`: the
 * service must answer what it would have answered, having written nothing (docs/gateway.md).
 */
export const SHADOW_HEADER = 'x-ficus-shadow';

export function writeOptionsOf(shadow: string | undefined): WriteOptions {
  return { dryRun: shadow?.trim() === '1' };
}
