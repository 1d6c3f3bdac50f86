import { mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportFormatError } from '../../../src/core/errors.js';
import { canonicalJson, exportChecksum, sha256Hex } from '../../../src/core/export/format.js';
import { loadExport } from '../../../src/core/export/load-export.js';
import { exportSnapshot } from '../../../src/core/export/write-export.js';
import type { Snapshot, SnapshotVersion } from '../../../src/core/snapshot/types.js';

function v(version: number, id: number, schema: string, extra: Partial<SnapshotVersion> = {}): SnapshotVersion {
  return { version, id, schemaType: 'AVRO', schema, references: [], deleted: false, ...extra };
}

const snapshot: Snapshot = {
  registry: { name: 'staging', url: 'https://user:secret@sr.example.com/?token=abc', kind: 'http' },
  takenAt: '2026-11-24T06:00:00.000Z',
  scope: { includeDeleted: true, includeConfig: true },
  contexts: [
    {
      name: '.team-a',
      compatibility: 'FULL',
      mode: 'READWRITE',
      subjects: [{ name: 'Orders', compatibility: null, mode: null, versions: [v(1, 1, '"string"')] }],
    },
    {
      name: '.',
      compatibility: 'BACKWARD',
      mode: 'READWRITE',
      subjects: [
        { name: 'orders', compatibility: null, mode: null, versions: [v(1, 1, '"int"')] },
        { name: 'Orders', compatibility: 'NONE', mode: 'READONLY', versions: [v(3, 7, '"long"', { deleted: true }), v(1, 5, '"string"')] },
        { name: 'a/../b: ü', compatibility: null, mode: null, versions: [v(2, 9, '{"type":"object"}\n', { schemaType: 'JSON' })] },
        {
          name: 'proto',
          compatibility: null,
          mode: null,
          versions: [
            v(1, 10, 'syntax = "proto3";\nmessage M { string a = 1; }', {
              schemaType: 'PROTOBUF',
              references: [{ name: 'x.proto', subject: 'x', version: 1 }],
            }),
          ],
        },
      ],
    },
  ],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'srx-export-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function expectFormatError(path: string, pattern: RegExp): Promise<void> {
  const error = await loadExport(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExportFormatError);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain('\n');
}

describe('exportSnapshot + loadExport', () => {
  it.each(['json', 'dir'] as const)('round-trips every field (%s)', async (format) => {
    const path = join(dir, format === 'json' ? 'x.json' : 'x');
    await exportSnapshot(snapshot, { format, path });
    const loaded = await loadExport(path, { name: 'backup' });
    expect(loaded.registry).toEqual({ name: 'backup', url: `file:${path}`, kind: 'export' });
    expect(loaded.contexts.map((c) => c.name)).toEqual(['.', '.team-a']);
    const def = loaded.contexts[0]!;
    expect(def.subjects.map((s) => s.name)).toEqual(['Orders', 'a/../b: ü', 'orders', 'proto']);
    expect(def.subjects[0]).toEqual({
      name: 'Orders',
      compatibility: 'NONE',
      mode: 'READONLY',
      versions: [v(1, 5, '"string"'), v(3, 7, '"long"', { deleted: true })],
    });
    expect(def.subjects[1]!.versions[0]!.schema).toBe('{"type":"object"}\n');
    expect(def.subjects[3]!.versions[0]!.references).toEqual([{ name: 'x.proto', subject: 'x', version: 1 }]);
    expect(loaded.contexts[1]).toEqual(snapshot.contexts[0]);
  });

  it('masks credentials and drops the query string of the source URL', async () => {
    const { content } = await exportSnapshot(snapshot, { format: 'json' });
    expect(content).not.toContain('secret');
    expect(content).not.toContain('token=abc');
    expect(JSON.parse(content).source).toEqual({ name: 'staging', url: 'https://***@sr.example.com/' });
  });

  it('is byte-identical for the same state whatever the input order; checksum ignores time and layout', async () => {
    const shuffled: Snapshot = { ...snapshot, contexts: [...snapshot.contexts].reverse().map((c) => ({ ...c, subjects: [...c.subjects].reverse() })) };
    const a = await exportSnapshot(snapshot, { format: 'json' });
    const b = await exportSnapshot(shuffled, { format: 'json' });
    expect(b.content).toBe(a.content);
    const later = await exportSnapshot(snapshot, { format: 'json', exportedAt: '2030-01-01T00:00:00.000Z' });
    expect(later.document.sha256).toBe(a.document.sha256);
    const asDir = await exportSnapshot(snapshot, { format: 'dir', path: join(dir, 'd') });
    expect(asDir.document.sha256).toBe(a.document.sha256);
    expect(a.document.sha256).toBe(exportChecksum(a.document));
  });

  it('writes one file per version with safe names, case-distinct', async () => {
    await exportSnapshot(snapshot, { format: 'dir', path: dir });
    const subjects = readdirSync(join(dir, 'subjects')).sort();
    expect(subjects).toEqual(['%4Frders', 'a%2F..%2Fb%3A%20%C3%BC', 'orders', 'proto']);
    expect(readdirSync(join(dir, 'subjects', 'proto'))).toEqual(['v1.proto']);
    expect(readdirSync(join(dir, 'contexts', 'team-a', 'subjects'))).toEqual(['Orders']);
    expect(readFileSync(join(dir, 'subjects', '%4Frders', 'v3.avsc'), 'utf8')).toBe('"long"\n');
  });

  it('re-exports over a previous export directory, removing stale files, and refuses foreign directories', async () => {
    await exportSnapshot(snapshot, { format: 'dir', path: dir });
    writeFileSync(join(dir, 'README.md'), 'mine');
    const smaller: Snapshot = { ...snapshot, contexts: [snapshot.contexts[1]!] };
    await exportSnapshot(smaller, { format: 'dir', path: dir });
    expect(existsSync(join(dir, 'contexts'))).toBe(false);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine');
    const foreign = join(dir, 'foreign');
    await exportSnapshot(snapshot, { format: 'json', path: join(foreign, 'a.txt') });
    await expect(exportSnapshot(snapshot, { format: 'dir', path: foreign })).rejects.toThrow(/not empty and holds no srx export/);
  });
});

describe('what an export keeps', () => {
  it('drops the server-added confluent:version property but keeps real metadata and rule sets, keys sorted', async () => {
    const withMeta: Snapshot = {
      ...snapshot,
      contexts: [
        {
          name: '.',
          compatibility: null,
          mode: null,
          subjects: [
            {
              name: 's',
              compatibility: null,
              mode: null,
              versions: [
                v(1, 1, '"string"', { metadata: { properties: { 'confluent:version': '1' } } }),
                v(2, 2, '"int"', {
                  metadata: { properties: { owner: 'team-a', 'confluent:version': '2' }, tags: { z: ['PII'] } },
                  ruleSet: { domainRules: [] },
                }),
              ],
            },
          ],
        },
      ],
    };
    const { document } = await exportSnapshot(withMeta, { format: 'json' });
    const [v1, v2] = document.contexts[0]!.subjects[0]!.versions;
    expect(v1!.metadata).toBeUndefined();
    expect(v2!.metadata).toEqual({ properties: { owner: 'team-a' }, tags: { z: ['PII'] } });
    expect(Object.keys(v2!.metadata as object)).toEqual(['properties', 'tags']);
    expect(v2!.ruleSet).toEqual({ domainRules: [] });
    const path = join(dir, 'm.json');
    await exportSnapshot(withMeta, { format: 'json', path });
    expect((await loadExport(path)).contexts[0]!.subjects[0]!.versions[1]!.metadata).toEqual(v2!.metadata);
  });

  it('refuses a directory holding export files but no manifest (exports are swapped in whole, so srx never leaves one)', async () => {
    await exportSnapshot(snapshot, { format: 'dir', path: dir });
    unlinkSync(join(dir, 'manifest.json'));
    await expect(exportSnapshot(snapshot, { format: 'dir', path: dir })).rejects.toThrow(/holds no srx export \(no manifest\.json\)/);
  });
});

describe('corrupted exports', () => {
  it('names a changed schema text (json)', async () => {
    const path = join(dir, 'x.json');
    await exportSnapshot(snapshot, { format: 'json', path });
    writeFileSync(path, readFileSync(path, 'utf8').replace('\\"long\\"', '\\"double\\"'));
    await expectFormatError(path, /checksum mismatch for subject Orders version 3/);
  });

  it('names a changed schema file (dir)', async () => {
    await exportSnapshot(snapshot, { format: 'dir', path: dir });
    writeFileSync(join(dir, 'contexts', 'team-a', 'subjects', 'Orders', 'v1.avsc'), '"bytes"\n');
    await expectFormatError(dir, /v1\.avsc: checksum mismatch for subject :\.team-a:Orders version 1/);
  });

  it('names a missing file', async () => {
    await exportSnapshot(snapshot, { format: 'dir', path: dir });
    unlinkSync(join(dir, 'subjects', 'proto', 'v1.proto'));
    await expectFormatError(dir, /missing file subjects\/proto\/v1\.proto \(subject proto version 1\)/);
  });

  it('names a missing manifest', async () => {
    await expectFormatError(dir, /manifest\.json is missing/);
  });

  it('detects an edited manifest (id changed) through the whole-export checksum', async () => {
    const path = join(dir, 'x.json');
    await exportSnapshot(snapshot, { format: 'json', path });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"id": 7', '"id": 8'));
    await expectFormatError(path, /export checksum mismatch/);
  });

  it('names an unknown format version', async () => {
    const path = join(dir, 'x.json');
    await exportSnapshot(snapshot, { format: 'json', path });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"formatVersion": 1', '"formatVersion": 2'));
    await expectFormatError(path, /unknown export format version 2; this srx reads version 1/);
  });

  it('names truncated JSON', async () => {
    const path = join(dir, 'x.json');
    await exportSnapshot(snapshot, { format: 'json', path });
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, Math.floor(text.length / 2)));
    await expectFormatError(path, /not valid JSON \(truncated or hand-edited\?\)/);
  });

  it('names a structural error with its path', async () => {
    const path = join(dir, 'x.json');
    await exportSnapshot(snapshot, { format: 'json', path });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"id": 7', '"id": "7"'));
    await expectFormatError(path, /invalid export at contexts\[0\]\.subjects\[0\]\.versions\[1\]\.id/);
  });

  it('refuses file paths escaping the directory', async () => {
    await exportSnapshot(snapshot, { format: 'dir', path: dir });
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"subjects/proto/v1.proto"', '"../../etc/passwd"'));
    await expectFormatError(dir, /points outside the export directory/);
  });

  it('reports a missing export', async () => {
    await expectFormatError(join(dir, 'nope.json'), /export not found/);
  });
});

describe('checksums', () => {
  it('sha256Hex is the standard sha256 of UTF-8 text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('canonicalJson sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
