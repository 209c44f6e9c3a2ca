import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { GatewayMetrics } from './gateway-metrics';
import { DURATION_BUCKETS } from './route-instruments';

/** The lines of one family in a Prometheus text exposition. */
function family(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.includes(name));
}

// Answers in the order prom-client would list their series (first seen first), so the two
// expositions can be compared line by line.
const ANSWERS: Array<
  [
    route: string,
    side: 'legacy' | 'new' | 'gateway',
    method: string,
    status: number,
    seconds: number,
  ]
> = [
  ['items', 'legacy', 'GET', 200, 0.003],
  ['items', 'legacy', 'GET', 200, 0.005],
  ['items', 'legacy', 'GET', 404, 0.0051],
  ['items', 'legacy', 'POST', 201, 0.3],
  ['items', 'new', 'GET', 503, 31],
  ['items', 'gateway', 'BREW', 400, 0.001],
  ['orders', 'legacy', 'DELETE', 204, 2.5],
];

describe('request families', () => {
  it('expose the same series as prom-client families given the same requests', async () => {
    const metrics = new GatewayMetrics();
    const reference = new Registry();
    const requests = new Counter({
      name: 'ficus_requests_total',
      help: 'Requests answered, by route, who answered (legacy, new or the gateway), method and status class.',
      labelNames: ['route', 'target', 'method', 'code_class'],
      registers: [reference],
    });
    const duration = new Histogram({
      name: 'ficus_request_duration_seconds',
      help: 'Time from request to the end of the response, by route and who answered.',
      labelNames: ['route', 'target'],
      buckets: [...DURATION_BUCKETS],
      registers: [reference],
    });
    for (const [route, side, method, status, seconds] of ANSWERS) {
      metrics.forRoute(route).answered(side, method, status, seconds);
      const codeClass = `${Math.floor(status / 100)}xx`;
      requests.labels(route, side, method === 'BREW' ? 'OTHER' : method, codeClass).inc();
      duration.labels(route, side).observe(seconds);
    }
    const ours = await metrics.registry.metrics();
    const theirs = await reference.metrics();
    for (const name of ['ficus_requests_total', 'ficus_request_duration_seconds']) {
      assert.deepEqual(family(ours, name), family(theirs, name), name);
    }
    assert.ok(family(ours, 'ficus_request_duration_seconds_bucket').length > 0);
  });

  it('feed the JSON export and reset like any other family', async () => {
    const metrics = new GatewayMetrics();
    metrics.forRoute('items').answered('legacy', 'GET', 502, 0.02);
    const json = await metrics.registry.getMetricsAsJSON();
    const counter = json.find((m) => m.name === 'ficus_requests_total');
    assert.equal(counter?.type, 'counter');
    assert.deepEqual(counter?.values, [
      {
        value: 1,
        labels: { route: 'items', target: 'legacy', method: 'GET', code_class: '5xx' },
      },
    ]);
    metrics.registry.resetMetrics();
    const after = await metrics.registry.getMetricsAsJSON();
    for (const name of ['ficus_requests_total', 'ficus_request_duration_seconds'])
      assert.deepEqual(after.find((m) => m.name === name)?.values, [], `${name} after reset`);
  });
});
