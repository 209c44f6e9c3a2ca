import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { freePort } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import {
  eventually,
  startDataPlane,
  startWithBlackhole,
  type RunningPlane,
} from './data-plane.harness';

/** Sends raw bytes and resolves with everything the gateway answered before closing. */
function raw(port: number, bytes: string, endAfterMs?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
    if (endAfterMs !== undefined) setTimeout(() => socket.end(), endAfterMs).unref();
  });
}

describe('data plane (real sockets)', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let slow: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy', (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('connection', 'x-secret-hop');
      res.setHeader('x-secret-hop', 'leak');
      res.setHeader('keep-alive', 'timeout=5');
      res.setHeader('x-request-id', 'upstream-made-this-up');
      res.end(JSON.stringify({ upstream: 'legacy', method: req.method, url: req.url }));
    });
    service = await startTestUpstream('patients');
    slow = await startTestUpstream('slow', (_req, res) => {
      setTimeout(() => res.end('late'), 2_000).unref();
    });
    const deadPort = await freePort();
    gw = await startDataPlane({
      version: 1,
      limits: { maxBodyBytes: 1024, headersTimeoutMs: 300, requestTimeoutMs: 2_000 },
      upstreams: {
        legacy: { url: legacy.url },
        patients: { url: service.url },
        slow: { url: slow.url, timeoutMs: 200 },
        dead: { url: `http://127.0.0.1:${deadPort}` },
      },
      routes: [
        {
          name: 'carved',
          methods: ['GET'],
          path: '/api/practitioners/:id',
          mode: 'new',
          target: 'patients',
        },
        {
          name: 'timeout',
          path: '/slow',
          mode: 'new',
          target: 'slow',
          failOpen: { enabled: false },
        },
        { name: 'down', path: '/down', mode: 'new', target: 'dead', failOpen: { enabled: false } },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await Promise.all([legacy.close(), service.close(), slow.close()]);
  });

  it('sends unmatched requests to legacy with path, query and body intact', async () => {
    const res = await request(gw.base).post('/api/patients?x=1').send({ a: 1 }).expect(200);
    assert.deepEqual(res.body, { upstream: 'legacy', method: 'POST', url: '/api/patients?x=1' });
    assert.equal(legacy.requests.at(-1)?.body, '{"a":1}');
    assert.equal(res.headers['x-ficus-upstream'], 'legacy');
    assert.equal(res.headers['x-ficus-route'], undefined);
  });

  it('streams a chunked request body to the upstream', async () => {
    await new Promise<void>((done, fail) => {
      const req = httpRequest(`${gw.base}/api/upload`, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', done);
      });
      req.on('error', fail);
      req.write('part-one;');
      setTimeout(() => req.end('part-two'), 20);
    });
    assert.equal(legacy.requests.at(-1)?.body, 'part-one;part-two');
    assert.equal(legacy.requests.at(-1)?.headers['transfer-encoding'], 'chunked');
  });

  it('adds X-Forwarded-For/Proto/Host for the upstream', async () => {
    await request(gw.base).get('/api/anything').set('host', 'clinic.example').expect(200);
    const headers = legacy.requests.at(-1)!.headers;
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-host'], 'clinic.example');
  });

  it('appends this hop to a client X-Forwarded-For chain and overrides a claimed proto', async () => {
    await request(gw.base)
      .get('/api/anything')
      .set('x-forwarded-for', '203.0.113.9')
      .set('x-forwarded-proto', 'https')
      .expect(200);
    const headers = legacy.requests.at(-1)!.headers;
    assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
  });

  it('strips hop-by-hop headers, and those Connection names, in both directions', async () => {
    const res = await raw(
      gw.port,
      'GET /api/hop HTTP/1.1\r\nHost: x\r\nConnection: close, x-drop-me\r\nX-Drop-Me: 1\r\n' +
        'Keep-Alive: timeout=9\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nTrailer: x-t\r\n' +
        'Upgrade: h2c\r\nX-Keep: yes\r\n\r\n',
    );
    const seen = legacy.requests.at(-1)!.headers;
    for (const name of ['x-drop-me', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade'])
      assert.equal(seen[name], undefined, `${name} reached the upstream`);
    assert.notEqual(seen.connection, 'close, x-drop-me');
    assert.equal(seen['x-keep'], 'yes');
    assert.match(res, /^HTTP\/1\.1 200/);
    assert.doesNotMatch(res, /x-secret-hop/i);
    assert.doesNotMatch(res, /keep-alive: timeout=5/i);
  });

  it('forwards exactly one traceparent: a valid incoming one, else a new one', async () => {
    const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await request(gw.base).get('/api/trace').set('traceparent', valid).expect(200);
    assert.equal(legacy.requests.at(-1)!.headers.traceparent, valid);

    await request(gw.base).get('/api/trace').set('traceparent', 'garbage').expect(200);
    const made = legacy.requests.at(-1)!.headers.traceparent as string;
    assert.match(made, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    await raw(
      gw.port,
      `GET /api/trace HTTP/1.1\r\nHost: x\r\nConnection: close\r\ntraceparent: ${valid}\r\ntraceparent: ${valid}\r\n\r\n`,
    );
    const rawHeaders = legacy.requests.at(-1)!.headers.traceparent as string;
    assert.doesNotMatch(rawHeaders, /,/);
    assert.notEqual(rawHeaders, valid);
  });

  it('keeps a sane x-request-id, replaces an unsafe one, and returns it to the client', async () => {
    const kept = await request(gw.base).get('/api/id').set('x-request-id', 'abc-123').expect(200);
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    assert.equal(legacy.requests.at(-1)!.headers['x-request-id'], 'abc-123');

    const made = await request(gw.base).get('/api/id').set('x-request-id', 'a b\tc').expect(200);
    assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(legacy.requests.at(-1)!.headers['x-request-id'], made.headers['x-request-id']);
  });

  it('answers 413 for a declared body over the limit, without contacting the upstream', async () => {
    const before = legacy.requests.length;
    const res = await request(gw.base).post('/api/big').send('x'.repeat(2048)).expect(413);
    assert.equal(res.body.code, 'FICUS_BODY_TOO_LARGE');
    assert.equal(legacy.requests.length, before);
  });

  it('answers 413 when a chunked body grows over the limit while streaming', async () => {
    const answer = await raw(
      gw.port,
      `POST /api/big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n${'y'.repeat(2048)}\r\n0\r\n\r\n`,
      500,
    );
    assert.match(answer, /^HTTP\/1\.1 413/);
    assert.match(answer, /FICUS_BODY_TOO_LARGE/);
  });

  it('answers 408 to a client that never finishes its headers', async () => {
    const answer = await raw(gw.port, 'GET /api/slowloris HTTP/1.1\r\nHost: x\r\n');
    assert.match(answer, /^HTTP\/1\.1 408/);
  });

  it('sends a route in new mode to its target and says who answered', async () => {
    const res = await request(gw.base).get('/api/practitioners/7').expect(200);
    assert.equal(res.body.upstream, 'patients');
    assert.equal(res.headers['x-ficus-route'], 'carved');
    assert.equal(res.headers['x-ficus-upstream'], 'new');
  });

  it('answers 504 with a problem document when the upstream is too slow', async () => {
    const res = await request(gw.base).get('/slow').expect(504);
    assert.equal(res.headers['content-type'], 'application/problem+json');
    assert.equal(res.body.code, 'FICUS_UPSTREAM_TIMEOUT');
  });

  it('answers 502 when the upstream refuses connections, and keeps serving', async () => {
    const res = await request(gw.base).get('/down').expect(502);
    assert.equal(res.body.code, 'FICUS_UPSTREAM_UNAVAILABLE');
    assert.match(res.body.detail, /"dead" refused the connection/);
    await request(gw.base).get('/api/after').expect(200);
  });

  it('answers 504 after timeoutMs when the upstream never completes the connection', async () => {
    const plane = await startWithBlackhole(legacy.url, {
      routes: [
        {
          name: 'strict',
          path: '/strict',
          mode: 'new',
          target: 'blackhole',
          failOpen: { enabled: false },
        },
        { name: 'lenient', path: '/lenient', mode: 'new', target: 'blackhole' },
      ],
    });
    try {
      const started = Date.now();
      const res = await request(plane.base).get('/strict').expect(504);
      assert.equal(res.body.code, 'FICUS_UPSTREAM_TIMEOUT');
      assert.ok(Date.now() - started < 5_000, 'bounded by timeoutMs, not the OS connect timeout');
      const failedOpen = await request(plane.base).get('/lenient').expect(200);
      assert.equal(failedOpen.headers['x-ficus-upstream'], 'legacy');
    } finally {
      await plane.close();
    }
  });

  it('cuts the response when the upstream stalls mid-body for timeoutMs, and keeps serving', async () => {
    const stalling = createServer((_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('12345');
    });
    await new Promise<void>((done) => stalling.listen(0, '127.0.0.1', done));
    const { port } = stalling.address() as AddressInfo;
    const plane = await startDataPlane({
      version: 1,
      upstreams: { legacy: { url: `http://127.0.0.1:${port}`, timeoutMs: 200 } },
    });
    try {
      const started = Date.now();
      const outcome = await new Promise<string>((resolve) => {
        const req = httpRequest(`${plane.base}/api/stalls`, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve('complete'));
          res.on('error', () => resolve('cut'));
          res.on('aborted', () => resolve('cut'));
        });
        req.on('error', () => resolve('cut'));
        req.end();
      });
      assert.equal(outcome, 'cut', 'a half-sent body must not look complete');
      assert.ok(Date.now() - started >= 190, 'cut only after the upstream was idle for timeoutMs');
      assert.equal((await fetch(`${plane.base}/api/again`)).status, 200);
    } finally {
      await plane.close();
      stalling.closeAllConnections();
      await new Promise((done) => stalling.close(done));
    }
  });

  it('closes a pooled upstream connection left idle for timeoutMs and opens a new one', async () => {
    const sockets: Socket[] = [];
    const pooled = createServer({ keepAliveTimeout: 60_000 }, (_req, res) => res.end('ok'));
    pooled.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((done) => pooled.listen(0, '127.0.0.1', done));
    const { port } = pooled.address() as AddressInfo;
    const plane = await startDataPlane({
      version: 1,
      upstreams: { legacy: { url: `http://127.0.0.1:${port}`, timeoutMs: 300 } },
    });
    try {
      await request(plane.base).get('/api/one').expect(200);
      await request(plane.base).get('/api/two').expect(200);
      assert.equal(sockets.length, 1, 'back-to-back requests reuse the pooled connection');
      await eventually(() => sockets[0]!.destroyed, 100);
      await request(plane.base).get('/api/three').expect(200);
      assert.equal(sockets.length, 2);
    } finally {
      await plane.close();
      pooled.closeAllConnections();
      await new Promise((done) => pooled.close(done));
    }
  });

  it('closes the upstream request when the client goes away', async () => {
    let upstreamClosed = false;
    let arrived = false;
    const stuck = await startTestUpstream('stuck', (_req, res) => {
      arrived = true;
      res.on('close', () => (upstreamClosed = true));
    });
    const plane = await startDataPlane({ version: 1, upstreams: { legacy: { url: stuck.url } } });
    try {
      const socket = connect(plane.port, '127.0.0.1', () =>
        socket.write('GET /api/never HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      socket.on('error', () => undefined);
      await eventually(() => arrived);
      socket.destroy();
      await eventually(() => upstreamClosed);
      assert.equal(upstreamClosed, true);
    } finally {
      await plane.close();
      await stuck.close();
    }
  });
});
