/**
 * The messages a bench child process (upstream, proxy peer, load client) exchanges with the bench
 * over Node's IPC channel. A child exits as soon as the channel closes, so a bench that crashes or
 * is interrupted never leaves a server behind.
 */
export interface ReadyMessage {
  type: 'ready';
  ports: number[];
}

export interface StatsRequest {
  type: 'stats';
}

/** Requests served per listening port since the child started. */
export interface StatsMessage {
  type: 'stats';
  counts: Record<string, number>;
}

export function announceReady(ports: number[]): void {
  const message: ReadyMessage = { type: 'ready', ports };
  process.send?.(message);
}

export function exitWithParent(): void {
  process.once('disconnect', () => process.exit(0));
}

/** Child entry points share this: report a start-up failure on stderr (the bench tails the log). */
export function runChild(main: () => Promise<void>): void {
  exitWithParent();
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
