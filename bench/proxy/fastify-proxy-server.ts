/**
 * The fastest Node peer: Fastify with `@fastify/http-proxy`, which forwards through an undici pool.
 *
 *   node fastify-proxy-server.js <upstream-url>
 */
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import { announceReady, runChild } from './child-ipc';

async function main(): Promise<void> {
  const upstream = process.argv[2] ?? 'http://127.0.0.1:80';
  const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });
  await app.register(proxy, { upstream, undici: { connections: 256, pipelining: 1 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  announceReady([typeof address === 'object' && address ? address.port : 0]);
}

runChild(main);
