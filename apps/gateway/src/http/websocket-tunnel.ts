import type {
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
} from 'node:http';
import type { Socket } from 'node:net';
import {
  classify,
  dropPass,
  ForwardError,
  headerObject,
  proxyTarget,
  type ProxyServer,
} from './forwarder';
import { endToEndHeaders, HOP_BY_HOP } from './hop-by-hop';
import { REPLACED_RESPONSE } from './relay';
import type { Upstream } from './upstream-pool';

export interface TunnelRequest {
  upstream: Upstream;
  req: IncomingMessage;
  /** The normalised target for this upstream (path and query). */
  url: string;
  socket: Socket;
  head: Buffer;
  /** Headers for the upstream handshake, without Connection/Upgrade (the tunnel sets those). */
  headers: OutgoingHttpHeaders;
  /** Headers added to the answer the client sees (request id, route, side). */
  answerHeaders: string[];
}

const kTunnel = Symbol('ficus.tunnel');

type Tracked<T> = T & { [kTunnel]?: Tunnel };

/**
 * One tunnel: the "incoming request" http-proxy forwards (method, url and the cleaned handshake
 * headers) and the state the shared handlers below need.
 */
class Tunnel {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly upstream: Upstream;
  readonly socket: Tracked<Socket>;
  readonly answerHeaders: readonly string[];
  request: ClientRequest | undefined;
  upstreamSocket: Socket | undefined;
  /** Something reached the client (a 101 or the upstream's refusal): a failure can only cut it. */
  answered = false;
  private failed = false;

  constructor(
    t: TunnelRequest,
    private readonly onFailure: (failure: ForwardError) => void,
  ) {
    this.method = t.req.method ?? 'GET';
    this.url = t.upstream.basePath + t.url;
    this.headers = {
      ...t.headers,
      connection: 'Upgrade',
      upgrade: t.req.headers.upgrade ?? 'websocket',
    } as IncomingHttpHeaders;
    this.upstream = t.upstream;
    this.socket = t.socket;
    this.answerHeaders = t.answerHeaders;
  }

  /** The upstream side goes with the client: its handshake before the upgrade, its socket after. */
  closeUpstream(): void {
    (this.upstreamSocket ?? this.request)?.destroy();
  }

  fail(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    if (this.answered || !this.socket.writable) {
      this.socket.destroy();
      this.closeUpstream();
      return;
    }
    this.answered = true;
    this.onFailure(new ForwardError(classify(err), this.upstream.name, err));
  }
}

/** The 101's headers: Connection and Upgrade kept, other hop-by-hop headers dropped, ours added. */
function switchingHeaders(raw: readonly string[], answer: readonly string[]): IncomingHttpHeaders {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    const hop = HOP_BY_HOP.has(lower) && lower !== 'connection' && lower !== 'upgrade';
    if (!hop && !REPLACED_RESPONSE.has(lower)) kept.push(raw[i]!, raw[i + 1]!);
  }
  return headerObject([...kept, ...answer]) as IncomingHttpHeaders;
}

function destroySocket(this: Socket): void {
  this.destroy();
}

function onClientClose(this: Tracked<Socket>): void {
  this[kTunnel]?.closeUpstream();
}

function onUpstreamSocketClose(this: Tracked<Socket>): void {
  this[kTunnel]?.socket.destroy();
}

function onHandshakeTimeout(this: Tracked<ClientRequest>): void {
  const tunnel = this[kTunnel];
  if (tunnel) this.destroy(new ForwardError('timeout', tunnel.upstream.name));
}

/**
 * The request's own timeout is armed only once its socket has connected: an upstream that drops
 * SYNs would hold the handshake for the OS's connect timeout (about 2 minutes). The socket's timer
 * covers the connect attempt too; its 'timeout' reaches onHandshakeTimeout through the request.
 */
function armConnectTimeout(this: Tracked<ClientRequest>, socket: Socket): void {
  const tunnel = this[kTunnel];
  if (tunnel && socket.connecting) socket.setTimeout(tunnel.upstream.timeoutMs);
}

/**
 * Runs before http-proxy's own 'upgrade' listener (registered in 'proxyReqWs', ahead of it), which
 * then writes the 101 with these headers and splices the sockets.
 */
function onUpgrade(
  this: Tracked<ClientRequest>,
  res: IncomingMessage,
  upstreamSocket: Tracked<Socket>,
): void {
  const tunnel = this[kTunnel]!;
  this.setTimeout(0);
  tunnel.answered = true;
  tunnel.upstreamSocket = upstreamSocket;
  upstreamSocket[kTunnel] = tunnel;
  // http-proxy only ends the other socket on a clean end, so an error or a destroy on one side
  // left the other open (http-party/node-http-proxy#559, #1510): either side's close ends both.
  upstreamSocket.on('close', onUpstreamSocketClose);
  if (tunnel.socket.destroyed) upstreamSocket.destroy();
  res.headers = switchingHeaders(res.rawHeaders, tunnel.answerHeaders);
}

/**
 * The upstream refused to switch protocols; http-proxy writes this response's status line and
 * headers and pipes its body. The body reaches the client de-chunked, so Transfer-Encoding (like
 * every hop-by-hop header) must go, and the connection closes after it, as an HTTP/1.1 proxy would.
 */
function onRefusal(this: Tracked<ClientRequest>, res: IncomingMessage): void {
  const tunnel = this[kTunnel]!;
  tunnel.answered = true;
  if (!tunnel.socket.writable) {
    this.destroy();
    return;
  }
  res.headers = headerObject([
    ...endToEndHeaders(res.rawHeaders, REPLACED_RESPONSE),
    ...tunnel.answerHeaders,
    'Connection',
    'close',
  ]) as IncomingHttpHeaders;
}

function onProxyReqWs(request: Tracked<ClientRequest>, req: IncomingMessage): void {
  const tunnel = req as unknown as Tunnel;
  tunnel.request = request;
  request[kTunnel] = tunnel;
  // The head is written at request.end(), right after this event (see PROXY_DEFAULTS for why).
  request.path = tunnel.url;
  request.setTimeout(tunnel.upstream.timeoutMs, onHandshakeTimeout);
  request.once('socket', armConnectTimeout);
  request.on('upgrade', onUpgrade);
  request.on('response', onRefusal);
  if (tunnel.socket.destroyed) request.destroy();
}

function onTunnelError(err: Error, req: IncomingMessage): void {
  (req as unknown as Tunnel).fail(err);
}

/**
 * Proxies WebSocket (any HTTP/1.1 Upgrade) handshakes through the Forwarder's http-proxy server,
 * with its faults fenced off:
 * - A client that resets while the upstream thinks crashed the process (an 'error' on the client
 *   socket with no listener, http-party/node-http-proxy#1468): the client socket always has one.
 * - Upstream failures before anything reached the client become a 502/504 problem via
 *   `onFailure`; after a 101 or a refusal they only close the connection, never write into it.
 * - Either socket's close or error destroys the other (#559, #1510), and a client that goes away
 *   during the handshake takes the upstream handshake with it (#783, #877).
 * - A refusal reaches the client as a well-framed HTTP/1.1 response (see onRefusal), with the
 *   gateway's headers; so does the 101.
 * - Its `checkMethodAndHeader` pass is removed: it silently destroyed any upgrade that is not a
 *   WebSocket GET, and the gateway tunnels any HTTP/1.1 Upgrade.
 */
export class WebSocketTunnel {
  constructor(private readonly proxy: ProxyServer) {
    dropPass(proxy, 'ws', 'checkMethodAndHeader');
    proxy.on('proxyReqWs', onProxyReqWs);
  }

  open(t: TunnelRequest, onFailure: (failure: ForwardError) => void): void {
    const tunnel = new Tunnel(t, onFailure);
    const socket = tunnel.socket;
    socket[kTunnel] = tunnel;
    socket.on('error', destroySocket);
    socket.on('close', onClientClose);
    // A connection that becomes a tunnel never returns to a keep-alive pool: no agent.
    this.proxy.ws(
      tunnel as unknown as IncomingMessage,
      socket,
      t.head,
      { target: proxyTarget(t.upstream) },
      onTunnelError,
    );
  }
}
