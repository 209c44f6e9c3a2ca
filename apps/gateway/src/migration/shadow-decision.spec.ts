import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeSchema, type RouteConfig } from '../config/config.schema';
import type { Streamed } from '../proxy/exchanges';
import { whyNotCopied, whyNotSent, type ShadowCapacity } from './shadow-decision';

const route = (r: Record<string, unknown>): RouteConfig =>
  routeSchema.parse({ name: 'r', path: '/r', mode: 'shadow', target: 'svc', ...r });

const ROOM: ShadowCapacity = { full: false, share: 1 };
const answered: Streamed = {
  ok: true,
  status: 200,
  ms: 1,
  requestBody: Buffer.alloc(0),
  response: { status: 200, headers: {}, body: Buffer.from('{}') },
};

describe('shadow decision', () => {
  it('copies a safe request when the route samples all and there is room', () => {
    assert.equal(whyNotCopied(route({}), 'GET', ROOM), undefined);
    assert.equal(whyNotSent(answered, false, ROOM), undefined);
  });

  it('copies a write only where the route says the target takes it as a dry run', () => {
    assert.equal(whyNotCopied(route({}), 'POST', ROOM), 'unsafe_method');
    assert.equal(whyNotCopied(route({ shadow: { writes: true } }), 'POST', ROOM), undefined);
  });

  it('leaves out what the sample rate, the in-flight cap or the load leave out, in that order', () => {
    const none = route({ shadow: { sampleRate: 0 } });
    assert.equal(whyNotCopied(none, 'GET', { full: true, share: 0 }), 'not_sampled');
    assert.equal(whyNotCopied(route({}), 'GET', { full: true, share: 0 }), 'overload');
    assert.equal(whyNotCopied(route({}), 'GET', { full: false, share: 0 }), 'busy');
  });

  it('sends no copy without a whole legacy answer, a whole request body, or room', () => {
    assert.equal(whyNotSent({ ...answered, ok: false }, false, ROOM), 'legacy_failed');
    assert.equal(whyNotSent(answered, true, ROOM), 'legacy_failed');
    const { response: _cut, ...noAnswer } = answered;
    assert.equal(whyNotSent(noAnswer, false, ROOM), 'legacy_failed');
    assert.equal(
      whyNotSent({ ...answered, requestBody: undefined }, false, ROOM),
      'request_too_large',
    );
    assert.equal(whyNotSent(answered, false, { full: true, share: 1 }), 'overload');
  });
});
