import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExportDocument } from '../../../src/core/export/build-document.js';
import { readExport } from '../../../src/core/export/load-export.js';
import { SWAP_FILE } from '../../../src/core/export/swap-directory.js';
import { aSnapshot, versionsOf } from '../../support/builders.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// Writing a directory export is atomic: the new export is staged whole, then swapped in; a kill leaves the
// previous export whole (or the new one, finished on the next read). The sources are export files: no server.
const root = process.cwd();

function exportFile(dir: string, name: string, subjects: number, tag: string): string {
  const builder = aSnapshot(name, 'export');
  for (let i = 0; i < subjects; i++) builder.withSubject(`${tag}-${i}-value`, versionsOf(3, i * 10, `R${tag}${i}`));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(buildExportDocument(builder.build(), { layout: 'json' }).document));
  return file;
}

describe('atomic directory exports', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-atomic-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a kill while a re-export is written leaves the previous export whole; the next run cleans up', async () => {
    const small = exportFile(dir, 'small', 5, 'old');
    const big = exportFile(dir, 'big', 4000, 'new');
    const out = join(dir, 'out');
    expect((await runCli(['export', small, '--out', out, '--format', 'dir'], { cwd: dir })).exitCode).toBe(0);
    const before = await readExport(out);
    mkdirSync(join(out, '.git')); // a user's own files stay untouched
    const child = spawn(process.execPath, [join(root, 'bin', 'srx.js'), 'export', big, '--out', out, '--format', 'dir'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const staging = readdirSync(out).find((n) => n.startsWith('.srx-next-'));
        if (staging && existsSync(join(out, staging, 'subjects'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 20_000) {
          clearInterval(poll);
          reject(new Error('the export never started staging'));
        }
      }, 2);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const after = await readExport(out);
    expect(after.document.sha256).toBe(before.document.sha256);
    expect(existsSync(join(out, '.git'))).toBe(true);
    // The next export removes the killed run's staging folder and writes the new export.
    expect((await runCli(['export', big, '--out', out, '--format', 'dir'], { cwd: dir })).exitCode).toBe(0);
    expect(
      readdirSync(out)
        .filter((n) => n.startsWith('.srx-'))
        .sort(),
    ).toEqual([]);
    expect((await readExport(out)).document.summary.subjects).toBe(4000);
    expect(existsSync(join(out, '.git'))).toBe(true);
  }, 60_000);

  test('a swap a kill interrupted is finished on the next read: never a mix of two exports', async () => {
    const a = exportFile(dir, 'a', 3, 'a');
    const b = exportFile(dir, 'b', 4, 'b');
    const out = join(dir, 'mixed');
    const staged = join(dir, 'staged');
    expect((await runCli(['export', a, '--out', out, '--format', 'dir'], { cwd: dir })).exitCode).toBe(0);
    expect((await runCli(['export', b, '--out', staged, '--format', 'dir'], { cwd: dir })).exitCode).toBe(0);
    const next = (await readExport(staged)).document.sha256;
    // The state after a kill between two renames: subjects already swapped, contexts and manifest not yet.
    renameSync(staged, join(out, '.srx-next-1-x'));
    mkdirSync(join(out, '.srx-prev-1-x'));
    writeFileSync(join(out, SWAP_FILE), JSON.stringify({ next: '.srx-next-1-x', prev: '.srx-prev-1-x' }));
    renameSync(join(out, 'subjects'), join(out, '.srx-prev-1-x', 'subjects'));
    renameSync(join(out, '.srx-next-1-x', 'subjects'), join(out, 'subjects'));
    expect((await readExport(out)).document.sha256).toBe(next);
    expect(readdirSync(out).filter((n) => n.startsWith('.srx'))).toEqual([]);
  });

  test('--out DIR refuses a directory that holds files and no srx manifest; no .tmp is left behind', async () => {
    const a = exportFile(dir, 'c', 2, 'c');
    const foreign = join(dir, 'foreign');
    mkdirSync(join(foreign, 'subjects'), { recursive: true });
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const run = await runCli(['export', a, '--out', foreign, '--format', 'dir'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(stripAnsi(run.stderr)).toMatch(/^error: .*foreign is not empty and holds no srx export \(no manifest\.json\); refusing to write into it/);
    expect(readdirSync(foreign).sort()).toEqual(['notes.txt', 'subjects']);
    const json = join(dir, 'c-copy.json');
    writeFileSync(`${json}.999999999.tmp`, 'left by a killed run'); // a pid that cannot be alive
    expect((await runCli(['export', a, '--out', json], { cwd: dir })).exitCode).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
