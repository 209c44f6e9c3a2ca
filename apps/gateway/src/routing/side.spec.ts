import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeSchema, type RouteConfig } from '../config/config.schema';
import { RouteTable } from './route-table';
import { servingSide } from './side';

const route = (r: Partial<RouteConfig> & Pick<RouteConfig, 'name' | 'path'>): RouteConfig =>
  routeSchema.parse(r);

describe('serving side', () => {
  const table = new RouteTable([
    route({ name: 'plain', path: '/plain' }),
    route({ name: 'untargeted', path: '/untargeted', mode: 'new' }),
    route({ name: 'kept', path: '/kept', mode: 'legacy', target: 'svc' }),
    route({ name: 'moved', path: '/moved', mode: 'new', target: 'svc' }),
    route({ name: 'copied', path: '/copied', mode: 'shadow', target: 'svc' }),
    route({ name: 'gone', path: '/gone', mode: 'retired', target: 'svc' }),
    route({
      name: 'all-in',
      path: '/all-in',
      mode: 'canary',
      target: 'svc',
      weight: 100,
      cohort: { header: 'x-user' },
    }),
    route({
      name: 'none-in',
      path: '/none-in',
      mode: 'canary',
      target: 'svc',
      weight: 0,
      cohort: { header: 'x-user' },
    }),
  ]);
  const side = (url: string, headers: Record<string, string> = {}) =>
    servingSide(table.match('GET', url, headers), headers);

  it('is legacy for an unmatched request, a route without a target, legacy and retired routes', () => {
    assert.equal(side('/nowhere'), 'legacy');
    assert.equal(side('/plain'), 'legacy');
    assert.equal(side('/untargeted'), 'legacy');
    assert.equal(side('/kept'), 'legacy');
    assert.equal(side('/gone'), 'legacy');
  });

  it('is new for a new route, legacy with a copy for a shadow route', () => {
    assert.equal(side('/moved'), 'new');
    assert.equal(side('/copied'), 'legacy-with-copy');
  });

  it("puts a canary request by its cohort, and one without the key on legacy's side with a copy", () => {
    assert.equal(side('/all-in', { 'x-user': 'u1' }), 'new');
    assert.equal(side('/all-in'), 'legacy-with-copy');
    assert.equal(side('/none-in', { 'x-user': 'u1' }), 'legacy-with-copy');
  });
});
