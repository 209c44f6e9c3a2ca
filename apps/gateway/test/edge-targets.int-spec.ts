import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { eventually, startDataPlane, type RunningPlane } from './data-plane.harness';

/**
 * One path, one meaning: whatever spelling a client uses, the route table decides on the path an
 * upstream would serve, and the upstream is sent exactly that path.
 */

/** Sends one raw request (the gateway closes after it) and returns everything it answered. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

function get(port: number, target: string, host = 'clinic.example'): Promise<string> {
  return exchange(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
}

function status(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);
}

function header(answer: string, name: string): string | undefined {
  return new RegExp(`\r\n${name}: ([^\r]*)\r\n`, 'i').exec(answer)?.[1];
}

describe('request targets are normalised before routing', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('service');
    gw = await startDataPlane({
      version: 1,
      upstreams: { legacy: { url: legacy.url }, service: { url: service.url } },
      routes: [
        { name: 'patients-read', methods: ['GET'], path: '/api/patients/:id', mode: 'retired' },
        { name: 'secret', path: '/secret/*', mode: 'new', target: 'service' },
        {
          name: 'practitioners',
          path: '/api/practitioners/*',
          mode: 'retired',
          caseInsensitive: true,
        },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await Promise.all([legacy.close(), service.close()]);
  });

  it('routes an absolute-form target on its path: a retired route stays retired', async () => {
    const before = legacy.requests.length;
    const answer = await get(gw.port, 'http://any.host/api/patients/1');
    assert.equal(status(answer), 410);
    assert.equal(header(answer, 'x-ficus-route'), 'patients-read');
    assert.equal(legacy.requests.length, before, 'the request reached legacy');
  });

  it('guards HEAD with the GET route, since servers answer it with their GET handler', async () => {
    const before = legacy.requests.length;
    const answer = await exchange(
      gw.port,
      'HEAD /api/patients/1 HTTP/1.1\r\nHost: clinic.example\r\nConnection: close\r\n\r\n',
    );
    assert.equal(status(answer), 410);
    assert.equal(legacy.requests.length, before, 'the request reached legacy');
  });

  it('sends an absolute-form target upstream in origin-form, its authority as the Host', async () => {
    const answer = await get(gw.port, 'HTTP://Other.Host:8080/api/visits?at=today', 'ignored');
    assert.equal(status(answer), 200);
    const seen = legacy.requests.at(-1)!;
    assert.equal(seen.url, '/api/visits?at=today');
    assert.equal(seen.headers.host, 'Other.Host:8080');
    assert.equal(seen.headers['x-forwarded-host'], 'Other.Host:8080');

    await get(gw.port, 'http://other.host?x=1');
    assert.equal(legacy.requests.at(-1)!.url, '/?x=1');
  });

  it('takes no spelling of a path past its route, and sends the path it matched', async () => {
    const spellings = [
      '/%73ecret/x',
      '/%73%65%63%72%65%74/%78',
      '/a/../secret/x',
      '/a/%2e%2E/secret/x',
      '/./secret/x',
      '//secret//x',
      '/secret/./x',
      '/secret;jsessionid=AB12/x',
    ];
    for (const spelling of spellings) {
      const before = legacy.requests.length;
      const answer = await get(gw.port, `${spelling}?q=%2e%2e/1`);
      assert.equal(header(answer, 'x-ficus-route'), 'secret', spelling);
      assert.equal(header(answer, 'x-ficus-upstream'), 'new', spelling);
      assert.equal(legacy.requests.length, before, `${spelling} reached legacy`);
      const sent = spelling.includes(';') ? '/secret;jsessionid=AB12/x' : '/secret/x';
      assert.equal(service.requests.at(-1)!.url, `${sent}?q=%2e%2e/1`, spelling);
    }
  });

  it('keeps a trailing slash and upper-cases the escapes it keeps', async () => {
    await get(gw.port, '/files/./a%c3%a9/');
    assert.equal(legacy.requests.at(-1)!.url, '/files/a%C3%A9/');
  });

  it('refuses with 400 what cannot be read one way only, before any upstream sees it', async () => {
    const refused = [
      '/secret%2Fx',
      '/secret%5cx',
      '/secret\\x',
      '/../secret/x',
      '/a/..;/secret/x',
      '/a/.;x/secret',
      '/secret/x#frag',
      '/secret/%zz',
      '/secret/x%2',
      'http://user:pass@any.host/secret/x',
      'ftp://any.host/secret/x',
      '*',
    ];
    for (const target of refused) {
      const before = [legacy.requests.length, service.requests.length];
      const answer = await get(gw.port, target);
      assert.equal(status(answer), 400, target);
      assert.match(answer, /"code":"FICUS_REQUEST_MALFORMED"/, target);
      assert.deepEqual([legacy.requests.length, service.requests.length], before, target);
    }
  });

  it('passes OPTIONS * to legacy as it came', async () => {
    const answer = await exchange(
      gw.port,
      'OPTIONS * HTTP/1.1\r\nHost: clinic.example\r\nConnection: close\r\n\r\n',
    );
    assert.equal(status(answer), 200);
    assert.equal(legacy.requests.at(-1)!.url, '*');
  });

  it('matches paths with case only where the route says so', async () => {
    let answer = await get(gw.port, '/API/PATIENTS/1');
    assert.equal(status(answer), 200, 'a case-sensitive route matched another case');
    assert.equal(legacy.requests.at(-1)!.url, '/API/PATIENTS/1');
    answer = await get(gw.port, '/API/Practitioners/7');
    assert.equal(status(answer), 410);
    assert.equal(header(answer, 'x-ficus-route'), 'practitioners');
  });
});

describe('matching.caseInsensitive', () => {
  let legacy: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    gw = await startDataPlane({
      version: 1,
      matching: { caseInsensitive: true },
      upstreams: { legacy: { url: legacy.url } },
      routes: [
        { name: 'patients-read', methods: ['GET'], path: '/api/patients/:id', mode: 'retired' },
        {
          name: 'exact',
          path: '/api/Exact',
          mode: 'retired',
          caseInsensitive: false,
        },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await legacy.close();
  });

  it('keeps every spelling of a retired path from an upstream that ignores case', async () => {
    const before = legacy.requests.length;
    for (const target of ['/API/PATIENTS/1', '/Api/%50atients/1', 'http://x/api/PATIENTS/1']) {
      const answer = await get(gw.port, target);
      assert.equal(status(answer), 410, target);
    }
    assert.equal(legacy.requests.length, before);
  });

  it('lets a route keep case-sensitive matching', async () => {
    assert.equal(status(await get(gw.port, '/api/Exact')), 410);
    assert.equal(status(await get(gw.port, '/api/exact')), 200);
  });
});

describe('route prefix rewrite', () => {
  let legacy: TestUpstream;
  let service: TestUpstream;
  let failing: TestUpstream;
  let gw: RunningPlane;

  before(async () => {
    legacy = await startTestUpstream('legacy');
    service = await startTestUpstream('service');
    failing = await startTestUpstream('failing', (_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    gw = await startDataPlane({
      version: 1,
      // A test counts a shadow copy; the test itself loads this process, whose copies would yield.
      limits: { shadowYieldAbove: 1 },
      upstreams: {
        legacy: { url: legacy.url },
        service: { url: `${service.url}/base` },
        failing: { url: failing.url },
      },
      routes: [
        {
          name: 'owners',
          path: '/petclinic/api/owners/*',
          mode: 'new',
          target: 'service',
          rewrite: { stripPrefix: '/petclinic/api', addPrefix: '/v2' },
        },
        {
          name: 'vets',
          methods: ['GET'],
          path: '/petclinic/api/vets/:id',
          mode: 'shadow',
          target: 'service',
          rewrite: { stripPrefix: '/petclinic' },
        },
        {
          name: 'visits',
          path: '/petclinic/api/visits/*',
          mode: 'new',
          target: 'failing',
          rewrite: { stripPrefix: '/petclinic/api' },
        },
        {
          name: 'specialties',
          path: '/specialties',
          mode: 'new',
          target: 'service',
          rewrite: { addPrefix: '/petclinic/api' },
        },
      ],
    });
  });

  after(async () => {
    await gw.close();
    await Promise.all([legacy.close(), service.close(), failing.close()]);
  });

  it("sends the target the route's path with its prefix replaced, query kept", async () => {
    const answer = await get(gw.port, '/petclinic/api/owners/7/pets?sort=name&x=/petclinic');
    assert.equal(status(answer), 200);
    assert.equal(service.requests.at(-1)!.url, '/base/v2/owners/7/pets?sort=name&x=/petclinic');
    await get(gw.port, '/Petclinic/../petclinic/api//owners/8');
    assert.equal(service.requests.at(-1)!.url, '/base/v2/owners/8');
    await get(gw.port, '/specialties?all=1');
    assert.equal(service.requests.at(-1)!.url, '/base/petclinic/api/specialties?all=1');
  });

  it('sends the shadow copy the rewritten path and legacy the path as matched', async () => {
    const before = service.requests.length;
    const answer = await get(gw.port, '/petclinic/api/vets/3?full=1');
    assert.equal(header(answer, 'x-ficus-upstream'), 'legacy');
    assert.equal(legacy.requests.at(-1)!.url, '/petclinic/api/vets/3?full=1');
    await eventually(() => service.requests.length > before);
    assert.equal(service.requests.at(-1)!.url, '/base/api/vets/3?full=1');
  });

  it('replays a failed request to legacy with the path as matched', async () => {
    const answer = await get(gw.port, '/petclinic/api/visits/5?day=1');
    assert.equal(status(answer), 200);
    assert.equal(header(answer, 'x-ficus-upstream'), 'legacy');
    assert.equal(failing.requests.at(-1)!.url, '/visits/5?day=1');
    assert.equal(legacy.requests.at(-1)!.url, '/petclinic/api/visits/5?day=1');
  });
});
