import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { HOP_BY_HOP } from './hop-by-hop';
import type { Upstream } from './upstream-pool';

export interface TunnelRequest {
  upstream: Upstream;
  req: IncomingMessage;
  socket: Socket;
  head: Buffer;
  /** Headers for the upstream handshake, without Connection/Upgrade (the tunnel sets those). */
  headers: string[];
  /** Headers added to the answer the client sees (request id, route, side). */
  answerHeaders: string[];
}

function statusLine(res: IncomingMessage): string {
  return `HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\n`;
}

function headerBlock(
  raw: readonly string[],
  keepUpgrade: boolean,
  extra: readonly string[],
): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    const hop =
      HOP_BY_HOP.has(lower) && !(keepUpgrade && (lower === 'connection' || lower === 'upgrade'));
    if (!hop) out += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  for (let i = 0; i < extra.length; i += 2) out += `${extra[i]}: ${extra[i + 1]}\r\n`;
  return out;
}

/**
 * Proxies a WebSocket (any HTTP/1.1 Upgrade) handshake, then splices the two sockets. Written
 * against node:http rather than http-proxy because of http-proxy's faults here: a refused upgrade
 * (a plain response instead of 101) crashes the process (http-party/node-http-proxy#1468), and an
 * error on one socket after the splice leaks the other (#559). Here each side's close or error
 * destroys the other, and a refusal is passed to the client as the plain response it is.
 */
export function tunnel(t: TunnelRequest, onFailure: (err: Error) => void): void {
  const { upstream, req, socket, head } = t;
  const upgrade = req.headers.upgrade ?? 'websocket';
  const request = (upstream.url.protocol === 'https:' ? httpsRequest : httpRequest)({
    protocol: upstream.url.protocol,
    hostname: upstream.url.hostname,
    port: upstream.url.port,
    method: req.method,
    path: upstream.basePath + (req.url ?? '/'),
    headers: [...t.headers, 'Connection', 'Upgrade', 'Upgrade', upgrade],
    // A connection that becomes a tunnel never returns to a keep-alive pool.
    agent: false,
  });
  request.setTimeout(upstream.timeoutMs, () =>
    request.destroy(
      Object.assign(new Error('upgrade timed out'), { code: 'FICUS_UPSTREAM_TIMEOUT' }),
    ),
  );
  socket.on('close', () => request.destroy());

  request.on('upgrade', (res: IncomingMessage, upSocket: Socket, upHead: Buffer) => {
    request.setTimeout(0);
    upSocket.on('error', () => socket.destroy());
    upSocket.on('close', () => socket.destroy());
    socket.on('error', () => upSocket.destroy());
    socket.on('close', () => upSocket.destroy());
    if (!socket.writable) {
      upSocket.destroy();
      return;
    }
    socket.setNoDelay(true);
    upSocket.setNoDelay(true);
    socket.write(`${statusLine(res)}${headerBlock(res.rawHeaders, true, t.answerHeaders)}\r\n`);
    if (upHead.length) socket.write(upHead);
    if (head.length) upSocket.write(head);
    upSocket.pipe(socket);
    socket.pipe(upSocket);
  });

  // The upstream refused to switch protocols: relay its answer and close, as an HTTP/1.1 proxy would.
  request.on('response', (res: IncomingMessage) => {
    if (!socket.writable) {
      res.destroy();
      return;
    }
    socket.write(
      `${statusLine(res)}${headerBlock(res.rawHeaders, false, [...t.answerHeaders, 'Connection', 'close'])}\r\n`,
    );
    res.pipe(socket);
    res.on('error', () => socket.destroy());
  });

  request.on('error', onFailure);
  request.end();
}
