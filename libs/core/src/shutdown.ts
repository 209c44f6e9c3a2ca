import type { Logger } from 'pino';
import { errorMessage } from './errors';

export interface ShutdownOptions {
  /** Work in flight gets this long to finish before the process gives up and exits 1. */
  graceMs?: number;
}

/**
 * The shutdown every Ficus process shares: on SIGINT or SIGTERM stop taking work, let what is in
 * flight finish within the grace period, then exit 0. The same signal again exits at once, as an
 * operator pressing Ctrl-C twice expects. A different one does not: Ctrl-C sends SIGINT to the
 * terminal's whole foreground process group, so a child of a supervisor (`npm start`) also gets the
 * supervisor's SIGTERM right after, and that is one stop, not an operator's second.
 */
export function stopOnSignals(
  log: Logger,
  close: () => Promise<void>,
  options: ShutdownOptions = {},
): void {
  const graceMs = options.graceMs ?? 30_000;
  let stopping: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping === signal) {
      log.warn({ signal }, 'second signal: exiting without waiting for work in flight');
      process.exit(1);
    }
    if (stopping) {
      log.info({ signal, first: stopping }, 'already stopping: still finishing what is in flight');
      return;
    }
    stopping = signal;
    log.info({ signal }, 'stopping: no new work, finishing what is in flight');
    setTimeout(() => {
      log.error({ graceMs }, 'work still in flight after the grace period');
      process.exit(1);
    }, graceMs).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: errorMessage(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}
