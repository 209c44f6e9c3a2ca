import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import WebSocket, { WebSocketServer } from 'ws';
import { freePort } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import {
  eventually,
  startDataPlane,
  startWithBlackhole,
  type RunningPlane,
} from './data-plane.harness';

interface EchoUpstream {
  url: string;
  connections: WebSocket[];
  closed: number;
  lastHeaders: IncomingMessage['headers'] | undefined;
  close(): Promise<void>;
}

/** A real WebSocket server that echoes every message and records its connections. */
async function startEcho(): Promise<EchoUpstream> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const echo: EchoUpstream = {
    url: '',
    connections: [],
    closed: 0,
    lastHeaders: undefined,
    close: async () => {
      for (const c of echo.connections) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
  wss.on('connection', (ws, req) => {
    echo.connections.push(ws);
    echo.lastHeaders = req.headers;
    ws.on('message', (data, binary) => ws.send(data, { binary }));
    ws.on('close', () => echo.closed++);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  echo.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return echo;
}

/** An upstream that answers every upgrade with a plain 403, as an auth proxy would. */
async function startRefuser(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.end('plain'));
  server.on('upgrade', (_req: IncomingMessage, socket: Socket) => {
    socket.end(
      'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nnope!',
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function refusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('error', () => undefined);
  });
}

describe('WebSocket upgrades through the gateway', () => {
  let legacy: TestUpstream;
  let echo: EchoUpstream;
  let refuser: { url: string; server: Server };
  let gw: RunningPlane;
  let ws: string;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    echo = await startEcho();
    refuser = await startRefuser();
    gw = await startDataPlane({
      version: 1,
      upstreams: {
        legacy: { url: legacy.url },
        echo: { url: echo.url },
        refuser: { url: refuser.url },
        dead: { url: `http://127.0.0.1:${await freePort()}` },
      },
      routes: [
        { name: 'live', path: '/live', mode: 'new', target: 'echo' },
        { name: 'refused', path: '/refused', mode: 'new', target: 'refuser' },
        { name: 'dead', path: '/dead', mode: 'new', target: 'dead' },
        { name: 'gone', path: '/gone', mode: 'retired' },
      ],
    });
    ws = `ws://127.0.0.1:${gw.port}`;
  });

  after(async () => {
    await gw.close();
    refuser.server.closeAllConnections();
    await new Promise((done) => refuser.server.close(done));
    await Promise.all([legacy.close(), echo.close()]);
  });

  it('echoes text and binary messages through the gateway', async () => {
    const client = await open(`${ws}/live`, { 'x-request-id': 'ws-1' });
    const replies: string[] = [];
    client.on('message', (data) => replies.push((data as Buffer).toString()));
    client.send('hello');
    client.send(Buffer.from('binary!'));
    await eventually(() => replies.length === 2);
    assert.deepEqual(replies, ['hello', 'binary!']);
    assert.equal(echo.lastHeaders?.['x-request-id'], 'ws-1');
    assert.equal(echo.lastHeaders?.['x-forwarded-for'], '127.0.0.1');
    client.close();
  });

  it('closes the upstream socket when the client closes, and the client when the upstream does', async () => {
    const before = echo.closed;
    const client = await open(`${ws}/live`);
    client.terminate();
    await eventually(() => echo.closed === before + 1);

    const second = await open(`${ws}/live`);
    const closed = new Promise<void>((done) => second.once('close', () => done()));
    echo.connections.at(-1)!.terminate();
    await closed;
  });

  it("passes an upstream's refusal to upgrade to the client and keeps serving", async () => {
    assert.equal(await refusal(`${ws}/refused`), 403);
    await request(gw.base).get('/still-alive').expect(200);
  });

  it('answers 502 when the upgrade target is down and 410 on a retired route', async () => {
    assert.equal(await refusal(`${ws}/dead`), 502);
    assert.equal(await refusal(`${ws}/gone`), 410);
    await request(gw.base).get('/still-alive').expect(200);
  });

  it('answers 504 after timeoutMs when the upgrade target never completes the connection', async () => {
    const plane = await startWithBlackhole(legacy.url, {
      routes: [{ name: 'live', path: '/live', mode: 'new', target: 'blackhole' }],
    });
    try {
      const started = Date.now();
      assert.equal(await refusal(`ws://127.0.0.1:${plane.port}/live`), 504);
      assert.ok(Date.now() - started < 5_000, 'bounded by timeoutMs, not the OS connect timeout');
    } finally {
      await plane.close();
    }
  });
});
