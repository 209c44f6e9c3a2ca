import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@ficus/infra';
import { ADMIN_TOKEN } from './admin.fixtures';

const MAIN = resolve(__dirname, '../src/main.js');

/** Another process's listener on a loopback port. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as AddressInfo).port, server };
}

function runMain(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, FICUS_CONTROL_DB_URL: '', FICUS_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

describe('gateway process (main.js) on a port already in use', () => {
  let dir: string;
  let config: string;
  let taken: { port: number; server: Server };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ficus-port-'));
    config = join(dir, 'ficus.config.yaml');
    writeFileSync(config, 'version: 1\nupstreams:\n  legacy:\n    url: http://127.0.0.1:9\n');
    taken = await occupy();
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
    return new Promise<void>((done) => taken.server.close(() => done()));
  });

  it("exits 1 with one FICUS_PORT_IN_USE line naming the data plane's port and setting", async () => {
    const run = await runMain({
      FICUS_CONFIG: config,
      FICUS_GATEWAY_PORT: String(taken.port),
      FICUS_ADMIN_PORT: String(await freePort()),
    });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `FICUS_PORT_IN_USE: port ${taken.port} on 127.0.0.1 is already in use by another process; ` +
        "stop that process, or choose another port with the data plane's listen.port in the config file (or FICUS_GATEWAY_PORT)\n",
    );
    assert.equal(run.stdout, '');
  });

  it("exits 1 with one FICUS_PORT_IN_USE line naming the admin API's port and setting", async () => {
    const run = await runMain({
      FICUS_CONFIG: config,
      FICUS_GATEWAY_PORT: String(await freePort()),
      FICUS_ADMIN_PORT: String(taken.port),
    });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `FICUS_PORT_IN_USE: port ${taken.port} on 127.0.0.1 is already in use by another process; ` +
        "stop that process, or choose another port with the admin API's admin.port in the config file (or FICUS_ADMIN_PORT)\n",
    );
    assert.equal(run.stdout, '');
  });
});
