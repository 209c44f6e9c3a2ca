import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorStatus } from '../connector-state';
import type { ConnectorMetrics } from './connector-metrics';

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
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
