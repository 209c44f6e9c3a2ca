import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { FicusError, InfraError, errorMessage } from '@ficus/core';
import {
  cacheHome,
  canConnect,
  ensureDir,
  ficusHome,
  livePid,
  requireCommand,
  runOrThrow,
  startDaemon,
  stopProcess,
  tailFile,
  waitFor,
} from './process';

const KAFKA_VERSION = '3.9.2';
const JAVA_HINT = 'Install Java 17: apt-get update && apt-get install -y openjdk-17-jre-headless';
const MAVEN_HINT = 'Install Maven: apt-get update && apt-get install -y maven';
const EXTERNAL_HINT = 'Or use an existing broker with KAFKA_BROKERS=host:port[,host:port].';
const READY_TIMEOUT_MS = 60_000;
/** Marks each start in the appended log, so an error quotes only the lines of the failed start. */
const START_BANNER = '=== Ficus starting Kafka';

export interface KafkaOptions {
  /** State dir holding server.properties, data/, the pid file and the log; default ficusHome()/kafka. */
  dir?: string;
  /** Broker port; default FICUS_KAFKA_PORT or 19092. */
  port?: number;
  /** KRaft controller port; default port + 1. */
  controllerPort?: number;
  /** true for `infra up` (outlives the caller); false for `npm start` and tests (a child of the caller). */
  detached: boolean;
  heapMb?: number;
}

export interface KafkaInstance {
  brokers: string[];
  pid?: number;
  /** false when the broker was already running or is external: stop() then leaves it alone. */
  managed: boolean;
  /** For a broker this process started: once its process has ended without stop(), why. */
  exited?(): string | undefined;
  stop(): Promise<void>;
}

interface Layout {
  dir: string;
  data: string;
  config: string;
  pidFile: string;
  log: string;
}

function layout(dir = resolve(ficusHome(), 'kafka')): Layout {
  const root = resolve(dir);
  return {
    dir: root,
    data: resolve(root, 'data'),
    config: resolve(root, 'server.properties'),
    pidFile: resolve(root, 'kafka.pid'),
    log: resolve(root, 'kafka.log'),
  };
}

const localBrokers = (port: number): string[] => [`127.0.0.1:${port}`];

function checkPort(value: number | string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InfraError(
      'FICUS_KAFKA_PORT_INVALID',
      `${name} must be a TCP port (1-65535), got "${value}"`,
    );
  }
  return port;
}

function defaultKafkaPort(): number {
  return checkPort(process.env.FICUS_KAFKA_PORT ?? 19092, 'FICUS_KAFKA_PORT');
}

function kafkaCacheDir(): string {
  return resolve(cacheHome(), `kafka-${KAFKA_VERSION}`);
}

/** Works from the sources and from dist/, which mirrors the source tree one level down. */
function findPom(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const pom = resolve(dir, 'libs/infra/kafka/pom.xml');
    if (existsSync(pom)) return pom;
    if (dirname(dir) === dir) {
      throw new InfraError(
        'FICUS_KAFKA_FETCH_FAILED',
        `libs/infra/kafka/pom.xml was not found above ${__dirname}`,
      );
    }
  }
}

const LOG4J_CONFIG = `# Written by Ficus. Everything goes to stdout, which the launcher appends to kafka.log.
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=WARN
log4j.logger.org.apache.kafka=WARN
log4j.logger.org.apache.zookeeper=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
# Keep the version banner and the "started" line so the log shows each start.
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
`;

const log4jFile = (): string => resolve(kafkaCacheDir(), 'log4j.properties');

function writeLog4jConfig(): void {
  const file = log4jFile();
  if (!existsSync(file) || readFileSync(file, 'utf8') !== LOG4J_CONFIG) {
    writeFileSync(file, LOG4J_CONFIG);
  }
}

/** Maven's last lines without colour codes or blank error lines. */
function outputTail(err: unknown): string {
  const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
  const lines = stripVTControlCharacters(`${stdout}\n${stderr}`)
    .split('\n')
    .filter((line) => line.replace('[ERROR]', '').trim() !== '');
  return lines.length > 0 ? lines.slice(-15).join('\n') : errorMessage(err);
}

/**
 * Runs Maven without blocking the event loop (a cold fetch takes a while and callers may start other
 * servers meanwhile). Copies into a private dir first, so an interrupted or concurrent fetch never
 * leaves a half-filled libs/.
 */
async function fetchJars(mvn: string, home: string, libs: string): Promise<void> {
  const partial = resolve(home, `libs.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  try {
    await promisify(execFile)(
      mvn,
      [
        '-q',
        '-B',
        '-f',
        findPom(),
        'dependency:copy-dependencies',
        `-Dkafka.version=${KAFKA_VERSION}`,
        `-DoutputDirectory=${partial}`,
        '-DincludeScope=runtime',
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw new InfraError(
      'FICUS_KAFKA_FETCH_FAILED',
      `could not fetch the Kafka ${KAFKA_VERSION} jars with Maven, which needs Maven Central ` +
        `(or a mirror configured in ~/.m2/settings.xml). ${EXTERNAL_HINT}\n${outputTail(err)}`,
      { cause: err, retriable: true },
    );
  }
  rmSync(libs, { recursive: true, force: true });
  renameSync(partial, libs);
}

/** Fetches the broker's jars once per machine; later calls do no Maven work. Returns the libs dir. */
export async function ensureKafkaJars(): Promise<string> {
  requireCommand('java', JAVA_HINT);
  const home = ensureDir(kafkaCacheDir());
  const libs = resolve(home, 'libs');
  const marker = resolve(home, 'libs.complete');
  writeLog4jConfig();
  if (existsSync(marker) && existsSync(libs)) return libs;
  await fetchJars(requireCommand('mvn', MAVEN_HINT), home, libs);
  writeFileSync(marker, `kafka ${KAFKA_VERSION} fetched ${new Date().toISOString()}\n`);
  return libs;
}

function serverProperties(l: Layout, port: number, controllerPort: number): string {
  return `# Written by Ficus on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=${l.data}
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# One node: 50 partitions for the internal topics only slow down the first consumer group and transaction.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
num.network.threads=2
num.io.threads=4
`;
}

/** A KRaft cluster id is 16 random bytes in URL-safe base64; Kafka rejects ids starting with "-". */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function formatStorage(java: string, libs: string, log4j: string, l: Layout): void {
  if (existsSync(resolve(l.data, 'meta.properties'))) return;
  ensureDir(l.data);
  try {
    runOrThrow('kafka storage format', java, [
      `-Dlog4j.configuration=file:${log4j}`,
      '-cp',
      `${libs}/*`,
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      clusterId(),
      '--config',
      l.config,
    ]);
  } catch (err) {
    throw new InfraError(
      'FICUS_KAFKA_FORMAT_FAILED',
      `could not format the Kafka log dir ${l.data}; removing ${l.dir} starts over from scratch.\n${errorMessage(err)}`,
      { cause: err },
    );
  }
}

function brokerArgs(libs: string, log4j: string, l: Layout, heapMb: number): string[] {
  return [
    `-Xmx${heapMb}m`,
    `-Xms${heapMb}m`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
    '-cp',
    `${libs}/*`,
    'kafka.Kafka',
    l.config,
  ];
}

/** A pid file can outlive a reboot and name an unrelated process; never adopt or signal that one. */
function isOurBroker(pid: number, l: Layout): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return process.platform !== 'linux';
  }
  return cmdline.includes('kafka.Kafka') && cmdline.includes(l.config);
}

function brokerPid(l: Layout): number | undefined {
  const pid = livePid(l.pidFile);
  if (pid === undefined) return undefined;
  if (isOurBroker(pid, l)) return pid;
  rmSync(l.pidFile, { force: true });
  return undefined;
}

function configuredPort(l: Layout): number | undefined {
  if (!existsSync(l.config)) return undefined;
  const match = /^advertised\.listeners=PLAINTEXT:\/\/[^:]+:(\d+)\s*$/m.exec(
    readFileSync(l.config, 'utf8'),
  );
  return match ? Number(match[1]) : undefined;
}

/** An open port is not enough: the broker only answers metadata requests once startup has completed. */
async function serves(brokers: string[]): Promise<boolean> {
  const [host, port] = (brokers[0] ?? '').split(':');
  if (!host || !(await canConnect(host, Number(port)))) return false;
  const admin = new Kafka({
    clientId: 'ficus-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function lastStartTail(log: string): string {
  const lines = tailFile(log, 30).split('\n');
  return lines.slice(lines.findLastIndex((line) => line.startsWith(START_BANNER)) + 1).join('\n');
}

function withLogTail(err: unknown, log: string): InfraError {
  const code = err instanceof FicusError ? err.code : 'FICUS_INFRA_START_FAILED';
  const reason = errorMessage(err).replace(`${code}: `, '');
  return new InfraError(code, `${reason}\nLast lines of ${log}:\n${lastStartTail(log)}`, {
    cause: err,
    retriable: err instanceof FicusError && err.retriable,
  });
}

const unmanaged = (brokers: string[], pid?: number): KafkaInstance => ({
  brokers,
  ...(pid === undefined ? {} : { pid }),
  managed: false,
  stop: async () => {},
});

/**
 * Adopts a broker this state dir already runs, waiting for it if another caller is still starting it.
 * Returns undefined when that broker goes away meanwhile, so the caller starts a new one.
 */
async function adoptRunning(
  l: Layout,
  pid: number,
  port: number,
): Promise<KafkaInstance | undefined> {
  const running = configuredPort(l);
  if (running !== undefined && running !== port) {
    throw new InfraError(
      'FICUS_KAFKA_ALREADY_RUNNING',
      `the Kafka broker of ${l.dir} (pid ${pid}) already runs on port ${running}, not ${port}; ` +
        `stop it first (npm run infra:down) or use FICUS_KAFKA_PORT=${running}`,
    );
  }
  const brokers = localBrokers(port);
  try {
    await waitFor(`Kafka (pid ${pid}) on port ${port}`, () => serves(brokers), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 250,
      abortIf: () => (brokerPid(l) === undefined ? 'it exited' : undefined),
    });
  } catch (err) {
    if (brokerPid(l) === undefined) return undefined;
    throw withLogTail(err, l.log);
  }
  return unmanaged(brokers, pid);
}

async function refuseTakenPorts(port: number, controllerPort: number): Promise<void> {
  for (const [p, name] of [
    [port, 'broker'],
    [controllerPort, 'controller'],
  ] as const) {
    if (await canConnect('127.0.0.1', p)) {
      throw new InfraError(
        'FICUS_PORT_IN_USE',
        `port ${p} (Kafka ${name}) is already taken by another process; choose another broker port with ` +
          `FICUS_KAFKA_PORT=<port> (the controller uses port + 1). ${EXTERNAL_HINT}`,
        { details: { port: p } },
      );
    }
  }
}

async function launch(
  l: Layout,
  opts: KafkaOptions,
  port: number,
  controllerPort: number,
): Promise<KafkaInstance> {
  const libs = await ensureKafkaJars();
  const java = requireCommand('java', JAVA_HINT);
  const log4j = log4jFile();
  ensureDir(l.dir);
  writeFileSync(l.config, serverProperties(l, port, controllerPort));
  formatStorage(java, libs, log4j, l);
  appendFileSync(
    l.log,
    `${START_BANNER} ${KAFKA_VERSION} on 127.0.0.1:${port} at ${new Date().toISOString()} ===\n`,
  );
  const daemon = startDaemon({
    name: 'kafka',
    command: java,
    args: brokerArgs(libs, log4j, l, opts.heapMb ?? 512),
    logFile: l.log,
    pidFile: l.pidFile,
    cwd: l.dir,
    detached: opts.detached,
  });
  const brokers = localBrokers(port);
  try {
    await waitFor(`Kafka on 127.0.0.1:${port}`, () => serves(brokers), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 250,
      abortIf: daemon.exited,
    });
  } catch (err) {
    daemon.release();
    await stopProcess(daemon.pid, 5000);
    rmSync(l.pidFile, { force: true });
    throw withLogTail(err, l.log);
  }
  let stopped = false;
  return {
    brokers,
    pid: daemon.pid,
    managed: true,
    exited: () => (stopped ? undefined : daemon.exited()),
    stop: async () => {
      stopped = true;
      daemon.release();
      await stopProcess(daemon.pid);
      rmSync(l.pidFile, { force: true });
    },
  };
}

function externalBrokers(): string[] | undefined {
  const list = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim());
  return list.some(Boolean) ? list.filter(Boolean) : undefined;
}

/** Starts the private single-node KRaft broker (or reuses a running one, or the brokers named by KAFKA_BROKERS). */
export async function startKafka(opts: KafkaOptions): Promise<KafkaInstance> {
  const external = externalBrokers();
  if (external) return unmanaged(external);
  const l = layout(opts.dir);
  const port =
    opts.port === undefined ? defaultKafkaPort() : checkPort(opts.port, 'the Kafka port');
  const controllerPort = checkPort(opts.controllerPort ?? port + 1, 'the Kafka controller port');
  const pid = brokerPid(l);
  if (pid !== undefined) {
    const adopted = await adoptRunning(l, pid, port);
    if (adopted) return adopted;
  }
  await refuseTakenPorts(port, controllerPort);
  return launch(l, opts, port, controllerPort);
}

export async function stopKafka(dir?: string): Promise<boolean> {
  const l = layout(dir);
  const pid = brokerPid(l);
  if (pid === undefined) return false;
  await stopProcess(pid);
  rmSync(l.pidFile, { force: true });
  return true;
}

export async function kafkaStatus(
  dir?: string,
): Promise<{ running: boolean; pid?: number; brokers: string[] }> {
  const l = layout(dir);
  const brokers = localBrokers(configuredPort(l) ?? defaultKafkaPort());
  const pid = brokerPid(l);
  const running = pid !== undefined && (await serves(brokers));
  return { running, ...(pid === undefined ? {} : { pid }), brokers };
}
