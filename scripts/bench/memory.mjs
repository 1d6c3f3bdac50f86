// Memory benchmark: peak RSS (and wall time, CPU) of `srx migrate registry` of N subjects x 3 versions into an
// empty registry, and of a full `srx compare` (with config) of that registry against an export of itself.
// N: --sizes (default 10,000; `npm run bench -- memory --sizes 10000,30000,100000` for the large runs). No added
// latency: the point is memory and how time and memory scale with N (per-subject figures relative to the
// smallest size).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ms } from './lib/figures.mjs';
import { runSrx } from './lib/run-srx.mjs';
import { startRegistry } from '../lib/registry-server.mjs';
import { seed } from './migrate.mjs';

const DEFAULT_SIZES = [10_000];
const VERSIONS = 3;
/** Targets of issue 14 (peak RSS, MB) by run and size. */
const TARGETS = { migrate: { 10_000: 300, 30_000: 500 }, compare: { 100_000: 1536 } };

/** Seeds each size, runs migrate, export and compare, returns one section with every size. */
export default async function benchMemory({ log, sizes = DEFAULT_SIZES }) {
  const rows = [];
  for (const subjects of [...sizes].sort((a, b) => a - b)) rows.push(...(await benchSize({ log, subjects })));
  const smallest = new Map();
  for (const row of rows) {
    const perSubject = row.ms / row.subjects;
    if (!smallest.has(row.run)) smallest.set(row.run, { perSubject, rss: row.rssMb, subjects: row.subjects });
    const base = smallest.get(row.run);
    row['time/subject vs smallest'] = `${(perSubject / base.perSubject).toFixed(2)}x`;
    row['RSS vs smallest'] = `${(row.rssMb / base.rss).toFixed(2)}x for ${(row.subjects / base.subjects).toFixed(1)}x subjects`;
    delete row.ms;
    delete row.rssMb;
  }
  return {
    title: `memory: peak RSS by size, ${VERSIONS} versions per subject, no added latency, ${process.platform} ${process.arch}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`,
    rows,
    notes: ['targets: migrate peak RSS < 300 MB at 10,000 subjects and < 500 MB at 30,000; compare of 100,000 subjects against an export of itself < 1.5 GB, time linear or better'],
  };
}

async function benchSize({ log, subjects }) {
  const source = await startRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'srx-bench-memory-'));
  const rows = [];
  const row = (run, measured, extra = {}) => {
    const target = TARGETS[run]?.[subjects];
    rows.push({
      subjects, run, wall: ms(measured.ms), 'CPU user+sys': ms(measured.cpuMs), 'peak RSS': `${measured.maxRssMb.toFixed(0)} MB`,
      target: target ? `< ${target} MB: ${measured.maxRssMb < target ? 'met' : 'NOT met'}` : '-', note: '-', ...extra, ms: measured.ms, rssMb: measured.maxRssMb,
    });
  };
  try {
    log(`seeding a registry with ${subjects} subjects x ${VERSIONS} versions...`);
    const seedStart = performance.now();
    await seed(source.url, subjects);
    log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const target = await startRegistry();
    try {
      const env = { REGISTRIES: `src:${source.url},dst:${target.url}`, SRX_STATE_DIR: join(dir, 'state') };
      log(`srx migrate registry src dst (${subjects} subjects)...`);
      const run = await runSrx(['migrate', 'registry', 'src', 'dst', '--json'], env);
      if (run.code !== 0) throw new Error(`migrate exited ${run.code}: ${run.stderr.slice(0, 800)}`);
      const registered = JSON.parse(run.stdout).summary.registered;
      if (registered !== subjects * VERSIONS) throw new Error(`migrated ${registered} versions, expected ${subjects * VERSIONS}`);
      row('migrate', run);
    } finally {
      await target.stop();
    }

    const file = join(dir, 'export.json');
    const env = { REGISTRIES: `src:${source.url}`, SRX_STATE_DIR: join(dir, 'state') };
    log(`srx export src --out ${file}...`);
    const exported = await runSrx(['export', 'src', '--out', file], env);
    if (exported.code !== 0) throw new Error(`export exited ${exported.code}: ${exported.stderr.slice(0, 800)}`);
    row('export', exported, { note: `${(statSync(file).size / 1048576).toFixed(0)} MB file` });

    log(`srx compare src <export> (${subjects} subjects, with config)...`);
    const compared = await runSrx(['compare', 'src', file, '--json'], env);
    if (compared.code !== 0) throw new Error(`compare of a registry with its own export exited ${compared.code} (0: identical): ${compared.stderr.slice(0, 800)}`);
    row('compare', compared, { note: `${JSON.parse(compared.stdout).summary.identicalSubjects ?? '?'} identical subjects` });
    return rows;
  } finally {
    await source.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
