import type { Pool, RowDataPacket } from 'mysql2/promise';
import { ConfigError, type Logger } from '@ficus/core';

export interface SourceServer {
  serverId: number;
  isMariaDb: boolean;
  version: string;
  /** false when binlog_row_metadata is not FULL: column names then come from INFORMATION_SCHEMA. */
  fullMetadata: boolean;
}

interface Requirement {
  variable: string;
  expected: string;
  fix: string;
}

const REQUIRED: Requirement[] = [
  {
    variable: 'log_bin',
    expected: 'ON',
    fix: 'add "log_bin = binlog" to the [mysqld] section of my.cnf and restart the server (log_bin is not dynamic)',
  },
  {
    variable: 'binlog_format',
    expected: 'ROW',
    fix: 'run SET GLOBAL binlog_format = ROW and add "binlog_format = ROW" to my.cnf',
  },
  {
    variable: 'binlog_row_image',
    expected: 'FULL',
    fix: 'run SET GLOBAL binlog_row_image = FULL and add "binlog_row_image = FULL" to my.cnf',
  },
];

/**
 * Checks, before anything is read, what CDC cannot work without: the binlog on, in ROW format
 * with FULL row images, a replica id of our own, and the grants. Each failure says which setting
 * to change and how.
 */
export async function checkPrerequisites(
  pool: Pool,
  replicaServerId: number,
  databases: string[],
  logger: Logger,
): Promise<SourceServer> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin','binlog_format','binlog_row_image','binlog_row_metadata','server_id','version')",
  );
  const vars = new Map(rows.map((r) => [String(r.Variable_name), String(r.Value)]));
  const wrong = REQUIRED.filter((r) => (vars.get(r.variable) ?? '').toUpperCase() !== r.expected);
  if (wrong.length > 0) {
    throw new ConfigError(
      'FICUS_CDC_BINLOG_SETTINGS',
      'the source server is not set up for row-based CDC:\n' +
        wrong
          .map(
            (r) =>
              `  ${r.variable} is ${vars.get(r.variable) ?? 'unset'}, needs ${r.expected}: ${r.fix}`,
          )
          .join('\n'),
    );
  }
  const serverId = Number(vars.get('server_id') ?? 0);
  if (serverId === replicaServerId) {
    throw new ConfigError(
      'FICUS_CDC_SERVER_ID_CLASH',
      `source.serverId ${replicaServerId} is the source server's own server_id; ` +
        'choose another number (1..4294967295) unused by the server and its replicas',
    );
  }
  const fullMetadata = (vars.get('binlog_row_metadata') ?? '').toUpperCase() === 'FULL';
  if (!fullMetadata) {
    logger.warn(
      { binlog_row_metadata: vars.get('binlog_row_metadata') ?? 'unset' },
      'binlog_row_metadata is not FULL: columns are looked up in INFORMATION_SCHEMA, which can lag behind ' +
        'an ALTER TABLE; run SET GLOBAL binlog_row_metadata = FULL (and add it to my.cnf)',
    );
  }
  await checkGrants(pool, databases);
  const version = vars.get('version') ?? '';
  return { serverId, isMariaDb: /mariadb/i.test(version), version, fullMetadata };
}

/** SHOW GRANTS lists what this user holds; a missing privilege fails here, not mid-stream. */
async function checkGrants(pool: Pool, databases: string[]): Promise<void> {
  const [rows] = await pool.query<RowDataPacket[]>('SHOW GRANTS FOR CURRENT_USER()');
  const grants = rows
    .map((r) => String(Object.values(r)[0]))
    .join('\n')
    .toUpperCase();
  const global = grants
    .split('\n')
    .filter((g) => / ON \*\.\* /.test(g))
    .join(' ');
  const has = (privilege: string): boolean =>
    global.includes('ALL PRIVILEGES') || global.includes(privilege);
  const missing: string[] = [];
  if (!has('REPLICATION SLAVE')) missing.push('REPLICATION SLAVE');
  if (!has('REPLICATION CLIENT') && !has('BINLOG MONITOR')) missing.push('REPLICATION CLIENT');
  const canSelect = (db: string): boolean =>
    has('SELECT') ||
    grants
      .split('\n')
      .some(
        (g) =>
          g.includes(` ON \`${db.toUpperCase()}\`.`) &&
          (g.includes('SELECT') || g.includes('ALL PRIVILEGES')),
      );
  const unreadable = databases.filter((db) => !canSelect(db));
  if (missing.length === 0 && unreadable.length === 0) return;
  const lines = [
    ...(missing.length ? [`  GRANT ${missing.join(', ')} ON *.* TO <connector user>;`] : []),
    ...unreadable.map((db) => `  GRANT SELECT ON \`${db}\`.* TO <connector user>;`),
  ];
  throw new ConfigError(
    'FICUS_CDC_GRANTS_MISSING',
    `the connector's user lacks privileges CDC needs; as an administrator run:\n${lines.join('\n')}`,
  );
}
