/**
 * Field paths in parity reports: `$.items[*].updatedAt`. Array indices collapse to `[*]`, and
 * object keys that look like data (ids, numbers, anything not shaped like a field name) collapse
 * to `.*`, so a path never carries a patient identifier or any other value.
 */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export function childPath(parent: string, key: string): string {
  return FIELD_NAME.test(key) && !/^[0-9a-f]{8,}$/i.test(key) ? `${parent}.${key}` : `${parent}.*`;
}

export function itemPath(parent: string): string {
  return `${parent}[*]`;
}

/** An ignore rule in collapsed form: `$.items[3].x` and `$.items[*].x` ignore the same field. */
export function normaliseRule(rule: string): string {
  return rule.replace(/\[\d+\]/g, '[*]');
}

/** True when `path` is `rule` or inside it: ignoring `$.meta` ignores `$.meta.generatedAt`. */
export function coveredBy(path: string, rule: string): boolean {
  if (!path.startsWith(rule)) return false;
  const next = path.charAt(rule.length);
  return next === '' || next === '.' || next === '[';
}

/** A set of rules that answers "is this path covered?" */
export class PathSet {
  private readonly rules = new Set<string>();

  constructor(rules: Iterable<string> = []) {
    for (const r of rules) this.add(r);
  }

  add(rule: string): void {
    this.rules.add(normaliseRule(rule));
  }

  get size(): number {
    return this.rules.size;
  }

  has(path: string): boolean {
    if (this.rules.size === 0) return false;
    for (const rule of this.rules) if (coveredBy(path, rule)) return true;
    return false;
  }

  values(): string[] {
    return [...this.rules].sort();
  }
}
