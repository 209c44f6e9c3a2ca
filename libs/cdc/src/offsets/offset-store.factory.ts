import type { ConnectorConfig } from '../config/connector-config.schema';
import { FileOffsetStore } from './file-offset-store';
import { MysqlOffsetStore } from './mysql-offset-store';
import type { OffsetStore } from './stored-offset';

export function createOffsetStore(config: ConnectorConfig): OffsetStore {
  const o = config.offsets;
  switch (o.store) {
    case 'mysql':
      return new MysqlOffsetStore(config.source.mysqlUrl, o.database, o.table, config.serverName);
    case 'file':
      return new FileOffsetStore(o.path);
  }
}
