import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readdirSync, readSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalCorruptError, UsageError, errnoOf, fileFailure } from '../errors.js';
import { STATE_FILE_MODE } from '../state/state-dir.js';
import type { MigrationPolicy, MigrationScope, MigrationStatus, MigrationSummary, RegistryRef, StepAction } from '../plan/types.js';

/** The first record: what the migration is, written (and fsynced) before its first write. */
export interface JournalHeader {
  readonly type: 'header';
  readonly id: string;
  readonly migrationKind: 'migrate' | 'sync' | 'import';
  readonly source: RegistryRef & { readonly kind: 'http' | 'export'; readonly path?: string };
  readonly target: RegistryRef;
  readonly scope: MigrationScope;
  readonly policy: MigrationPolicy;
  readonly startedAt: string;
  readonly planned: number;
  /** Versions (incl. soft-deleted) each touched target subject had before, keyed `ctx\u0000subject`, for rollback's "changed since" check. */
  readonly targetBefore: Readonly<Record<string, readonly number[]>>;
}

/** One record after the header. */
export type JournalRecord =
  | JournalHeader
  | { readonly type: 'mode-set'; readonly context: string; readonly subject: string | null; readonly previous: string | null; readonly mode: string }
  | { readonly type: 'mode-restored'; readonly context: string; readonly subject: string | null; readonly mode: string | null }
  | {
      readonly type: 'step';
      readonly stepId: string;
      readonly action: StepAction;
      readonly context: string;
      readonly subject: string;
      readonly version: number | null;
      readonly sourceId: number | null;
      readonly targetId: number | null;
      readonly status: 'applied' | 'failed';
      readonly error?: { readonly code: string; readonly message: string; readonly errorCode?: number };
      readonly compatibility?: string;
      readonly previousCompatibility?: string | null;
    }
  | {
      /**
       * Written and synced before a bulk import request: the versions it may create. A step record for each
       * follows once the server answered; rollback looks in the target for those without one (srx stopped between).
       */
      readonly type: 'bulk-import';
      readonly context: string;
      readonly items: readonly { readonly stepId: string; readonly subject: string; readonly version: number; readonly id: number }[];
    }
  | {
      /**
       * Steps planned after the header was written, applied after it: subject compatibility, read from the source
       * while the versions were written. The migration's planned steps are the header's plus these.
       */
      readonly type: 'steps-added';
      readonly steps: number;
    }
  | { readonly type: 'resumed' }
  | {
      readonly type: 'status';
      readonly status: MigrationStatus;
      readonly summary?: MigrationSummary;
      /** Modes this run switched and could not restore (0: a later run need not read this journal for leftovers). */
      readonly modesLeftChanged?: number;
    }
  | {
      readonly type: 'rollback-step';
      readonly action: 'soft-delete' | 'hard-delete' | 'restore-version' | 'restore-compatibility' | 'restore-mode';
      readonly context: string;
      readonly subject: string;
      readonly version: number | null;
      readonly status: 'applied' | 'failed';
      readonly error?: string;
    };

/**
 * A record as stored: `seq` and `at` added; `previousHash` is the hash of the record before it
 * (empty for the header), so a tampered, reordered or truncated-in-the-middle journal is detected.
 */
export type JournalEntry = JournalRecord & { readonly seq: number; readonly at: string; readonly previousHash: string; readonly hash: string };

/** Where a migration's confirmed steps are recorded durably. */
export interface Journal {
  append(record: JournalRecord): Promise<JournalEntry>;
  entries(): readonly JournalEntry[];
  lastApplied(): JournalEntry | undefined;
  readonly path?: string;
  close(): Promise<void>;
}

/** A record as sealed: the entry, and its line in the file (the entry's JSON, stringified once). */
interface Sealed {
  readonly entry: JournalEntry;
  readonly line: string;
}

/** Seals a record (after masking secrets in its text, when `redact` is given): `seq`, `at`, the hash chain. */
function seal(record: JournalRecord, seq: number, previousHash: string, redact?: (text: string) => string): Sealed {
  let body = { ...record, seq, at: new Date().toISOString(), previousHash };
  let text = JSON.stringify(body);
  if (redact) {
    // seq, at and previousHash hold no secret: masking the body's text masks the record's (JSON-escaped forms keep it JSON).
    const masked = redact(text);
    if (masked !== text) {
      body = JSON.parse(masked) as typeof body;
      text = masked;
    }
  }
  const hash = createHash('sha256').update(previousHash).update(text).digest('hex');
  // The entry's JSON is the body's with the hash as its last field: what JSON.stringify(entry) would give.
  return { entry: { ...body, hash }, line: `${text.slice(0, -1)},"hash":${JSON.stringify(hash)}}\n` };
}

/** In-memory journal (tests, dry runs). */
export class MemoryJournal implements Journal {
  protected readonly list: JournalEntry[] = [];
  private count = 0;
  private lastHash = '';
  private applied?: JournalEntry;

  append(record: JournalRecord): Promise<JournalEntry> {
    return Promise.resolve(this.push(record));
  }

  protected push(record: JournalRecord): JournalEntry {
    return this.sealNext(record).entry;
  }

  /** Seals the next record of the chain and takes it as the newest. */
  protected sealNext(record: JournalRecord, redact?: (text: string) => string): Sealed {
    const sealed = seal(record, this.count, this.lastHash, redact);
    this.remember(sealed.entry);
    return sealed;
  }

  /** Takes an entry as the chain's newest (its seq and hash continue the chain); kept in `list` unless overridden. */
  protected remember(entry: JournalEntry): void {
    this.count = entry.seq + 1;
    this.lastHash = entry.hash;
    if (entry.type === 'step' && entry.status === 'applied') this.applied = entry;
    this.keep(entry);
  }

  protected keep(entry: JournalEntry): void {
    this.list.push(entry);
  }

  entries(): readonly JournalEntry[] {
    return this.list;
  }

  lastApplied(): JournalEntry | undefined {
    return this.applied;
  }

  async close(): Promise<void> {}
}

/**
 * `<stateDir>/migrations/<id>.jsonl`, one JSON line per record. The header is written and fsynced when
 * the journal is created; later appends are group-committed (one write + fdatasync per batch) and
 * `append` resolves only once its record is on disk. Records are not kept in memory (a migration of
 * 100,000 versions would hold 100,000 of them): `entries()` reads the file.
 */
export class FileJournal extends MemoryJournal {
  private handle?: FileHandle;
  private buffer: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushing?: Promise<void>;
  private failure?: UsageError;

  private constructor(
    readonly path: string,
    /** Masks known secrets in a record before it is sealed and written (errors may quote a registry's echo). */
    private readonly redact?: (text: string) => string,
  ) {
    super();
  }

  protected override push(record: JournalRecord): JournalEntry {
    return this.sealNext(record, this.redact).entry;
  }

  protected override keep(): void {}

  /** The records on disk (those whose `append` resolved, at least). */
  override entries(): readonly JournalEntry[] {
    return readJournalFile(this.path);
  }

  /** Creates the journal with its header, durably (fails if the file exists). */
  static create(dir: string, header: JournalHeader, redact?: (text: string) => string): FileJournal {
    const journal = new FileJournal(join(dir, `${header.id}.jsonl`), redact);
    const entry = journal.push(header);
    let fd: number;
    try {
      fd = openSync(journal.path, 'wx', STATE_FILE_MODE);
    } catch (error) {
      throw new UsageError('E_JOURNAL', `cannot create journal ${journal.path}: ${errnoOf(error)}`, undefined, { cause: error });
    }
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(journal.path, { force: true });
      throw new UsageError(
        'E_JOURNAL',
        `cannot write journal ${journal.path}: ${fileFailure(error)}`,
        'free space in the state directory or choose another --state-dir; nothing was written to the target',
        { cause: error },
      );
    }
    closeSync(fd);
    syncDir(dir);
    return journal;
  }

  /** Opens an existing journal for appending (resume, rollback); verifies the hash chain. */
  static open(path: string, redact?: (text: string) => string): FileJournal {
    const journal = new FileJournal(path, redact);
    const entries = readJournalFile(path);
    for (const entry of entries) journal.remember(entry);
    // A torn last line (a crash or a full disk mid-write) is cut off, so new records start on a line of their own.
    const size = statSync(path).size;
    const complete = entries.reduce((sum, entry) => sum + Buffer.byteLength(`${JSON.stringify(entry)}\n`), 0);
    if (complete < size) truncateSync(path, complete);
    return journal;
  }

  override append(record: JournalRecord): Promise<JournalEntry> {
    // After a failed write the file no longer matches the chain in memory: never append after the gap.
    if (this.failure) return Promise.reject(this.failure);
    const { entry, line } = this.sealNext(record, this.redact);
    this.buffer.push(line);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    }).then(() => entry);
  }

  private schedule(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      while (this.buffer.length) {
        const data = this.buffer.join('');
        const waiters = this.waiters;
        this.buffer = [];
        this.waiters = [];
        try {
          this.handle ??= await open(this.path, 'a', STATE_FILE_MODE);
          await this.handle.write(data);
          await this.handle.datasync();
          for (const w of waiters) w.resolve();
        } catch (error) {
          this.failure ??= new UsageError('E_JOURNAL', `cannot write journal ${this.path}: ${fileFailure(error)}`);
          for (const w of waiters) w.reject(this.failure);
        }
      }
      this.flushing = undefined;
    })();
  }

  override async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems cannot fsync a directory; the file itself is synced.
  }
}

/** Reads and verifies a journal; a torn last line (crash mid-write) is ignored, anything else broken is JournalCorruptError. */
export function readJournalFile(path: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError('E_JOURNAL_NOT_FOUND', `no journal at ${path}`, undefined, { cause: error });
  }
  const lines = text.split('\n');
  const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines.slice(0, -1);
  const entries: JournalEntry[] = [];
  let previous = '';
  for (const [i, line] of complete.entries()) {
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      throw new JournalCorruptError('E_JOURNAL_CORRUPT', `${path}: line ${i + 1} is not JSON`);
    }
    const { hash, ...body } = entry;
    const expected = createHash('sha256').update(previous).update(JSON.stringify(body)).digest('hex');
    if (entry.previousHash !== previous || hash !== expected || entry.seq !== i) {
      throw new JournalCorruptError(
        'E_JOURNAL_CORRUPT',
        `${path}: line ${i + 1} does not match the hash chain (edited, reordered or removed records)`,
        'the journal cannot be trusted; inspect the target registry by hand',
      );
    }
    entries.push(entry);
    previous = hash;
  }
  if (entries.length === 0 || entries[0]!.type !== 'header') throw new JournalCorruptError('E_JOURNAL_CORRUPT', `${path}: no header record`);
  return entries;
}

/**
 * True when the journal's last record is a final status with no mode left changed: then it holds no
 * leftovers for later runs, and only its tail is read.
 */
export function endsCleanly(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16_384);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const last = JSON.parse(lines[lines.length - 1] ?? 'null') as { type?: string; status?: string; modesLeftChanged?: number } | null;
    return last?.type === 'status' && last.status !== 'running' && last.modesLeftChanged === 0;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The journals directory of a state directory. */
export function journalsDir(stateDir: string): string {
  return join(stateDir, 'migrations');
}

/** Paths of every journal in a state directory, oldest first by name (ids sort by time). */
export function listJournalPaths(stateDir: string): string[] {
  const dir = journalsDir(stateDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/** A migration id: sortable by time, unique enough for one state directory. */
export function newMigrationId(now: Date, random: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '').replace('T', '-');
  return `m-${stamp}-${random}`;
}
