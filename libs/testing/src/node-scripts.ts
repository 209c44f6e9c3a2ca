import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A compiled script of this repository (`dist/...js`) in a process of its own, with this Node,
 * logging errors only, its output left out of the test's.
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    env: { ...process.env, FICUS_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Runs a script to its end at its own log level, for a test that reads what it said. */
export function scriptOutput(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  // 'close', not 'exit': the process's output has then been read to its end.
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

/** Polls `url` until it answers 2xx; fails naming what never answered. */
export async function waitUntilServing(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** The `err` of the fatal (level 60) entry a process logged as JSON lines, if it logged one. */
export function fatalError(output: string): string | undefined {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; err?: string })
    .find((entry) => entry.level === 60)?.err;
}
