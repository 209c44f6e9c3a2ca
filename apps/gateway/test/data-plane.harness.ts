import { createLogger } from '@ficus/core';
import { gatewayConfigSchema, type GatewayConfig } from '../src/config/config.schema';
import { GatewayMetrics } from '../src/metrics/gateway-metrics';
import { DataPlane } from '../src/proxy/data-plane';
import { RouteRegistry } from '../src/routing/route-registry';

export interface RunningPlane {
  base: string;
  port: number;
  config: GatewayConfig;
  registry: RouteRegistry;
  metrics: GatewayMetrics;
  plane: DataPlane;
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
  const plane = new DataPlane(registry, metrics, log);
  const port = await plane.listen(0, '127.0.0.1');
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
