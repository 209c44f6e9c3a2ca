import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createLogger } from '@ficus/core';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import { createPatientsApp } from '../src/patients-app';
import {
  ApplyLegacyPatientChange,
  type ApplyOutcome,
} from '../src/modules/patients/application/apply-legacy-patient-change';

export interface ServiceFixture {
  db: TestDatabase;
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  /** Applies a PATIENT_MST change as the CDC sink will. */
  apply: (change: {
    op: 'c' | 'u' | 'd' | 'r' | 't';
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    pos?: number;
    file?: string;
    table?: string;
  }) => Promise<ApplyOutcome>;
  /** Listens on a free loopback port, for tests that talk real HTTP. */
  listen: () => Promise<string>;
  close: () => Promise<void>;
}

/** A fresh database with the service's real migrations applied, and the service on it. */
export async function openService(label: string): Promise<ServiceFixture> {
  const db = await createTestDatabase(label);
  const app = await createPatientsApp(
    { databaseUrl: db.url, port: 0, host: '127.0.0.1' },
    createLogger('patients-service-test'),
  );
  const applyChange = app.get(ApplyLegacyPatientChange);
  let row = 0;
  return {
    db,
    app,
    http: () => request(app.getHttpServer()),
    apply: (change) =>
      applyChange.run({
        op: change.op,
        before: change.before ?? null,
        after: change.after ?? null,
        source: {
          table: change.table ?? 'PATIENT_MST',
          file: change.file ?? 'mysql-bin.000001',
          pos: change.pos ?? 4,
          row: row++,
        },
      }),
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      const server: Server = app.getHttpServer();
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A PATIENT_MST row as CDC delivers it; `change` overrides columns. */
export function legacyRow(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    PAT_ID: 1,
    PAT_FNAME: 'Yarrow',
    PAT_LNAME: 'Yewford',
    PAT_MNAME: 'P',
    PAT_DOB: '20060916',
    PAT_SEX: 'F',
    PAT_STAT: 'A',
    PAT_ADDR: '5610 Grafton St||Rootford|MA|70152',
    PAT_PHONE: '362-555-0194',
    PAT_EMAIL: '',
    PAT_MRG_TO: 0,
    PAT_CRT_DT: '20070916072450',
    PAT_UPD_DT: '20070916072450',
    PAT_VER: 1,
    ...change,
  };
}

export function clinicError(body: unknown): {
  code: string;
  message: string;
  field?: string;
  expected?: string;
  details?: Record<string, unknown>;
} {
  return (body as { error: ReturnType<typeof clinicError> }).error;
}
