import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollbackTarget } from './rollback-target';

describe('rollback target', () => {
  it('goes back to the previous mode when it is safer', () => {
    assert.deepEqual(
      rollbackTarget('r', { mode: 'new', weight: 0 }, { mode: 'canary', weight: 20 }),
      { mode: 'canary', weight: 20 },
    );
    assert.deepEqual(
      rollbackTarget('r', { mode: 'canary', weight: 50 }, { mode: 'canary', weight: 10 }),
      { mode: 'canary', weight: 10 },
    );
  });

  it('goes to legacy when the previous mode is the riskier one just left', () => {
    assert.deepEqual(
      rollbackTarget('r', { mode: 'shadow', weight: 0 }, { mode: 'new', weight: 0 }),
      { mode: 'legacy', weight: 0 },
    );
    assert.deepEqual(rollbackTarget('r', { mode: 'canary', weight: 5 }, null), {
      mode: 'legacy',
      weight: 0,
    });
  });

  it('refuses when the route is already in legacy mode', () => {
    assert.throws(
      () => rollbackTarget('r', { mode: 'legacy', weight: 0 }, { mode: 'new', weight: 0 }),
      { code: 'FICUS_ROUTE_NO_ROLLBACK' },
    );
  });
});
