// Semantic changes and compatibility verdicts (issue #12) on real AxonOps registries: srx diff, compare,
// compare conflicts (local, and --verify-with-registry), --fail-on, migrate preview; and on the bundled example.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';
import { avroRecord, seeder, type SeedSchema } from '../../support/seed.js';

const root = process.cwd(); // jest runs from the repository root
const withDefault = (name: string, type: unknown = 'string', value: unknown = '') => ({ name, type, default: value });
const status = (symbols: string[]) => ({ name: 'status', type: { type: 'enum', name: 'Status', symbols } });

describe('semantic diff and compatibility verdicts (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'prod'>>>;
  let stateDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    servers = await startRegistries(['staging', 'prod']);
    const staging = seeder(servers.staging.url);
    const prod = seeder(servers.prod.url);
    await staging.call('PUT', '/config', { compatibility: 'NONE' });
    const both = async (subject: string, v1: string | SeedSchema) => {
      await staging.register(subject, v1);
      await prod.register(subject, v1);
    };
    await both('orders-value', avroRecord('Order', ['id']));
    await staging.register('orders-value', avroRecord('Order', ['id', withDefault('note')]));
    await both('amount-value', avroRecord('Amount', [{ name: 'amount', type: 'int' }]));
    await staging.register('amount-value', avroRecord('Amount', [{ name: 'amount', type: 'string' }]));
    await both('status-value', avroRecord('Order', [status(['NEW', 'PAID', 'REFUNDED'])]));
    await staging.register('status-value', avroRecord('Order', [status(['NEW', 'PAID'])]));
    // The same enum change, under FORWARD in prod: an old reader reads the new data, so it is safe.
    await both('lenient-value', avroRecord('Order', [status(['NEW', 'PAID', 'REFUNDED'])]));
    await staging.register('lenient-value', avroRecord('Order', [status(['NEW', 'PAID'])]));
    await prod.call('PUT', '/config/lenient-value', { compatibility: 'FORWARD' });
    await both('invoice-value', { schema: 'syntax = "proto3";\nmessage Invoice { string id = 1; }', schemaType: 'PROTOBUF' });
    await staging.register('invoice-value', { schema: 'syntax = "proto3";\nmessage Invoice { string id = 1; int64 total = 2; }', schemaType: 'PROTOBUF' });
    const closed = (props: Record<string, unknown>, required: string[] = []): SeedSchema => ({
      schema: JSON.stringify({ type: 'object', properties: props, required, additionalProperties: false }),
      schemaType: 'JSON',
    });
    await both('customer-value', closed({ name: { type: 'string' } }));
    await staging.register('customer-value', closed({ name: { type: 'string' }, email: { type: 'string' } }, ['email']));
    stateDir = mkdtempSync(join(tmpdir(), 'srx-compat-'));
    env = { REGISTRIES: `staging:${servers.staging.url},prod:${servers.prod.url}`, SRX_STATE_DIR: stateDir };
  });
  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('srx diff ends with the semantic changes, each with a verdict per level, as text and as JSON data', async () => {
    const text = await runCli(['diff', 'orders-value', 'staging', 'prod'], { env });
    expect(text.exitCode).toBe(1);
    expect(stripAnsi(text.stdout)).toContain('Semantic changes prod v1 → staging v2 (target compatibility BACKWARD, global level):');
    expect(stripAnsi(text.stdout)).toContain('✓ field `note` added with default: safe for BACKWARD, FORWARD, FULL');
    const json = (await runCli(['diff', 'orders-value', 'staging', 'prod', '--json'], { env })).json();
    expect(json.semantic).toMatchObject({ from: 'prod v1', to: 'staging v2', targetLevel: 'BACKWARD', isBreaking: false });
    expect(json.semantic.changes).toEqual([
      {
        type: 'field.added',
        path: '.note',
        message: 'field `note` added with default: safe for BACKWARD, FORWARD, FULL',
        breaking: { BACKWARD: false, FORWARD: false, FULL: false, BACKWARD_TRANSITIVE: false, FORWARD_TRANSITIVE: false, FULL_TRANSITIVE: false },
      },
    ]);
    const amount = stripAnsi((await runCli(['diff', 'amount-value', 'staging', 'prod'], { env })).stdout);
    expect(amount).toContain('✗ field `amount` type int → string: breaking for every level');
    expect(amount).toContain('breaking for BACKWARD: the target would refuse this version');
    const removed = stripAnsi((await runCli(['compare', 'schema', 'status-value', 'staging', 'prod'], { env })).stdout);
    expect(removed).toContain('enum symbol `REFUNDED` removed: breaking for BACKWARD, FULL (safe for FORWARD)');
    const proto = (await runCli(['diff', 'invoice-value', 'staging', 'prod', '--json'], { env })).json();
    expect(proto.semantic.changes.map((c: any) => c.message)).toEqual(['field `total` (number 2, int64) added: safe for BACKWARD, FORWARD, FULL']);
    const jsonSchema = (await runCli(['diff', 'customer-value', 'staging', 'prod', '--json'], { env })).json();
    // Required and new: old data lacks it (BACKWARD); the old closed model refuses it (FORWARD).
    expect(jsonSchema.semantic.changes).toEqual([
      expect.objectContaining({
        type: 'property.added',
        path: '.email',
        message: 'property `email` added (required) to a closed content model: breaking for every level',
      }),
    ]);
  });

  it('--fail-on breaking exits 1 only when a change breaks the target level; --fail-on differences keeps the usual exit', async () => {
    expect((await runCli(['diff', 'orders-value', 'staging', 'prod', '--fail-on', 'breaking'], { env })).exitCode).toBe(0);
    expect((await runCli(['diff', 'amount-value', 'staging', 'prod', '--fail-on', 'breaking'], { env })).exitCode).toBe(1);
    expect((await runCli(['diff', 'lenient-value', 'staging', 'prod', '--fail-on', 'breaking'], { env })).exitCode).toBe(0);
    expect((await runCli(['diff', 'orders-value', 'staging', 'prod', '--fail-on', 'differences'], { env })).exitCode).toBe(1);
    expect((await runCli(['compare', 'schema', 'amount-value', 'staging', 'prod', '--fail-on', 'missing'], { env })).exitCode).toBe(0);
    const bad = await runCli(['compare', 'staging', 'prod', '--fail-on', 'typos'], { env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^error: --fail-on: unknown kind "typos"/m);
  });

  it("compare conflicts judges the missing versions locally at each subject's level; the registry agrees when asked", async () => {
    const local = await runCli(['compare', 'conflicts', 'staging', 'prod', '--json'], { env });
    expect(local.exitCode).toBe(1);
    const json = local.json();
    expect(json.compatibilityCheckedBy).toBe('srx');
    const refused = json.conflicts.filter((c: any) => c.type === 'incompatible');
    expect(refused.map((c: any) => c.subject).sort()).toEqual(['amount-value', 'customer-value', 'status-value']);
    expect(refused.find((c: any) => c.subject === 'status-value')).toMatchObject({
      version: 2,
      level: 'BACKWARD',
      messages: ['BACKWARD against version 1: .status: writer symbol `REFUNDED` is unknown to the reader enum, which has no default'],
    });
    expect(json.summary).toMatchObject({ incompatible: 3, compatibilityChecked: 6 });
    const text = stripAnsi((await runCli(['compare', 'conflicts', 'staging', 'prod'], { env })).stdout);
    expect(text).toContain("6 missing versions checked for compatibility by srx at each subject's level");
    expect(text).toContain('amount-value version 2 (id');
    const asked = (await runCli(['compare', 'conflicts', 'staging', 'prod', '--verify-with-registry', '--json'], { env })).json();
    expect(asked.compatibilityCheckedBy).toBe('registry');
    expect(
      asked.conflicts
        .filter((c: any) => c.type === 'incompatible')
        .map((c: any) => c.subject)
        .sort(),
    ).toEqual(['amount-value', 'customer-value', 'status-value']);
    expect(
      (await runCli(['compare', 'conflicts', 'staging', 'prod', '--subjects', 'orders-value,lenient-value', '--fail-on', 'breaking'], { env })).exitCode,
    ).toBe(0);
    expect((await runCli(['compare', 'conflicts', 'staging', 'prod', '--fail-on', 'breaking'], { env })).exitCode).toBe(1);
  });

  it('judges against an export of the target too (levels from the export); the registry cannot be asked there', async () => {
    const file = join(stateDir, 'prod-export.json');
    expect((await runCli(['export', 'prod', '-o', file], { env })).exitCode).toBe(0);
    const local = (await runCli(['compare', 'conflicts', 'staging', file, '--json'], { env })).json();
    expect(
      local.conflicts
        .filter((c: any) => c.type === 'incompatible')
        .map((c: any) => c.subject)
        .sort(),
    ).toEqual(['amount-value', 'customer-value', 'status-value']);
    const asked = await runCli(['compare', 'conflicts', 'staging', file, '--verify-with-registry', '--json'], { env });
    expect(asked.json()).toMatchObject({ compatibilityCheckedBy: 'registry', summary: { incompatible: 0, compatibilityChecked: 0 } });
    expect(asked.stderr).toContain('is an export: it cannot answer for 6 missing versions (drop --verify-with-registry to judge them locally)');
  });

  it('compare reports for every missing version whether the target would accept it, and --fail-on picks the exit', async () => {
    const run = await runCli(['compare', 'staging', 'prod', '--json'], { env });
    expect(run.exitCode).toBe(1);
    const verdicts = run.json().verdicts;
    expect(verdicts.map((v: any) => [v.subject, v.level, v.levelSource, v.isCompatible])).toEqual([
      ['amount-value', 'BACKWARD', 'global', false],
      ['customer-value', 'BACKWARD', 'global', false],
      ['invoice-value', 'BACKWARD', 'global', true],
      ['lenient-value', 'FORWARD', 'subject', true],
      ['orders-value', 'BACKWARD', 'global', true],
      ['status-value', 'BACKWARD', 'global', false],
    ]);
    const text = stripAnsi((await runCli(['compare', 'staging', 'prod'], { env })).stdout);
    expect(text).toContain("Would prod accept the versions it lacks? (judged by srx at each subject's compatibility level)");
    expect(text).toMatch(
      /✗ amount-value version 2 \(id \d+\) would be refused \(BACKWARD, global level\): BACKWARD against version 1: \.amount: int cannot be read as string/,
    );
    expect((await runCli(['compare', 'staging', 'prod', '--fail-on', 'breaking'], { env })).exitCode).toBe(1);
    expect((await runCli(['compare', 'staging', 'prod', '--fail-on', 'breaking', '--subjects', 'orders-value'], { env })).exitCode).toBe(0);
    // The two registries gave the same ids to different schemas (id collisions are conflicts); orders-value alone has none.
    expect(
      run
        .json()
        .changes.filter((c: any) => c.severity === 'conflict')
        .every((c: any) => c.type === 'id.collision'),
    ).toBe(true);
    expect((await runCli(['compare', 'staging', 'prod', '--fail-on', 'conflicts'], { env })).exitCode).toBe(1);
    expect((await runCli(['compare', 'staging', 'prod', '--fail-on', 'conflicts', '--subjects', 'orders-value'], { env })).exitCode).toBe(0);
    // Without config the levels are unknown: no verdicts (compare conflicts reads the levels it needs).
    expect((await runCli(['compare', 'staging', 'prod', '--no-config', '--json'], { env })).json().verdicts).toEqual([]);
    expect((await runCli(['compare', 'contexts', 'staging', 'prod', '--context', '.', '--fail-on', 'missing'], { env })).exitCode).toBe(1);
    expect((await runCli(['compare', 'missing', 'staging', 'prod', '--fail-on', 'breaking'], { env })).exitCode).toBe(0);
    expect((await runCli(['compare', 'missing', 'staging', 'prod', '--fail-on', 'missing'], { env })).exitCode).toBe(1);
    expect((await runCli(['compare', 'subjects', 'staging', 'prod', '--fail-on', 'differences'], { env })).exitCode).toBe(0);
  });

  it('migrate preview marks the steps the target will refuse, before any write', async () => {
    const run = await runCli(['migrate', 'preview', 'staging', 'prod', '--no-preserve-ids', '--json'], { env });
    const json = run.json();
    const refused = json.warnings.filter((w: any) => w.type === 'will-be-refused');
    expect(refused.map((w: any) => w.subject).sort()).toEqual(['amount-value', 'customer-value', 'status-value']);
    const step = json.steps.find((s: any) => s.subject === 'amount-value' && s.action === 'register');
    expect(step.reason).toContain('the target will refuse it (BACKWARD): BACKWARD against version 1: .amount: int cannot be read as string');
    const text = stripAnsi((await runCli(['migrate', 'preview', 'staging', 'prod', '--no-preserve-ids'], { env })).stdout);
    expect(text).toContain('will-be-refused');
    // Nothing was written: prod still has one version of amount-value.
    expect((await runCli(['compare', 'missing', 'staging', 'prod', '--subjects', 'amount-value', '--json'], { env })).json().missing).toHaveLength(1);
  });

  it('shows verdicts on the bundled example (schema-tool.config.json points at examples/)', async () => {
    const run = await runCli(['diff', 'payments-value', 'staging', 'prod'], { cwd: root, env: {} });
    expect(run.exitCode).toBe(1);
    const text = stripAnsi(run.stdout);
    expect(text).toContain('Semantic changes prod v2 → staging v3 (target compatibility FULL, global level):');
    expect(text).toContain('✗ field `amount` type double → long: breaking for BACKWARD, FULL (safe for FORWARD)');
    const orders = stripAnsi((await runCli(['diff', 'orders-value', 'staging', 'prod'], { cwd: root, env: {} })).stdout);
    expect(orders).toContain('✓ field `channel` added with default: safe for BACKWARD, FORWARD, FULL');
    const conflicts = await runCli(['compare', 'conflicts', 'staging', 'prod', '--fail-on', 'breaking'], { cwd: root, env: {} });
    expect(conflicts.exitCode).toBe(1);
    expect(stripAnsi(conflicts.stdout)).toContain(
      'payments-value version 3 (id 12) would be refused (FULL, global level): BACKWARD against version 2: .amount: double cannot be read as long',
    );
  });
});
