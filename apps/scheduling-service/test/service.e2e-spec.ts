import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTestDatabase,
  describeServiceProcesses,
  fatalError,
  scriptOutput,
  type TestDatabase,
} from '@ficus/testing';

describeServiceProcesses({
  app: 'scheduling-service',
  prefix: 'SCHEDULING',
  database: 'ss_e2e',
  migratedTables: [
    'appointments',
    'ficus_sync_marker',
    'legacy_sync_dead_letters',
    'patient_references',
    'practitioners',
    'typeorm_migrations',
  ],
  tablesAfterRevert: ['appointments', 'patient_references', 'practitioners', 'typeorm_migrations'],
  serves: async (base) => {
    const list = await fetch(`${base}/api/practitioners`);
    assert.equal(await list.text(), '{"count":0,"limit":100,"offset":0,"practitioners":[]}');
    const fhir = await fetch(`${base}/fhir/Practitioner/1`);
    assert.equal(fhir.status, 404);
    // Without SCHEDULING_LEGACY_DATABASE_URL it runs on its own, and says so.
    const sync = await fetch(`${base}/sync/status`);
    assert.deepEqual(await sync.json(), {
      enabled: false,
      ready: true,
      inbound: null,
      writeBack: null,
    });
    assert.equal((await fetch(`${base}/sync/ready`)).status, 200);
  },
});

const DIST = resolve('dist/apps/scheduling-service/src');

describe('scheduling service process with the clinic', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('ss_e2e_clinic');
  });
  after(async () => {
    await db?.drop();
  });

  it('refuses a clinic database it cannot read, naming the variable, and a legacy phase without one', async () => {
    const clinic = new URL(db.url);
    clinic.pathname = `/${db.name}_no_clinic`;
    for (const [extra, expected] of [
      [
        { SCHEDULING_LEGACY_DATABASE_URL: clinic.toString() },
        'FICUS_SCHEDULING_BAD_ENV: SCHEDULING_LEGACY_DATABASE_URL: the clinic database refused the ' +
          'service (ER_BAD_DB_ERROR); name the clinic database and a user with the grants ' +
          'docs/scheduling-service.md lists',
      ],
      [
        { SCHEDULING_SYSTEM_OF_RECORD: 'legacy' },
        "FICUS_SCHEDULING_BAD_ENV: SCHEDULING_SYSTEM_OF_RECORD is 'legacy' but " +
          'SCHEDULING_LEGACY_DATABASE_URL is not set: set it to the clinic database, or unset ' +
          'SCHEDULING_SYSTEM_OF_RECORD to run the service on its own',
      ],
    ] as const) {
      const { code, output } = await scriptOutput(resolve(DIST, 'main.js'), [], {
        SCHEDULING_DATABASE_URL: db.url,
        SCHEDULING_PORT: '0',
        ...extra,
      });
      assert.equal(code, 1);
      assert.equal(fatalError(output), expected);
    }
  });
});
