// Issue 16: a symlink or FIFO inside a directory export is never followed or opened. Before, a schema file
// replaced by a link to another file printed that file's first bytes, and a FIFO hung srx past SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistries } from '../../support/registry-server.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const BIN = fileURLToPath(new URL('../../../bin/srx.js', import.meta.url));
const SECRET = 'root:TOP-SECRET-FIRST-BYTES:0:0';

let servers: Awaited<ReturnType<typeof startRegistries<'src'>>>;
let dir: string;
let pristine: string;

/** The schema files of the export, as manifest-relative paths. */
function schemaFiles(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
    contexts: Array<{ subjects: Array<{ versions: Array<{ file: string }> }> }>;
  };
  return manifest.contexts.flatMap((c) => c.subjects.flatMap((s) => s.versions.map((v) => v.file)));
}

/** A fresh copy of the good export, changed by `mutate`. */
function variant(name: string, mutate: (root: string, file: string) => void): string {
  const root = join(dir, name);
  cpSync(pristine, root, { recursive: true });
  mutate(root, schemaFiles(root)[0]!);
  return root;
}

beforeAll(async () => {
  servers = await startRegistries(['src']);
  await seeder(servers.src.url).register('orders-value', avroRecord('Order', ['id']));
  dir = mkdtempSync(join(tmpdir(), 'srx-special-'));
  writeFileSync(join(dir, 'outside.txt'), `${SECRET}\n`);
  pristine = join(dir, 'pristine');
  const run = await runCli(['export', servers.src.url, '-o', pristine, '--format', 'dir']);
  expect(run.exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a directory export holding links or FIFOs', () => {
  it('reads the untouched export (control)', async () => {
    const run = await runCli(['export', pristine]);
    expect(run.exitCode).toBe(0);
  });

  it.each([
    [
      'a schema file that is a symlink to another file',
      (root: string, file: string) => {
        unlinkSync(join(root, file));
        symlinkSync(join(dir, 'outside.txt'), join(root, file));
      },
      /is a symbolic link; srx never follows links inside an export \(subject orders-value version 1\)$/,
    ],
    [
      'a folder on the way that is a symlink',
      (root: string, file: string) => {
        const folder = join(root, file.split('/')[0]!);
        const copy = `${folder}-real`;
        cpSync(folder, copy, { recursive: true });
        rmSync(folder, { recursive: true });
        writeFileSync(join(copy, ...file.split('/').slice(1)), `${SECRET}\n`);
        symlinkSync(copy, folder);
      },
      /is a symbolic link; srx never follows links inside an export/,
    ],
    [
      'a manifest that is a symlink',
      (root: string) => {
        unlinkSync(join(root, 'manifest.json'));
        symlinkSync(join(dir, 'outside.txt'), join(root, 'manifest.json'));
      },
      /manifest\.json: is a symbolic link; srx never follows links inside an export$/,
    ],
  ])('%s: refused with one line, exit 2, nothing of the other file printed', async (_name, mutate, message) => {
    const root = variant(`v-${readdirSync(dir).length}`, mutate);
    for (const args of [
      ['export', root],
      ['compare', root, pristine],
      ['--json', 'export', root],
    ]) {
      const run = await runCli(args);
      expect(run.exitCode).toBe(2);
      const text = `${run.stdout}${run.stderr}`;
      expect(text).not.toContain('root:');
      expect(text).not.toContain('TOP-SECRET');
      if (args[0] !== '--json') {
        expect(run.stderr.trimEnd().split('\n')[0]).toMatch(message);
        expect(
          run.stderr
            .trimEnd()
            .split('\n')
            .filter((l) => l.startsWith('error:')),
        ).toHaveLength(1);
      }
    }
  });

  it('a schema file that is a FIFO: refused at once with exit 2 (a real process, bounded time), never opened for a blocking read', async () => {
    const root = variant('fifo', (r, file) => {
      unlinkSync(join(r, file));
      execFileSync('mkfifo', [join(r, file)]);
    });
    expect(statSync(join(root, schemaFiles(root)[0]!)).isFIFO()).toBe(true);
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, 'export', root], { env: { PATH: process.env.PATH, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(
        /^error: .*: not a regular file \(a FIFO\); srx reads only regular files in an export \(subject orders-value version 1\)\n/,
      ),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
