import { FicusError } from '@ficus/core';

/**
 * The test runner starts MariaDB and Kafka once per run and hands their addresses to every test
 * file through the environment; MYSQL_URL / KAFKA_BROKERS may also name existing servers.
 */
export function testMysqlUrl(): string {
  const url = process.env.MYSQL_URL;
  if (!url) {
    throw new FicusError(
      'FICUS_TEST_NO_MYSQL',
      'MYSQL_URL is not set. Run integration tests through `npm test` (or `npm run test:int`), which starts MariaDB, ' +
        'or set MYSQL_URL=mysql://root@127.0.0.1:<port>/ to use a running server with the binlog on.',
    );
  }
  return url.endsWith('/') ? url : `${url}/`;
}

export function testKafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new FicusError(
      'FICUS_TEST_NO_KAFKA',
      'KAFKA_BROKERS is not set. Run integration tests through `npm test`, which starts Kafka, ' +
        'or set KAFKA_BROKERS=127.0.0.1:<port> to use a running broker.',
    );
  }
  return brokers.split(',');
}

/** A short, unique, identifier-safe name: databases and topics of parallel test files never clash. */
export function uniqueName(prefix: string, label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}_${slug}_${process.pid}_${rand}`;
}
