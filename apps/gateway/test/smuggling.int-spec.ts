import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { startDataPlane, type RunningPlane } from './data-plane.harness';

/** Writes raw bytes, half-closes after a moment, and returns all the gateway answered. */
function send(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve(out) : reject(err),
    );
    setTimeout(() => socket.end(), 300).unref();
  });
}

const SHAPES: Array<[string, string]> = [
  [
    'Content-Length with Transfer-Encoding (CL.TE)',
    'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG',
  ],
  [
    'Transfer-Encoding before Content-Length (TE.CL)',
    'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n',
  ],
  [
    'repeated Transfer-Encoding headers (TE.TE)',
    'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n',
  ],
  [
    'a Transfer-Encoding list',
    'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
  ],
  [
    'an unknown Transfer-Encoding',
    'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
  ],
  [
    'Transfer-Encoding on HTTP/1.0',
    'POST /a HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  ],
  ['a non-numeric Content-Length', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1a\r\n\r\nx'],
  ['a negative Content-Length', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\nx'],
  ['a Content-Length list', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 1\r\n\r\nx'],
  [
    'two different Content-Length headers',
    'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy',
  ],
  [
    'two equal Content-Length headers',
    'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx',
  ],
  [
    'a space before the colon',
    'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n',
  ],
];

describe('request smuggling shapes are refused before proxying', () => {
  let upstream: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    upstream = await startTestUpstream('legacy');
    gw = await startDataPlane({ version: 1, upstreams: { legacy: { url: upstream.url } } });
  });

  after(async () => {
    await gw.close();
    await upstream.close();
  });

  for (const [name, bytes] of SHAPES) {
    it(`answers 400 to ${name}, and nothing reaches the upstream`, async () => {
      const before = upstream.requests.length;
      const answer = await send(gw.port, bytes);
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.equal(upstream.requests.length, before, 'the request reached the upstream');
    });
  }

  it('still proxies a well-formed chunked request', async () => {
    const answer = await send(
      gw.port,
      'POST /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.equal(upstream.requests.at(-1)?.body, 'hi');
  });
});
