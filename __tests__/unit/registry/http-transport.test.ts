// The per-request path of HttpTransport (node:http): expected "not there" answers are values, not errors;
// one prepared target per registry (a URL path prefix and the query are kept as sent before).
// The loopback server answers like Confluent and AxonOps do for a subject without its own config:
// 404 with error_code 40408.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError } from '../../../src/core/errors.js';
import { HttpTransport } from '../../../src/core/registry/http-transport.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let answer: (url: string) => { status: number; body: unknown } = () => ({ status: 200, body: {} });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const reply = answer(req.url ?? '');
      res.writeHead(reply.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

const entry = (url: string) => ({ name: 'reg', url, readonly: false, protected: false, origin: 'test' as const, user: 'u', password: 'p' });
const noSubjectConfig = { status: 404, body: { error_code: 40408, message: 'Subject orders-value does not have subject-level compatibility configured' } };

describe('HttpTransport', () => {
  it('answers null for an expected absent answer, without an error, a retry or a second request', async () => {
    answer = () => noSubjectConfig;
    const statuses: Array<number | undefined> = [];
    const transport = new HttpTransport(entry(base), { retry: { retries: 3, baseDelayMs: 1 }, onResponse: (info) => statuses.push(info.status) });
    try {
      const value = await transport.request({ method: 'GET', path: '/config/orders-value', absent: (status, code) => status === 404 && code === 40408 });
      expect(value).toBeNull();
      expect(statuses).toEqual([404]); // --verbose still logs the request and its status
      expect(transport.stats).toEqual({ requests: 1, retries: 0 });
    } finally {
      transport.close();
    }
  });

  it('still throws the same answer when the caller did not expect it', async () => {
    answer = () => noSubjectConfig;
    const transport = new HttpTransport(entry(base), { retry: { retries: 0 } });
    try {
      const failure = await transport.request({ method: 'GET', path: '/config/orders-value' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RegistryError);
      expect(failure).toMatchObject({ code: 'E_REGISTRY_HTTP', status: 404, errorCode: 40408 });
    } finally {
      transport.close();
    }
  });

  it('retries a 5xx even when its error_code looks like an expected absence', async () => {
    let calls = 0;
    answer = () => (++calls < 3 ? { status: 503, body: { error_code: 40408, message: 'busy' } } : noSubjectConfig);
    const transport = new HttpTransport(entry(base), { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    try {
      await expect(transport.request({ method: 'GET', path: '/config/x', absent: (_s, code) => code === 40408 })).resolves.toBeNull();
      expect(transport.stats).toEqual({ requests: 3, retries: 2 });
    } finally {
      transport.close();
    }
  });

  it("sends to the URL's path prefix with the query, auth and content type prepared once per registry", async () => {
    answer = () => ({ status: 200, body: ['a'] });
    const transport = new HttpTransport(entry(`${base}/registry/`));
    try {
      await transport.request({
        method: 'GET',
        path: '/subjects',
        query: { deleted: true, offset: 0, limit: 10_000, skipped: undefined, subjectPrefix: ':.ctx:a b' },
      });
      await transport.request({ method: 'POST', path: '/subjects/a/versions', body: { schema: '"string"' } });
      expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
        'GET /registry/subjects?deleted=true&offset=0&limit=10000&subjectPrefix=:.ctx:a+b',
        'POST /registry/subjects/a/versions',
      ]);
      for (const request of seen) {
        expect(request.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
        expect(request.headers['content-type']).toBe('application/vnd.schemaregistry.v1+json');
        expect(request.headers.connection).toBe('keep-alive');
      }
      expect(seen[1]!.headers['content-length']).toBe(String(JSON.stringify({ schema: '"string"' }).length));
    } finally {
      transport.close();
    }
  });
});
