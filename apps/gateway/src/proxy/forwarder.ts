import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import httpProxy from 'http-proxy';
import type { Upstream } from './upstream-pool';

export type ForwardFailure = 'connect' | 'timeout' | 'reset';

export interface ForwardErrorInfo {
  kind: ForwardFailure;
  error: Error;
}

const UPSTREAM_TIMEOUT = 'FICUS_UPSTREAM_TIMEOUT';

interface ForwardOptions extends httpProxy.ServerOptions {
  upstreamTimeoutMs: number;
}

// http-proxy's own proxyTimeout aborts with a plain "socket hang up", indistinguishable from an
// upstream reset; destroying with our own error lets the caller answer 504 rather than 502.
function onUpstreamTimeout(this: ClientRequest): void {
  this.destroy(
    Object.assign(new Error('upstream did not answer in time'), { code: UPSTREAM_TIMEOUT }),
  );
}

/**
 * The one seam through which every request leaves the gateway. Everything around it (routing,
 * modes, metrics) is independent of the proxy library, so the forwarding step can be swapped.
 */
export class Forwarder {
  private readonly proxy: httpProxy;

  constructor() {
    // xfwd: X-Forwarded-For/Proto/Host are appended (not replaced) so upstream logs see the chain.
    this.proxy = httpProxy.createProxyServer({ xfwd: true, ws: true, changeOrigin: false });
    // A listener must exist, or http-proxy rethrows proxy errors and brings the process down.
    this.proxy.on('error', () => undefined);
    this.proxy.on('proxyReq', (proxyReq, _req, _res, options) => {
      const ms = (options as ForwardOptions).upstreamTimeoutMs;
      if (ms) proxyReq.setTimeout(ms, onUpstreamTimeout);
    });
  }

  web(
    req: IncomingMessage,
    res: ServerResponse,
    upstream: Upstream,
    onError: (info: ForwardErrorInfo) => void,
  ): void {
    const options: ForwardOptions = {
      target: upstream.target,
      agent: upstream.agent,
      upstreamTimeoutMs: upstream.timeoutMs,
    };
    this.proxy.web(req, res, options, (err: Error) => onError({ kind: classify(err), error: err }));
  }

  ws(
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
    upstream: Upstream,
    onError: (err: Error) => void,
  ): void {
    this.proxy.ws(req, socket, head, { target: upstream.target, agent: upstream.agent }, onError);
  }

  close(): void {
    this.proxy.close();
  }
}

function classify(err: Error): ForwardFailure {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === UPSTREAM_TIMEOUT) return 'timeout';
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code === 'EAI_AGAIN'
  )
    return 'connect';
  return 'reset';
}
