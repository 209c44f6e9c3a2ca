import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RouteTable } from '../routing/route-table';
import { parseGatewayConfig } from './config.loader';

/** The sample's configuration, with the defaults `npm start` fills in. */
function sampleConfig() {
  return parseGatewayConfig(readFileSync('ficus.config.yaml', 'utf8'), 'ficus.config.yaml', {});
}

describe("the sample's ficus.config.yaml", () => {
  it("routes each of the clinic's scheduling requests to its own route, whatever the order in the file", () => {
    const config = sampleConfig();
    const table = new RouteTable(config.routes, {
      upstreams: config.upstreams,
      groups: config.groups,
      matching: config.matching,
    });
    const routeOf = (method: string, url: string) => table.match(method, url, {})?.route.config;
    const expected: Array<[string, string, string | undefined]> = [
      ['GET', '/api/practitioners', 'practitioners-list'],
      ['GET', '/api/practitioners?active=Y', 'practitioners-list'],
      ['GET', '/api/practitioners/3', 'practitioners-read'],
      ['GET', '/api/appointments?date=2025-07-02', 'appointments-day'],
      ['GET', '/api/patients/6/appointments', 'patient-appointments'],
      ['GET', '/api/patients/6', 'patients-read'],
      ['POST', '/api/appointments', 'appointments-book'],
      ['PUT', '/api/appointments/7/reschedule', 'appointments-reschedule'],
      ['POST', '/api/appointments/7/cancel', 'appointments-cancel'],
      // Not the clinic's: no route takes it to the scheduling service, the clinic says 404.
      ['GET', '/api/appointments/7', undefined],
      ['DELETE', '/api/appointments/7', undefined],
      ['GET', '/api/patients/1/balance', undefined],
    ];
    for (const [method, url, name] of expected)
      assert.equal(routeOf(method, url)?.name, name, `${method} ${url}`);
    for (const [method, url, name] of expected.filter(([, , n]) =>
      n?.match(/practitioner|appoint/),
    ))
      assert.equal(routeOf(method, url)?.target, 'scheduling', `${method} ${url} (${name})`);
  });

  it('shadows scheduling reads and keeps its writes on the clinic, gated until the sync runs', () => {
    const config = sampleConfig();
    const modes = Object.fromEntries(config.routes.map((r) => [r.name, r.mode]));
    for (const read of [
      'practitioners-list',
      'practitioners-read',
      'appointments-day',
      'patient-appointments',
    ])
      assert.equal(modes[read], 'shadow', read);
    for (const write of ['appointments-book', 'appointments-reschedule', 'appointments-cancel']) {
      assert.equal(modes[write], 'legacy', write);
      assert.equal(config.gates[write]?.legacy?.maxDeadLetters, 0, write);
    }
    assert.equal(config.upstreams.scheduling?.url, 'http://127.0.0.1:8083');
  });
});
