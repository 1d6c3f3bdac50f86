// Benchmark of `srx compare`: two real registries with N subjects x 3 versions each (N: --sizes, default 1,000
// and 10,000; some versions differing, some missing, subjects in three contexts, some with references),
// compared through a counting proxy with 0 ms and 5 ms (--latencies) of added latency, with and without
// config reads. With SRX_BENCH_SRCTL=<path>, srctl's `compare --workers 10` runs on the same registries and
// proxies in the same run. Prints wall time, HTTP requests per registry, CPU (user+sys), CPU per request,
// peak RSS, and how many times faster srx was than srctl.
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describeBenchProxy, startBenchProxy } from './lib/proxy.mjs';
import { measuredColumns, ratio } from './lib/figures.mjs';
import { runSrctl } from './lib/run-srctl.mjs';
import { runSrx } from './lib/run-srx.mjs';
import { startRegistries } from '../lib/registry-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_SIZES = [1_000, 10_000];
const VERSIONS = 3;
const CONTEXTS = ['.', '.ctx-a', '.ctx-b'];
const SEED_CONCURRENCY = 64;
const COMMON_REF = { name: 'com.bench.Common', subject: 'common-value', version: 1 };

/** Subject i: where it lives and how registry b differs from a. */
function planSubject(i) {
  const context = i % 50 === 10 ? '.ctx-a' : i % 50 === 20 ? '.ctx-b' : '.';
  return {
    context,
    subject: `bench-${String(i).padStart(5, '0')}-value`,
    withRef: context === '.' && i % 200 === 7,
    contentDiffers: i % 100 === 1,
    missingV3InB: i % 100 === 2,
    onlyInA: i % 200 === 3,
  };
}

function schemaOf(i, version, plan, side) {
  const fields = [plan.withRef ? { name: 'common', type: 'com.bench.Common' } : { name: 'id', type: 'string' }];
  for (let v = 2; v <= version; v += 1) {
    const differs = side === 'b' && plan.contentDiffers && v === VERSIONS;
    fields.push({ name: `f${v}`, type: 'string', default: differs ? 'changed' : '' });
  }
  return JSON.stringify({ type: 'record', name: `Bench${i}`, namespace: 'com.bench', fields });
}

async function call(method, base, context, path, body) {
  const prefix = context === '.' ? '' : `/contexts/${context}`;
  const response = await fetch(`${base}${prefix}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`seed ${method} ${path} → ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

const post = (base, context, subject, body) => call('POST', base, context, `/subjects/${subject}/versions`, body);

/**
 * Seeds in IMPORT mode with explicit ids and versions, so both registries number alike however the
 * concurrent POSTs interleave (a differing v3 in b keeps a's id: an id collision, as in real drift).
 */
export async function seed(base, side, subjects) {
  for (const context of CONTEXTS) await call('PUT', base, context, '/mode', { mode: 'IMPORT' });
  await post(base, '.', 'common-value', { schema: JSON.stringify({ type: 'record', name: 'Common', namespace: 'com.bench', fields: [{ name: 'id', type: 'string' }] }), id: 1, version: 1 });
  let next = 0;
  let versions = 1;
  const worker = async () => {
    while (next < subjects) {
      const i = next++;
      const plan = planSubject(i);
      if (side === 'b' && plan.onlyInA) continue;
      const last = side === 'b' && plan.missingV3InB ? VERSIONS - 1 : VERSIONS;
      for (let v = 1; v <= last; v += 1) {
        const body = { schema: schemaOf(i, v, plan, side), id: 10 + i * VERSIONS + v, version: v, ...(plan.withRef ? { references: [COMMON_REF] } : {}) };
        await post(base, plan.context, plan.subject, body);
        versions += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  for (const context of CONTEXTS) await call('PUT', base, context, '/mode', { mode: 'READWRITE' });
  return versions;
}

/** Seeds each size, runs the compares at each latency, returns one section per size. */
export default async function benchCompare({ log, sizes = DEFAULT_SIZES, latencies = [0, 5], srctl }) {
  const sections = [];
  for (const subjects of sizes) sections.push(await benchSize({ log, subjects, latencies, srctl }));
  return sections;
}

const isConfigPath = (path) => /^\/(contexts\/[^/]+\/)?(config|mode)(\/|$)/.test(path);

async function benchSize({ log, subjects, latencies, srctl }) {
  const servers = await startRegistries(['a', 'b']);
  const proxies = { a: await startBenchProxy({ target: servers.a.url }), b: await startBenchProxy({ target: servers.b.url }) };
  try {
    log(`seeding 2 registries with ${subjects} subjects x ${VERSIONS} versions (contexts ${CONTEXTS.join(' ')})...`);
    const seedStart = performance.now();
    const [versionsA, versionsB] = await Promise.all([seed(servers.a.url, 'a', subjects), seed(servers.b.url, 'b', subjects)]);
    log(`seeded a: ${versionsA} versions, b: ${versionsB} versions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const env = { REGISTRIES: `a:${proxies.a.url},b:${proxies.b.url}`, SRX_STATE_DIR: join(root, '.cache', 'bench-state') };
    const rows = [];
    const reset = (latencyMs) => {
      for (const proxy of Object.values(proxies)) {
        proxy.configure({ latencyMs });
        proxy.requests.length = 0;
      }
    };
    const counts = () => ({ a: proxies.a.requests.length, b: proxies.b.requests.length });
    for (const latencyMs of latencies) {
      const srxRows = [];
      for (const noConfig of [true, false]) {
        reset(latencyMs);
        const args = ['compare', 'a', 'b', '--json', ...(noConfig ? ['--no-config'] : [])];
        log(`srx ${args.join(' ')} at ${latencyMs} ms latency...`);
        const run = await runSrx(args, env);
        if (run.code !== 1) throw new Error(`expected exit 1 (differences), got ${run.code}: ${run.stderr.slice(0, 500)}`);
        if (!run.stdout.trim()) throw new Error(`srx printed nothing: ${run.stderr.slice(0, 800)}`);
        const summary = JSON.parse(run.stdout).summary;
        const row = {
          subjects,
          latency: `${latencyMs} ms`,
          tool: `srx compare a b --json${noConfig ? ' --no-config' : ''}`,
          ...measuredColumns(run, counts()),
          'schema requests a': proxies.a.requests.filter((r) => !isConfigPath(r.path)).length,
          'vs srctl': '-',
          found: `${summary.differingSubjects} differ, ${summary.subjectsOnlyInSource} only in a, ${summary.versionsMissingInTarget} missing in b`,
        };
        rows.push(row);
        srxRows.push({ row, ms: run.ms });
      }
      if (srctl) {
        reset(latencyMs);
        const args = ['compare', '--source', 'a', '--target', 'b', '--workers', '10'];
        log(`srctl ${args.join(' ')} at ${latencyMs} ms latency...`);
        const run = await runSrctl(srctl, args, { a: proxies.a.url, b: proxies.b.url });
        if (run.code !== 0) throw new Error(`srctl compare exited ${run.code}: ${run.stderr.slice(0, 800)}`);
        for (const { row, ms: srxMs } of srxRows) row['vs srctl'] = ratio(srxMs, run.ms);
        rows.push({
          subjects,
          latency: `${latencyMs} ms`,
          tool: `srctl ${args.join(' ')}`,
          ...measuredColumns(run, counts()),
          'schema requests a': proxies.a.requests.filter((r) => !isConfigPath(r.path)).length,
          'vs srctl': '1',
          found: srctlFound(run.stdout),
        });
      }
    }
    return {
      title: `compare: ${versionsA} versions (a) vs ${versionsB} versions (b), ${subjects} subjects, contexts ${CONTEXTS.join(' ')}, ${process.platform} ${process.arch}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}, through the ${describeBenchProxy()}`,
      rows,
      notes: [
        'CPU user+sys and peak RSS are the measured process\'s own (GNU time, or /proc polling); CPU/request = CPU over requests a + b.',
        'vs srctl: srctl\'s wall time over srx\'s on the same registries, proxies and latency (srctl reads the latest version of each subject only).',
        'targets: default compare at 5 ms >= 4x faster than srctl at 10,000 subjects (and < 5 s), >= 3x at 1,000; CPU/request <= 0.1 ms',
      ],
    };
  } finally {
    await proxies.a.stop();
    await proxies.b.stop();
    await servers.stopAll();
  }
}

/** srctl's summary counts from its table output ("Different | 200"), for a sanity check by eye. */
function srctlFound(stdout) {
  const count = (label) => new RegExp(`${label}\\s*\\|?\\s*(\\d+)`).exec(stdout)?.[1] ?? '?';
  return `${count('Different')} differ, ${count('Source Only')} only in a, ${count('Identical')} identical`;
}
