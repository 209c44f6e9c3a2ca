import { validateConnectorConfig, type ConnectorConfig } from '@ficus/cdc';
import { ConfigError } from '@ficus/core';
import { PATIENT_TABLE } from '@ficus/legacy-adapter';
import type { LegacySyncConfig } from '../../../../config/patients-config';
import { SYNC_MARKER_TABLE } from './sync-marker';
import { SERVICE_PATIENT_TABLE } from './write-back-change-handler';

/** Heartbeats carry a connector's offset past transactions it skipped (marked or not captured). */
const HEARTBEAT_MS = 10_000;

export interface SyncConnectorConfigs {
  inbound: ConnectorConfig;
  writeBack: ConnectorConfig;
}

/**
 * The two embedded connectors. Inbound reads the clinic's PATIENT_MST (initial snapshot on its
 * first start) and skips the write-back's marked transactions; write-back reads the service's
 * `patients` from its start on (`no_data`) and skips the inbound's. Each keeps its offset in a
 * ficus_cdc_offsets table on the server it reads, through the connection it reads with (inbound in
 * the clinic's database, write-back in the service's): the connector's offset store reaches only its
 * source server, and so the clinic and the service may live on separate servers.
 */
export function syncConnectorConfigs(
  serviceDatabaseUrl: string,
  sync: LegacySyncConfig,
): SyncConnectorConfigs {
  const serviceDb = databaseOf(serviceDatabaseUrl, 'PATIENTS_DATABASE_URL');
  const clinicDb = databaseOf(sync.legacyDatabaseUrl, 'PATIENTS_LEGACY_DATABASE_URL');
  const common = {
    transport: { kind: 'embedded' },
    heartbeat: { intervalMs: HEARTBEAT_MS },
  };
  return {
    inbound: validateConnectorConfig(
      {
        ...common,
        serverName: 'patients-legacy-inbound',
        offsets: { store: 'mysql', database: clinicDb },
        source: {
          mysqlUrl: serverUrl(sync.legacyDatabaseUrl),
          serverId: sync.inboundServerId,
          databases: [clinicDb],
          tables: [`${clinicDb}.${PATIENT_TABLE}`],
          skipTransactionsMarkedBy: `${clinicDb}.${SYNC_MARKER_TABLE}`,
        },
        snapshot: { mode: 'initial' },
      },
      'PATIENTS_LEGACY_DATABASE_URL and PATIENTS_SYNC_SERVER_ID',
    ),
    writeBack: validateConnectorConfig(
      {
        ...common,
        serverName: 'patients-legacy-write-back',
        offsets: { store: 'mysql', database: serviceDb },
        source: {
          mysqlUrl: serverUrl(serviceDatabaseUrl),
          serverId: sync.writeBackServerId,
          databases: [serviceDb],
          tables: [`${serviceDb}.${SERVICE_PATIENT_TABLE}`],
          skipTransactionsMarkedBy: `${serviceDb}.${SYNC_MARKER_TABLE}`,
        },
        snapshot: { mode: 'no_data' },
      },
      'PATIENTS_DATABASE_URL and PATIENTS_WRITEBACK_SERVER_ID',
    ),
  };
}

function databaseOf(url: string, variable: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]+$/.test(name)) {
    throw new ConfigError(
      'FICUS_PATIENTS_SYNC_DATABASE_NAME',
      `${variable} names the database "${name}"; the sync needs a plain name (letters, digits, _ and $)`,
    );
  }
  return name;
}

/** The connector takes the server's URL; which databases it reads is in its table lists. */
function serverUrl(url: string): string {
  const server = new URL(url);
  server.pathname = '/';
  server.search = '';
  return server.toString();
}
