import { GtidSet, MariadbGtidPosition } from '@vlasky/zongji';

const MARIADB_GTID = /^(\d+)-(\d+)-(\d+)$/;

/**
 * Adds a committed transaction to an executed-GTID position: MariaDB's `domain-server-seq` list
 * (one watermark per domain) or MySQL's `uuid:interval` set. zongji's own models do the parsing so
 * sequence numbers beyond 2^53 stay exact.
 */
export function foldGtid(executed: string, gtid: string): string {
  const mariadb = MARIADB_GTID.exec(gtid);
  if (mariadb) {
    const position = MariadbGtidPosition.parse(executed);
    position.add({
      domainId: Number(mariadb[1]),
      serverId: Number(mariadb[2]),
      seqNo: mariadb[3]!,
    });
    return position.toString();
  }
  const set = GtidSet.parse(executed);
  set.add(gtid);
  return set.toString();
}
