// A tiny loopback HTTP server for answering like a vendor's registry (Confluent, ...) where AxonOps
// behaves otherwise. Each test names the vendor behaviour its routes stand for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRegistryClient } from '../../src/core/registry/http-registry-client.js';

/** One request as the stub saw it (path decoded as sent on the wire, query parsed, body as JSON). */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** A route's answer: HTTP status and JSON body. */
export interface StubAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Answers a request, or undefined to fall through to a 404 `{error_code: 404}`. */
export type StubHandler = (request: StubRequest) => StubAnswer | undefined;

/** A running stub: its URL, the requests it saw, a client for it, and close(). */
export interface VendorStub {
  readonly url: string;
  readonly requests: StubRequest[];
  client(): HttpRegistryClient;
  close(): Promise<void>;
}

/** Starts a stub on 127.0.0.1 answering with `handler`. */
export async function startVendorStub(handler: StubHandler): Promise<VendorStub> {
  const requests: StubRequest[] = [];
  const clients: HttpRegistryClient[] = [];
  const server: Server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: StubRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined };
    requests.push(request);
    const reply = handler(request) ?? { status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } };
    res.writeHead(reply.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify(reply.body));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    client() {
      const client = new HttpRegistryClient({ name: 'stub', url, readonly: false, protected: false, origin: 'test' }, { retry: { retries: 0 } });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
