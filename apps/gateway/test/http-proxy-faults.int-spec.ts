import assert from 'node:assert/strict';
import {
  createServer,
  request as httpRequest,
  type Agent,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { eventually, startDataPlane, type RunningPlane } from './data-plane.harness';

/**
 * The gateway's data plane is built on http-proxy 1.18; these are its known faults, each shown
 * through the gateway as a client or an upstream would meet it. Every test here fails against
 * http-proxy used plainly (proxy.web / proxy.ws with the real request and default options).
 */

/** Sends raw bytes and resolves with everything the gateway answered before closing. */
function exchangeRaw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

function handshake(path: string, upgrade = 'websocket'): string {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\n\r\n`;
}

const SWITCHING =
  'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

/** A client socket that records what it got and whether it closed; optionally half-open. */
function openClient(port: number, bytes: string, allowHalfOpen = false) {
  const client = {
    socket: connect({ port, host: '127.0.0.1', allowHalfOpen }),
    got: '',
    closed: false,
  };
  client.socket.setEncoding('utf8');
  client.socket.on('connect', () => client.socket.write(bytes));
  client.socket.on('data', (d: string) => (client.got += d));
  client.socket.on('error', () => undefined);
  client.socket.on('close', () => (client.closed = true));
  return client;
}

interface RawUpstream {
  url: string;
  /** Sockets that sent a handshake, in order. */
  sockets: Socket[];
  received: string;
  closed: number;
  close(): Promise<void>;
}

/** A TCP server that plays the upstream's side of a handshake by hand. */
async function startRawUpstream(
  onHandshake: (socket: Socket) => void,
  allowHalfOpen = false,
): Promise<RawUpstream> {
  const server = createTcpServer({ allowHalfOpen }, (socket) => {
    socket.on('error', () => undefined);
    socket.on('close', () => upstream.closed++);
    socket.once('data', (d: Buffer) => {
      upstream.received += d.toString();
      upstream.sockets.push(socket);
      onHandshake(socket);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const upstream: RawUpstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets: [],
    received: '',
    closed: 0,
    close: async () => {
      for (const s of upstream.sockets) s.destroy();
      await new Promise((done) => server.close(done));
    },
  };
  return upstream;
}

/** Writes to the peer every 10 ms while the socket lives: a half-closed peer never stops it. */
function keepTalking(socket: Socket, what: string): void {
  const timer = setInterval(() => socket.write(what), 10);
  socket.once('close', () => clearInterval(timer));
}

describe('http-proxy faults, fenced off by the gateway', () => {
  let legacy: TestUpstream;
  let stubborn: RawUpstream;
  let vanishing: RawUpstream;
  let slowRefuser: RawUpstream;
  let chunkedRefuser: RawUpstream;
  let anyUpgrade: RawUpstream;
  let silent: RawUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    stubborn = await startRawUpstream((s) => {
      s.write(SWITCHING);
      keepTalking(s, 'ping');
    }, true);
    vanishing = await startRawUpstream((s) => s.write(SWITCHING));
    slowRefuser = await startRawUpstream((s) => {
      const timer = setTimeout(
        () => s.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'),
        300,
      );
      s.once('close', () => clearTimeout(timer));
    });
    chunkedRefuser = await startRawUpstream((s) =>
      s.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n' +
          'X-Request-Id: made-up-upstream\r\n\r\n5\r\nnope!\r\n0\r\n\r\n',
      ),
    );
    anyUpgrade = await startRawUpstream((s) => {
      s.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x-echo\r\n\r\n');
      s.pipe(s);
    });
    silent = await startRawUpstream(() => undefined);
    gw = await startDataPlane({
      version: 1,
      upstreams: {
        legacy: { url: legacy.url },
        silent: { url: silent.url, timeoutMs: 200 },
        stubborn: { url: stubborn.url },
        vanishing: { url: vanishing.url },
        'slow-refuser': { url: slowRefuser.url },
        'chunked-refuser': { url: chunkedRefuser.url },
        'any-upgrade': { url: anyUpgrade.url },
      },
      routes: [
        { name: 'stubborn', path: '/ws/stubborn', mode: 'new', target: 'stubborn' },
        { name: 'vanishing', path: '/ws/vanishing', mode: 'new', target: 'vanishing' },
        { name: 'slow-refusal', path: '/ws/slow-refusal', mode: 'new', target: 'slow-refuser' },
        {
          name: 'chunked-refusal',
          path: '/ws/chunked-refusal',
          mode: 'new',
          target: 'chunked-refuser',
        },
        {
          name: 'any-upgrade',
          path: '/ws/any',
          mode: 'new',
          target: 'any-upgrade',
          upgrades: ['x-echo'],
        },
        { name: 'silent', path: '/ws/silent', mode: 'new', target: 'silent' },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await Promise.all(
      [legacy, stubborn, vanishing, slowRefuser, chunkedRefuser, anyUpgrade, silent].map((u) =>
        u.close(),
      ),
    );
  });

  it('#559/#1510: a WebSocket client that vanishes closes the upstream socket too', async () => {
    const before = stubborn.closed;
    const client = openClient(gw.port, handshake('/ws/stubborn'));
    await eventually(() => client.got.includes('ping'));
    // http-proxy only ends the upstream socket here; this upstream keeps its half open and talks.
    client.socket.resetAndDestroy();
    await eventually(() => stubborn.closed === before + 1);
  });

  it('#559/#1510: an upstream that closes, cleanly or by a reset, closes the client socket too', async () => {
    for (const leave of [(s: Socket) => s.end(), (s: Socket) => s.resetAndDestroy()]) {
      // A half-open client that keeps talking: only a socket the gateway destroyed stops it.
      const client = openClient(gw.port, handshake('/ws/vanishing'), true);
      await eventually(() => client.got.startsWith('HTTP/1.1 101'));
      keepTalking(client.socket, 'ping');
      leave(vanishing.sockets.at(-1)!);
      await eventually(() => client.closed);
    }
  });

  it('#1468: an upstream that resets after the 101 closes the tunnel without writing into it', async () => {
    const client = openClient(gw.port, handshake('/ws/vanishing'));
    await eventually(() => client.got.startsWith('HTTP/1.1 101'));
    const head = client.got;
    vanishing.sockets.at(-1)!.resetAndDestroy();
    await eventually(() => client.closed);
    assert.equal(client.got, head, 'bytes were written into the tunnel after the 101');
  });

  it('#1468: a client that resets during the handshake neither crashes the gateway nor keeps the upstream waiting', async () => {
    const before = slowRefuser.closed;
    const client = openClient(gw.port, handshake('/ws/slow-refusal'));
    await eventually(() => slowRefuser.sockets.length > 0 && !client.closed);
    client.socket.resetAndDestroy();
    await eventually(() => slowRefuser.closed === before + 1);
    await request(gw.base).get('/still-alive').expect(200);
  });

  it("passes an upstream's chunked refusal on well framed, with the gateway's headers", async () => {
    const res = await new Promise<{ message: IncomingMessage; body: string }>((resolve, reject) => {
      const req = httpRequest(`${gw.base}/ws/chunked-refusal`, {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'x-request-id': 'refused-1' },
      });
      req.on('upgrade', () => reject(new Error('the upgrade was accepted')));
      req.on('error', reject);
      req.on('response', (message) => {
        let body = '';
        message.setEncoding('utf8');
        message.on('data', (d: string) => (body += d));
        message.on('end', () => resolve({ message, body }));
      });
      req.end();
    });
    assert.equal(res.message.statusCode, 403);
    assert.equal(res.body, 'nope!');
    assert.equal(res.message.headers['transfer-encoding'], undefined);
    assert.equal(res.message.headers['x-request-id'], 'refused-1');
    assert.equal(res.message.headers['x-ficus-upstream'], 'new');
  });

  it('tunnels an Upgrade other than websocket, which http-proxy drops without an answer', async () => {
    const client = openClient(gw.port, handshake('/ws/any', 'x-echo'));
    await eventually(() => client.got.startsWith('HTTP/1.1 101'));
    client.socket.write('echo me');
    await eventually(() => client.got.endsWith('echo me'));
    assert.match(client.got, /x-ficus-route: any-upgrade/i);
    client.socket.destroy();
  });

  it("answers 504 when the upstream never answers the handshake (http-proxy's ws path has no timeout)", async () => {
    const answer = await exchangeRaw(gw.port, handshake('/ws/silent'));
    assert.match(answer, /^HTTP\/1\.1 504 /);
    assert.match(answer, /FICUS_UPSTREAM_TIMEOUT/);
    await eventually(() => silent.closed === 1);
  });

  it('sends a chunked DELETE with its body, not as Content-Length: 0 plus smuggled bytes', async () => {
    const before = legacy.requests.length;
    const answer = await exchangeRaw(
      gw.port,
      'DELETE /items/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '1d\r\nGET /smuggled HTTP/1.1\r\nX: \r\n\r\n0\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 200 /);
    const seen = legacy.requests.slice(before);
    assert.deepEqual(
      seen.map((r) => [r.method, r.url, r.body]),
      [['DELETE', '/items/1', 'GET /smuggled HTTP/1.1\r\nX: \r\n']],
    );
  });

  it('forwards the target the route table matched (no url.parse, query byte for byte)', async () => {
    const target = '/files//a/../b/%7euser%3b?next=//host|x\\y';
    await exchangeRaw(gw.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(legacy.requests.at(-1)?.url, '/files/b/~user%3B?next=//host|x\\y');
  });

  it('forwards a request sent with Expect: 100-continue to its own path, with its body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${gw.base}/api/expecting?x=1`, {
        method: 'PUT',
        headers: { expect: '100-continue', 'content-length': '5' },
      });
      req.on('continue', () => req.end('hello'));
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    assert.equal(status, 200);
    const seen = legacy.requests.at(-1)!;
    assert.deepEqual([seen.method, seen.url, seen.body], ['PUT', '/api/expecting?x=1', 'hello']);
  });
});

describe('#1559: a client that goes away takes its upstream request with it', () => {
  const arrived: string[] = [];
  const closed: string[] = [];
  const held = new Map<string, ServerResponse>();
  const upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    arrived.push(url);
    res.on('close', () => closed.push(url));
    if (url.startsWith('/answer')) res.end('ok');
    else held.set(url, res);
  });
  let gw: RunningPlane;

  before(async () => {
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
    const { port } = upstream.address() as AddressInfo;
    // One pooled connection, so a second request waits in the agent's queue.
    gw = await startDataPlane({
      version: 1,
      upstreams: { legacy: { url: `http://127.0.0.1:${port}`, maxSockets: 1 } },
    });
  });

  after(async () => {
    await gw.close();
    upstream.closeAllConnections();
    await new Promise((done) => upstream.close(done));
  });

  it('while the upstream has not answered', async () => {
    const client = openClient(gw.port, 'GET /waiting HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => arrived.includes('/waiting'));
    client.socket.destroy();
    await eventually(() => closed.includes('/waiting'));
  });

  it('while its body is still streaming', async () => {
    const client = openClient(
      gw.port,
      'POST /uploading HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\npart\r\n',
    );
    await eventually(() => arrived.includes('/uploading'));
    client.socket.destroy();
    await eventually(() => closed.includes('/uploading'));
  });

  it('while it waits for a pooled connection, so it is never sent', async () => {
    const first = openClient(
      gw.port,
      'GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    await eventually(() => arrived.includes('/first'));
    const queued = openClient(gw.port, 'GET /abandoned HTTP/1.1\r\nHost: x\r\n\r\n');
    // The data plane's pool is private; its queue is the one place to see the request wait.
    const agent = (
      gw.plane as unknown as { upstreams: { get(n: string): { agent: Agent } } }
    ).upstreams.get('legacy').agent;
    const waiting = () => Object.values(agent.requests).flatMap((q) => q ?? []);
    await eventually(() => waiting().length === 1);
    queued.socket.destroy();
    await eventually(() => waiting()[0]?.destroyed === true);
    held.get('/first')!.end('done');
    await eventually(() => first.closed);
    await request(gw.base).get('/answer').expect(200);
    assert.deepEqual(arrived.slice(arrived.indexOf('/first')), ['/first', '/answer']);
  });
});
