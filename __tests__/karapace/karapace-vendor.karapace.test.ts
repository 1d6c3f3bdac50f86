/**
 * srx end to end against real Karapace 6.2 registries on a real Kafka broker (opt-in: `npm run test:karapace`).
 * Karapace: no IMPORT (modes are read-only, PUT /mode answers 405), no contexts, `GET /schemas` with an
 * inverted `deleted` flag, every subject's mode answered with the global one. AxonOps is the other side
 * where a pair is needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { karapaceMissing, startKarapaceEstate } from '../support/karapace-server.js';
import { startRegistries } from '../support/registry-server.js';
import { avroRecord, seeder } from '../support/seed.js';
import { runCli } from '../support/run-cli.js';

const missing = karapaceMissing();
if (missing) process.stderr.write(`${missing}\n`);
const describeKarapace = missing ? describe.skip : describe;

const v1 = avroRecord('Order', ['id']);
const v2 = avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]);
const v3 = avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }, { name: 'tag', type: 'string', default: '' }]);

/** The run's exit code and, on a mismatch, its output (so a failure says why). */
const outcome = (run: { exitCode: number; stdout: string; stderr: string }) => ({
  exitCode: run.exitCode,
  output: `${run.stderr}\n${run.stdout}`.slice(0, 1500),
});
const exited = (code: number) => expect.objectContaining({ exitCode: code });

type Comparison = {
  subjects: {
    subject: string;
    context: string;
    status: string;
    versions: { version: number; status: string }[];
    mode?: { source: string | null; target: string | null };
  }[];
};
type ExportDoc = {
  contexts: { name: string; mode: string | null; subjects: { name: string; mode: string | null; versions: { version: number; deleted: boolean }[] }[] }[];
};

describeKarapace('srx against real Karapace 6.2 (opt-in)', () => {
  let estate: Awaited<ReturnType<typeof startKarapaceEstate<'ka' | 'kb'>>>;
  let axonops: Awaited<ReturnType<typeof startRegistries<'ax' | 'ax2'>>>;
  let stateDir: string;
  let env: Record<string, string>;
  const ka = () => seeder(estate.registries.ka.url);
  const kb = () => seeder(estate.registries.kb.url);
  const ax = () => seeder(axonops.ax.url);
  const ax2 = () => seeder(axonops.ax2.url);
  const liveVersions = (doc: ExportDoc, subject: string) =>
    doc.contexts
      .flatMap((c) => c.subjects)
      .filter((s) => s.name === subject)
      .flatMap((s) => s.versions)
      .filter((v) => !v.deleted)
      .map((v) => v.version);

  beforeAll(async () => {
    const began = Date.now();
    [estate, axonops] = await Promise.all([startKarapaceEstate(['ka', 'kb']), startRegistries(['ax', 'ax2'])]);
    process.stderr.write(`karapace estate up in ${Date.now() - began} ms ${JSON.stringify(estate.timings)}\n`);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-karapace-'));
    env = {
      REGISTRIES: `ka:${estate.registries.ka.url},kb:${estate.registries.kb.url},ax:${axonops.ax.url},ax2:${axonops.ax2.url}`,
      SRX_STATE_DIR: stateDir,
    };
    // ka: sd-value v1, v2 (soft-deleted), v3; gone-value wholly soft-deleted; same-value also on kb.
    await ka().register('sd-value', v1);
    await ka().register('sd-value', v2);
    await ka().register('sd-value', v3);
    await ka().softDelete('sd-value', 2);
    await ka().register('gone-value', avroRecord('Gone', ['g']));
    await ka().softDelete('gone-value', 1);
    await ka().register('same-value', avroRecord('Same', ['s']));
    await kb().register('same-value', avroRecord('Same', ['s']));
    // kb: a subject whose name merely looks context-qualified.
    await kb().register(':.x:s', avroRecord('LooksQualified', ['q']));
    // ax: pres-value with ids 101, 102; ctx-value for the named-context plan.
    await ax().importVersion('pres-value', v1, 101, 1);
    await ax().importVersion('pres-value', v2, 102, 2);
    await ax().importVersion('ctx-value', avroRecord('Ctx', ['c']), 201, 1);
  });

  afterAll(async () => {
    await estate?.stopAll();
    await axonops?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('export of a Karapace holding soft-deleted versions never shows them as live', async () => {
    const run = await runCli(['export', 'ka'], { env });
    expect(outcome(run)).toEqual(exited(0));
    const doc = run.json<ExportDoc>();
    expect(liveVersions(doc, 'sd-value')).toEqual([1, 3]);
    expect(liveVersions(doc, 'gone-value')).toEqual([]);
  });

  it('a migration Karapace → AxonOps does not resurrect soft-deleted versions, and compare is then clean', async () => {
    const run = await runCli(['migrate', 'registry', 'ka', 'ax2', '--json'], { env });
    expect(outcome(run)).toEqual(exited(0));
    expect(await ax2().versions('sd-value')).toEqual([1, 3]);
    expect(await ax2().versions('gone-value')).toEqual([]);
    const compare = await runCli(['compare', 'registries', 'ka', 'ax2', '--json'], { env });
    const result = compare.json<Comparison>();
    expect(result.subjects.filter((s) => s.status !== 'identical')).toEqual([]);
    expect(outcome(compare)).toEqual(exited(0));
  });

  it('migrate AxonOps → Karapace with preserved ids stops before any write (exit 2, hint --no-preserve-ids), no phantom modes', async () => {
    const first = await runCli(['migrate', 'registry', 'ax', 'kb', '--json'], { env });
    expect(outcome(first)).toEqual(exited(2));
    expect(first.stdout + first.stderr).toContain('--no-preserve-ids'); // with --json the hint is in the error document
    expect((await kb().subjects()).sort()).toEqual([':.x:s', 'same-value']);
    const second = await runCli(['migrate', 'registry', 'ax', 'kb', '--json'], { env });
    expect(outcome(second)).toEqual(exited(2));
    expect(second.stderr).not.toMatch(/left.*mode|restore/i);
  });

  it('migrate AxonOps → Karapace with --no-preserve-ids copies the content; compare shows only id differences', async () => {
    const run = await runCli(['migrate', 'schema', 'pres-value', 'ax', 'kb', '--no-preserve-ids', '--json'], { env });
    expect(outcome(run)).toEqual(exited(0));
    expect(await kb().versions('pres-value')).toEqual([1, 2]);
    const compare = await runCli(['compare', 'registries', 'ax', 'kb', '--subjects', 'pres-value', '--json'], { env });
    const subject = compare.json<Comparison>().subjects.find((s) => s.subject === 'pres-value');
    expect(subject).toBeDefined();
    expect(subject!.versions.filter((v) => v.status !== 'id-differs')).toEqual([]);
    expect(subject!.mode === undefined || subject!.mode.source === subject!.mode.target).toBe(true);
  });

  it('registry info on Karapace reports no contexts and no IMPORT mode', async () => {
    const run = await runCli(['registry', 'info', 'ka', '--json'], { env });
    expect(outcome(run)).toEqual(exited(0));
    const info = run.json();
    expect(info.capabilities.contexts.status).toBe('no');
    expect(info.capabilities.importMode.status).toBe('no');
  });

  it('subject modes compare clean between two Karapaces (effective modes) and exports invent no subject modes', async () => {
    const run = await runCli(['compare', 'registries', 'ka', 'kb', '--subjects', 'same-value', '--json'], { env });
    const subjects = run.json<Comparison>().subjects;
    expect(subjects.map((s) => s.subject)).toEqual(['same-value']);
    expect(subjects.filter((s) => s.mode && s.mode.source !== s.mode.target)).toEqual([]);
    expect(run.stdout).not.toContain('mode-differs');
    const exported = await runCli(['export', 'ka'], { env });
    expect(outcome(exported)).toEqual(exited(0));
    const withModes = exported
      .json<ExportDoc>()
      .contexts.flatMap((c) => c.subjects)
      .filter((s) => s.mode !== null);
    expect(withModes).toEqual([]);
  });

  it('a plan into a named context on Karapace stops before writing', async () => {
    const run = await runCli(['migrate', 'schema', 'ctx-value', 'ax', 'kb', '--target-context', '.x', '--no-preserve-ids', '--json'], { env });
    expect(outcome(run)).toEqual(exited(2));
    expect(run.json().error).toMatchObject({ code: 'E_CONTEXTS_NOT_SUPPORTED', hint: expect.stringContaining('--target-context .') }); // --json: the hint is in the error document
    const names = await kb().subjects();
    expect(names.filter((n) => n.includes('ctx-value'))).toEqual([]);
  });

  it('a subject named :.x:s on Karapace is a default-context subject, read and exported', async () => {
    const run = await runCli(['export', 'kb'], { env });
    expect(outcome(run)).toEqual(exited(0));
    const doc = run.json<ExportDoc>();
    const home = doc.contexts.find((c) => c.name === '.');
    expect(home?.subjects.map((s) => s.name)).toContain(':.x:s');
    expect(liveVersions(doc, ':.x:s')).toEqual([1]);
    expect(doc.contexts.map((c) => c.name)).toEqual(['.']);
  });
});
