import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { InfraError } from '@ficus/core';
import { stopProcess, waitFor } from '@ficus/infra';

interface Member {
  name: string;
  child: ChildProcess;
}

/**
 * The sample's own processes. Each is a child of the CLI, so Ctrl-C (which the terminal sends to
 * the whole foreground group) and `stopAll` both leave nothing running.
 */
export class ProcessGroup {
  private readonly members: Member[] = [];
  private stopping = false;

  constructor(private readonly onUnexpectedExit: (name: string, reason: string) => void) {}

  startNode(
    name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    nodeFlags: readonly string[] = [],
  ): ChildProcess {
    const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', resolve(script)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit(name, signal ?? `exit code ${code}`);
    });
    this.members.push({ name, child });
    return child;
  }

  /**
   * A step that runs to its end (an import) beside the services: stopped with them if the sample
   * stops first, and a failure when it exits with anything but 0.
   */
  runStep(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
    const child = spawn(process.execPath, ['--enable-source-maps', resolve(script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.members.push({ name, child });
    return new Promise((done, fail) =>
      child.once('exit', (code, signal) =>
        code === 0
          ? done()
          : fail(
              new InfraError(
                'FICUS_SAMPLE_STEP_FAILED',
                `${name} failed with ${signal ?? `exit code ${code}`}`,
              ),
            ),
      ),
    );
  }

  async waitHealthy(name: string, url: string, timeoutMs = 30_000): Promise<void> {
    const member = this.members.find((m) => m.name === name);
    await waitFor(
      `${name} (${url})`,
      async () => (await fetch(url).catch(() => undefined))?.ok ?? false,
      {
        timeoutMs,
        intervalMs: 150,
        abortIf: () =>
          member && member.child.exitCode !== null
            ? `${name} exited with code ${member.child.exitCode}`
            : undefined,
      },
    );
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    const pids = this.members
      .reverse()
      .flatMap((m) => (m.child.pid && m.child.exitCode === null ? [m.child.pid] : []));
    await Promise.all(pids.map((pid) => stopProcess(pid, 10_000)));
  }
}

export function runToCompletion(
  name: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--enable-source-maps', resolve(script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0
        ? done()
        : fail(new InfraError('FICUS_SAMPLE_STEP_FAILED', `${name} failed with exit code ${code}`)),
    );
  });
}
