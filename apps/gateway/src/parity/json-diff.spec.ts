import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffJson } from './json-diff';
import { PathSet } from './json-path';
import { compareResponses } from './response-compare';

const kinds = (a: unknown, b: unknown, skip?: (p: string) => boolean) =>
  diffJson(a, b, skip).map((d) => `${d.kind} ${d.path}`);

describe('structural JSON diff', () => {
  it('ignores key order and number spelling', () => {
    assert.deepEqual(
      kinds(JSON.parse('{"a":1,"b":[1.0,2]}'), JSON.parse('{"b":[1,2.00],"a":1.0}')),
      [],
    );
  });

  it('names each kind of difference by path', () => {
    assert.deepEqual(
      kinds({ a: 1, b: 'x', c: true, d: { e: null } }, { a: '1', b: 'y', d: { e: null, f: 1 } }),
      ['type $.a', 'value $.b', 'missing $.c', 'extra $.d.f'],
    );
  });

  it('collapses array indices and counts a path once per comparison', () => {
    assert.deepEqual(
      kinds({ items: [{ v: 1 }, { v: 2 }, { v: 3 }] }, { items: [{ v: 9 }, { v: 8 }] }),
      ['value $.items[*].v', 'missing $.items[*]'],
    );
  });

  it('collapses keys that look like data, so no identifier becomes a path', () => {
    assert.deepEqual(kinds({ byMrn: { '000123': 1, 'a b': 1 } }, { byMrn: { '000123': 2 } }), [
      'value $.byMrn.*',
      'missing $.byMrn.*',
    ]);
  });

  it('prunes ignored paths and their subtrees', () => {
    const ignore = new PathSet(['$.meta', '$.items[0].updatedAt']);
    const skip = (p: string) => ignore.has(p);
    assert.deepEqual(
      kinds(
        { meta: { at: 1 }, items: [{ updatedAt: 1, v: 1 }], metadata: 1 },
        { meta: { at: 2, x: 1 }, items: [{ updatedAt: 2, v: 1 }], metadata: 2 },
        skip,
      ),
      ['value $.metadata'],
    );
  });
});

describe('response comparison', () => {
  const body = (v: unknown) => Buffer.from(JSON.stringify(v));
  const opts = { headers: ['content-type'], skip: () => false };

  it('compares status, selected headers and body', () => {
    const diffs = compareResponses(
      {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: body({ a: 1 }),
      },
      {
        status: 201,
        headers: { 'content-type': 'Application/JSON;charset=utf-8' },
        body: body({ a: 2 }),
      },
      opts,
    );
    assert.deepEqual(diffs, [
      { path: 'status', kind: 'status' },
      { path: '$.a', kind: 'value' },
    ]);
  });

  it('compares non-JSON bodies as bytes and refuses to guess on truncated bodies', () => {
    const text = (s: string) => ({ status: 200, headers: {}, body: Buffer.from(s) });
    assert.deepEqual(compareResponses(text('<p>a</p>'), text('<p>a</p>'), opts), []);
    assert.deepEqual(compareResponses(text('<p>a</p>'), text('<p>b</p>'), opts), [
      { path: '$', kind: 'value' },
    ]);
    assert.deepEqual(compareResponses(text('{"a":1}'), text('oops'), opts), [
      { path: '$', kind: 'type' },
    ]);
    assert.equal(
      compareResponses(text('x'), { status: 200, headers: {}, body: undefined }, opts),
      undefined,
    );
  });
});
