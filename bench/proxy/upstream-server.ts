/**
 * The upstream every target forwards to: a small, fast Node `http` server in its own process. It
 * answers any path with the same ~1 KB JSON body over keep-alive, echoes WebSocket messages, and
 * listens on several ports so that a canary or shadow route can have a "legacy" and a "new" side
 * served by one process (the load on the machine stays the same as for the other targets).
 *
 *   node upstream-server.js <port> [<port> ...]     (0 picks a free port)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { announceReady, runChild, type StatsMessage, type StatsRequest } from './child-ipc';

/** Connections idle between bench phases must not be closed under the proxies' pools. */
const KEEP_ALIVE_MS = 60_000;

/** Synthetic catalogue items (no patient data): 12 of them make a body of about 1 KB. */
function responseBody(): Buffer {
  const items = Array.from({ length: 12 }, (_, i) => ({
    id: 1000 + i,
    sku: `SKU-${String(i).padStart(5, '0')}`,
    status: i % 3 === 0 ? 'active' : 'archived',
    qty: i * 7,
  }));
  return Buffer.from(JSON.stringify({ page: 1, total: items.length, items }));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done((server.address() as AddressInfo).port));
  });
}

async function main(): Promise<void> {
  const body = responseBody();
  const counts: Record<string, number> = {};
  const echo = new WebSocketServer({ noServer: true });
  echo.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
  const ports: number[] = [];
  for (const requested of process.argv.slice(2).map(Number)) {
    const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS });
    server.headersTimeout = KEEP_ALIVE_MS + 1000;
    const port = await listen(server, requested);
    counts[port] = 0;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      counts[port] = (counts[port] ?? 0) + 1;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      echo.handleUpgrade(req, socket, head, (ws) => echo.emit('connection', ws, req)),
    );
    ports.push(port);
  }
  process.on('message', (message: StatsRequest) => {
    if (message.type !== 'stats') return;
    const reply: StatsMessage = { type: 'stats', counts: { ...counts } };
    process.send?.(reply);
  });
  announceReady(ports);
}

runChild(main);
