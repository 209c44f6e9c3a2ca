import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuSeconds, cpuUsPerRequest, parseClockTicks, parseCpuTicks } from './cpu-time';

describe('parseCpuTicks', () => {
  it('adds utime and stime (fields 14 and 15), whatever the command name holds', () => {
    const rest = 'S 1 1 1 0 -1 4194560 100 0 0 0 1234 567 8 9 20 0 11 0 100 1000 200';
    assert.equal(parseCpuTicks(`42 (node) ${rest}`), 1234 + 567);
    assert.equal(parseCpuTicks(`42 (nginx: worker (1) x) ${rest}`), 1234 + 567);
  });

  it('counts nothing for a line it cannot read', () => {
    assert.equal(parseCpuTicks(''), 0);
  });
});

describe('parseClockTicks', () => {
  it("takes getconf's answer, and 100 Hz when there is none", () => {
    assert.equal(parseClockTicks('250\n'), 250);
    assert.equal(parseClockTicks(undefined), 100);
    assert.equal(parseClockTicks('undefined\n'), 100);
  });
});

describe('cpuUsPerRequest', () => {
  it('is CPU time over requests, in microseconds', () => {
    assert.equal(cpuUsPerRequest(1.5, 30_000), 50);
  });

  it('has no value without requests', () => {
    assert.equal(cpuUsPerRequest(1, 0), undefined);
  });
});

describe('cpuSeconds', () => {
  it('reads a live process and grows as it works', () => {
    const before = cpuSeconds(process.pid);
    const until = Date.now() + 60;
    while (Date.now() < until);
    assert.ok(cpuSeconds(process.pid) >= before);
  });
});
