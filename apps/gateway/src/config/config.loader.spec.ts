import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayConfigError } from './config-error';
import { parseGatewayConfig } from './config.loader';

const BASE = `version: 1
upstreams:
  legacy:
    url: http://127.0.0.1:3000
  patients:
    url: http://127.0.0.1:3101
`;

function problemsOf(text: string): GatewayConfigError {
  try {
    parseGatewayConfig(text, 'ficus.config.yaml');
  } catch (err) {
    assert.ok(err instanceof GatewayConfigError, `expected GatewayConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('the config was accepted');
}

describe('gateway config', () => {
  it('accepts a valid file and fills defaults', () => {
    const config = parseGatewayConfig(
      `${BASE}routes:\n  - name: get-patient\n    methods: [GET]\n    path: /api/patients/:id\n    target: patients\n`,
      'ficus.config.yaml',
    );
    assert.equal(config.listen.port, 8080);
    assert.equal(config.legacy, 'legacy');
    assert.equal(config.routes[0]?.mode, 'legacy');
    assert.equal(config.upstreams.legacy?.timeoutMs, 30_000);
  });

  it('reports bad YAML with its line', () => {
    const err = problemsOf(`${BASE}routes:\n  - name: a\n    path: /a\n    path: /b\n`);
    assert.equal(err.code, 'FICUS_CONFIG_SYNTAX');
    assert.match(err.message, /ficus\.config\.yaml:10:5 YAML syntax: Map keys must be unique/);
  });

  it('names the line of an unknown mode and lists the valid ones', () => {
    const err = problemsOf(`${BASE}routes:\n  - name: a\n    path: /a\n    mode: canry\n`);
    assert.equal(err.code, 'FICUS_CONFIG_INVALID');
    assert.equal(err.problems[0]?.line, 10);
    assert.equal(err.problems[0]?.at, 'routes[0].mode');
    assert.match(err.message, /use one of legacy, shadow, canary, new, retired/);
  });

  it('names both lines of a duplicate route, whatever its parameter is called', () => {
    const err = problemsOf(
      `${BASE}routes:\n  - name: a\n    methods: [GET]\n    path: /api/patients/:id\n  - name: b\n    methods: [GET, PUT]\n    path: /api/patients/:pid\n`,
    );
    assert.equal(err.code, 'FICUS_ROUTE_CONFLICT');
    assert.match(
      err.message,
      /ficus\.config\.yaml:11:5 routes\[1\]: route "GET \/api\/patients\/:" is defined twice, here and at line 8/,
    );
  });

  it('counts two case-insensitive routes that differ only in case as one', () => {
    const err = problemsOf(
      `${BASE}routes:\n  - name: a\n    path: /api/Patients\n    caseInsensitive: true\n  - name: b\n    path: /api/patients\n    caseInsensitive: true\n`,
    );
    assert.equal(err.code, 'FICUS_ROUTE_CONFLICT');
    assert.match(err.message, /routes\[1\]: route "\* \/api\/patients" is defined twice/);
  });

  it('rejects upstream URLs that cannot be proxied to, with the fix', () => {
    const err = problemsOf(
      `version: 1\nupstreams:\n  legacy:\n    url: localhost:3000\n  other:\n    url: ftp://x\n`,
    );
    assert.equal(err.problems.length, 2);
    assert.equal(err.problems[0]?.line, 4);
    assert.match(err.problems[0]?.message ?? '', /upstream must be http:\/\/ or https:\/\//);
    assert.match(err.problems[1]?.message ?? '', /ftp:/);
  });

  it('rejects a route whose target upstream is not defined', () => {
    const err = problemsOf(
      `${BASE}routes:\n  - name: a\n    path: /a\n    mode: new\n    target: billing\n`,
    );
    assert.match(
      err.message,
      /routes\[0\]\.target: names upstream "billing", which is not defined/,
    );
  });

  it('rejects a carved-out mode without a target', () => {
    const err = problemsOf(`${BASE}routes:\n  - name: a\n    path: /a\n    mode: shadow\n`);
    assert.match(err.message, /needs a target upstream/);
  });

  it('takes values from the environment, with defaults', () => {
    const text =
      'version: 1\nlisten:\n  port: ${PORT:-9000}\nupstreams:\n  legacy:\n    url: ${CLINIC_URL}\n';
    const config = parseGatewayConfig(text, 'f.yaml', { CLINIC_URL: 'http://127.0.0.1:3100' });
    assert.equal(config.listen.port, 9000);
    assert.equal(config.upstreams.legacy?.url, 'http://127.0.0.1:3100');
    assert.throws(
      () => parseGatewayConfig(text, 'f.yaml', {}),
      /f\.yaml:6:10 environment variable CLINIC_URL is not set/,
    );
  });

  it('refuses an OpenAPI-style path at its line and suggests the :param spelling', () => {
    const err = problemsOf(
      `${BASE}routes:\n  - name: a\n    path: /owners/{ownerId}/pets/{petId}\n  - name: b\n    path: /files/{name}.json\n`,
    );
    assert.equal(err.code, 'FICUS_CONFIG_INVALID');
    assert.equal(err.problems.length, 2);
    assert.match(
      err.message,
      /ficus\.config\.yaml:9:11 routes\[0\]\.path: "\/owners\/\{ownerId\}\/pets\/\{petId\}" uses OpenAPI's \{param\} template syntax, which matches no request; write \/owners\/:ownerId\/pets\/:petId/,
    );
    assert.match(
      err.message,
      /ficus\.config\.yaml:11:11 routes\[1\]\.path: .*inside a segment; a path parameter is a whole segment written as :name/,
    );
  });

  it('rejects unknown keys so a typo is never silently ignored', () => {
    const err = problemsOf(`${BASE}routes:\n  - name: a\n    path: /a\n    wieght: 10\n`);
    assert.match(err.message, /wieght/);
  });

  describe('traffic control settings', () => {
    const route = (extra: string) =>
      `${BASE}routes:\n  - name: a\n    path: /a\n    target: patients\n${extra}`;

    it('accepts shadow, parity, slo, failOpen and limits, filling defaults', () => {
      const config = parseGatewayConfig(
        route(
          '    mode: canary\n    weight: 5\n    cohort:\n      cookie: sid\n' +
            '    shadow:\n      writes: true\n' +
            '    parity:\n      ignore: [$.meta.generatedAt, "$.items[*].updatedAt"]\n' +
            '    slo:\n      maxErrorRate: 0.05\n      maxP99Ms: 500\n      window: 60s\n' +
            '    failOpen:\n      enabled: false\n' +
            'limits:\n  maxBodyBytes: 1024\n',
        ),
        'ficus.config.yaml',
      );
      const r = config.routes[0]!;
      assert.equal(r.shadow?.maxBodyBytes, 65536);
      assert.equal(r.shadow?.writesFirst, true);
      assert.deepEqual(r.parity?.ignore, ['$.meta.generatedAt', '$.items[*].updatedAt']);
      assert.equal(r.slo?.window, 60_000);
      assert.equal(r.slo?.minRequests, 20);
      assert.equal(r.failOpen?.enabled, false);
      assert.deepEqual(config.limits, {
        maxBodyBytes: 1024,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 60_000,
        shadowYieldAbove: 0.8,
        maxHeaderCount: 100,
      });
      assert.equal(r.shadow?.sampleRate, 1);
      assert.equal(config.upstreams.patients?.circuit.consecutiveFailures, 5);
    });

    it('explains a bad duration and a bad ignore rule at their lines', () => {
      const err = problemsOf(
        route('    slo:\n      window: 10 minutes\n    parity:\n      ignore: [meta.at]\n'),
      );
      assert.equal(err.problems.length, 2);
      assert.match(
        err.message,
        /:12:15 routes\[0\]\.slo\.window: a duration is a number of milliseconds or a string like 500ms, 60s, 5m/,
      );
      assert.match(
        err.message,
        /:14:16 routes\[0\]\.parity\.ignore\[0\]: a parity ignore rule is a JSON path/,
      );
    });

    it('points at a misspelt key itself, not at its parent', () => {
      const err = problemsOf(route('    slo:\n      maxErrorRate: 2\n      windw: 60s\n'));
      assert.match(err.message, /:12:21 routes\[0\]\.slo\.maxErrorRate: Too big/);
      assert.match(err.message, /:13:\d+ routes\[0\]\.slo\.windw: Unrecognized key/);
    });

    it('refuses a canary with no cohort key to split by', () => {
      const err = problemsOf(route('    mode: canary\n    weight: 5\n'));
      assert.equal(err.problems[0]?.line, 11);
      assert.match(err.message, /needs a cohort key/);
    });

    it('accepts a prefix rewrite, upgrades and case-insensitive matching', () => {
      const config = parseGatewayConfig(
        `${BASE}matching:\n  caseInsensitive: true\nroutes:\n  - name: a\n    path: /petclinic/api/owners/*\n` +
          '    target: patients\n    caseInsensitive: false\n    upgrades: [WebSocket, h2c]\n' +
          '    rewrite: { stripPrefix: /petclinic/api, addPrefix: /v2 }\n',
        'ficus.config.yaml',
      );
      const r = config.routes[0]!;
      assert.equal(config.matching.caseInsensitive, true);
      assert.equal(r.caseInsensitive, false);
      assert.deepEqual(r.upgrades, ['websocket', 'h2c']);
      assert.deepEqual(r.rewrite, { stripPrefix: '/petclinic/api', addPrefix: '/v2' });
    });

    it('refuses a rewrite that the route path does not start with, or that is no literal prefix', () => {
      let err = problemsOf(route('    rewrite: { stripPrefix: /petclinic }\n'));
      assert.match(
        err.message,
        /:11:14 routes\[0\]\.rewrite: stripPrefix "\/petclinic" does not begin the route's path "\/a"/,
      );
      err = problemsOf(route('    rewrite:\n      addPrefix: /v2/\n'));
      assert.match(
        err.message,
        /:12:18 routes\[0\]\.rewrite\.addPrefix: a path prefix is literal segments/,
      );
      err = problemsOf(route('    rewrite: {}\n'));
      assert.match(
        err.message,
        /:11:\d+ routes\[0\]\.rewrite: a rewrite needs stripPrefix, addPrefix or both/,
      );
    });

    it('refuses a header timeout longer than the request timeout', () => {
      const err = problemsOf(
        `${BASE}limits:\n  headersTimeoutMs: 90000\n  requestTimeoutMs: 60000\n`,
      );
      assert.match(err.message, /:8:21 limits\.headersTimeoutMs: headersTimeoutMs must not exceed/);
    });
  });

  describe('schedules', () => {
    const ROUTE = `routes:\n  - name: patients-read\n    path: /api/patients/:id\n    target: patients\n    group: patients\ngroups:\n  patients:\n    cohort: { header: x-cohort }\n`;

    it('accepts a schedule per route or group, with the interval in ms', () => {
      const config = parseGatewayConfig(
        `${BASE}${ROUTE}schedules:\n  patients:\n    steps: [10, 25, 50, 100]\n    every: 5m\n`,
        'ficus.config.yaml',
      );
      assert.deepEqual(config.schedules.patients, { steps: [10, 25, 50, 100], every: 300_000 });
    });

    it('refuses steps that do not increase, a weight past 100 and a short interval, at their lines', () => {
      const err = problemsOf(
        `${BASE}${ROUTE}schedules:\n  patients:\n    steps: [10, 10, 120]\n    every: 500ms\n`,
      );
      assert.match(
        err.message,
        /:17:21 schedules\.patients\.steps\[2\]: a step is a canary weight, a whole number from 1 to 100/,
      );
      assert.match(err.message, /:18:12 schedules\.patients\.every: every must be at least 1s/);
      assert.match(
        err.message,
        /:17:17 schedules\.patients\.steps\[1\]: steps must increase: 10 comes after 10/,
      );
    });

    it('refuses a schedule under a name that is neither a route nor a group', () => {
      const err = problemsOf(
        `${BASE}${ROUTE}schedules:\n  patients-reed:\n    steps: [50]\n    every: 1s\n`,
      );
      assert.match(
        err.message,
        /schedules\.patients-reed: "patients-reed" is neither a route nor a group; schedules are declared/,
      );
    });
  });
});
