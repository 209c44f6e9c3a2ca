import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@ficus/core';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import type { LegacySyncConfig } from '../src/config/scheduling-config';
import { createSchedulingApp } from '../src/scheduling-app';
import {
  ImportLegacyClinic,
  type ImportCounts,
  type LegacyClinicRows,
} from '../src/modules/scheduling/application/import-legacy-clinic';

export interface SchedulingFixture {
  db: TestDatabase;
  app: NestExpressApplication;
  url: string;
  /** The instant the service's clock answers; tests move it. */
  now: { value: Date };
  import: (rows: Partial<LegacyClinicRows>) => Promise<ImportCounts>;
  close: () => Promise<void>;
}

/**
 * A fresh database with the service's real migrations applied, and the service listening on a
 * free loopback port with a clock the test sets; on its own, or with a clinic database.
 */
export async function openScheduling(
  label: string,
  legacySync?: LegacySyncConfig,
): Promise<SchedulingFixture> {
  const db = await createTestDatabase(label);
  const now = { value: new Date('2025-07-01T09:00:00Z') };
  const app = await createSchedulingApp(
    { databaseUrl: db.url, port: 0, host: '127.0.0.1', ...(legacySync ? { legacySync } : {}) },
    createLogger('scheduling-service-test'),
    () => now.value,
  );
  await app.listen(0, '127.0.0.1');
  const server: Server = app.getHttpServer();
  const importer = app.get(ImportLegacyClinic);
  return {
    db,
    app,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    now,
    import: (rows) =>
      importer.run({
        patients: rows.patients ?? [],
        practitioners: rows.practitioners ?? [],
        appointments: rows.appointments ?? [],
      }),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
