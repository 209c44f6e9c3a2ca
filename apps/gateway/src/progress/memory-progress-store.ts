import {
  addProgress,
  copyProgress,
  endpointKey,
  type EndpointProgress,
  type ProgressStore,
} from './progress';

/** Progress of a gateway without a control database: this process's, lost at a restart. */
export class MemoryProgressStore implements ProgressStore {
  readonly persistent = false;
  private readonly rows = new Map<string, EndpointProgress>();
  private readonly since: Date;

  constructor(now: () => Date = () => new Date()) {
    this.since = now();
  }

  add(deltas: readonly EndpointProgress[]): Promise<void> {
    for (const delta of deltas) {
      const key = endpointKey(delta.route, delta.method, delta.template);
      const into = this.rows.get(key);
      if (into) addProgress(into, delta);
      else this.rows.set(key, copyProgress(delta));
    }
    return Promise.resolve();
  }

  endpoints(limit: number): Promise<EndpointProgress[]> {
    const all = [...this.rows.values()].map(copyProgress);
    all.sort((a, b) => total(b) - total(a));
    return Promise.resolve(all.slice(0, limit));
  }

  countingSince(): Promise<Date> {
    return Promise.resolve(this.since);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function total(row: EndpointProgress): number {
  return row.legacy + row.new + row.gateway;
}
