import { ConfigError } from '@ficus/core';
import type { ControlConfig } from '../config/admin.schema';
import type { ControlStore } from './control-store.port';
import { MemoryControlStore } from './memory-control-store';
import { MysqlControlStore } from './mysql-control-store';

/** control.databaseUrl, else FICUS_CONTROL_DB_URL; neither means a store in this process only. */
export function controlDatabaseUrl(
  config: ControlConfig,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return config.databaseUrl || env.FICUS_CONTROL_DB_URL || undefined;
}

export function createControlStore(url: string | undefined): ControlStore {
  if (url === undefined) return new MemoryControlStore();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new ConfigError(
      'FICUS_CONTROL_DB_URL_INVALID',
      'control.databaseUrl (or FICUS_CONTROL_DB_URL) must be a URL like mysql://user:password@host:3306/ficus_control',
    );
  }
  if (parsed.pathname.length <= 1) {
    throw new ConfigError(
      'FICUS_CONTROL_DB_URL_INVALID',
      'control.databaseUrl names no database; add one, as in mysql://user@host:3306/ficus_control',
    );
  }
  parsed.protocol = 'mysql:';
  return new MysqlControlStore(parsed.toString());
}
