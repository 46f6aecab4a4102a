import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import type { HealthReport } from './health';
import type { RuntimeMetrics } from './runtime-metrics';

export interface ObservabilityServerOptions {
  readonly host: string;
  /** 0 picks a free port; the chosen one is logged and returned. */
  readonly port: number;
  readonly metrics: RuntimeMetrics;
  readonly health: () => Promise<HealthReport>;
  readonly logger: Logger;
}

export interface ObservabilityServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `GET /healthz` (JSON, 200 or 503) and `GET /metrics` (Prometheus text) on one port. */
export async function startObservabilityServer(
  options: ObservabilityServerOptions,
): Promise<ObservabilityServer> {
  const { metrics, health, logger } = options;

  const server = http.createServer((request, response) => {
    const route = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (route !== '/metrics' && route !== '/healthz') {
      return send(
        response,
        404,
        'application/json',
        JSON.stringify({ error: 'not found; try /healthz or /metrics' }),
      );
    }
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      return send(
        response,
        405,
        'application/json',
        JSON.stringify({ error: 'only GET is served' }),
      );
    }
    const answer =
      route === '/metrics'
        ? metrics.text().then((text) => send(response, 200, metrics.contentType, text))
        : health().then((report) =>
            send(
              response,
              report.healthy ? 200 : 503,
              'application/json',
              JSON.stringify(report.body),
            ),
          );
    answer.catch((error: unknown) => {
      logger.error({ err: error, route }, 'observability request failed');
      if (!response.headersSent) send(response, 500, 'text/plain', 'internal error\n');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: options.host, port }, 'metrics server listening');

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Scrapers keep connections alive; drop them so the host can exit.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  response: http.ServerResponse,
  status: number,
  contentType: string,
  body: string,
): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
