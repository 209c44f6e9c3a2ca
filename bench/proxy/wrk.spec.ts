import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWrkOutput } from './wrk';

describe('parseWrkOutput', () => {
  it('turns the script summary into req/s and millisecond percentiles', () => {
    const line =
      'BENCH_RESULT {"requests":50000,"durationUs":5000000,"p50Us":1250,"p99Us":8000,"maxUs":31000,"connect":0,"read":2,"write":0,"status":3,"timeout":1}';
    const result = parseWrkOutput(`Running 5s test @ http://127.0.0.1:1/\n${line}\n`);
    assert.deepEqual(result, {
      requests: 50000,
      seconds: 5,
      rps: 10000,
      p50Ms: 1.25,
      p99Ms: 8,
      maxMs: 31,
      errors: 3,
      non2xx: 3,
    });
  });

  it('reports nothing when wrk stopped before its summary (the target refused connections)', () => {
    assert.equal(
      parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused\n'),
      undefined,
    );
  });
});
