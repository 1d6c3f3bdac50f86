// Unit-level faults of the local state: a journal whose file cannot be written stays consistent, a torn last line is
// cut before resuming, a state directory that cannot exist fails fast, and a broken config file's error never quotes
// the file's text (it may hold a password).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/core/config/load-config.js';
import { ConfigError, UsageError } from '../../../src/core/errors.js';
import { FileJournal, readJournalFile, type JournalHeader } from '../../../src/core/journal/journal.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import { ensureDir } from '../../../src/core/state/state-dir.js';

const header = (id: string): JournalHeader => ({
  type: 'header',
  id,
  migrationKind: 'migrate',
  source: { name: 's', url: 'http://s', kind: 'http' },
  target: { name: 't', url: 'http://t' },
  scope: {},
  policy: DEFAULT_POLICY,
  startedAt: '2026-01-01T00:00:00.000Z',
  planned: 2,
  targetBefore: {},
});
const step = (version: number) => ({
  type: 'step' as const,
  stepId: `register:.:s:${version}`,
  action: 'register' as const,
  context: '.',
  subject: 's',
  version,
  sourceId: version,
  targetId: version,
  status: 'applied' as const,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'srx-state-faults-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a journal that cannot be written', () => {
  it('rejects the append with E_JOURNAL, and every later one, so the file never gets a gap in its chain', async () => {
    const journal = FileJournal.create(dir, header('m-1'));
    await journal.append(step(1));
    await journal.close();
    // The file becomes unwritable (a directory in its place stands in for a full disk).
    const saved = readFileSync(journal.path);
    rmSync(journal.path);
    mkdirSync(journal.path);
    await expect(journal.append(step(2))).rejects.toThrow(UsageError);
    await expect(journal.append(step(2))).rejects.toMatchObject({ code: 'E_JOURNAL' });
    rmSync(journal.path, { recursive: true });
    writeFileSync(journal.path, saved);
    await expect(journal.append(step(3))).rejects.toMatchObject({ code: 'E_JOURNAL' });
    await journal.close();
    expect(readJournalFile(journal.path).map((e) => e.type)).toEqual(['header', 'step']);
  });

  it('is not created when its directory is not a directory: E_JOURNAL, nothing left behind', () => {
    writeFileSync(join(dir, 'migrations'), 'a file');
    expect(() => FileJournal.create(join(dir, 'migrations'), header('m-2'))).toThrow(expect.objectContaining({ code: 'E_JOURNAL' }));
  });
});

describe('resuming a journal with a torn last line', () => {
  it('cuts the torn line, so the records appended next keep the chain valid', async () => {
    const journal = FileJournal.create(dir, header('m-3'));
    await journal.append(step(1));
    await journal.close();
    appendFileSync(journal.path, '{"type":"step","stepId":"regis');
    const reopened = FileJournal.open(journal.path);
    await reopened.append(step(2));
    await reopened.append({ type: 'status', status: 'completed' });
    await reopened.close();
    expect(readJournalFile(journal.path).map((e) => e.type)).toEqual(['header', 'step', 'step', 'status']);
    expect(readFileSync(journal.path, 'utf8')).not.toContain('"regis{');
  });
});

describe('a state directory that cannot exist', () => {
  it.each([
    ['under a regular file', () => join(dir, 'file', 'state'), /ENOTDIR/],
    ['under /proc', () => '/proc/srx-state/journals', /ENOENT|EACCES|EPERM/],
  ])('%s: a UsageError naming it, at once', (_name, path, code) => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => ensureDir(path())).toThrow(UsageError);
    expect(() => ensureDir(path())).toThrow(code);
  });

  it('an existing directory is fine, and nested ones are created', () => {
    expect(ensureDir(join(dir, 'a', 'b', 'c'))).toBe(join(dir, 'a', 'b', 'c'));
    expect(ensureDir(join(dir, 'a'))).toBe(join(dir, 'a'));
  });
});

describe('a broken config file', () => {
  it.each([
    ['schema-tool.config.json', '{"registries": {"dev": {"url": "http://h", "password": "hunter2-secret"', /invalid JSON: /],
    ['.schema-toolrc.yaml', 'registries:\n  dev: {url: http://h, password: hunter2-secret\n', /invalid YAML: /],
  ])('%s: names the file and the parser problem, never quotes the text', async (name, text, problem) => {
    writeFileSync(join(dir, name), text);
    const error = await loadConfig({ env: {}, cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(join(dir, name));
    expect(message).toMatch(problem);
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain('\n');
  });
});
