import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeSchema, type RouteConfig } from '../config/config.schema';
import { extractParams } from './path-pattern';
import { RouteTable } from './route-table';

const route = (r: Partial<RouteConfig> & Pick<RouteConfig, 'name' | 'path'>): RouteConfig =>
  routeSchema.parse(r);

describe('route table', () => {
  const table = new RouteTable([
    route({ name: 'any-patient', path: '/api/patients/*' }),
    route({ name: 'patient', methods: ['GET'], path: '/api/patients/:id' }),
    route({ name: 'search', methods: ['GET'], path: '/api/patients/search' }),
    route({ name: 'appts', methods: ['GET'], path: '/api/patients/:id/appointments' }),
    route({
      name: 'beta',
      methods: ['GET'],
      path: '/api/patients/:id',
      headers: { 'x-beta': '1' },
    }),
    route({ name: 'host', path: '/api/patients/:id', host: 'new.clinic.test' }),
  ]);
  const name = (method: string, url: string, headers: Record<string, string> = {}) =>
    table.match(method, url, headers)?.route.config.name;

  it('prefers static segments over parameters over wildcards', () => {
    assert.equal(name('GET', '/api/patients/search'), 'search');
    assert.equal(name('GET', '/api/patients/42'), 'patient');
    assert.equal(name('GET', '/api/patients/42/appointments'), 'appts');
    assert.equal(name('GET', '/api/patients/42/invoices'), 'any-patient');
  });

  it('ignores the query string and empty segments', () => {
    assert.equal(name('GET', '/api/patients/42?x=1'), 'patient');
    assert.equal(name('GET', '//api//patients/42/'), 'patient');
  });

  it('lets host and header conditions win over a bare route', () => {
    assert.equal(name('GET', '/api/patients/42', { 'x-beta': '1' }), 'beta');
    assert.equal(name('DELETE', '/api/patients/42', { host: 'new.clinic.test:8080' }), 'host');
    assert.equal(name('DELETE', '/api/patients/42'), 'any-patient');
  });

  it('matches nothing outside the table', () => {
    assert.equal(name('GET', '/api/invoices/1'), undefined);
    assert.equal(name('GET', '/api'), undefined);
  });

  it('extracts decoded path parameters', () => {
    const m = table.match('GET', '/api/patients/a%20b', {})!;
    assert.deepEqual(extractParams(m.route.pattern, m.parts), { id: 'a b' });
  });

  it('stays linear on hostile paths', () => {
    const hostile = `/${'a/'.repeat(50_000)}`;
    assert.equal(name('GET', hostile), undefined);
  });
});
