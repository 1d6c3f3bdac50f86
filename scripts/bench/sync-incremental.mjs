// Benchmark of an incremental scheduled sync: 10,000 subjects, identical on both sides, through counting proxies
// adding 5 ms of latency to every request. `srx sync serve` makes a full run first (it has no fingerprint yet), then
// a no-change run that compares listing fingerprints only. Prints each run's wall time and the requests it made.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy } from '../lib/fault-proxy.mjs';
import { startRegistry } from '../lib/registry-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_SYNC_LATENCY ?? 5);
const SEED_CONCURRENCY = 64;

async function call(method, url, body) {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`seed ${method} ${url} → ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** The same subjects, versions and ids on every registry given (IMPORT mode), so a sync has nothing to copy. */
async function seedIdentical(bases) {
  for (const base of bases) await call('PUT', `${base}/mode`, { mode: 'IMPORT' });
  let next = 0;
  const worker = async () => {
    while (next < SUBJECTS) {
      const i = next++;
      const subject = `inc-${String(i).padStart(5, '0')}-value`;
      const schema = JSON.stringify({ type: 'record', name: `Inc${i}`, namespace: 'com.bench', fields: [{ name: 'id', type: 'string' }] });
      for (const base of bases) await call('POST', `${base}/subjects/${subject}/versions`, { schema, id: 5000 + i, version: 1 });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  for (const base of bases) await call('PUT', `${base}/mode`, { mode: 'READWRITE' });
}

/** Starts `srx sync serve` and resolves each finished run's record (from its JSON logs) through `onRun`. */
function serve(env, onRun) {
  const child = spawn(process.execPath, [join(root, 'bin/srx.js'), 'sync', 'serve', 'src', 'dst', '--interval', '1s', '--log-format', 'json'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  child.stderr.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const entry = JSON.parse(line);
        if (entry.event === 'run') onRun(entry);
      } catch {
        // not a JSON log line
      }
    }
  });
  const exited = new Promise((resolve) => child.once('close', resolve));
  return { child, exited };
}

/** Seeds both sides, runs the service for two runs, returns the figures. */
export default async function benchSyncIncremental({ log }) {
  const [source, target] = [await startRegistry(), await startRegistry()];
  const stateDir = mkdtempSync(join(tmpdir(), 'srx-bench-sync-'));
  const proxies = { source: await startProxy({ target: source.url, latencyMs: LATENCY_MS }), target: await startProxy({ target: target.url, latencyMs: LATENCY_MS }) };
  try {
    log(`seeding both registries with the same ${SUBJECTS} subjects...`);
    await seedIdentical([source.url, target.url]);
    const rows = [];
    const counts = () => ({ source: proxies.source.requests.length, target: proxies.target.requests.length });
    let mark = counts();
    let done;
    const twoRuns = new Promise((resolve, reject) => { done = { resolve, reject }; });
    const { child, exited } = serve({ REGISTRIES: `src:${proxies.source.url},dst:${proxies.target.url}`, SRX_STATE_DIR: stateDir }, (run) => {
      const now = counts();
      const perSubject = [...proxies.source.requests.slice(mark.source), ...proxies.target.requests.slice(mark.target)].filter((r) => /\/(subjects|mode|config)\/[^/]/.test(r.path)).length;
      rows.push({
        run: run.unchanged ? `${run.run}: no change (incremental)` : `${run.run}: full`,
        status: run.status,
        copied: run.copied,
        wall: `${(run.durationMs / 1000).toFixed(2)} s`,
        'source requests': now.source - mark.source,
        'target requests': now.target - mark.target,
        'per-subject requests': perSubject,
      });
      mark = now;
      log(`run ${run.run}: ${run.unchanged ? 'unchanged' : 'full'} in ${run.durationMs} ms`);
      if (rows.length === 2) done.resolve();
    });
    exited.then((code) => done.reject(new Error(`srx sync serve exited early (${code})`)));
    await twoRuns;
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`srx sync serve exited ${code} on SIGTERM`);
    if (!/no change/.test(rows[1].run)) throw new Error('the second run was not incremental');
    return {
      title: `srx sync serve: ${SUBJECTS} identical subjects, ${LATENCY_MS} ms latency on every request, ${process.platform} ${process.arch}, ${cpus().length} cores`,
      rows,
      notes: ['target: a no-change run reads listings only (no per-subject request); a full run is still made at least every 10 runs'],
    };
  } finally {
    await proxies.source.stop();
    await proxies.target.stop();
    await source.stop();
    await target.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
