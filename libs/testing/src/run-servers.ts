/** A server the test run started: its process may end under the run (a crash of the server). */
export interface RunServer {
  /** For a server the run started: once its process ended without stop(), why. */
  exited?(): string | undefined;
  stop(): Promise<void>;
}

export interface Restarted<T> {
  server: T;
  /** Why the server's process had ended; undefined when it was still running and is kept. */
  ended?: string;
}

/**
 * Starts a server of the run again when its process has ended, so that the files a crashed server
 * failed are retried against a live one instead of failing twice on a refused connection: the
 * MariaDB of Debian 12 (10.11.19) has been seen dying of SIGSEGV under this suite, in its own code
 * (ha_maria::drop_table, dropping an INFORMATION_SCHEMA query's temporary table). A crash is
 * reported, never hidden: the caller prints `ended`, and the retried files are named as flaky. The
 * server starts again on the same port with the same data, so the run's URLs still hold.
 */
export async function restartIfEnded<T extends RunServer>(
  server: T,
  start: () => Promise<T>,
): Promise<Restarted<T>> {
  const ended = server.exited?.();
  if (ended === undefined) return { server };
  await server.stop();
  return { server: await start(), ended };
}
