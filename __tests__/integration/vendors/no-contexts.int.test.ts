import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildExportDocument } from '../../../src/core/export/build-document.js';
import { aSnapshot, aVersion, avroSchema } from '../../support/builders.js';
import { json } from '../../support/hostile-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

interface Stored {
  readonly id: number;
  readonly schema: string;
}

// Karapace 6.2 (a fixture in our own words, from REGISTRY-NOTES.md): no contexts at all (`/contexts` and every
// `/contexts/...` path are plain-text 404s), so `:.x:s` is an ordinary subject name of the one namespace; a bulk
// `/schemas` listing; modes read-only (405 on writes), `id`/`version` in a registration ignored. Stateful: it keeps
// what is registered, so a migration into it can be compared afterwards.
interface KarapaceLike {
  readonly url: string;
  readonly requests: string[];
  readonly subjects: Map<string, Stored[]>;
  stop(): Promise<void>;
}

function karapaceLike(seed: Record<string, string[]> = {}): Promise<KarapaceLike> {
  const subjects = new Map<string, Stored[]>();
  const requests: string[] = [];
  const levels = new Map<string, string>();
  let nextId = 1;
  for (const [name, schemas] of Object.entries(seed))
    subjects.set(
      name,
      schemas.map((schema) => ({ id: nextId++, schema })),
    );
  const item = (subject: string, i: number) => ({ subject, version: i + 1, id: subjects.get(subject)![i]!.id, schema: subjects.get(subject)![i]!.schema });
  const text = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(body);
  };
  const answer = (req: IncomingMessage, res: ServerResponse, sent: { schema?: string }) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    if (path === '/contexts' || path.startsWith('/contexts/')) return text(res, 404, '404: Not Found');
    if (req.method !== 'GET' && path.startsWith('/mode')) return text(res, 405, '405: Method Not Allowed');
    if (path === '/subjects') return json(res, [...subjects.keys()]);
    if (path === '/schemas')
      return json(
        res,
        [...subjects.keys()].flatMap((s) => subjects.get(s)!.map((_, i) => item(s, i))),
      );
    if (path === '/config' || path === '/mode') return json(res, path === '/config' ? { compatibilityLevel: 'BACKWARD' } : { mode: 'READWRITE' });
    if (path.startsWith('/mode/')) return json(res, { mode: 'READWRITE' });
    if (path.startsWith('/config/')) {
      const subject = path.slice('/config/'.length);
      const level = levels.get(subject);
      if (req.method === 'PUT') levels.set(subject, (sent as { compatibility?: string }).compatibility!); // even for a subject that does not exist
      if (req.method === 'DELETE') levels.delete(subject);
      if (req.method === 'PUT') return json(res, { compatibility: levels.get(subject) });
      return level
        ? json(res, { compatibilityLevel: level })
        : json(res, { error_code: 40408, message: 'Subject does not have subject-level compatibility configured' }, 404);
    }
    if (path.startsWith('/compatibility/')) return json(res, { is_compatible: true });
    const m = /^\/subjects\/(.+?)(\/versions(?:\/(\d+|latest))?)?$/s.exec(path);
    if (!m) return json(res, { error_code: 404, message: 'Not found' }, 404);
    const name = m[1]!;
    const [versions, version] = [m[2], m[3]];
    const stored = subjects.get(name);
    if (req.method === 'POST' && versions && !version) {
      const list = stored ?? [];
      const same = list.find((v) => v.schema === sent.schema);
      if (same) return json(res, { id: same.id });
      subjects.set(name, [...list, { id: nextId, schema: sent.schema! }]);
      return json(res, { id: nextId++ });
    }
    if (!stored) return json(res, { error_code: 40401, message: `Subject '${name}' not found.` }, 404);
    if (req.method === 'POST') {
      const i = stored.findIndex((v) => v.schema === sent.schema);
      return i < 0 ? json(res, { error_code: 40403, message: 'Schema not found' }, 404) : json(res, item(name, i));
    }
    if (versions && !version)
      return json(
        res,
        stored.map((_, i) => i + 1),
      );
    const i = version === 'latest' ? stored.length - 1 : Number(version) - 1;
    return stored[i] ? json(res, item(name, i)) : json(res, { error_code: 40402, message: 'Version not found.' }, 404);
  };
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, res, chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        subjects,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

const writes = (server: KarapaceLike) =>
  server.requests.filter((r) => !r.startsWith('GET') && !r.startsWith('POST /compatibility') && !/^POST \/subjects\/[^/]+$/.test(r.split('?')[0]!));

describe('a registry without contexts (Karapace, as a fixture)', () => {
  let source: Awaited<ReturnType<typeof karapaceLike>>;
  let target: Awaited<ReturnType<typeof karapaceLike>>;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    source = await karapaceLike({ ':.x:s': [avroSchema('S')], 'plain-value': [avroSchema('Plain')] });
    target = await karapaceLike();
    dir = mkdtempSync(join(tmpdir(), 'srx-nocontexts-'));
    env = { REGISTRIES: `karapace:${source.url},karapace2:${target.url}`, SRX_STATE_DIR: join(dir, 'state') };
  });

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a name that merely looks qualified (:.x:s) is a default-context subject: exported, compared, never dropped', async () => {
    const out = join(dir, 'karapace.json');
    const exported = await runCli(['export', 'karapace', '--out', out, '--json'], { env });
    expect(exported.exitCode).toBe(0);
    expect(exported.json().summary).toMatchObject({ contexts: 1, subjects: 2, versions: 2 });
    expect(readFileSync(out, 'utf8')).toContain('":.x:s"');
    const compared = await runCli(['compare', 'karapace', out, '--json'], { env });
    expect(compared.exitCode).toBe(0);
    expect(compared.json().summary).toMatchObject({ subjectsInBoth: 2, identicalSubjects: 2 });
  });

  test('…and migrated as such into another registry without contexts; compare is then clean (ids aside)', async () => {
    const migrated = await runCli(['migrate', 'registry', 'karapace', 'karapace2', '--no-preserve-ids', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    expect(migrated.json().summary.registered).toBe(2);
    expect([...target.subjects.keys()].sort()).toEqual([':.x:s', 'plain-value']);
    const compared = await runCli(['compare', 'karapace', 'karapace2', '--ignore-ids', '--json'], { env });
    expect(compared.exitCode).toBe(0);
    expect(compared.json().summary).toMatchObject({ identicalSubjects: 2, differingSubjects: 0, configDifferences: 0 });
  });

  test('a plan into a named context stops before any write: exit 2, one line, hint --target-context . (import, preview, report)', async () => {
    const file = join(dir, 'named.json');
    const snapshot = aSnapshot('src', 'export')
      .inContext('.team')
      .withSubject('orders-value', aVersion({ id: 7, version: 1, schema: avroSchema('Order') }))
      .build();
    writeFileSync(file, JSON.stringify(buildExportDocument(snapshot, { layout: 'json' }).document));
    const before = writes(target).length;
    for (const args of [
      ['import', file, 'karapace2', '--no-preserve-ids'], // the source's named context, mapped 1:1
      ['import', file, 'karapace2', '--context', '.team', '--target-context', '.other', '--no-preserve-ids'],
      ['migrate', 'preview', file, 'karapace2', '--no-preserve-ids'],
      ['migrate', 'report', file, 'karapace2', '--no-preserve-ids'],
    ]) {
      const run = await runCli(args, { env });
      expect({ args, exitCode: run.exitCode }).toEqual({ args, exitCode: 2 });
      const lines = stripAnsi(run.stderr)
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('hint:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^error: karapace2 has no named contexts \(only the default context "."\), so srx cannot write into context \.(team|other); nothing written$/,
      );
      expect(run.stderr).toMatch(/hint: migrate into the default context: --target-context \./);
    }
    const json = await runCli(['import', file, 'karapace2', '--no-preserve-ids', '--json'], { env });
    expect(json.json().error.code).toBe('E_CONTEXTS_NOT_SUPPORTED');
    expect(writes(target).slice(before)).toEqual([]);
    const into = await runCli(['import', file, 'karapace2', '--context', '.team', '--target-context', '.', '--no-preserve-ids', '--json'], { env });
    expect(into.exitCode).toBe(0);
    expect(target.subjects.has('orders-value')).toBe(true);
  });

  test('reading a named context of it is a refusal (exit 2), not an unreachable registry (exit 3)', async () => {
    const run = await runCli(['compare', 'karapace', 'karapace2', '--context', '.x'], { env });
    expect(run.exitCode).toBe(2);
    expect(stripAnsi(run.stderr)).toMatch(
      /^error: karapace has no named contexts \(only the default context "."\), so srx cannot read context \.x\nhint: read the default context: --context \.\n?$/,
    );
  });
});
