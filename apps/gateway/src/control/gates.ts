import type { RouteMode } from '../config/config.schema';
import type { GateSet, GatesConfig, GateSteps } from '../config/gates.schema';
import type { StepFigures } from './step-evidence';
import type { SyncReading } from './sync-reading';

/** pass: measured and held; fail: measured and not held, or too little data; unknown: not measured. */
export type GateState = 'pass' | 'fail' | 'unknown';

export interface GateResult {
  /** The config key: minParity, maxP99OverLegacy... */
  gate: string;
  /** The mode whose gates these are (the mode being left). */
  step: RouteMode;
  state: GateState;
  /** The measured figure in the threshold's unit; null when there is none. */
  figure: number | null;
  threshold: number | boolean;
  /** The figure against the threshold in words, without request data. */
  detail: string;
}

const LADDER: readonly RouteMode[] = ['legacy', 'shadow', 'canary', 'new', 'retired'];

export interface Placement {
  mode: RouteMode;
  weight: number;
}

/** Forward: further up the ladder, or a higher canary weight. Anything else is a step back. */
export function isForward(from: Placement, to: Placement): boolean {
  const d = LADDER.indexOf(to.mode) - LADDER.indexOf(from.mode);
  return d > 0 || (d === 0 && to.mode === 'canary' && to.weight > from.weight);
}

/** The route's gates: its own entry, else its group's, else none. */
export function gateStepsFor(
  gates: GatesConfig,
  route: { name: string; group?: string | undefined },
): GateSteps | undefined {
  return gates[route.name] ?? (route.group === undefined ? undefined : gates[route.group]);
}

const EMPTY_SIDE = { requests: 0, errors: 0, errorRate: null, p99Ms: null };

/** The figures of a mode the route has not been in: nothing measured, no time spent. */
function emptyFigures(at: Date): StepFigures {
  return {
    since: at,
    comparisons: 0,
    matches: 0,
    parityRate: null,
    legacy: EMPTY_SIDE,
    new: EMPTY_SIDE,
  };
}

/**
 * Every gate between `from` and `to`: the current mode's with what it measured, and the gates of
 * any mode skipped on the way with nothing measured (a route cannot pass canary's gates without
 * having been in canary).
 */
export function evaluateMove(
  steps: GateSteps | undefined,
  from: Placement,
  to: Placement,
  figures: StepFigures,
  now: Date,
): GateResult[] {
  if (!steps || !isForward(from, to)) return [];
  const results = evaluateStep(steps, from.mode, figures, now);
  for (let i = LADDER.indexOf(from.mode) + 1; i < LADDER.indexOf(to.mode); i++) {
    const skipped = LADDER[i]!;
    results.push(...evaluateStep(steps, skipped, emptyFigures(now), now, true));
  }
  return results;
}

/** The gates that hold a move out of `mode`, against the figures of the step. */
export function evaluateStep(
  steps: GateSteps,
  mode: RouteMode,
  figures: StepFigures,
  now: Date,
  skipped = false,
): GateResult[] {
  const set = mode === 'retired' ? undefined : steps[mode];
  if (!set) return [];
  const results: GateResult[] = [];
  const add = (
    gate: keyof GateSet,
    state: GateState,
    figure: number | null,
    threshold: number | boolean,
    detail: string,
  ) =>
    results.push({
      gate,
      step: mode,
      state,
      figure,
      threshold,
      detail: skipped ? `${detail} (the route has not been in ${mode})` : detail,
    });
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const { comparisons, parityRate } = figures;
  const newSide = figures.new;
  const legacy = figures.legacy;

  if (set.minComparisons !== undefined) {
    add(
      'minComparisons',
      comparisons >= set.minComparisons ? 'pass' : 'fail',
      comparisons,
      set.minComparisons,
      `${comparisons} comparisons, at least ${set.minComparisons} needed`,
    );
  }
  if (set.minParity !== undefined) {
    if (parityRate === null) {
      add(
        'minParity',
        'fail',
        null,
        set.minParity,
        `no comparisons yet; parity must reach ${pct(set.minParity)}`,
      );
    } else {
      add(
        'minParity',
        parityRate >= set.minParity ? 'pass' : 'fail',
        parityRate,
        set.minParity,
        `parity ${pct(parityRate)} over ${comparisons} comparisons, at least ${pct(set.minParity)} needed`,
      );
    }
  }
  if (set.minRequests !== undefined) {
    add(
      'minRequests',
      newSide.requests >= set.minRequests ? 'pass' : 'fail',
      newSide.requests,
      set.minRequests,
      `${newSide.requests} requests to the new service, at least ${set.minRequests} needed`,
    );
  }
  if (set.maxErrorRateOverLegacy !== undefined) {
    const limit = set.maxErrorRateOverLegacy;
    if (newSide.errorRate === null || legacy.errorRate === null) {
      add(
        'maxErrorRateOverLegacy',
        'fail',
        null,
        limit,
        `no data: ${newSide.requests} requests to the new service, ${legacy.requests} to legacy in this step; both must answer some`,
      );
    } else {
      const over = newSide.errorRate - legacy.errorRate;
      add(
        'maxErrorRateOverLegacy',
        over <= limit ? 'pass' : 'fail',
        over,
        limit,
        `error rate ${pct(newSide.errorRate)} (new) against ${pct(legacy.errorRate)} (legacy): ${(over * 100).toFixed(2)} points over, at most ${(limit * 100).toFixed(2)} allowed`,
      );
    }
  }
  if (set.maxP99OverLegacy !== undefined) {
    const limit = set.maxP99OverLegacy;
    if (newSide.p99Ms === null || legacy.p99Ms === null) {
      add(
        'maxP99OverLegacy',
        'fail',
        null,
        limit,
        `no data: p99 needs requests answered by both sides in this step (new ${newSide.requests}, legacy ${legacy.requests}) under the histogram's last bound`,
      );
    } else {
      const ratio = newSide.p99Ms / Math.max(legacy.p99Ms, 1);
      add(
        'maxP99OverLegacy',
        ratio <= limit ? 'pass' : 'fail',
        ratio,
        limit,
        `p99 ≤ ${newSide.p99Ms} ms (new) against ≤ ${legacy.p99Ms} ms (legacy): × ${ratio.toFixed(2)}, at most × ${limit} allowed`,
      );
    }
  }
  if (set.minTimeInStep !== undefined) {
    const spent = Math.max(0, now.getTime() - figures.since.getTime());
    add(
      'minTimeInStep',
      spent >= set.minTimeInStep ? 'pass' : 'fail',
      spent,
      set.minTimeInStep,
      `${Math.floor(spent / 1000)} s in ${mode}, at least ${Math.ceil(set.minTimeInStep / 1000)} s needed`,
    );
  }
  const unmeasured = (gate: 'reconciliationClean', what: string) => {
    const threshold = set[gate];
    if (threshold === undefined) return;
    add(
      gate,
      'unknown',
      null,
      threshold,
      `${what} is not measured by the gateway: check it by hand, then move with force and a reason`,
    );
  };
  const sync = figures.sync;
  /** The sync status, or why it cannot judge the gate (then unknown: the move waits). */
  const syncOf = (what: string): Extract<SyncReading, { state: 'known' }> | string =>
    sync === undefined
      ? `${what} is not read by this gateway: check it by hand, then move with force and a reason`
      : sync.state === 'unknown'
        ? `${what} unknown (${sync.why}): check GET /sync/status on the target, then move with force and a reason`
        : sync;
  const lag = (gate: 'maxCdcLagMs' | 'maxSyncLagMs', side: 'inbound' | 'writeBack') => {
    const limit = set[gate];
    if (limit === undefined) return;
    const what = side === 'inbound' ? 'CDC (inbound sync) lag' : 'write-back sync lag';
    const known = syncOf(what);
    if (typeof known === 'string') return add(gate, 'unknown', null, limit, known);
    const direction = known[side];
    if (!direction)
      return add(gate, 'unknown', null, limit, `${what}: the target does not run this direction`);
    if (direction.state !== 'streaming')
      return add(
        gate,
        'fail',
        direction.p99Ms,
        limit,
        `${what}: the connector is ${direction.state}, not streaming, so changes wait`,
      );
    if (direction.p99Ms === null)
      return add(
        gate,
        'unknown',
        null,
        limit,
        `${what}: no change has gone through since the service started, so there is no figure yet`,
      );
    add(
      gate,
      direction.p99Ms <= limit ? 'pass' : 'fail',
      direction.p99Ms,
      limit,
      `${what} p99 ${direction.p99Ms} ms, at most ${limit} ms allowed`,
    );
  };
  lag('maxCdcLagMs', 'inbound');
  lag('maxSyncLagMs', 'writeBack');
  if (set.maxDeadLetters !== undefined) {
    const limit = set.maxDeadLetters;
    const known = syncOf('dead-lettered change events');
    if (typeof known === 'string') add('maxDeadLetters', 'unknown', null, limit, known);
    else {
      const inbound = known.inbound?.deadLetters ?? 0;
      const writeBack = known.writeBack?.deadLetters ?? 0;
      const total = inbound + writeBack;
      add(
        'maxDeadLetters',
        total <= limit ? 'pass' : 'fail',
        total,
        limit,
        `${total} dead-lettered change events (inbound ${inbound}, write-back ${writeBack}), at most ${limit} allowed: replay or resolve them on the target`,
      );
    }
  }
  const reading = figures.reconciliation;
  if (set.reconciliationClean !== undefined && reading === undefined) {
    unmeasured('reconciliationClean', 'reconciliation');
  } else if (set.reconciliationClean !== undefined && reading?.state === 'unknown') {
    add(
      'reconciliationClean',
      'unknown',
      null,
      true,
      `reconciliation unknown (${reading.why}): run ficus reconcile, or move with force and a reason`,
    );
  } else if (set.reconciliationClean !== undefined && reading?.state === 'known') {
    add(
      'reconciliationClean',
      reading.clean ? 'pass' : 'fail',
      reading.remaining,
      true,
      reading.clean
        ? `the last reconciliation (${reading.finishedAt}) found nothing different`
        : `the last reconciliation (${reading.finishedAt}) left ${reading.remaining} rows different: ficus reconcile --repair`,
    );
  }
  return results;
}

/** The gates that did not hold: measured and failed, or not measured at all. */
export function blocking(results: readonly GateResult[]): GateResult[] {
  return results.filter((r) => r.state !== 'pass');
}
