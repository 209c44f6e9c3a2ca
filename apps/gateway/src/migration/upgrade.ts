import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { writeRawProblem } from '../http/problem';
import { upstreamProblem } from '../http/refusals';
import type { Upstream, UpstreamPool } from '../http/upstream-pool';
import type { WebSocketTunnel } from '../http/websocket-tunnel';
import type { Side } from '../metrics/gateway-metrics';
import { rewritten } from '../routing/rewrite';
import type { RouteMatch } from '../routing/route-table';
import { servingSide } from '../routing/side';
import type { FailOpen } from './fail-open';

/** Every protocol an Upgrade header offers (`websocket`, `h2c`, `foo/2`) is in `allowed`. */
export function upgradeAllowed(value: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!value) return false;
  for (const offer of value.split(',')) {
    const name = offer.split('/')[0]!.trim().toLowerCase();
    if (!allowed.has(name)) return false;
  }
  return true;
}

/** An upgrade the route relays, its target normalised and its headers prepared. */
export interface UpgradeRequest {
  req: IncomingMessage;
  socket: Socket;
  head: Buffer;
  id: string;
  headers: OutgoingHttpHeaders;
  url: string;
  match: RouteMatch | undefined;
}

/**
 * Upgrades (WebSocket) follow the side servingSide() gives, except that a tunnel cannot be copied
 * (a shadowed request's upgrade is legacy's) nor replayed (the new side takes it only while its
 * circuit is closed). A retired route's upgrade is answered 410.
 */
export class Upgrades {
  constructor(
    private readonly websockets: WebSocketTunnel,
    private readonly upstreams: UpstreamPool,
    private readonly legacy: Upstream,
    private readonly failOpen: FailOpen,
  ) {}

  open(u: UpgradeRequest): void {
    const { req, socket, id, match } = u;
    const route = match?.route.config;
    const answer = ['x-request-id', id];
    if (route) answer.push('x-ficus-route', route.name);
    if (route?.mode === 'retired') {
      writeRawProblem(
        socket,
        { status: 410, code: 'FICUS_ROUTE_RETIRED', title: 'Gone' },
        id,
        answer,
      );
      return;
    }
    const upstream = this.target(req, match);
    const side: Side = upstream === this.legacy ? 'legacy' : 'new';
    answer.push('x-ficus-upstream', side);
    const rewrite = match?.route.rewrite;
    this.websockets.open(
      {
        upstream,
        req,
        url: side === 'new' && rewrite ? rewritten(u.url, rewrite) : u.url,
        socket,
        head: u.head,
        headers: u.headers,
        answerHeaders: answer,
      },
      (failure) => {
        writeRawProblem(
          socket,
          upstreamProblem(failure.kind, `upstream "${upstream.name}" could not take the upgrade`),
          id,
          answer,
        );
      },
    );
  }

  private target(req: IncomingMessage, match: RouteMatch | undefined): Upstream {
    const route = match?.route.config;
    if (!route?.target || servingSide(match, req.headers) !== 'new') return this.legacy;
    const target = this.upstreams.get(route.target);
    return this.failOpen.admitsUpgrade(target) ? target : this.legacy;
  }
}
