import { createConnection } from 'mysql2/promise';
import {
  canConnect,
  kafkaStatus,
  mariaDbStatus,
  startKafka,
  startMariaDb,
  stopKafka,
  stopMariaDb,
} from '@ficus/infra';

import { EXIT } from '../exit-codes';

export type InfraAction = 'up' | 'down' | 'status';

/** `ficus infra up|down|status`: the private MariaDB and Kafka that tests and demos use. */
export async function infraCommand(action: InfraAction, opts: { kafka: boolean }): Promise<number> {
  switch (action) {
    case 'up': {
      const mysql = await startMariaDb({ detached: true });
      console.log(`MariaDB  ${mysql.url}${mysql.managed ? ' (started)' : ' (already running)'}`);
      if (opts.kafka) {
        const kafka = await startKafka({ detached: true });
        console.log(
          `Kafka    ${kafka.brokers.join(',')}${kafka.managed ? ' (started)' : ' (already running)'}`,
        );
      }
      return 0;
    }
    case 'down': {
      const [m, k] = await Promise.all([stopMariaDb(), stopKafka()]);
      console.log(`MariaDB  ${m ? 'stopped' : 'was not running'}`);
      console.log(`Kafka    ${k ? 'stopped' : 'was not running'}`);
      return 0;
    }
    case 'status': {
      const [m, k] = await Promise.all([mysqlLine(), kafkaLine()]);
      console.log(m.line);
      console.log(k.line);
      return m.running ? EXIT.OK : EXIT.UNREACHABLE;
    }
  }
}

/** The URL without its password: it is printed. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(MYSQL_URL is not a URL)';
  }
}

/** MYSQL_URL names the server everything uses instead of the private instance: check that one. */
async function mysqlLine(): Promise<{ running: boolean; line: string }> {
  const url = process.env.MYSQL_URL;
  if (url) {
    let running = false;
    let why = '';
    try {
      const conn = await createConnection({ uri: url, connectTimeout: 2000 });
      await conn.query('SELECT 1');
      await conn.end();
      running = true;
    } catch (err) {
      why = `: ${(err as Error).message}`;
    }
    return {
      running,
      line: `MariaDB  ${running ? 'reachable' : `unreachable${why}`} ${redacted(url)} (MYSQL_URL)`,
    };
  }
  const m = await mariaDbStatus();
  return {
    running: m.running,
    line: `MariaDB  ${m.running ? `running (pid ${m.pid}) ${m.url}` : 'stopped'}`,
  };
}

async function kafkaLine(): Promise<{ line: string }> {
  const brokers = process.env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers?.length) {
    const open = await Promise.all(
      brokers.map((b) => {
        const at = b.lastIndexOf(':');
        return canConnect(b.slice(0, at), Number(b.slice(at + 1)), 2000);
      }),
    );
    const up = brokers.filter((_, i) => open[i]);
    return {
      line: `Kafka    ${up.length ? `reachable ${up.join(',')}` : 'unreachable'}${up.length < brokers.length ? ` (no answer: ${brokers.filter((_, i) => !open[i]).join(',')})` : ''} (KAFKA_BROKERS)`,
    };
  }
  const k = await kafkaStatus();
  return {
    line: `Kafka    ${k.running ? `running (pid ${k.pid}) ${k.brokers.join(',')}` : 'stopped'}`,
  };
}
