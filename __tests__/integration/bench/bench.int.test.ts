import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseBenchArgs } from '../../../scripts/bench/lib/options.mjs';

// `npm run bench` end to end at a tiny size (docs/performance.md shows these commands): srx alone, and side by
// side with a peer given by SRX_BENCH_SRCTL (here a stand-in for srctl that reads ./srctl.yaml as srctl does).
const BENCH = join(process.cwd(), 'scripts', 'bench.mjs');
const FAKE_SRCTL = join(process.cwd(), '__tests__', 'support', 'fake-srctl.mjs');

const bench = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BENCH, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', ...env },
    timeout: 300_000,
  });

/** The rows of the table whose title starts with `title`, as objects keyed by column (columns split on 2+ spaces). */
function table(stdout: string, title: string): Record<string, string>[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  const header = lines[start + 1]!.split(/\s{2,}/);
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!/^\d/.test(line)) break;
    const cells = line.split(/\s{2,}/);
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i]!])));
  }
  return rows;
}

describe('npm run bench', () => {
  it('parses sizes and latencies from arguments or the environment; positional arguments pick modules', () => {
    expect(parseBenchArgs(['compare', '--sizes', '1000,10k', '--latencies=5'], {})).toEqual({
      only: ['compare'],
      sizes: [1000, 10000],
      latencies: [5],
      runs: 1,
      srctl: undefined,
    });
    expect(parseBenchArgs(['migrate', '--runs', '3'], {}).runs).toBe(3);
    expect(parseBenchArgs([], { BENCH_RUNS: '5' }).runs).toBe(5);
    expect(parseBenchArgs([], { BENCH_SIZES: '300', SRX_BENCH_SRCTL: '/x/srctl' })).toMatchObject({
      only: [],
      sizes: [300],
      latencies: [0, 5],
      srctl: '/x/srctl',
    });
    expect(parseBenchArgs([], { BENCH_SUBJECTS: '50' }).sizes).toEqual([50]);
    expect(() => parseBenchArgs(['--size', '1'], {})).toThrow(/unknown option --size/);
  });

  it('compare and migrate side by side with a peer: the same registries and proxies, requests, CPU, peak RSS and ratios', () => {
    const run = bench(['compare', 'migrate', '--sizes', '30', '--latencies', '0'], { SRX_BENCH_SRCTL: FAKE_SRCTL });
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.status).toBe(0);
    const compare = table(run.stdout, 'compare:');
    expect(compare.map((r) => r.tool)).toEqual([
      'srx compare a b --json --no-config',
      'srx compare a b --json',
      `srctl compare --source a --target b --workers 10`,
    ]);
    for (const row of compare) {
      expect(Number(row['requests a'])).toBeGreaterThan(0);
      expect(row['CPU/request']).toMatch(/^\d+\.\d{3} ms$/);
      expect(row['peak RSS']).toMatch(/^[1-9]\d* MB$/);
    }
    expect(compare[1]!['vs srctl']).toMatch(/^\d+\.\d\d× (faster|\(slower\))$/);
    // The stand-in saw the estate's drift: subjects whose latest version differs, and those only in a.
    expect(compare[2]!.found).toMatch(/^[1-9]\d* differ, [1-9]\d* only in a/);
    const migrate = table(run.stdout, 'migrate registry:');
    expect(migrate.map((r) => [r.tool, r.versions])).toEqual([
      ['srx migrate registry src dst --json', '90'],
      ['srx migrate registry src dst --json --no-bulk-import', '90'],
      ['srctl clone --source src --target dst --workers 10', '90'],
    ]);
    // The default run imports in bulk; --no-bulk-import sends one request per version.
    expect(Number(migrate[0]!['target writes/version'])).toBeLessThan(0.5);
    expect(migrate[1]!['target writes/version']).toMatch(/^1\.0\d\d$/);
    expect(migrate[0]!['vs srctl']).toMatch(/×/);
  }, 300_000);

  it('--runs 2: each tool runs twice, taking turns; the row is the median run and lists both wall times', () => {
    const run = bench(['migrate', '--sizes', '10', '--latencies', '0', '--runs', '2'], { SRX_BENCH_SRCTL: FAKE_SRCTL });
    expect(run.status).toBe(0);
    expect(run.stderr.match(/^(srx migrate|srctl clone)/gm)).toEqual([
      'srx migrate',
      'srx migrate',
      'srctl clone',
      'srx migrate',
      'srx migrate',
      'srctl clone',
    ]);
    const migrate = table(run.stdout, 'migrate registry:');
    for (const row of migrate) expect(row.runs).toMatch(/^\d+\.\d\d s \d+\.\d\d s$/);
    expect(run.stdout).toMatch(/the median of 2 runs/);
  }, 300_000);

  it('srx alone when no peer is given; the memory section at a given size', () => {
    const run = bench(['compare', 'memory', '--sizes', '20', '--latencies', '0']);
    expect(run.status).toBe(0);
    expect(table(run.stdout, 'compare:').map((r) => r['vs srctl'])).toEqual(['-', '-']);
    expect(table(run.stdout, 'memory:').map((r) => [r.subjects, r.run])).toEqual([
      ['20', 'migrate'],
      ['20', 'export'],
      ['20', 'compare'],
    ]);
  }, 300_000);
});
