import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenError } from '@ficus/core';
import type { ConnectorStatus } from '../connector-state';
import type { ConnectorMetrics } from './connector-metrics';

const HOST = '127.0.0.1';

/** GET /metrics (Prometheus text) and GET /status (JSON) for a running connector. */
export async function startHttpEndpoint(
  port: number,
  metrics: ConnectorMetrics,
  status: () => Promise<ConnectorStatus>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const reply = async (): Promise<void> => {
      if (req.url === '/metrics') {
        res.setHeader('content-type', metrics.registry.contentType);
        res.end(await metrics.registry.metrics());
      } else if (req.url === '/status') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(await status()));
      } else {
        res.statusCode = 404;
        res.end('not found: use /metrics or /status\n');
      }
    };
    reply().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    // Without an 'error' listener a taken port is an uncaught exception with a stack.
    const fail = (err: unknown): void =>
      reject(
        listenError(err, {
          port,
          host: HOST,
          setting: 'http.port in the connector configuration (or FICUS_CDC_HTTP_PORT)',
        }),
      );
    server.once('error', fail);
    server.listen(port, HOST, () => {
      server.off('error', fail);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
