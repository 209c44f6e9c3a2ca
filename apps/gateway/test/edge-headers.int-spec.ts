import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { eventually, startDataPlane, type RunningPlane } from './data-plane.harness';

/**
 * A request the gateway cannot carry whole, or that could mean one thing to it and another to an
 * upstream, is refused with the status the RFCs give, before any upstream sees a byte of it.
 */

/** Writes raw bytes, then resolves with everything the gateway answered once it closes. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve(out) : reject(err),
    );
  });
}

/** A client that keeps its socket open and records what it was told. */
function openClient(port: number, bytes: string) {
  const client = { socket: connect(port, '127.0.0.1'), got: '', closed: false };
  client.socket.setEncoding('utf8');
  client.socket.on('connect', () => client.socket.write(bytes));
  client.socket.on('data', (d: string) => (client.got += d));
  client.socket.on('error', () => undefined);
  client.socket.on('close', () => (client.closed = true));
  return client;
}

function status(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);
}

function manyHeaders(count: number): string {
  let lines = '';
  for (let i = 0; i < count; i++) lines += `x-h${i}: ${i}\r\n`;
  return lines;
}

/** An upstream that switches to any protocol asked for, and answers plain requests with 200. */
async function startSwitcher(): Promise<{
  url: string;
  requests: IncomingMessage['headers'][];
  upgrades: number;
  upgradeUrls: string[];
  server: Server;
}> {
  const state = {
    url: '',
    requests: [] as IncomingMessage['headers'][],
    upgrades: 0,
    upgradeUrls: [] as string[],
    server: createServer((req, res) => {
      state.requests.push(req.headers);
      res.end('plain');
    }),
  };
  state.server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    state.upgrades++;
    state.upgradeUrls.push(req.url ?? '');
    socket.end(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${req.headers.upgrade}\r\n\r\n`,
    );
  });
  await new Promise<void>((done) => state.server.listen(0, '127.0.0.1', done));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

describe('requests the gateway refuses whole', () => {
  let legacy: TestUpstream;
  let switcher: Awaited<ReturnType<typeof startSwitcher>>;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    switcher = await startSwitcher();
    gw = await startDataPlane({
      version: 1,
      // A request held for its body is answered 408 after 2 s, not 60.
      limits: { maxBodyBytes: 1024, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
      upstreams: { legacy: { url: legacy.url }, switcher: { url: switcher.url } },
      routes: [
        { name: 'plain', path: '/plain/*', mode: 'new', target: 'switcher' },
        {
          name: 'h2c-allowed',
          path: '/h2c/*',
          mode: 'new',
          target: 'switcher',
          upgrades: ['h2c', 'websocket'],
        },
        {
          name: 'rewritten',
          path: '/app/*',
          mode: 'new',
          target: 'switcher',
          rewrite: { stripPrefix: '/app', addPrefix: '/svc' },
        },
      ],
    });
  });

  after(async () => {
    await gw.close();
    switcher.server.closeAllConnections();
    await new Promise((done) => switcher.server.close(done));
    await legacy.close();
  });

  it('answers 431 to more header lines than limits.maxHeaderCount, never forwarding part of them', async () => {
    for (const count of [100, 1200]) {
      const before = legacy.requests.length;
      const answer = await exchange(
        gw.port,
        `POST /api/notes HTTP/1.1\r\nHost: x\r\n${manyHeaders(count)}Content-Length: 5\r\nConnection: close\r\n\r\nhello`,
      );
      assert.equal(status(answer), 431, `${count} headers`);
      assert.match(answer, /"code":"FICUS_HEADERS_TOO_LARGE"/);
      assert.match(answer, /limits\.maxHeaderCount/);
      assert.equal(legacy.requests.length, before, `${count} headers reached legacy`);
    }
  });

  it('forwards a request at the header limit whole', async () => {
    // Host, Content-Length and Connection are three of the 100 lines.
    const answer = await exchange(
      gw.port,
      `POST /api/notes HTTP/1.1\r\nHost: x\r\n${manyHeaders(97)}Content-Length: 5\r\nConnection: close\r\n\r\nhello`,
    );
    assert.equal(status(answer), 200);
    const seen = legacy.requests.at(-1)!;
    assert.equal(seen.body, 'hello');
    assert.equal(seen.headers['x-h96'], '96');
  });

  it('answers 400 to a repeated Host or one that is not an authority (RFC 9112 §3.2)', async () => {
    const before = legacy.requests.length;
    for (const hosts of ['Host: a\r\nHost: b\r\n', 'Host: a b/c@d\r\n', 'Host: u@clinic\r\n']) {
      const answer = await exchange(
        gw.port,
        `GET /api/x HTTP/1.1\r\n${hosts}Connection: close\r\n\r\n`,
      );
      assert.equal(status(answer), 400, hosts);
      assert.match(answer, /"code":"FICUS_REQUEST_MALFORMED"/);
    }
    const upgrade = await exchange(
      gw.port,
      'GET /plain/ws HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    );
    assert.equal(status(upgrade), 400);
    assert.equal(legacy.requests.length, before);
    assert.equal(switcher.upgrades, 0);
  });

  it('accepts the Host forms RFC 3986 allows', async () => {
    for (const host of ['clinic.example:8080', '[::1]:80', '127.0.0.1', 'xn--clnic-9ra.example']) {
      const answer = await exchange(
        gw.port,
        `GET /api/x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(status(answer), 200, host);
      assert.equal(legacy.requests.at(-1)!.headers.host, host);
    }
  });

  it('ignores an Upgrade the route does not relay (h2c) and serves the request as HTTP/1.1', async () => {
    const before = switcher.requests.length;
    const answer = await exchange(
      gw.port,
      'GET /plain/x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n',
    );
    assert.equal(status(answer), 200);
    assert.match(answer, /\r\nconnection: close\r\n/i);
    assert.ok(answer.endsWith('plain'));
    assert.equal(switcher.upgrades, 0);
    assert.equal(switcher.requests.length, before + 1);
    const seen = switcher.requests.at(-1)!;
    assert.equal(seen.upgrade, undefined);
    assert.equal(seen['http2-settings'], undefined);
  });

  it('ignores an unlisted Upgrade on a request no route matches, and on one offering several', async () => {
    const before = legacy.requests.length;
    const unmatched = await exchange(
      gw.port,
      'GET /api/x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n',
    );
    assert.equal(status(unmatched), 200);
    assert.equal(legacy.requests.length, before + 1);
    const mixed = await exchange(
      gw.port,
      'GET /plain/x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket, h2c\r\n\r\n',
    );
    assert.equal(status(mixed), 200);
    assert.equal(switcher.upgrades, 0);
  });

  it('refuses an unlisted Upgrade with a body, which Node left unread for another protocol', async () => {
    const before = switcher.requests.length;
    const answer = await exchange(
      gw.port,
      'POST /plain/x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\nhi',
    );
    assert.equal(status(answer), 400);
    assert.match(answer, /upgrades/);
    assert.equal(switcher.requests.length, before);
  });

  it('relays WebSocket by default, and another protocol where the route lists it', async () => {
    for (const [path, protocol] of [
      ['/plain/ws', 'websocket'],
      ['/h2c/x', 'h2c'],
      ['/app/./ws?room=1', 'WebSocket'],
    ]) {
      const client = openClient(
        gw.port,
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: ${protocol}\r\n\r\n`,
      );
      await eventually(() => client.got.includes('\r\n\r\n'));
      assert.equal(status(client.got), 101, protocol);
      client.socket.destroy();
    }
    assert.equal(switcher.upgrades, 3);
    // The tunnel to the target is sent the normalised path, its prefix rewritten.
    assert.deepEqual(switcher.upgradeUrls, ['/plain/ws', '/h2c/x', '/svc/ws?room=1']);
  });

  it('answers 413 to Expect: 100-continue with a declared body over the limit, without a 100', async () => {
    const client = openClient(
      gw.port,
      'POST /api/upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n',
    );
    await eventually(() => client.closed);
    assert.equal(status(client.got), 413);
    assert.doesNotMatch(client.got, /100 Continue/);
  });

  it('still sends 100 Continue to a request the gateway takes', async () => {
    const client = openClient(
      gw.port,
      'PUT /api/small HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n',
    );
    await eventually(() => client.got.startsWith('HTTP/1.1 100 Continue'));
    client.socket.write('ok');
    await eventually(() => client.closed);
    assert.match(client.got, /\r\n\r\nHTTP\/1\.1 200 /);
    assert.equal(legacy.requests.at(-1)!.body, 'ok');
  });
});

describe('chunk sizes', () => {
  let legacy: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    gw = await startDataPlane({
      version: 1,
      // Without the chunk-size check these requests wait for their body: 408 after 2 s.
      limits: { maxBodyBytes: 1024, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
      upstreams: { legacy: { url: legacy.url } },
    });
  });

  after(async () => {
    await gw.close();
    await legacy.close();
  });

  const head = 'POST /api/notes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';

  /** Sends `parts` as separate writes, each after the gateway had a moment with the last. */
  function sendInParts(parts: string[]) {
    const client = openClient(gw.port, parts[0]!);
    let i = 1;
    const timer = setInterval(() => {
      if (i < parts.length && !client.closed) client.socket.write(parts[i++]!);
      else clearInterval(timer);
    }, 30);
    return client;
  }

  it('answers 400 at once to a chunk size no body can have (FFFFFFFFFFFFFFFF)', async () => {
    for (const parts of [
      [`${head}FFFFFFFFFFFFFFFF\r\nabc`],
      [head, '5\r\nhello\r\n', 'ffffffffffffffff;x=1\r\n', 'abc'],
      [`${head}8000000000000000\r\n`],
    ]) {
      const client = sendInParts(parts);
      await eventually(() => client.closed, 1_000);
      assert.equal(status(client.got), 400, parts.join(''));
      assert.match(client.got, /chunk size/);
    }
  });

  it('answers 413 at once to a chunk size that takes the body over the limit', async () => {
    for (const parts of [[`${head}401\r\n`], [head, '400\r\n', 'x'.repeat(1024), '\r\n1\r\n']]) {
      const client = sendInParts(parts);
      await eventually(() => client.closed, 1_000);
      assert.equal(status(client.got), 413);
      assert.match(client.got, /"code":"FICUS_BODY_TOO_LARGE"/);
    }
  });

  it('carries a chunked body in many packets, extensions and all, whole', async () => {
    const client = sendInParts([
      `${head}5;ext="a b"\r\nhello`,
      '\r\n',
      '6\r',
      '\n world\r\n',
      '000\r\n\r\n',
    ]);
    await eventually(() => client.got.includes('"upstream":"legacy"'), 1_000);
    assert.equal(status(client.got), 200);
    assert.equal(legacy.requests.at(-1)!.body, 'hello world');
    const again = await exchange(
      gw.port,
      `${head.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')}400\r\n${'y'.repeat(1024)}\r\n0\r\n\r\n`,
    );
    assert.equal(status(again), 200, 'a body exactly at the limit');
    client.socket.destroy();
  });
});

describe('limits.maxHeaderCount', () => {
  let legacy: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    gw = await startDataPlane({
      version: 1,
      limits: { maxHeaderCount: 20 },
      upstreams: { legacy: { url: legacy.url } },
    });
  });

  after(async () => {
    await gw.close();
    await legacy.close();
  });

  it('is the number of header lines a request may have', async () => {
    const request = (n: number) =>
      exchange(gw.port, `GET /a HTTP/1.1\r\nHost: x\r\n${manyHeaders(n)}Connection: close\r\n\r\n`);
    assert.equal(status(await request(18)), 200);
    assert.equal(status(await request(19)), 431);
  });
});
