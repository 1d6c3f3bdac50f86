// The console walk-throughs of the docs run as written: every `$ srx …` line against the bundled example
// exports and a real AxonOps registry standing in for the live one the text starts, and the output shown
// under each command compared with what srx prints now (migration ids, times and the journal path
// normalized; a line `…` stands for any lines). `export REGISTRIES=name:http://127.0.0.1:8081` in the text
// names that registry; its compatibility level is the one the text starts it with. The docs cannot drift.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../../support/registry-server.js';
import { runCli } from '../../support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface Step {
  readonly command: string;
  readonly output: string[];
  /** Where the shown output sits in the file: lines [from, to). */
  readonly from: number;
  to: number;
}

/** The console blocks of a document (or of one `## ` section of it) as commands with the output shown under each. */
function consoleSteps(file: string, section?: string): { steps: Step[]; text: string; lines: string[] } {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  let first = 0;
  let last = lines.length;
  if (section) {
    first = lines.findIndex((l) => l === `## ${section}`);
    const next = lines.findIndex((l, i) => i > first && l.startsWith('## '));
    last = next === -1 ? lines.length : next;
  }
  const steps: Step[] = [];
  let inConsole = false;
  for (let i = first; i < last; i++) {
    let line = lines[i]!;
    if (line.startsWith('```')) {
      inConsole = !inConsole && line === '```console';
      continue;
    }
    if (!inConsole) continue;
    if (!line.startsWith('$ ')) {
      const step = steps.at(-1);
      if (step) {
        step.output.push(line);
        step.to = i + 1;
      }
      continue;
    }
    while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    steps.push({ command: line.slice(2).trim(), output: [], from: i + 1, to: i + 1 });
  }
  return { steps, text: lines.slice(first, last).join('\n'), lines };
}

/**
 * SRX_UPDATE_DOCS=1: the text a step should show now: what srx printed, keeping the text's migration id and
 * its elision (the lines shown before and after a `…` line, the rest elided).
 */
function updatedOutput(shown: readonly string[], printed: string, cwd: string): string[] {
  const id = shown.join('\n').match(MIGRATION_ID)?.[0];
  const actual = printed
    .replaceAll(cwd, '~/backups')
    .replace(/^journal: .*\/(m-[^/]+\.jsonl)$/gm, 'journal: ~/.local/state/srx/migrations/$1')
    .replace(MIGRATION_ID, (m) => id ?? m)
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => l.trimEnd());
  const firstGap = shown.indexOf('…');
  if (firstGap === -1) return actual;
  const head = firstGap;
  const tail = shown.length - 1 - shown.lastIndexOf('…');
  if (actual.length <= head + tail + 1) return actual;
  return [...actual.slice(0, head), '…', ...actual.slice(actual.length - tail)];
}

const MIGRATION_ID = /m-\d{8}-\d{9}Z-[0-9a-f]{6}/g;

/** The commands' folder is shown as ~/backups in the texts. */
function normalize(text: string, cwd = '\u0000'): string[] {
  return (
    text
      .replaceAll(cwd, '~/backups')
      .replace(MIGRATION_ID, 'm-ID')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'TIME')
      .replace(/\bsha256 [0-9a-f]{64}\b/g, 'sha256 HASH') // an export records when it was made
      .replace(/^journal: .*$/gm, 'journal: PATH')
      .split('\n')
      .map((l) => l.trimEnd())
      // Rollback deletes in reverse order of the writes' completion, which varies between runs: compared sorted.
      .sort((a, b) => (a.startsWith('delete-version ') && b.startsWith('delete-version ') ? a.localeCompare(b) : 0))
      .filter((l, i, all) => !(l === '' && i === all.length - 1))
  );
}

/** Whether `actual` shows what `shown` shows, a shown line `…` standing for any number of lines. */
function matches(shown: readonly string[], actual: readonly string[]): boolean {
  const go = (s: number, a: number): boolean => {
    if (s === shown.length) return a === actual.length;
    if (shown[s] === '…') return Array.from({ length: actual.length - a + 1 }, (_, k) => a + k).some((next) => go(s + 1, next));
    return a < actual.length && shown[s] === actual[a] && go(s + 1, a + 1);
  };
  return go(0, 0);
}

/** Runs a document's walk-through; returns one message per command whose output differs from the text. */
async function runWalkthrough(file: string, section?: string): Promise<{ mismatches: string[]; commands: number }> {
  const { steps, text, lines } = consoleSteps(file, section);
  const updates: { step: Step; output: string[] }[] = [];
  const compatibility = /SCHEMA_REGISTRY_COMPATIBILITY_LEVEL=([A-Z_]+)/.exec(text)?.[1];
  const registries = new Map<string, Awaited<ReturnType<typeof startRegistry>>>();
  const stateDir = mkdtempSync(join(tmpdir(), 'srx-walkthrough-'));
  // The commands run in a folder of their own holding the bundled example (files they write stay out of the repository).
  const cwd = mkdtempSync(join(tmpdir(), 'srx-walkthrough-cwd-'));
  cpSync(join(ROOT, 'schema-tool.config.json'), join(cwd, 'schema-tool.config.json'));
  cpSync(join(ROOT, 'examples'), join(cwd, 'examples'), { recursive: true });
  try {
    const env: Record<string, string> = { SRX_STATE_DIR: stateDir, NO_COLOR: '1' };
    let lastExit = 0;
    let lastMigration = '';
    let commands = 0;
    const mismatches: string[] = [];
    for (const step of steps) {
      const exported = /^export REGISTRIES=(.*)$/.exec(step.command);
      if (exported) {
        const entries = [];
        for (const [, name] of exported[1]!.matchAll(/([a-z-]+):http:\/\/127\.0\.0\.1:\d+/g)) {
          if (!registries.has(name!)) registries.set(name!, await startRegistry(compatibility ? { compatibility } : {}));
          entries.push(`${name}:${registries.get(name!)!.url}`);
        }
        env.REGISTRIES = entries.join(',');
      }
      if (step.command === 'echo $?') {
        if (step.output[0] !== String(lastExit)) mismatches.push(`${file}: echo $?: the text shows ${step.output[0]}, srx exited ${lastExit}`);
        continue;
      }
      if (!step.command.startsWith('srx ')) continue; // install, alias, starting the registry: done by this test
      commands++;
      const args = step.command.slice(4).replace(MIGRATION_ID, lastMigration).split(/\s+/);
      const run = await runCli(args, { env, cwd });
      lastExit = run.exitCode;
      lastMigration = (run.stdout.match(MIGRATION_ID) ?? [lastMigration])[0]!;
      const actual = normalize(run.output, cwd);
      const shown = normalize(step.output.join('\n').trimEnd());
      if (!matches(shown, actual)) updates.push({ step, output: updatedOutput(step.output.join('\n').trimEnd().split('\n'), run.output, cwd) });
      if (!matches(shown, actual))
        mismatches.push(`${file}: $ ${step.command}\n--- the text\n${shown.join('\n')}\n--- srx (exit ${run.exitCode})\n${actual.join('\n')}`);
    }
    if (process.env.SRX_UPDATE_DOCS === '1' && updates.length) {
      // Trailing blank lines inside a block stay as they were.
      for (const { step, output } of updates.reverse()) {
        let to = step.to;
        while (to > step.from && lines[to - 1] === '') to--;
        lines.splice(step.from, to - step.from, ...output);
      }
      writeFileSync(join(ROOT, file), lines.join('\n'));
    }
    return { mismatches, commands };
  } finally {
    await Promise.all([...registries.values()].map((r) => r.stop()));
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('walk-throughs, run as written', () => {
  it.each([
    ['README.md', 'Five minutes with srx', 5],
    ['docs/guides/promotion.md', undefined, 8],
    ['docs/guides/disaster-recovery.md', undefined, 4],
  ])('%s %s prints what the text shows, command by command', async (file, section, atLeast) => {
    const { mismatches, commands } = await runWalkthrough(file, section);
    expect(commands).toBeGreaterThanOrEqual(atLeast);
    expect(mismatches).toEqual([]);
  });
});
