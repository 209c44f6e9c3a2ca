import { FicusError } from '@ficus/core';
import type { RouteMode } from '../config/config.schema';

/** The migration ladder, safest first: a rollback only ever moves down it. */
const SAFETY_RANK: Record<RouteMode, number> = {
  legacy: 0,
  shadow: 1,
  canary: 2,
  new: 3,
  retired: 4,
};

export interface LiveMode {
  mode: RouteMode;
  weight: number;
}

function safer(a: LiveMode, than: LiveMode): boolean {
  const d = SAFETY_RANK[a.mode] - SAFETY_RANK[than.mode];
  return d < 0 || (d === 0 && a.mode === 'canary' && a.weight < than.weight);
}

/**
 * Where POST /rollback goes: the previous mode when it is safer than the current one, else legacy
 * (after a rollback, "previous" is the riskier mode just left: going back there is not a rollback).
 */
export function rollbackTarget(
  route: string,
  current: LiveMode,
  previous: LiveMode | null,
): LiveMode {
  if (previous && safer(previous, current)) return previous;
  if (current.mode !== 'legacy') return { mode: 'legacy', weight: 0 };
  throw new FicusError(
    'FICUS_ROUTE_NO_ROLLBACK',
    `route "${route}" is already in legacy mode; there is nothing safer to roll back to`,
  );
}
