import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExportDocument } from '../../../src/core/export/build-document.js';
import { aSnapshot, aVersion, avroSchema } from '../../support/builders.js';
import { json, startHostileServer, type HostileServer } from '../../support/hostile-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// Karapace 6.2 (a fixture in our own words, from REGISTRY-NOTES.md): modes are read-only, `PUT`/`DELETE /mode`
// answer 405 with a plain-text body, `GET /mode/{s}` answers the global mode, no contexts. A migration that keeps
// ids needs IMPORT mode: it must stop before writing (exit 2, the hint), and leave no phantom mode for later runs.
function karapaceLike(): Promise<HostileServer> {
  return startHostileServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    if (req.method !== 'GET' && path.startsWith('/mode')) {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      return res.end('405: Method Not Allowed');
    }
    if (path === '/contexts') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('404: Not Found');
    }
    if (path === '/schemas' || path === '/subjects') return json(res, []);
    if (path === '/config') return json(res, { compatibilityLevel: 'BACKWARD' });
    if (path.startsWith('/config/') && req.method === 'PUT') return json(res, { compatibility: 'NONE' }); // even for a subject that does not exist
    if (path.startsWith('/config/') && req.method === 'DELETE') return json(res, { compatibilityLevel: 'NONE' });
    if (path.startsWith('/mode')) return json(res, { mode: 'READWRITE' });
    if (req.method === 'POST' && path.endsWith('/versions')) return json(res, { id: 99 }); // a write: must never happen here
    return json(res, { error_code: 40401, message: 'Subject not found.' }, 404);
  });
}

describe('a target without mode writes (Karapace, as a fixture)', () => {
  let server: HostileServer;
  let dir: string;
  let env: Record<string, string>;
  let file: string;

  beforeAll(async () => {
    server = await karapaceLike();
    dir = mkdtempSync(join(tmpdir(), 'srx-nomode-'));
    env = { REGISTRIES: `karapace:${server.url}`, SRX_STATE_DIR: join(dir, 'state') };
    file = join(dir, 'src.json');
    const snapshot = aSnapshot('src', 'export')
      .withSubject('orders-value', aVersion({ id: 7, version: 1, schema: avroSchema('Order') }))
      .build();
    writeFileSync(file, JSON.stringify(buildExportDocument(snapshot, { layout: 'json' }).document));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('keeping ids stops before any write (exit 2, --no-preserve-ids), and a second run is the same refusal, not a phantom mode (exit 4)', async () => {
    for (let run = 0; run < 2; run++) {
      const result = await runCli(['import', file, 'karapace'], { env });
      expect(result.exitCode).toBe(2);
      const err = stripAnsi(result.stderr);
      expect(err).toMatch(/error: karapace cannot enter IMPORT mode .*ids and versions cannot be preserved there; nothing written/);
      expect(err).toMatch(/hint: migrate with --no-preserve-ids/);
      expect(err).not.toMatch(/mode not restored/);
    }
    expect(server.requests.filter((r) => r.startsWith('POST') && r.includes('/versions'))).toEqual([]);
    const json = await runCli(['import', file, 'karapace', '--json'], { env });
    expect(json.json().error.code).toBe('E_IMPORT_NOT_POSSIBLE');
  });

  test('--no-preserve-ids registers normally (no mode change at all)', async () => {
    const modeWrites = () => server.requests.filter((r) => r.startsWith('PUT /mode') || r.startsWith('DELETE /mode')).length;
    const before = modeWrites();
    const result = await runCli(['import', file, 'karapace', '--no-preserve-ids', '--json'], { env });
    expect(result.exitCode).toBe(0);
    expect(modeWrites()).toBe(before);
  });
});
