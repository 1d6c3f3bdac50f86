// A hostile gateway on loopback that answers like an empty Confluent Schema Registry for reads, but ECHOES the
// request's credentials back in its error messages, as misconfigured API gateways and debug proxies do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the gateway echoes what it received. */
export type EchoStyle =
  /** every request header verbatim: `authorization=Basic …; x-api-key=…` */
  | 'headers'
  /** the basic-auth header decoded (`user:password`), or the bearer token alone */
  | 'decoded'
  /** the Authorization value placed so that it straddles character 200 of the message (6 characters before the cut) */
  | 'boundary';

/** Options: which requests fail (every one, or writes only) and how credentials are echoed. */
export interface EchoServerOptions {
  readonly style: EchoStyle;
  readonly failReads: boolean;
}

/** A running echo server. */
export interface EchoServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** The message the gateway puts in its 400 answer for `req`. */
function echoed(req: http.IncomingMessage, style: EchoStyle): string {
  const auth = String(req.headers.authorization ?? '');
  if (style === 'headers') {
    const shown = Object.entries(req.headers).filter(
      ([name]) => !['host', 'connection', 'accept', 'content-type', 'content-length', 'user-agent', 'accept-encoding'].includes(name),
    );
    return `gateway rejected ${req.method} ${req.url}: ${shown.map(([name, value]) => `${name}=${String(value)}`).join('; ')}`;
  }
  if (style === 'decoded') {
    const [scheme, value = ''] = auth.split(' ');
    const plain = scheme === 'Basic' ? Buffer.from(value, 'base64').toString('utf8') : value;
    const extra = Object.entries(req.headers)
      .filter(([name]) => name.startsWith('x-'))
      .map(([, v]) => String(v));
    return `invalid credentials ${plain} ${extra.join(' ')}`.trim();
  }
  // The secret part of the Authorization value starts 6 characters before srx's 200-character cut.
  const secret = auth.replace(/^(Basic|Bearer) /, '');
  const prefix = 'quota exceeded for caller ';
  return `${prefix}${'.'.repeat(194 - prefix.length)}${secret} (retry later)`;
}

/** Starts the gateway on 127.0.0.1 (a free port). */
export async function startEchoServer(options: EchoServerOptions): Promise<EchoServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const isRead = req.method === 'GET';
      if (!isRead || options.failReads) return send(res, 400, { error_code: 40000, message: echoed(req, options.style) });
      send(res, 200, emptyRegistryAnswer(req.url ?? '/'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function emptyRegistryAnswer(url: string): unknown {
  const path = url.split('?')[0]!;
  if (path === '/contexts') return ['.'];
  if (path.startsWith('/mode')) return { mode: 'READWRITE' };
  if (path.startsWith('/config')) return { compatibilityLevel: 'BACKWARD' };
  if (path === '/schemas/types') return ['AVRO', 'JSON', 'PROTOBUF'];
  return [];
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
  res.end(JSON.stringify(body));
}
