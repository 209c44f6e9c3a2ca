import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderStatusTable, replaceStatusBlock } from './plan.command';

describe('plan status', () => {
  const table = renderStatusTable([
    {
      name: 'patients-read',
      methods: ['GET'],
      path: '/api/patients/:id',
      mode: 'canary',
      weight: 25,
      target: 'patients',
    },
    { name: 'appointments', path: '/api/appointments/*' },
  ]);

  it('renders one row per route, with defaults for undeclared modes', () => {
    const lines = table.split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[2], '| patients-read | GET | /api/patients/:id | canary | 25 | patients |');
    assert.equal(lines[3], '| appointments | any | /api/appointments/* | legacy | 0 | — |');
  });

  it('replaces only the marked block', () => {
    const doc = 'intro\n<!-- status:begin -->\nold\n<!-- status:end -->\noutro\n';
    assert.equal(
      replaceStatusBlock(doc, 'NEW'),
      'intro\n<!-- status:begin -->\nNEW\n<!-- status:end -->\noutro\n',
    );
  });

  it('refuses a plan without markers, saying what to add', () => {
    assert.throws(
      () => replaceStatusBlock('no markers', 'x'),
      /FICUS_PLAN_MARKERS: .*add both markers/,
    );
  });
});
