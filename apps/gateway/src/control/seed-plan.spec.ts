import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeSchema, type RouteConfig } from '../config/config.schema';
import type { StoredRoute } from './control-store.port';
import { planSeed } from './seed-plan';

const route = (r: Partial<RouteConfig>): RouteConfig =>
  routeSchema.parse({ name: 'r', path: '/r', target: 'svc', ...r });
const stored = (definition: RouteConfig, live: Partial<StoredRoute> = {}): StoredRoute => ({
  name: definition.name,
  definition,
  mode: definition.mode,
  weight: definition.weight,
  previousMode: null,
  previousWeight: null,
  version: 1,
  ...live,
});
const always = () => true;

describe('seed plan', () => {
  it('inserts routes the store does not have, in their file mode', () => {
    const [step, ...rest] = planSeed([route({ mode: 'shadow' })], [], always);
    assert.equal(rest.length, 0);
    assert.equal(step?.action, 'seed-insert');
    assert.equal(step?.next?.mode, 'shadow');
    assert.equal(step?.before, null);
  });

  it('writes nothing when the file did not change', () => {
    const file = route({});
    assert.deepEqual(planSeed([file], [stored(file, { mode: 'new' })], always), []);
  });

  it('takes a changed definition from the file and keeps the live mode', () => {
    const old = route({});
    const [step] = planSeed(
      [route({ path: '/r2' })],
      [stored(old, { mode: 'new', previousMode: 'shadow', previousWeight: 0 })],
      always,
    );
    assert.equal(step?.action, 'seed-update');
    assert.equal(step?.next?.definition.path, '/r2');
    assert.equal(step?.next?.mode, 'new');
    assert.equal(step?.next?.previousMode, 'shadow');
    assert.equal(step?.before?.path, '/r');
    assert.equal(step?.after?.mode, 'new');
  });

  it('lets an edit of the mode in the file win, remembering the live mode it replaced', () => {
    const old = route({ mode: 'legacy' });
    const [step] = planSeed([route({ mode: 'shadow' })], [stored(old, { mode: 'new' })], always);
    assert.equal(step?.next?.mode, 'shadow');
    assert.equal(step?.next?.previousMode, 'new');
  });

  it("falls back to the file's mode when the new definition cannot serve the live one", () => {
    const old = route({});
    const [step] = planSeed(
      [route({ target: undefined })],
      [stored(old, { mode: 'new' })],
      (r) => r.mode === 'legacy' || r.target !== undefined,
    );
    assert.equal(step?.next?.mode, 'legacy');
    assert.match(step?.reason ?? '', /cannot serve live mode new/);
  });

  it('removes routes that are no longer in the file', () => {
    const gone = route({ name: 'gone' });
    const [step] = planSeed([], [stored(gone)], always);
    assert.equal(step?.action, 'seed-remove');
    assert.equal(step?.next, null);
    assert.equal(step?.after, null);
  });

  it('ignores key order when comparing definitions', () => {
    const file = route({ headers: { a: '1', b: '2' } });
    const reordered = { ...file, headers: { b: '2', a: '1' } };
    assert.deepEqual(planSeed([file], [stored(reordered)], always), []);
  });
});
