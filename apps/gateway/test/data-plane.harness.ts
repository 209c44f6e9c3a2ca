import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createLogger } from '@ficus/core';
import { gatewayConfigSchema, type GatewayConfig } from '../src/config/config.schema';
import { composeDataPlane, type ComposedDataPlane } from '../src/gateway';
import { GatewayMetrics } from '../src/metrics/gateway-metrics';
import { RouteRegistry } from '../src/routing/route-registry';

export interface RunningPlane {
  base: string;
  port: number;
  config: GatewayConfig;
  registry: RouteRegistry;
  metrics: GatewayMetrics;
  plane: ComposedDataPlane;
  close(): Promise<void>;
}

/**
 * The data plane alone on a free loopback port, wired as the gateway wires it (registry with
 * metrics bound), without the control plane: these tests are about traffic, not administration.
 */
export async function startDataPlane(raw: unknown): Promise<RunningPlane> {
  const config = gatewayConfigSchema.parse(raw);
  const metrics = new GatewayMetrics();
  const log = createLogger('gateway-test');
  const registry = new RouteRegistry(config, { log, metrics });
  const plane = composeDataPlane(registry, metrics, log);
  const port = await plane.plane.listen(0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    config,
    registry,
    metrics,
    plane,
    close: () => plane.close(),
  };
}

/** Polls until `check` holds, for effects that happen after the response (shadow copies). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  tries = 200,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the expected state was never reached');
}

/**
 * A loopback port whose connect attempts hang, like a host behind a firewall that drops packets:
 * a child process listens with a backlog of 1, then blocks its event loop so it never
 * accepts; once the sockets opened here fill the kernel's accept queue, further SYNs are dropped.
 */
async function unresponsivePort(): Promise<{ port: number; close(): void }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').createServer();
       s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(s.address().port + '\\n', () =>
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`listener exited with ${code}`)));
  });
  const fillers = Array.from({ length: 6 }, () => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    return socket;
  });
  await new Promise((done) => setTimeout(done, 100));
  return {
    port,
    close() {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}

/** How long the `blackhole` upstream of startWithBlackhole waits for a connection or a byte. */
const BLACKHOLE_TIMEOUT_MS = 300;

/**
 * A data plane with a `legacy` upstream and a `blackhole` one whose connect attempts hang
 * (unresponsivePort), for the routes given; `close` stops both.
 */
export async function startWithBlackhole(
  legacyUrl: string,
  config: { routes: unknown[]; limits?: Record<string, unknown> },
): Promise<RunningPlane> {
  const hanging = await unresponsivePort();
  try {
    const plane = await startDataPlane({
      version: 1,
      ...config,
      upstreams: {
        legacy: { url: legacyUrl },
        blackhole: { url: `http://127.0.0.1:${hanging.port}`, timeoutMs: BLACKHOLE_TIMEOUT_MS },
      },
    });
    return {
      ...plane,
      close: async () => {
        await plane.close();
        hanging.close();
      },
    };
  } catch (err) {
    hanging.close();
    throw err;
  }
}
