import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrafficHistory, type AnsweredTotals } from './traffic-history';

const totals = (entries: Record<string, Partial<AnsweredTotals>>) =>
  new Map(
    Object.entries(entries).map(([route, t]) => [route, { legacy: 0, new: 0, gateway: 0, ...t }]),
  );

describe('TrafficHistory', () => {
  it('turns cumulative counters into requests per interval, the open one included', () => {
    const history = new TrafficHistory(10, 3, totals({ a: { legacy: 5 } }), 0);
    history.sample(totals({ a: { legacy: 8, new: 1 } }), 10);
    const series = history.series(totals({ a: { legacy: 9, new: 4, gateway: 1 } }), 14);
    assert.deepEqual(series.get('a'), [
      { start: 0, end: 10, legacy: 3, new: 1, gateway: 0 },
      { start: 10, end: 14, legacy: 1, new: 3, gateway: 1 },
    ]);
  });

  it('keeps the last `capacity` closed intervals', () => {
    const history = new TrafficHistory(10, 2, totals({ a: {} }), 0);
    for (let i = 1; i <= 4; i++) history.sample(totals({ a: { legacy: i * i } }), i * 10);
    const points = history.series(totals({ a: { legacy: 16 } }), 45).get('a')!;
    assert.deepEqual(
      points.map((p) => [p.start, p.legacy]),
      [
        [20, 5],
        [30, 7],
        [40, 0],
      ],
    );
  });

  it('drops a route that is gone and starts a new one from zero', () => {
    const history = new TrafficHistory(10, 5, totals({ a: { legacy: 2 } }), 0);
    history.sample(totals({ b: { new: 3 } }), 10);
    const series = history.series(totals({ b: { new: 3 } }), 12);
    assert.equal(series.has('a'), false);
    assert.deepEqual(
      series.get('b')!.map((p) => p.new),
      [3, 0],
    );
  });

  it('counts a counter that restarted below its last value from zero, never negative', () => {
    const history = new TrafficHistory(10, 5, totals({ a: { legacy: 50 } }), 0);
    const points = history.series(totals({ a: { legacy: 4 } }), 5).get('a')!;
    assert.equal(points[0]!.legacy, 4);
  });
});
