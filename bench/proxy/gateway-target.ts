import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { InfraError } from '@ficus/core';
import { freePort, GATEWAY_NODE_FLAGS } from '@ficus/infra';
import { spawnServer, type BenchProcess } from './bench-process';

/** `shadow-all`: shadow with `limits.shadowYieldAbove: 1`, every request copied even when saturated. */
export type GatewayMode = 'legacy' | 'canary' | 'shadow' | 'shadow-all';

/** The path every load run requests; the gateway matches it against a parameterised route. */
export const BENCH_PATH = '/api/items/42';

interface GatewayPorts {
  listen: number;
  admin: number;
  legacy: number;
  next: number;
}

/**
 * A gateway config as a user writes it: one route in the mode under test. Canary sends 50% of
 * cohorts (keyed by the `x-cohort` header the load clients vary) to the "next" upstream; shadow
 * copies every GET to it and compares the answers with the default parity settings.
 */
export function gatewayConfig(mode: GatewayMode, ports: GatewayPorts): Record<string, unknown> {
  const route: Record<string, unknown> = {
    name: 'items',
    methods: ['GET'],
    path: '/api/items/:id',
    mode: mode === 'shadow-all' ? 'shadow' : mode,
  };
  if (mode !== 'legacy') route.target = 'next';
  if (mode === 'canary') Object.assign(route, { weight: 50, cohort: { header: 'x-cohort' } });
  if (mode === 'shadow' || mode === 'shadow-all') route.parity = {};
  return {
    version: 1,
    listen: { host: '127.0.0.1', port: ports.listen },
    admin: { host: '127.0.0.1', port: ports.admin },
    legacy: 'legacy',
    upstreams: {
      legacy: { url: `http://127.0.0.1:${ports.legacy}` },
      next: { url: `http://127.0.0.1:${ports.next}` },
    },
    ...(mode === 'shadow-all' ? { limits: { shadowYieldAbove: 1 } } : {}),
    routes: [route],
  };
}

export function gatewayMain(): string {
  const main = resolve(__dirname, '../../apps/gateway/src/main.js');
  if (!existsSync(main)) {
    throw new InfraError(
      'FICUS_BENCH_GATEWAY_NOT_BUILT',
      `${main} does not exist; run the bench with \`npm run bench:proxy\`, which builds first`,
    );
  }
  return main;
}

export interface GatewayStart {
  mode: GatewayMode;
  workDir: string;
  legacyPort: number;
  nextPort: number;
  /** Extra Node flags, e.g. --cpu-prof for a profile of the run. */
  execArgv?: string[];
}

/**
 * Starts `node dist/apps/gateway/src/main.js` in its own process, with an in-memory control store
 * and the V8 flags the project launches it with (GATEWAY_NODE_FLAGS, as `npm start` does).
 */
export async function startGatewayProcess(opts: GatewayStart): Promise<BenchProcess> {
  const ports = {
    listen: await freePort(),
    admin: await freePort(),
    legacy: opts.legacyPort,
    next: opts.nextPort,
  };
  const file = join(opts.workDir, `gateway-${opts.mode}.yaml`);
  writeFileSync(file, stringify(gatewayConfig(opts.mode, ports)));
  const env: NodeJS.ProcessEnv = { ...process.env, FICUS_CONFIG: file };
  // The bench measures the data plane: no shared control store polling, no port overrides.
  for (const name of ['FICUS_CONTROL_DB_URL', 'FICUS_GATEWAY_PORT', 'FICUS_ADMIN_PORT'])
    delete env[name];
  return spawnServer(
    `gateway (${opts.mode})`,
    process.execPath,
    [...GATEWAY_NODE_FLAGS, ...(opts.execArgv ?? []), gatewayMain()],
    { port: ports.listen, logFile: join(opts.workDir, `gateway-${opts.mode}.log`), env },
  );
}
