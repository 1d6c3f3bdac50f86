// Benchmark of `srx migrate registry`: 10,000 subjects x 3 versions (ids preserved) from a real registry into
// an empty one, through counting proxies adding 0 ms and 5 ms of latency to every request on both sides.
// Prints wall time, versions/s, target requests per migrated version (writes, and reads), and srx's peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startProxy } from '../lib/fault-proxy.mjs';
import { runSrx } from './lib/run-srx.mjs';
import { startRegistry } from '../lib/registry-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const VERSIONS = 3;
const SEED_CONCURRENCY = 64;
const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,5').split(',').map(Number);

function schemaOf(i, version) {
  const fields = [{ name: 'id', type: 'string' }];
  for (let v = 2; v <= version; v += 1) fields.push({ name: `f${v}`, type: 'string', default: '' });
  return JSON.stringify({ type: 'record', name: `Migrate${i}`, namespace: 'com.bench', fields });
}

async function call(method, url, body) {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`seed ${method} ${url} → ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** Seeds the source in IMPORT mode: ids 1000 + 3i + v, so ids differ from what a target would assign. */
async function seed(base) {
  await call('PUT', `${base}/mode`, { mode: 'IMPORT' });
  let next = 0;
  const worker = async () => {
    while (next < SUBJECTS) {
      const i = next++;
      const subject = `bench-${String(i).padStart(5, '0')}-value`;
      for (let v = 1; v <= VERSIONS; v += 1) {
        await call('POST', `${base}/subjects/${subject}/versions`, { schema: schemaOf(i, v), id: 1000 + i * VERSIONS + v, version: v });
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  await call('PUT', `${base}/mode`, { mode: 'READWRITE' });
}

const isRead = (r) => r.method === 'GET' || (r.method === 'POST' && /^(\/contexts\/[^/]+)?\/subjects\/[^/]+$/.test(r.path));

/** Seeds once, migrates into a fresh empty registry per latency, returns the figures. */
export default async function benchMigrate({ log }) {
  const source = await startRegistry();
  const stateDir = mkdtempSync(join(tmpdir(), 'srx-bench-migrate-'));
  const rows = [];
  try {
    log(`seeding the source with ${SUBJECTS} subjects x ${VERSIONS} versions...`);
    const seedStart = performance.now();
    await seed(source.url);
    log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    for (const latencyMs of LATENCIES) {
      const target = await startRegistry();
      const proxies = { source: await startProxy({ target: source.url, latencyMs }), target: await startProxy({ target: target.url, latencyMs }) };
      try {
        const env = { REGISTRIES: `src:${proxies.source.url},dst:${proxies.target.url}`, SRX_STATE_DIR: stateDir };
        const args = ['migrate', 'registry', 'src', 'dst', '--json'];
        log(`srx ${args.join(' ')} at ${latencyMs} ms latency...`);
        const run = await runSrx(args, env);
        if (run.code !== 0) throw new Error(`expected exit 0, got ${run.code}: ${run.stderr.slice(0, 800)}`);
        const result = JSON.parse(run.stdout);
        const migrated = result.summary.registered;
        if (migrated !== SUBJECTS * VERSIONS) throw new Error(`migrated ${migrated} versions, expected ${SUBJECTS * VERSIONS}`);
        const requests = proxies.target.requests;
        const writes = requests.filter((r) => !isRead(r)).length;
        const reads = requests.length - writes;
        rows.push({
          latency: `${latencyMs} ms`,
          versions: migrated,
          wall: `${(run.ms / 1000).toFixed(1)} s`,
          'versions/s': Math.round(migrated / (run.ms / 1000)),
          'target writes/version': (writes / migrated).toFixed(3),
          'target reads': reads,
          'source requests': proxies.source.requests.length,
          'peak RSS': `${run.maxRssMb.toFixed(0)} MB`,
        });
      } finally {
        await proxies.source.stop();
        await proxies.target.stop();
        await target.stop();
      }
    }
    return {
      title: `srx migrate registry: ${SUBJECTS} subjects x ${VERSIONS} versions into an empty registry (ids preserved), ${process.platform} ${process.arch}, ${cpus().length} cores`,
      rows,
      notes: ['targets: at 5 ms latency >= 500 versions/s; <= 2 target requests per migrated version beyond the reads'],
    };
  } finally {
    await source.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
