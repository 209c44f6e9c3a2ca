import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { endToEndHeaders } from './hop-by-hop';
import { upstreamHeaders } from './request-headers';
import { hasBody, smugglingProblem } from './smuggling';
import { requestIdFor, traceparentFor } from './trace-context';

/** A parsed request as Node's parser would hand it over, for checks that run after parsing. */
function parsed(raw: string[], httpVersion = '1.1'): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.rawHeaders = raw;
  req.httpVersion = httpVersion;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const prev = req.headers[name];
    req.headers[name] = prev === undefined ? raw[i + 1]! : `${String(prev)}, ${raw[i + 1]!}`;
  }
  return req;
}

describe('smuggling checks (after Node parsed the request)', () => {
  it('refuses every ambiguous framing', () => {
    const refused = [
      parsed(['Content-Length', '3', 'Transfer-Encoding', 'chunked']),
      parsed(['Content-Length', '3', 'Content-Length', '3']),
      parsed(['Content-Length', '+3']),
      parsed(['Transfer-Encoding', 'chunked', 'Transfer-Encoding', 'chunked']),
      parsed(['Transfer-Encoding', 'gzip']),
      parsed(['Transfer-Encoding', 'chunked'], '1.0'),
    ];
    for (const req of refused) assert.ok(smugglingProblem(req), JSON.stringify(req.rawHeaders));
  });

  it('accepts plain framings', () => {
    assert.equal(smugglingProblem(parsed(['Content-Length', '12'])), undefined);
    assert.equal(smugglingProblem(parsed(['Transfer-Encoding', 'Chunked'])), undefined);
    assert.equal(smugglingProblem(parsed([])), undefined);
  });

  it('knows when a request has a body', () => {
    assert.equal(hasBody(parsed([])), false);
    assert.equal(hasBody(parsed(['Content-Length', '0'])), false);
    assert.equal(hasBody(parsed(['Content-Length', '1'])), true);
    assert.equal(hasBody(parsed(['Transfer-Encoding', 'chunked'])), true);
  });
});

describe('hop-by-hop headers', () => {
  it('drops hop-by-hop headers and those Connection names, keeping duplicates of the rest', () => {
    const out = endToEndHeaders(
      [
        'Connection',
        'keep-alive, X-Private',
        'X-Private',
        'secret',
        'Keep-Alive',
        'timeout=5',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
        'Upgrade',
        'websocket',
        'X-Request-Id',
        'theirs',
      ],
      new Set(['x-request-id']),
    );
    assert.deepEqual(out, ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
  });
});

describe('upstream request headers', () => {
  it('keeps end-to-end headers (duplicates as arrays), drops hop-by-hop, named and spoofed ones', () => {
    const req = parsed([
      'Host',
      'clinic.test',
      'Connection',
      'keep-alive, X-Private',
      'X-Private',
      'secret',
      'Expect',
      '100-continue',
      'Accept',
      'a',
      'accept',
      'b',
      'X-Ficus-Shadow',
      '1',
      'X-Forwarded-For',
      '10.0.0.1',
      'X-Request-Id',
      'theirs',
    ]);
    assert.deepEqual(upstreamHeaders(req, 'id-1', 'tp'), {
      host: 'clinic.test',
      accept: ['a', 'b'],
      'x-forwarded-for': '10.0.0.1, ',
      'x-forwarded-proto': 'http',
      traceparent: 'tp',
      'x-request-id': 'id-1',
      'x-forwarded-host': 'clinic.test',
    });
  });
});

describe('trace context and request id', () => {
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('keeps one valid traceparent and replaces anything else', () => {
    assert.equal(traceparentFor({ traceparent: valid }), valid);
    for (const bad of [
      `${valid}, ${valid}`,
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    ]) {
      const made = traceparentFor({ traceparent: bad });
      assert.notEqual(made, bad);
      assert.match(made, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });

  it('keeps a sane request id and replaces an unsafe one with a fresh UUID', () => {
    const made = new Set(Array.from({ length: 1000 }, () => requestIdFor({})));
    assert.equal(made.size, 1000);
    for (const id of made)
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(requestIdFor({ 'x-request-id': 'req_42:a.b-c' }), 'req_42:a.b-c');
    assert.notEqual(requestIdFor({ 'x-request-id': 'a\r\nSet-Cookie: x' }), 'a\r\nSet-Cookie: x');
    assert.notEqual(requestIdFor({ 'x-request-id': 'x'.repeat(200) }), 'x'.repeat(200));
  });
});
