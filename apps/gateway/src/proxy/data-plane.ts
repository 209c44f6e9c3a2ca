import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '@ficus/core';
import type { GatewayConfig } from '../config/config.schema';
import { RouteTable } from '../routing/route-table';
import { Forwarder, type ForwardErrorInfo } from './forwarder';
import { sendProblem } from './problem';
import { UpstreamPool, type Upstream } from './upstream-pool';

/** What the data plane reads for every request; replaced whole on a configuration change. */
export interface RoutingState {
  table: RouteTable;
  upstreams: UpstreamPool;
  legacy: Upstream;
}

export function buildRoutingState(config: GatewayConfig): RoutingState {
  const upstreams = new UpstreamPool(config.upstreams);
  return { table: new RouteTable(config.routes), upstreams, legacy: upstreams.get(config.legacy) };
}

const FAILURE_STATUS = { connect: 502, reset: 502, timeout: 504 } as const;

export class DataPlane {
  private readonly server: Server;
  private readonly forwarder = new Forwarder();
  private state: RoutingState;

  constructor(
    config: GatewayConfig,
    private readonly log: Logger,
  ) {
    this.state = buildRoutingState(config);
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.server.on('clientError', (_err, socket: Socket) => {
      if (socket.writable)
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, host, () => {
        this.server.off('error', fail);
        done();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Picks the upstream for a request. Mode handling beyond `legacy` arrives with the routing work. */
  private choose(req: IncomingMessage): Upstream {
    const state = this.state;
    const match = state.table.match(req.method ?? 'GET', req.url ?? '/', req.headers);
    const route = match?.route.config;
    if (route && route.mode === 'new' && route.target) return state.upstreams.get(route.target);
    return state.legacy;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const upstream = this.choose(req);
    this.forwarder.web(req, res, upstream, (info) => this.onForwardError(info, upstream, res));
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.forwarder.ws(req, socket, head, this.choose(req), () => socket.destroy());
  }

  private onForwardError(info: ForwardErrorInfo, upstream: Upstream, res: ServerResponse): void {
    this.log.warn(
      { upstream: upstream.name, failure: info.kind, err: info.error.message },
      'upstream failure',
    );
    sendProblem(res, {
      status: FAILURE_STATUS[info.kind],
      code: info.kind === 'timeout' ? 'FICUS_UPSTREAM_TIMEOUT' : 'FICUS_UPSTREAM_UNAVAILABLE',
      title: info.kind === 'timeout' ? 'Upstream timed out' : 'Upstream unavailable',
      detail: `upstream "${upstream.name}" ${info.kind === 'timeout' ? 'did not answer in time' : info.kind === 'connect' ? 'refused the connection' : 'closed the connection'}`,
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => {
      this.server.close(() => done());
      this.server.closeIdleConnections();
    });
    this.forwarder.close();
    this.state.upstreams.destroy();
  }
}
