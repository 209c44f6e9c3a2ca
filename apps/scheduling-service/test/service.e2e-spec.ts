import assert from 'node:assert/strict';
import { describeServiceProcesses } from '@ficus/testing';

describeServiceProcesses({
  app: 'scheduling-service',
  prefix: 'SCHEDULING',
  database: 'ss_e2e',
  migratedTables: ['appointments', 'patient_references', 'practitioners', 'typeorm_migrations'],
  tablesAfterRevert: ['typeorm_migrations'],
  serves: async (base) => {
    const list = await fetch(`${base}/api/practitioners`);
    assert.equal(await list.text(), '{"count":0,"limit":100,"offset":0,"practitioners":[]}');
    const fhir = await fetch(`${base}/fhir/Practitioner/1`);
    assert.equal(fhir.status, 404);
  },
});
