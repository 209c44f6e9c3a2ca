import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryProgressStore } from './memory-progress-store';
import { ProgressGates } from './progress-gates';
import { ProgressTracker, type AnsweredRequest } from './progress-tracker';

const DAY = 86_400_000;
const hit = (change: Partial<AnsweredRequest>): AnsweredRequest => ({
  route: 'patients-write',
  pattern: '/api/patients/*',
  method: 'POST',
  path: '/api/patients/7/merge',
  side: 'legacy',
  unrouted: false,
  failedOpen: false,
  ...change,
});

describe('built-in progress gates', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  let now = start;
  const clock = () => now;
  const setup = () => {
    now = start;
    const tracker = new ProgressTracker(new MemoryProgressStore(clock), {
      maxEndpoints: 100,
      now: clock,
    });
    return { tracker, gates: new ProgressGates(tracker, 7 * DAY) };
  };
  const newMode = { mode: 'new' as const, weight: 0 };
  const retired = { mode: 'retired' as const, weight: 0 };

  it('holds retiring while legacy served the route within the window, naming the last hit', () => {
    const { tracker, gates } = setup();
    tracker.record(hit({}));
    now = new Date(start.getTime() + 2 * DAY);
    const [quiet] = gates.forMove('patients-write', newMode, retired, start, now);
    assert.equal(quiet?.gate, 'legacyQuiet');
    assert.equal(quiet?.state, 'fail');
    assert.match(
      quiet.detail,
      /2 d ago \(2026-01-01T00:00:00\.000Z, POST \/api\/patients\/:id\/merge\)/,
    );
    assert.match(quiet.detail, /not before 2026-01-08T00:00:00\.000Z/);
    now = new Date(start.getTime() + 8 * DAY);
    assert.equal(gates.forMove('patients-write', newMode, retired, start, now)[0]?.state, 'pass');
  });

  it('is unknown, and holds, when nothing was counted but counting began within the window', () => {
    const { gates } = setup();
    now = new Date(start.getTime() + DAY);
    const [quiet] = gates.forMove('patients-write', newMode, retired, start, now);
    assert.equal(quiet?.state, 'unknown');
    assert.match(quiet.detail, /counting began 24 h ago .* less than the 7 d window/);
    assert.match(quiet.detail, /start again at each restart/);
    now = new Date(start.getTime() + 8 * DAY);
    assert.equal(gates.forMove('patients-write', newMode, retired, start, now)[0]?.state, 'pass');
  });

  it('fails every move forward of a canary or new step with unrouted requests, and none back', () => {
    const { tracker, gates } = setup();
    const canary = { mode: 'canary' as const, weight: 10 };
    tracker.record(hit({ unrouted: true }));
    const up = gates.forMove('patients-write', canary, { mode: 'canary', weight: 25 }, start, now);
    assert.deepEqual(
      up.map((g) => [g.gate, g.state, g.figure]),
      [['allPathsServed', 'fail', 1]],
    );
    assert.match(
      up[0]!.detail,
      /POST \/api\/patients\/:id\/merge \(1, last 2026-01-01T00:00:00\.000Z\)/,
    );
    assert.deepEqual(
      gates.forMove('patients-write', canary, { mode: 'shadow', weight: 0 }, start, now),
      [],
    );
    const later = new Date(start.getTime() + 1000);
    assert.deepEqual(
      gates.forMove('patients-write', canary, newMode, later, later),
      [],
      'a step entered after the unrouted request is judged on its own',
    );
  });
});
