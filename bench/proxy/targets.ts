import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '@ficus/infra';
import { forkServer, type BenchProcess } from './bench-process';
import { BENCH_PATH, startGatewayProcess, type GatewayMode } from './gateway-target';
import { startNginx } from './nginx-target';

export const TARGET_IDS = [
  'direct',
  'nginx',
  'http-proxy',
  'fastify',
  'gateway-legacy',
  'gateway-canary',
  'gateway-shadow',
  'gateway-shadow-all',
] as const;
export type TargetId = (typeof TARGET_IDS)[number];

export interface TargetContext {
  workDir: string;
  /** The upstream's two ports: "legacy" (every target's default) and "next" (canary/shadow side). */
  legacyPort: number;
  nextPort: number;
  /** Node flags for the gateway processes (a CPU profile, say). */
  gatewayExecArgv: string[];
}

export interface RunningTarget {
  url: string;
  /** The proxy's process; absent for the upstream measured directly. */
  proxy?: BenchProcess;
}

export interface TargetSpec {
  id: TargetId;
  label: string;
  start(ctx: TargetContext): Promise<RunningTarget>;
}

const url = (port: number) => `http://127.0.0.1:${port}${BENCH_PATH}`;
const upstreamUrl = (ctx: TargetContext) => `http://127.0.0.1:${ctx.legacyPort}`;

/**
 * A Node proxy the gateway is compared with, run with the gateway's own V8 flags, so that the
 * comparison measures what the code costs, not what the flags save.
 */
async function nodePeer(ctx: TargetContext, name: string, script: string): Promise<RunningTarget> {
  const proxy = await forkServer(
    name,
    join(__dirname, script),
    [upstreamUrl(ctx)],
    join(ctx.workDir, `${name}.log`),
    GATEWAY_NODE_FLAGS,
  );
  return { url: url(proxy.ports[0] ?? 0), proxy };
}

async function gateway(ctx: TargetContext, mode: GatewayMode): Promise<RunningTarget> {
  const proxy = await startGatewayProcess({
    mode,
    workDir: ctx.workDir,
    legacyPort: ctx.legacyPort,
    nextPort: ctx.nextPort,
    execArgv: ctx.gatewayExecArgv,
  });
  return { url: url(proxy.ports[0] ?? 0), proxy };
}

export const TARGETS: readonly TargetSpec[] = [
  {
    id: 'direct',
    label: 'upstream direct',
    start: (ctx) => Promise.resolve({ url: url(ctx.legacyPort) }),
  },
  {
    id: 'nginx',
    label: 'nginx (keepalive)',
    start: async (ctx) => {
      const proxy = await startNginx(ctx.workDir, ctx.legacyPort);
      return { url: url(proxy.ports[0] ?? 0), proxy };
    },
  },
  {
    id: 'http-proxy',
    label: 'bare http-proxy',
    start: (ctx) => nodePeer(ctx, 'http-proxy', 'http-proxy-server.js'),
  },
  {
    id: 'fastify',
    label: '@fastify/http-proxy',
    start: (ctx) => nodePeer(ctx, 'fastify-proxy', 'fastify-proxy-server.js'),
  },
  { id: 'gateway-legacy', label: 'ficus legacy', start: (ctx) => gateway(ctx, 'legacy') },
  { id: 'gateway-canary', label: 'ficus canary 50%', start: (ctx) => gateway(ctx, 'canary') },
  { id: 'gateway-shadow', label: 'ficus shadow+parity', start: (ctx) => gateway(ctx, 'shadow') },
  {
    id: 'gateway-shadow-all',
    label: 'ficus shadow, all copied',
    start: (ctx) => gateway(ctx, 'shadow-all'),
  },
];
