// A small hostile "registry" on loopback, in our own words: each request is answered by a handler that
// may trickle, compress, lie about shapes or ask for long waits. For behaviours no real registry shows on demand.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Answers one request; `count` is how many requests this path has seen (1 for the first). */
export type HostileHandler = (req: http.IncomingMessage, res: http.ServerResponse, count: number) => void;

/** A running hostile server. */
export interface HostileServer {
  readonly url: string;
  readonly requests: string[];
  stop(): Promise<void>;
}

/** Starts a server on 127.0.0.1 whose answers come from `handler` (JSON 200 helpers below). */
export async function startHostileServer(handler: HostileHandler): Promise<HostileServer> {
  const counts = new Map<string, number>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    requests.push(key);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    req.resume();
    req.on('end', () => handler(req, res, counts.get(key)!));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A JSON answer. */
export function json(res: http.ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...headers });
  res.end(text);
}

/** Answers like an empty registry with one context (`.`) for the usual reads, else 404 40401. */
export function emptyRegistry(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/contexts') return json(res, ['.']);
  if (path === '/subjects' || path === '/schemas') return json(res, []);
  if (path === '/config') return json(res, { compatibilityLevel: 'BACKWARD' });
  if (path === '/mode') return json(res, { mode: 'READWRITE' });
  return json(res, { error_code: 40401, message: 'Subject not found' }, 404);
}
