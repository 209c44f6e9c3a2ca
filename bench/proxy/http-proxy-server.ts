/**
 * The bare Node peer: `http-proxy` with a keep-alive agent and nothing else (no routing, no
 * metrics, no header hygiene), the floor the gateway's own data plane is measured against.
 *
 *   node http-proxy-server.js <upstream-url>
 */
import { Agent, createServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';
import { announceReady, runChild } from './child-ipc';

async function main(): Promise<void> {
  const target = process.argv[2] ?? 'http://127.0.0.1:80';
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const proxy = httpProxy.createProxyServer({ target, agent, xfwd: true });
  proxy.on('error', (_err, _req, res) => {
    if (res instanceof ServerResponse && !res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => proxy.web(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  announceReady([(server.address() as AddressInfo).port]);
}

runChild(main);
