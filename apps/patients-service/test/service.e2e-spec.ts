import assert from 'node:assert/strict';
import { describeServiceProcesses } from '@ficus/testing';

describeServiceProcesses({
  app: 'patients-service',
  prefix: 'PATIENTS',
  database: 'ps_e2e',
  migratedTables: [
    'ficus_sync_marker',
    'legacy_sync_dead_letters',
    'patients',
    'typeorm_migrations',
  ],
  tablesAfterRevert: ['patients', 'typeorm_migrations'],
  serves: async (base) => {
    const created = await fetch(`${base}/api/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Ada', lastName: 'Zze2e' }),
    });
    assert.equal(created.status, 201);
  },
});
