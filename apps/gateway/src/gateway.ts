import { ConfigError, createLogger, listenError, type Logger } from '@ficus/core';
import { startAdminApp, type RunningAdmin } from './admin/admin-app';
import type { ReadinessReport } from './admin/admin.tokens';
import { AdminAuthenticator } from './admin/auth/admin-authenticator';
import { loadGatewayConfig } from './config/config.loader';
import type { GatewayConfig } from './config/config.schema';
import { ControlPlane } from './control/control-plane';
import { controlDatabaseUrl, createControlStore } from './control/create-control-store';
import { RoutePoller } from './control/route-poller';
import { StepEvidence } from './control/step-evidence';
import { StepScheduler } from './control/step-scheduler';
import { ReconciliationWatch } from './control/reconciliation-watch';
import { SyncStatusWatch } from './control/sync-status-watch';
import { Forwarder } from './http/forwarder';
import { UpstreamPool } from './http/upstream-pool';
import { WebSocketTunnel } from './http/websocket-tunnel';
import { GatewayMetrics, UNMATCHED_ROUTE } from './metrics/gateway-metrics';
import { circuitBreakers, FailOpen } from './migration/fail-open';
import { Pass } from './migration/pass';
import { Shadow } from './migration/shadow';
import { ShadowClient } from './migration/shadow-client';
import { ShadowRunner } from './migration/shadow-runner';
import { Upgrades } from './migration/upgrade';
import { ParityTracker } from './parity/parity-tracker';
import { DataPlane } from './proxy/data-plane';
import { Exchanges } from './proxy/exchanges';
import { AutoRollback } from './rollback/auto-rollback';
import { RouteRegistry } from './routing/route-registry';
import { createProgressStore } from './progress/create-progress-store';
import { routeVocabulary } from './progress/endpoint-template';
import { ProgressGates } from './progress/progress-gates';
import { registerProgressMetrics } from './progress/progress-metrics';
import { ProgressTracker } from './progress/progress-tracker';
import { ProgressView } from './progress/progress-view';

export interface GatewayOptions {
  config: GatewayConfig;
  /** Overrides config.listen.port (0 picks a free port: tests). */
  port?: number;
  logger?: Logger;
  /**
   * Starts the admin API too, on admin.port or `port` (0 picks a free port). Off unless asked, so
   * a test of the data plane never binds the admin port.
   */
  admin?: { port?: number };
  /** Where FICUS_CONTROL_DB_URL and FICUS_ADMIN_TOKEN are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningGateway {
  port: number;
  /** The live routes: the control plane reads and changes modes through it. */
  registry: RouteRegistry;
  /** Prometheus metrics; serve `metrics.registry.metrics()`. */
  metrics: GatewayMetrics;
  parity: ParityTracker;
  /** Persists, audits and shares live route changes (MySQL store, or in memory). */
  control: ControlPlane;
  admin?: RunningAdmin;
  /** Stops accepting, lets requests in flight finish, then closes pools and the control store. */
  close(): Promise<void>;
}

function checkPorts(config: GatewayConfig, dataPort: number, adminPort: number | undefined): void {
  if (adminPort !== undefined && adminPort !== 0 && adminPort === dataPort) {
    throw new ConfigError(
      'FICUS_ADMIN_PORT_CLASH',
      `admin.port ${adminPort} is also the data plane's port; give the admin API its own port (default 8081) so admin calls are never proxied`,
      { details: { listen: config.listen.port } },
    );
  }
}

/** The settings that move each listener: the file's, and main.ts's environment overrides. */
const dataListener = (config: GatewayConfig, port: number) => ({
  port,
  host: config.listen.host,
  setting: "the data plane's listen.port in the config file (or FICUS_GATEWAY_PORT)",
});
const adminListener = (config: GatewayConfig, port: number) => ({
  port,
  host: config.admin.host,
  setting: "the admin API's admin.port in the config file (or FICUS_ADMIN_PORT)",
});

export interface ComposedDataPlane {
  plane: DataPlane;
  parity: ParityTracker;
  /** The upstreams' connection pools. */
  upstreams: UpstreamPool;
  /** Closes the server (requests in flight finish), then pools, shadow copies and timers. */
  close(): Promise<void>;
}

/**
 * The data plane and everything it is built from: the HTTP plumbing (http/), the migration
 * handlers (migration/) and what they report to (parity, auto-rollback, metrics).
 */
export function composeDataPlane(
  registry: RouteRegistry,
  metrics: GatewayMetrics,
  log: Logger,
  progress?: ProgressTracker,
): ComposedDataPlane {
  const { config } = registry;
  const limits = config.limits;
  const upstreams = new UpstreamPool(config.upstreams);
  const legacy = upstreams.get(config.legacy);
  const forwarder = new Forwarder();
  const exchanges = new Exchanges(forwarder, limits, log);
  const parity = new ParityTracker();
  const rollback = new AutoRollback(registry, parity, log);
  const shadowClient = new ShadowClient();
  const runner = new ShadowRunner(shadowClient, parity, rollback, log, limits.shadowYieldAbove);
  const failOpen = new FailOpen(
    exchanges,
    legacy,
    circuitBreakers(upstreams, config.legacy, metrics, log),
    rollback,
  );
  const stopTracking = metrics.trackRoutes(registry);
  const plane = new DataPlane({
    registry,
    metrics,
    limits,
    upstreams,
    unmatched: metrics.forRoute(UNMATCHED_ROUTE),
    exchanges,
    pass: new Pass(exchanges, legacy),
    shadow: new Shadow(exchanges, legacy, runner, parity),
    failOpen,
    upgrades: new Upgrades(new WebSocketTunnel(forwarder.proxy), upstreams, legacy, failOpen),
    ...(progress ? { progress } : {}),
  });
  return {
    plane,
    parity,
    upstreams,
    close: async () => {
      await plane.close();
      stopTracking();
      rollback.close();
      upstreams.destroy();
      runner.close();
      await shadowClient.close();
    },
  };
}

/** Starts the gateway. A configuration that does not validate never gets this far: nothing half-starts. */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const { config } = opts;
  const env = opts.env ?? process.env;
  const log = opts.logger ?? createLogger('gateway');
  const dataPort = opts.port ?? config.listen.port;
  const adminPort = opts.admin ? (opts.admin.port ?? config.admin.port) : undefined;
  checkPorts(config, dataPort, adminPort);
  const auth = opts.admin ? new AdminAuthenticator(config.admin, env) : undefined;
  const metrics = new GatewayMetrics();
  const registry = new RouteRegistry(config, { log, metrics });
  const controlUrl = controlDatabaseUrl(config.control, env);
  const control = new ControlPlane(registry, createControlStore(controlUrl), log);
  const closers: Array<() => Promise<void>> = [() => control.stop()];
  const closeAll = async () => {
    for (const close of closers.splice(0)) await close();
  };
  let serving = false;
  try {
    // The store's live modes are applied before the first request is accepted.
    await control.start(config.routes);
    const poller = new RoutePoller(control, config.control.pollMs);
    if (control.shared) poller.start();
    closers.unshift(() => poller.stop());
    // The control store has migrated the progress table by now.
    const progressStore = createProgressStore(controlUrl);
    closers.unshift(() => progressStore.close());
    const progressMetrics = registerProgressMetrics(
      metrics.registry,
      () => progress,
      () => registry.list().map((v) => v.name),
    );
    const progress = new ProgressTracker(
      progressStore,
      {
        maxEndpoints: config.progress.maxEndpoints,
        vocabulary: routeVocabulary(config.routes.map((r) => r.path)),
        onUnrouted: progressMetrics.unrouted,
      },
      log,
    );
    await progress.start(config.progress.flushEvery);
    // Stopped after the data plane has drained (closers run last-added first): the last counts stored.
    closers.unshift(() => progress.stop());
    control.useProgress(new ProgressGates(progress, config.progress.retireQuietFor));
    const data = composeDataPlane(registry, metrics, log, progress);
    const evidence = new StepEvidence(registry, (route) => metrics.forRoute(route), data.parity);
    control.useEvidence(evidence);
    const reconciliation = new ReconciliationWatch(() => registry.config);
    control.useReconciliation(reconciliation);
    reconciliation.start();
    closers.unshift(() => Promise.resolve(reconciliation.stop()));
    const syncStatus = new SyncStatusWatch(() => registry.config);
    control.useSyncStatus(syncStatus);
    syncStatus.start();
    closers.unshift(() => Promise.resolve(syncStatus.stop()));
    const scheduler = new StepScheduler(control, () => registry.config, log);
    control.useScheduler(scheduler);
    scheduler.start();
    closers.unshift(() => scheduler.stop());
    metrics.showParityFrom(data.parity);
    closers.unshift(() => Promise.resolve(evidence.close()));
    const port = await data.plane
      .listen(dataPort, config.listen.host)
      .catch((err: unknown) => Promise.reject(listenError(err, dataListener(config, dataPort))));
    serving = true;
    closers.unshift(() => data.close());
    const readiness = (): ReadinessReport => {
      const store = control.readiness();
      return {
        ready: serving && store.ready,
        checks: {
          dataPlane: { ok: serving },
          controlStore: { ok: store.ready, ...(store.problem ? { code: store.problem.code } : {}) },
        },
      };
    };
    const admin =
      auth && adminPort !== undefined
        ? await startAdminApp(
            {
              control,
              metrics,
              parity: data.parity,
              auth,
              readiness,
              progress: new ProgressView(progress, registry, {
                retireQuietForMs: config.progress.retireQuietFor,
                maxEndpoints: config.progress.maxEndpoints,
              }),
              settings: { metricsAuth: config.admin.metricsAuth ?? false },
            },
            { host: config.admin.host, port: adminPort },
            log,
          ).catch((err: unknown) =>
            Promise.reject(listenError(err, adminListener(config, adminPort))),
          )
        : undefined;
    if (admin) closers.unshift(() => admin.close());
    const close = async () => {
      serving = false;
      await closeAll();
    };
    return {
      port,
      registry,
      metrics,
      parity: data.parity,
      control,
      ...(admin ? { admin } : {}),
      close,
    };
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}

export function startGatewayFromFile(
  file: string,
  port?: number,
  admin?: GatewayOptions['admin'],
): Promise<RunningGateway> {
  return startGateway({
    config: loadGatewayConfig(file),
    ...(port === undefined ? {} : { port }),
    ...(admin === undefined ? {} : { admin }),
  });
}
