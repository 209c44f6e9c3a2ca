import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

const SHUTDOWN = resolve('dist/libs/core/src/shutdown.js');

/**
 * A process with work in flight: its close() finishes only when the test writes a line to its
 * standard input, so what a signal does to the drain is seen without waiting on time.
 */
function drainingProcess(): { child: ChildProcess; lines: AsyncIterator<string> } {
  const script = `
    const pino = require('pino');
    const { stopOnSignals } = require(${JSON.stringify(SHUTDOWN)});
    const log = pino({ base: null, timestamp: false });
    stopOnSignals(log, () => new Promise((done) => process.stdin.once('data', () => done())));
    setInterval(() => undefined, 1 << 30); // a server's listening socket, in effect
    log.info('ready');
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextMessage(lines: AsyncIterator<string>): Promise<string | undefined> {
  const line = await lines.next();
  return line.done ? undefined : (JSON.parse(line.value) as { msg: string }).msg;
}

describe('stopping on signals', () => {
  it("finishes its work when Ctrl-C's SIGINT is followed by a supervisor's SIGTERM", async () => {
    const { child, lines } = drainingProcess();
    const exited = once(child, 'exit');
    assert.equal(await nextMessage(lines), 'ready');
    child.kill('SIGINT');
    assert.equal(await nextMessage(lines), 'stopping: no new work, finishing what is in flight');
    child.kill('SIGTERM');
    assert.equal(
      await nextMessage(lines),
      'already stopping: still finishing what is in flight',
      'one stop, not a second signal',
    );
    child.stdin!.end('done\n');
    const [code] = await exited;
    assert.equal(code, 0);
  });

  it('exits at once on the same signal twice, as Ctrl-C pressed twice', async () => {
    const { child, lines } = drainingProcess();
    const exited = once(child, 'exit');
    assert.equal(await nextMessage(lines), 'ready');
    child.kill('SIGINT');
    assert.equal(await nextMessage(lines), 'stopping: no new work, finishing what is in flight');
    child.kill('SIGINT');
    assert.equal(
      await nextMessage(lines),
      'second signal: exiting without waiting for work in flight',
    );
    const [code] = await exited;
    assert.equal(code, 1);
    child.stdin!.destroy();
  });
});
