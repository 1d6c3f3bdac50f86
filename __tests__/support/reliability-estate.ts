// A source registry worth migrating for the reliability suite: a few hundred subjects in two contexts,
// sparse histories (1–3 versions), subject compatibility on some, and Avro references to a shared subject.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { avroRecord, seeder } from './seed.js';

/** What seedEstate created. */
export interface Estate {
  readonly subjects: number;
  readonly versions: number;
}

const COMMON = avroRecord('Common', ['key']);

function versionsOf(i: number): number {
  return i % 10 === 0 ? 3 : i % 3 === 0 ? 2 : 1;
}

function schemaOf(i: number, v: number, withReference: boolean): string {
  const fields: Array<string | { name: string; type: unknown; default?: unknown }> = ['id'];
  if (withReference) fields.push({ name: 'common', type: 'com.example.Common' });
  for (let k = 2; k <= v; k++) fields.push({ name: `f${k}`, type: 'string', default: '' });
  return avroRecord(`Rec${i}`, fields);
}

/** Seeds `count` subjects in `.` (plus `teamA` in `.team-a` and `common-value`), `parallel` subjects at a time. */
export async function seedEstate(url: string, { count = 180, teamA = 20, parallel = 16 } = {}): Promise<Estate> {
  const seed = seeder(url);
  await seed.register('common-value', COMMON);
  let versions = 1;
  const jobs: Array<() => Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const subject = `s-${String(i).padStart(3, '0')}`;
    const withReference = i % 9 === 4;
    const n = versionsOf(i);
    versions += n;
    jobs.push(async () => {
      for (let v = 1; v <= n; v++) {
        const schema = schemaOf(i, v, withReference);
        await seed.register(subject, withReference ? { schema, references: [{ name: 'com.example.Common', subject: 'common-value', version: 1 }] } : schema);
      }
      if (i % 7 === 0) await seed.setCompatibility(subject, i % 2 ? 'FORWARD' : 'NONE');
    });
  }
  for (let i = 0; i < teamA; i++) {
    versions += 1;
    jobs.push(async () => {
      await seed.register(`t-${String(i).padStart(2, '0')}`, avroRecord(`Team${i}`, ['id']), '.team-a');
    });
  }
  for (let start = 0; start < jobs.length; start += parallel) {
    await Promise.all(jobs.slice(start, start + parallel).map((job) => job()));
  }
  return { subjects: count + teamA + 1, versions };
}

/** One journal record as srx writes it (only the fields these tests read). */
export interface JournalLine {
  readonly type: string;
  readonly seq: number;
  readonly stepId?: string;
  readonly action?: string;
  readonly context?: string;
  readonly subject?: string | null;
  readonly version?: number | null;
  readonly targetId?: number | null;
  readonly status?: string;
  readonly id?: string;
}

/** The journals of a state directory, by migration id; a torn last line (a crash mid-write) is left out. */
export function readJournals(stateDir: string): Map<string, JournalLine[]> {
  const dir = join(stateDir, 'migrations');
  const out = new Map<string, JournalLine[]>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    const records: JournalLine[] = [];
    for (const line of lines) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line) as JournalLine);
      } catch {
        // a torn last line
      }
    }
    out.set(file.replace(/\.jsonl$/, ''), records);
  }
  return out;
}

/** Register steps a journal says the registry confirmed: `ctx|subject|version` → target id. */
export function appliedRegistrations(records: readonly JournalLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) {
    if (r.type === 'step' && r.action === 'register' && r.status === 'applied') {
      const key = `${r.context}|${r.subject}|${r.version}`;
      if (out.has(key)) throw new Error(`journal records ${key} as registered twice`);
      out.set(key, r.targetId!);
    }
  }
  return out;
}

/** The first journal in a state directory (by file name) as [id, lines]; fails the test when there is none. */
export function firstJournal(stateDir: string): [string, JournalLine[]] {
  const first = [...readJournals(stateDir).entries()][0];
  if (!first) throw new Error(`no journal in ${stateDir}`);
  return first;
}
