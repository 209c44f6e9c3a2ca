import type { Logger } from 'pino';
import { errorMessage } from './errors';

export interface ShutdownOptions {
  /** Work in flight gets this long to finish before the process gives up and exits 1. */
  graceMs?: number;
}

/**
 * The shutdown every Ficus process shares: on SIGINT or SIGTERM stop taking work, let what is in
 * flight finish within the grace period, then exit 0. A second signal exits at once, as an operator
 * pressing Ctrl-C twice expects.
 */
export function stopOnSignals(
  log: Logger,
  close: () => Promise<void>,
  options: ShutdownOptions = {},
): void {
  const graceMs = options.graceMs ?? 30_000;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting for work in flight');
      process.exit(1);
    }
    stopping = true;
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
