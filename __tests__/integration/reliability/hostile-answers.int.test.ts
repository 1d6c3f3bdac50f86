import { spawn } from 'node:child_process';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { emptyRegistry, json, startHostileServer, type HostileServer } from '../../support/hostile-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// Issue 16, crashes and hangs: answers a hostile (or broken) server gives, on a loopback server of our own.
const root = process.cwd();

function oneErrorLine(stderr: string): string {
  const lines = stripAnsi(stderr)
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('hint:') && !l.startsWith('warning:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(stderr).not.toMatch(/This is a bug in srx|\n\s+at /);
  return lines[0]!;
}

describe('hostile answers', () => {
  const servers: HostileServer[] = [];
  const start = async (handler: Parameters<typeof startHostileServer>[0]) => {
    const server = await startHostileServer(handler);
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  test('--timeout bounds the whole answer: a server trickling one byte at a time is a timeout (exit 3)', async () => {
    const server = await start((req, res) => {
      if (!req.url?.startsWith('/schemas')) return emptyRegistry(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 100); // never ends, never idle long enough for a socket timeout
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const run = await runCli(['compare', server.url, server.url, '--no-config', '--timeout', '500'], {});
    expect(run.exitCode).toBe(3);
    expect(oneErrorLine(run.stderr)).toMatch(/no answer within 500 ms \(the whole answer\)/);
    expect(Date.now() - started).toBeLessThan(30_000); // bounded (retries included), not forever
  }, 60_000);

  test('a decompression bomb is refused past the answer cap, in one line (exit 3)', async () => {
    const bomb = zlib.gzipSync(Buffer.from(`[${'"x",'.repeat(3_000_000)}"x"]`)); // ~12 MB of JSON from a few KB
    expect(bomb.length).toBeLessThan(200_000);
    const server = await start((req, res) => {
      if (!req.url?.startsWith('/schemas')) return emptyRegistry(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(bomb);
    });
    const run = await runCli(['compare', server.url, server.url, '--no-config'], { env: { SRX_MAX_ANSWER_MB: '1' } });
    expect(run.exitCode).toBe(3);
    expect(oneErrorLine(run.stderr)).toMatch(/answer too large: over 1 MiB once decompressed/);
  });

  test('a compressed answer within the cap reads as usual', async () => {
    const server = await start((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/schemas') return emptyRegistry(req, res);
      const items =
        req.url?.includes('deleted=true') || req.url?.includes('offset=0')
          ? ['a-value', 'b-value'].map((subject, i) => ({ subject, version: 1, id: i + 1, schema: '"string"' }))
          : [];
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(zlib.gzipSync(Buffer.from(JSON.stringify(items))));
    });
    const run = await runCli(['compare', 'subjects', server.url, server.url, '--json'], {});
    expect(run.json().inBoth).toEqual(['a-value', 'b-value']);
  });

  test('Retry-After is capped at 60 s and the wait is announced on stderr', async () => {
    const server = await start((req, res) => {
      if (req.url?.startsWith('/contexts')) return json(res, { error_code: 42901, message: 'slow down' }, 429, { 'Retry-After': '3600' });
      return emptyRegistry(req, res);
    });
    const child = spawn(process.execPath, [join(root, 'bin', 'srx.js'), 'compare', server.url, server.url], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent' },
    });
    let stderr = '';
    const announced = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (/Retry-After/.test(stderr)) resolve();
      }),
    );
    await announced;
    expect(stderr).toMatch(/asked to retry later \(Retry-After\): waiting 60 s before retry 1/);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
  }, 30_000);

  const item = (over: Record<string, unknown> = {}) => ({ subject: 'orders-value', version: 1, id: 1, schema: '"string"', ...over });
  test.each([
    [
      'a non-string mode',
      (path: string) => (path === '/mode' ? { mode: 5 } : undefined),
      /GET \/mode → unexpected answer \(field "mode" must be a string, got number\)/,
    ],
    [
      'a non-string compatibility',
      (path: string) => (path === '/config' ? { compatibilityLevel: ['FULL'] } : undefined),
      /GET \/config → unexpected answer \(field "compatibilityLevel" must be a string/,
    ],
    [
      'references that are not a list',
      (path: string) => (path === '/schemas' ? [item({ references: 'oops' })] : undefined),
      /GET \/schemas → unexpected answer \(field "references" must be an array\)/,
    ],
    [
      'a reference without a version',
      (path: string) => (path === '/schemas' ? [item({ references: [{ name: 'x', subject: 'y' }] })] : undefined),
      /field "references" holds an item without name, subject and version/,
    ],
    [
      'a subject name that is not valid Unicode',
      (path: string) => (path === '/schemas' ? [item({ subject: 'bad-\ud800-value' })] : undefined),
      /GET \/schemas → unexpected answer \(a subject name is not valid Unicode/,
    ],
  ])('%s: one error line naming the registry and the field, exit 3 (never "a bug in srx")', async (_name, answer, message) => {
    const server = await start((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      const body = answer(path);
      if (body === undefined) return emptyRegistry(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body)); // a lone surrogate is written as a JSON escape (\ud800)
    });
    const run = await runCli(['compare', server.url, server.url, '--json'], {});
    expect(run.exitCode).toBe(3);
    const error = run.json().error;
    expect(error.code).toBe('E_REGISTRY_RESPONSE');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+: /);
    const text = await runCli(['compare', server.url, server.url], {});
    expect(text.exitCode).toBe(3);
    oneErrorLine(text.stderr);
  });
});
