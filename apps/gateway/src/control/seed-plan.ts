import type { RouteConfig } from '../config/config.schema';
import type { AuditEntry, RouteCheck, StoredRoute } from './control-store.port';
import { definitionKey, liveConfig } from './stored-route';

export type SeedAction = 'seed-insert' | 'seed-update' | 'seed-remove';

/** One row to write while seeding, with the audit entry that explains it. */
export interface SeedStep {
  action: SeedAction;
  route: string;
  /** The row as it should be after the step; null removes it. */
  next: Omit<StoredRoute, 'version'> | null;
  before: RouteConfig | null;
  after: RouteConfig | null;
  reason: string;
}

function insertStep(file: RouteConfig): SeedStep {
  return {
    action: 'seed-insert',
    route: file.name,
    next: {
      name: file.name,
      definition: file,
      mode: file.mode,
      weight: file.weight,
      previousMode: null,
      previousWeight: null,
    },
    before: null,
    after: file,
    reason: 'route added by the config file',
  };
}

/**
 * A route both in the file and in the store. The file owns the definition (match, target, SLOs);
 * the live mode is the store's, unless the file's own mode or weight was edited since the last
 * seed: then the newer, deliberate edit wins. A kept live mode that the new definition cannot serve
 * (its target was removed, say) gives way to the file's mode.
 */
function updateStep(file: RouteConfig, stored: StoredRoute, check: RouteCheck): SeedStep | null {
  const fileEdited =
    stored.definition.mode !== file.mode || stored.definition.weight !== file.weight;
  const definitionChanged = definitionKey(stored.definition) !== definitionKey(file);
  if (!fileEdited && !definitionChanged) return null;
  let live = fileEdited ? { mode: file.mode, weight: file.weight } : stored;
  let reason = fileEdited
    ? `config file set the mode to ${file.mode} (weight ${file.weight})`
    : `config file changed the definition; live mode ${stored.mode} kept`;
  if (!check({ ...file, mode: live.mode, weight: live.weight })) {
    live = { mode: file.mode, weight: file.weight };
    reason = `config file changed the definition, which cannot serve live mode ${stored.mode}; back to the file's mode ${file.mode}`;
  }
  const moved = live.mode !== stored.mode || live.weight !== stored.weight;
  const next = {
    name: file.name,
    definition: file,
    mode: live.mode,
    weight: live.weight,
    previousMode: moved ? stored.mode : stored.previousMode,
    previousWeight: moved ? stored.weight : stored.previousWeight,
  };
  return {
    action: 'seed-update',
    route: file.name,
    next,
    before: liveConfig(stored),
    after: liveConfig(next),
    reason,
  };
}

/**
 * How the config file's routes merge into the store at start-up. The file is declarative for the
 * set of routes and their definitions: routes it adds are inserted, routes it changed are updated,
 * routes it no longer has are removed. A live mode set through the admin API survives.
 */
export function planSeed(
  fileRoutes: readonly RouteConfig[],
  stored: readonly StoredRoute[],
  check: RouteCheck,
): SeedStep[] {
  const byName = new Map(stored.map((s) => [s.name, s]));
  const steps: SeedStep[] = [];
  for (const file of fileRoutes) {
    const existing = byName.get(file.name);
    const step = existing ? updateStep(file, existing, check) : insertStep(file);
    if (step) steps.push(step);
    byName.delete(file.name);
  }
  for (const gone of byName.values()) {
    steps.push({
      action: 'seed-remove',
      route: gone.name,
      next: null,
      before: liveConfig(gone),
      after: null,
      reason: 'route no longer in the config file',
    });
  }
  return steps;
}

/** The audit entry that records a seed step. */
export function seedAudit(step: SeedStep, actor: string, at: Date): Omit<AuditEntry, 'id'> {
  const { action, route, before, after, reason } = step;
  return { at, actor, route, action, before, after, reason };
}
