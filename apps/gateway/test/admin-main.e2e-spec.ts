import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { freePort } from '@ficus/infra';
import { startTestUpstream, type TestUpstream } from '@ficus/testing';
import { ADMIN_TOKEN, bearer, eventually } from './admin.fixtures';

const MAIN = resolve(__dirname, '../src/main.js');

describe('gateway process (main.js): both listeners, graceful stop', () => {
  let legacy: TestUpstream;
  let dir: string;
  let child: ChildProcess;
  let dataPort: number;
  let adminPort: number;
  let output = '';
  const held: ServerResponse[] = [];

  before(async () => {
    legacy = await startTestUpstream('legacy', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/slow') held.push(res);
      else res.end(JSON.stringify({ upstream: 'legacy', url: req.url }));
    });
    dir = mkdtempSync(join(tmpdir(), 'ficus-main-'));
    [dataPort, adminPort] = [await freePort(), await freePort()];
    const file = join(dir, 'ficus.config.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'upstreams:',
        '  legacy:',
        `    url: ${legacy.url}`,
        'routes:',
        '  - name: slow',
        '    path: /slow',
      ].join('\n'),
    );
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        FICUS_CONFIG: file,
        FICUS_GATEWAY_PORT: String(dataPort),
        FICUS_ADMIN_PORT: String(adminPort),
        FICUS_ADMIN_TOKEN: ADMIN_TOKEN,
        FICUS_CONTROL_DB_URL: '',
        FICUS_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually('the gateway answers on both ports', async () => {
      const ok = await Promise.all([
        fetch(`http://127.0.0.1:${dataPort}/health`).then(
          (r) => r.ok,
          () => false,
        ),
        fetch(`http://127.0.0.1:${adminPort}/health`).then(
          (r) => r.ok,
          () => false,
        ),
      ]);
      return ok.every(Boolean) ? true : undefined;
    });
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const res of held) res.destroy();
    rmSync(dir, { recursive: true, force: true });
    return legacy.close();
  });

  it('proxies /health to the clinic on the data port and answers /health itself on the admin port', async () => {
    const proxied = await request(`http://127.0.0.1:${dataPort}`).get('/health').expect(200);
    assert.equal(proxied.body.upstream, 'legacy');
    await request(`http://127.0.0.1:${adminPort}`).get('/health').expect(200, { status: 'ok' });
    await request(`http://127.0.0.1:${adminPort}`)
      .get('/admin/routes')
      .set(bearer(ADMIN_TOKEN))
      .expect(200);
    assert.match(output, new RegExp(`"port":${dataPort},"adminPort":${adminPort}`));
  });

  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const inFlight = fetch(`http://127.0.0.1:${dataPort}/slow`);
    await eventually('the slow request reaches legacy', () =>
      Promise.resolve(held.length === 1 ? true : undefined),
    );
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    await eventually('the gateway stops accepting connections', () =>
      fetch(`http://127.0.0.1:${adminPort}/health`).then(
        () => undefined,
        () => true,
      ),
    );
    held[0]!.end(JSON.stringify({ upstream: 'legacy', url: '/slow' }));
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { upstream: string }).upstream, 'legacy');
    assert.equal(await exited, 0);
  });
});
