// The README's walk-through ("promoting staging to prod") run as written: every `$ srx …` line of its console
// blocks against the bundled example exports and a real AxonOps registry standing in for `prod-live`, and
// the output shown under each command compared with what srx prints now (migration ids, times and the journal
// path normalized; a line `…` stands for any lines). The README cannot drift from the code.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../../support/registry-server.js';
import { runCli } from '../../support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface Step {
  readonly command: string;
  readonly output: string[];
}

/** The console blocks of one README section as commands with the output shown under each. */
function consoleSteps(section: string): Step[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${section}`);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end === -1 ? undefined : end);
  const steps: Step[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!;
      if (!line.startsWith('$ ')) {
        steps.at(-1)?.output.push(line);
        continue;
      }
      while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
      steps.push({ command: line.slice(2).trim(), output: [] });
    }
  }
  return steps;
}

const MIGRATION_ID = /m-\d{8}-\d{9}Z-[0-9a-f]{6}/g;

function normalize(text: string): string[] {
  return text
    .replace(MIGRATION_ID, 'm-ID')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'TIME')
    .replace(/^journal: .*$/gm, 'journal: PATH')
    .split('\n')
    .map((l) => l.trimEnd())
    // Rollback deletes in reverse order of the writes' completion, which varies between runs: compared sorted.
    .sort((a, b) => (a.startsWith('delete-version ') && b.startsWith('delete-version ') ? a.localeCompare(b) : 0))
    .filter((l, i, all) => !(l === '' && i === all.length - 1));
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

describe('README walk-through, run as written', () => {
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let stateDir: string;

  beforeAll(async () => {
    registry = await startRegistry({ compatibility: 'FULL' });
    stateDir = mkdtempSync(join(tmpdir(), 'srx-walkthrough-'));
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('prints what the README shows, command by command', async () => {
    const steps = consoleSteps('Walk-through: promoting staging to prod');
    expect(steps.filter((s) => s.command.startsWith('srx ')).length).toBeGreaterThanOrEqual(8);
    const env = { REGISTRIES: `prod-live:${registry.url}`, SRX_STATE_DIR: stateDir, NO_COLOR: '1' };
    let lastExit = 0;
    let lastMigration = '';
    const mismatches: string[] = [];
    for (const step of steps) {
      if (step.command === 'echo $?') {
        if (step.output[0] !== String(lastExit)) mismatches.push(`echo $?: README shows ${step.output[0]}, srx exited ${lastExit}`);
        continue;
      }
      if (!step.command.startsWith('srx ')) continue; // install, alias, starting the registry: done by this test
      const args = step.command.slice(4).replace(MIGRATION_ID, lastMigration).split(/\s+/);
      const run = await runCli(args, { env, cwd: ROOT });
      lastExit = run.exitCode;
      lastMigration = (run.stdout.match(MIGRATION_ID) ?? [lastMigration])[0]!;
      const actual = normalize(run.output);
      const shown = normalize(step.output.join('\n').trimEnd());
      if (!matches(shown, actual)) mismatches.push(`$ ${step.command}\n--- README\n${shown.join('\n')}\n--- srx (exit ${run.exitCode})\n${actual.join('\n')}`);
    }
    expect(mismatches).toEqual([]);
  });
});
