import {
  kafkaStatus,
  mariaDbStatus,
  startKafka,
  startMariaDb,
  stopKafka,
  stopMariaDb,
} from '@ficus/infra';

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
      const [m, k] = await Promise.all([mariaDbStatus(), kafkaStatus()]);
      console.log(`MariaDB  ${m.running ? `running (pid ${m.pid}) ${m.url}` : 'stopped'}`);
      console.log(
        `Kafka    ${k.running ? `running (pid ${k.pid}) ${k.brokers.join(',')}` : 'stopped'}`,
      );
      return m.running ? 0 : 3;
    }
  }
}
