import { validateConnectorConfig, type ConnectorConfig } from '@ficus/cdc';
import { ConfigError } from '@ficus/core';
import { SYNC_MARKER_TABLE, legacyMarkerTable } from './sync-marker';

/** Heartbeats carry a connector's offset past transactions it skipped (marked or not captured). */
const HEARTBEAT_MS = 10_000;

export interface SyncConnectorConfigs {
  inbound: ConnectorConfig;
  writeBack: ConnectorConfig;
}

/** What a service tells the library about its sync; variable names go into error messages. */
export interface SyncConnectorsInput {
  /** Short name (`patients`): names the connectors' offset rows and the legacy marker table. */
  service: string;
  serviceDatabaseUrl: string;
  legacyDatabaseUrl: string;
  inboundServerId: number;
  writeBackServerId: number;
  /** Legacy tables inbound captures (the initial snapshot reads them in name order). */
  legacyTables: readonly string[];
  /** The service's tables write-back captures. */
  serviceTables: readonly string[];
  /** The environment variables that set the values above, named in errors. */
  variables: {
    serviceDatabaseUrl: string;
    legacyDatabaseUrl: string;
    inboundServerId: string;
    writeBackServerId: string;
  };
}

/**
 * The two embedded connectors. Inbound reads the legacy tables (initial snapshot on its first
 * start) and skips the write-back's marked transactions; write-back reads the service's tables
 * from its start on (`no_data`) and skips the inbound's. Each keeps its offset in a
 * ficus_cdc_offsets table on the server it reads, through the connection it reads with (inbound in
 * the legacy database, write-back in the service's): the connector's offset store reaches only its
 * source server, and so the legacy database and the service may live on separate servers.
 */
export function syncConnectorConfigs(input: SyncConnectorsInput): SyncConnectorConfigs {
  const { variables: v } = input;
  const serviceDb = databaseOf(input.serviceDatabaseUrl, v.serviceDatabaseUrl);
  const legacyDb = databaseOf(input.legacyDatabaseUrl, v.legacyDatabaseUrl);
  const common = {
    transport: { kind: 'embedded' },
    heartbeat: { intervalMs: HEARTBEAT_MS },
  };
  return {
    inbound: validateConnectorConfig(
      {
        ...common,
        serverName: `${input.service}-legacy-inbound`,
        offsets: { store: 'mysql', database: legacyDb },
        source: {
          mysqlUrl: serverUrl(input.legacyDatabaseUrl),
          serverId: input.inboundServerId,
          databases: [legacyDb],
          tables: input.legacyTables.map((table) => `${legacyDb}.${table}`),
          skipTransactionsMarkedBy: `${legacyDb}.${legacyMarkerTable(input.service)}`,
        },
        snapshot: { mode: 'initial' },
      },
      `${v.legacyDatabaseUrl} and ${v.inboundServerId}`,
    ),
    writeBack: validateConnectorConfig(
      {
        ...common,
        serverName: `${input.service}-legacy-write-back`,
        offsets: { store: 'mysql', database: serviceDb },
        source: {
          mysqlUrl: serverUrl(input.serviceDatabaseUrl),
          serverId: input.writeBackServerId,
          databases: [serviceDb],
          tables: input.serviceTables.map((table) => `${serviceDb}.${table}`),
          skipTransactionsMarkedBy: `${serviceDb}.${SYNC_MARKER_TABLE}`,
        },
        snapshot: { mode: 'no_data' },
      },
      `${v.serviceDatabaseUrl} and ${v.writeBackServerId}`,
    ),
  };
}

function databaseOf(url: string, variable: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]+$/.test(name)) {
    throw new ConfigError(
      'FICUS_SYNC_DATABASE_NAME',
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
