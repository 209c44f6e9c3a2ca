import { ConfigError } from './errors';

/** Where a listener binds, and the setting an operator changes to move it. */
export interface ListenTarget {
  port: number;
  host: string;
  /** Says what listens there and how to change its port, e.g. "admin.port (or FICUS_ADMIN_PORT)". */
  setting: string;
}

/**
 * Node reports a port it cannot bind as a bare `listen EADDRINUSE: address already in use`, or,
 * on a server with no 'error' listener, as an uncaught exception with a stack. Neither says which
 * of a process's listeners it was, nor what to change: this does. Other errors pass unchanged.
 */
export function listenError(err: unknown, target: ListenTarget): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const { port, host, setting } = target;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      'FICUS_PORT_IN_USE',
      `port ${port} on ${host} is already in use by another process; stop that process, or choose another port with ${setting}`,
      { cause: err, details: { port, host } },
    );
  }
  if (code === 'EACCES') {
    return new ConfigError(
      'FICUS_PORT_DENIED',
      `this process may not listen on port ${port} on ${host} (ports below 1024 need privileges); choose another port with ${setting}`,
      { cause: err, details: { port, host } },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
