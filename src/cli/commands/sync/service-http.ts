import { UsageError } from '../../../core/index.js';
import { createServer, type Server } from 'node:http';
import type { ServiceMetrics } from './service-metrics.js';

/** What the probes report. */
export interface ServiceHealth {
  /** False once the service is stopping. */
  alive(): boolean;
  /** True after the first run finished and while not stopping. */
  ready(): boolean;
}

/** `host:port` of --listen (host required, so nothing listens on every interface by accident unless asked). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) {
    throw new UsageError('E_USAGE_OPTION', `invalid --listen "${text}"`, 'use host:port, e.g. 127.0.0.1:9464 (0.0.0.0:9464 in a container)');
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Serves /healthz, /readyz and /metrics; resolves once listening. */
export async function startServiceHttp(
  listen: string,
  metrics: ServiceMetrics,
  health: ServiceHealth,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const { host, port } = parseListen(listen);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      const ok = path === '/healthz' ? health.alive() : health.ready();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ok ? 'ok\n' : path === '/healthz' ? 'stopping\n' : 'not ready\n');
      return;
    }
    if (path === '/metrics') {
      metrics.text().then(
        (text) => res.writeHead(200, { 'Content-Type': metrics.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /healthz, /readyz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError('E_USAGE_OPTION', `cannot listen on ${listen}: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` : `http://${listen}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
