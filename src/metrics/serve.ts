import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { metricsHandler, type MetricsToken } from './access.js';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics alone on its own port: for a worker process (`npm run worker`), which serves no other
 * HTTP. Same scrape token as the hub's.
 */
export async function serveMetrics(host: string, port: number, token: MetricsToken | null): Promise<MetricsServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(token));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/metrics`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
