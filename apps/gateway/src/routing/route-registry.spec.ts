import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FicusError } from '@ficus/core';
import { gatewayConfigSchema } from '../config/config.schema';
import { RouteRegistry, type RouteChange } from './route-registry';

const config = () =>
  gatewayConfigSchema.parse({
    version: 1,
    upstreams: { legacy: { url: 'http://127.0.0.1:1' }, svc: { url: 'http://127.0.0.1:2' } },
    groups: { people: { cohort: { header: 'x-user' } } },
    routes: [
      { name: 'read', path: '/r/:id', target: 'svc', group: 'people' },
      { name: 'bare', path: '/bare' },
    ],
  });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FicusError);
    return err.code;
  }
  return 'no error';
}

describe('route registry', () => {
  it('rejects unknown routes and invalid settings with stable codes', () => {
    const registry = new RouteRegistry(config());
    assert.equal(
      codeOf(() => registry.setMode('nope', { mode: 'new' }, 'a', 'r')),
      'FICUS_ROUTE_UNKNOWN',
    );
    const invalid = [
      () => registry.setMode('read', { mode: 'canary', weight: 101 }, 'a', 'r'),
      () => registry.setMode('read', { mode: 'canary', weight: -1 }, 'a', 'r'),
      () => registry.setMode('read', { mode: 'canary', weight: 2.5 }, 'a', 'r'),
      () => registry.setMode('bare', { mode: 'new' }, 'a', 'r'),
      () => registry.setMode('read', { mode: 'sideways' as 'new' }, 'a', 'r'),
    ];
    for (const attempt of invalid) assert.equal(codeOf(attempt), 'FICUS_ROUTE_INVALID');
    assert.equal(registry.get('read')?.mode, 'legacy');
  });

  it('refuses a stored route set holding an OpenAPI-style path', () => {
    const registry = new RouteRegistry(config());
    const routes = [...registry.snapshot().routes.values()].map((r) =>
      r.name === 'read' ? { ...r, path: '/r/{id}' } : r,
    );
    assert.throws(
      () => registry.replaceAll(routes, 'store', 'sync'),
      (err: unknown) =>
        err instanceof FicusError &&
        err.code === 'FICUS_ROUTE_INVALID' &&
        /write \/r\/:id/.test(err.message),
    );
    assert.equal(registry.get('read')?.path, '/r/:id');
  });

  it('swaps whole snapshots: a request keeps the one it started with', () => {
    const registry = new RouteRegistry(config());
    const before = registry.snapshot();
    registry.setMode('read', { mode: 'new' }, 'ops', 'go');
    assert.equal(before.routes.get('read')?.mode, 'legacy');
    assert.equal(registry.snapshot().routes.get('read')?.mode, 'new');
    assert.ok(registry.snapshot().version > before.version);
    assert.ok(Object.isFrozen(registry.snapshot()));
  });

  it('emits each change with actor and reason, and rolls back to the previous mode', () => {
    const registry = new RouteRegistry(config());
    const seen: RouteChange[] = [];
    const stop = registry.onChange((c) => seen.push(c));
    registry.setMode('read', { mode: 'shadow' }, 'ops', 'compare');
    registry.setMode('read', { mode: 'canary', weight: 10 }, 'ops', 'start');
    registry.setMode('read', { mode: 'canary', weight: 50 }, 'ops', 'widen');
    assert.deepEqual(
      registry.list().find((v) => v.name === 'read'),
      {
        name: 'read',
        config: registry.get('read'),
        mode: 'canary',
        weight: 50,
        previousMode: 'shadow',
        previousWeight: 0,
      },
    );
    registry.rollback('read', 'auto-rollback', 'maxErrorRate');
    assert.equal(registry.get('read')?.mode, 'shadow');
    registry.rollback('read', 'auto-rollback', 'minParityRate');
    assert.equal(registry.get('read')?.mode, 'legacy');
    assert.deepEqual(
      seen.map((c) => [c.before?.mode, c.after?.mode, c.actor]),
      [
        ['legacy', 'shadow', 'ops'],
        ['shadow', 'canary', 'ops'],
        ['canary', 'canary', 'ops'],
        ['canary', 'shadow', 'auto-rollback'],
        ['shadow', 'legacy', 'auto-rollback'],
      ],
    );
    stop();
    registry.setMode('read', { mode: 'new' }, 'ops', 'x');
    assert.equal(seen.length, 5);
  });

  it('keeps routing when a change listener throws', () => {
    const registry = new RouteRegistry(config());
    registry.onChange(() => {
      throw new Error('audit store down');
    });
    registry.setMode('read', { mode: 'new' }, 'ops', 'go');
    assert.equal(registry.get('read')?.mode, 'new');
  });

  it('replaces the route set, emitting added, changed and removed routes only', () => {
    const registry = new RouteRegistry(config());
    const seen: RouteChange[] = [];
    registry.onChange((c) => seen.push(c));
    const [read] = registry.list().map((v) => v.config);
    registry.replaceAll(
      [
        { ...read!, mode: 'new' },
        { ...read!, name: 'extra', path: '/extra' },
      ],
      'store',
      'sync',
    );
    assert.deepEqual(
      seen.map((c) => [c.route, c.before?.mode ?? null, c.after?.mode ?? null]),
      [
        ['read', 'legacy', 'new'],
        ['extra', null, 'legacy'],
        ['bare', 'legacy', null],
      ],
    );
    assert.equal(registry.snapshot().table.match('GET', '/bare', {}), undefined);
    assert.equal(registry.list().find((v) => v.name === 'read')?.previousMode, 'legacy');
  });

  it('refuses a route set with conflicts or dangling names, changing nothing', () => {
    const registry = new RouteRegistry(config());
    const [read, bare] = registry.list().map((v) => v.config);
    const attempts = [
      [read!, { ...read!, name: 'twin' }],
      [read!, { ...bare!, target: 'ghost' }],
      [read!, read!],
      [{ ...bare!, mode: 'canary' as const, target: 'svc' }],
    ];
    for (const routes of attempts)
      assert.equal(
        codeOf(() => registry.replaceAll(routes, 's', 'sync')),
        'FICUS_ROUTE_INVALID',
      );
    assert.deepEqual(
      registry.list().map((v) => v.name),
      ['read', 'bare'],
    );
  });
});
