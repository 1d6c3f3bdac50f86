import { mkdirSync, mkdtempSync as makeTempDir, rmSync as removeDir } from 'node:fs';
import { tmpdir as osTmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { FileJournal as HeaderJournal, journalsDir as headerJournalsDir } from '../../../src/core/journal/journal.js';
import { readMigrationHeader } from '../../../src/core/journal/history.js';
import { DEFAULT_POLICY as HEADER_POLICY } from '../../../src/core/plan/types.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalCorruptError, MigrationLockedError } from '../../../src/core/errors.js';
import { endsCleanly, FileJournal, readJournalFile, type JournalHeader } from '../../../src/core/journal/journal.js';
import { acquireTargetLock, lockPath } from '../../../src/core/journal/lock.js';
import { leftoverModes } from '../../../src/core/journal/history.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';

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

describe('FileJournal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the header at creation and each appended record durably, chained by hashes', async () => {
    const journal = FileJournal.create(dir, header('m-1'));
    expect(readJournalFile(journal.path).map((e) => e.type)).toEqual(['header']);
    await Promise.all([journal.append(step(1)), journal.append(step(2))]);
    await journal.append({ type: 'status', status: 'completed' });
    await journal.close();
    const entries = readJournalFile(journal.path);
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(entries[2]!.previousHash).toBe(entries[1]!.hash);
    expect(journal.lastApplied()).toMatchObject({ stepId: 'register:.:s:2' });
  });

  // Issue 16: a failed step's error may quote what a registry echoed; known secrets are masked before the record is sealed.
  it('masks known secrets in records before writing them (the hash chain still verifies), files 0600', async () => {
    const { Redactor } = await import('../../../src/core/config/redact.js');
    const redactor = new Redactor();
    redactor.addBasicAuth('alice', 'Pa55"w0rd');
    const journal = FileJournal.create(dir, header('m-redact'), (text) => redactor.redact(text));
    const echoed = `tgt: POST /subjects/s/versions → 400: bad credentials Basic ${Buffer.from('alice:Pa55"w0rd').toString('base64')} alice:Pa55"w0rd`;
    await journal.append({ ...step(1), status: 'failed', error: echoed } as never);
    await journal.close();
    const text = readFileSync(journal.path, 'utf8');
    expect(text).not.toContain('Pa55');
    expect(text).not.toContain(Buffer.from('alice:Pa55"w0rd').toString('base64').slice(0, -2));
    expect(readJournalFile(journal.path)[1]).toMatchObject({ error: 'tgt: POST /subjects/s/versions → 400: bad credentials Basic *** ***' });
    const { statSync } = await import('node:fs');
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
  });

  it('detects an edited, removed or reordered record (JournalCorruptError), ignores a torn last line', async () => {
    const journal = FileJournal.create(dir, header('m-2'));
    await journal.append(step(1));
    await journal.append(step(2));
    await journal.close();
    const text = readFileSync(journal.path, 'utf8');
    appendFileSync(journal.path, '{"type":"step","stepI');
    expect(readJournalFile(journal.path)).toHaveLength(3);
    writeFileSync(journal.path, text.replace('"targetId":2', '"targetId":3'));
    expect(() => readJournalFile(journal.path)).toThrow(JournalCorruptError);
    const lines = text.trim().split('\n');
    writeFileSync(journal.path, `${[lines[0], lines[2], lines[1]].join('\n')}\n`);
    expect(() => readJournalFile(journal.path)).toThrow(JournalCorruptError);
    writeFileSync(journal.path, `${[lines[0], lines[2]].join('\n')}\n`);
    expect(() => readJournalFile(journal.path)).toThrow(/hash chain/);
  });

  it('refuses a second journal with the same id', () => {
    FileJournal.create(dir, header('m-3'));
    expect(() => FileJournal.create(dir, header('m-3'))).toThrow(/cannot create journal/);
  });

  it('tells from its tail alone whether a journal can hold leftovers (only a clean final status says no)', async () => {
    const clean = FileJournal.create(dir, header('m-5'));
    await clean.append(step(1));
    expect(endsCleanly(clean.path)).toBe(false);
    await clean.append({ type: 'status', status: 'completed', modesLeftChanged: 0 });
    await clean.close();
    expect(endsCleanly(clean.path)).toBe(true);
    const left = FileJournal.create(dir, header('m-6'));
    await left.append({ type: 'status', status: 'partial', modesLeftChanged: 1 });
    await left.close();
    expect(endsCleanly(left.path)).toBe(false);
  });

  it('knows which modes a run left changed', async () => {
    const journal = FileJournal.create(dir, header('m-4'));
    await journal.append({ type: 'mode-set', context: '.', subject: 'a', previous: null, mode: 'IMPORT' });
    await journal.append({ type: 'mode-set', context: '.', subject: 'b', previous: 'READONLY', mode: 'IMPORT' });
    await journal.append({ type: 'mode-restored', context: '.', subject: 'a', mode: null });
    expect(leftoverModes(journal.entries())).toEqual([{ scope: { context: '.', subject: 'b' }, previous: 'READONLY' }]);
  });
});

describe('target lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const target = { name: 'prod', url: 'http://prod:8081' };

  it('lets one migration at a time into a target; a stale lock (dead process) is taken over', () => {
    const release = acquireTargetLock(dir, target, 'm-a');
    expect(() => acquireTargetLock(dir, target, 'm-b')).toThrow(MigrationLockedError);
    const other = acquireTargetLock(dir, { name: 'dev', url: 'http://dev:8081' }, 'm-c');
    release();
    other();
    writeFileSync(lockPath(dir, target.url), JSON.stringify({ pid: 2 ** 22 + 12345, migrationId: 'm-dead', target: 'prod', at: '' }));
    const again = acquireTargetLock(dir, target, 'm-d');
    expect(JSON.parse(readFileSync(lockPath(dir, target.url), 'utf8')).migrationId).toBe('m-d');
    again();
  });

  it('is per target identity, not per spelling: localhost and 127.0.0.1, a trailing slash, the default port', () => {
    const release = acquireTargetLock(dir, { name: 'a', url: 'http://localhost:8081/' }, 'm-a');
    for (const url of ['http://127.0.0.1:8081', 'HTTP://LOCALHOST:8081//', 'http://[::1]:8081', 'http://user:***@localhost:8081/?x=1']) {
      expect(() => acquireTargetLock(dir, { name: 'b', url }, 'm-b')).toThrow(MigrationLockedError);
    }
    const proxied = acquireTargetLock(dir, { name: 'c', url: 'http://localhost:8081/sr' }, 'm-c'); // another path: another registry
    const other = acquireTargetLock(dir, { name: 'd', url: 'http://localhost:8082' }, 'm-d');
    release();
    proxied();
    other();
    const https = acquireTargetLock(dir, { name: 'e', url: 'https://sr.example.com' }, 'm-e');
    expect(() => acquireTargetLock(dir, { name: 'f', url: 'https://sr.example.com:443/' }, 'm-f')).toThrow(MigrationLockedError);
    https();
  });
});

describe('readMigrationHeader', () => {
  it('returns the checked header of a journal, and refuses a header srx did not write (one line, E_JOURNAL_CORRUPT)', async () => {
    const stateDir = makeTempDir(joinPath(osTmpdir(), 'srx-header-'));
    mkdirSync(headerJournalsDir(stateDir));
    try {
      const header = {
        type: 'header' as const,
        id: 'm-20261129-010000000Z-abcdef',
        migrationKind: 'migrate' as const,
        source: { name: 'a', url: 'http://a', kind: 'http' as const },
        target: { name: 'b', url: 'http://b' },
        scope: {},
        policy: HEADER_POLICY,
        startedAt: '2026-11-29T01:00:00.000Z',
        planned: 1,
        targetBefore: {},
      };
      const good = HeaderJournal.create(headerJournalsDir(stateDir), header);
      await good.close();
      expect(readMigrationHeader(stateDir, 'm-20261129-010000000Z')).toMatchObject({ id: header.id, target: { name: 'b' } });
      const bad = HeaderJournal.create(headerJournalsDir(stateDir), { ...header, id: 'm-20261129-020000000Z-fedcba', planned: -1 });
      await bad.close();
      expect(() => readMigrationHeader(stateDir, 'm-20261129-020000000Z')).toThrow(/the header record is not one srx wrote \(planned: /);
    } finally {
      removeDir(stateDir, { recursive: true, force: true });
    }
  });
});
