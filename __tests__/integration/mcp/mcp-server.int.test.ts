// `srx mcp` (run `npm run build` first): the built CLI spawned as an MCP stdio server and driven by the SDK's own
// Client against real AxonOps registries on loopback. Read-only by default; writes only with --allow-writes; readonly
// targets refused, protected ones need confirm; plans from migrate_preview apply only while neither side changed;
// cancel mid-migration restores modes and leaves an "interrupted" journal; secrets never reach a result or stderr.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries, startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { appliedRegistrations, readJournals, seedEstate } from '../../support/reliability-estate.js';
import { pollUntil, readRegistryState, ROOT, runSrx, SRX_BIN } from '../../support/reliability-helpers.js';
import { avroRecord, seeder } from '../../support/seed.js';

const SECRET = 'hunter2-mcp-secret';

interface Session {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

async function connect(env: Record<string, string>, extraArgs: string[] = []): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SRX_BIN, 'mcp', ...extraArgs],
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home', NO_COLOR: '1', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'srx-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

type ToolResult = { isError?: boolean; structuredContent?: { exitCode: number; planId?: string; result: any }; content: { type: string; text: string }[] };
const call = async (s: Session, name: string, args: Record<string, unknown> = {}) =>
  (await s.client.callTool({ name, arguments: args })) as unknown as ToolResult;

describe('srx mcp (SDK stdio client, real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'prod'>>>;
  let stateDir: string;
  let env: Record<string, string>;
  // AxonOps answers null (not []) for a registry with no subjects.
  const prodSubjects = async () => (await seeder(servers.prod.url).subjects()) ?? [];

  beforeAll(async () => {
    servers = await startRegistries(['staging', 'prod']);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-mcp-'));
    env = {
      REGISTRIES_CONFIG: JSON.stringify({
        staging: { url: servers.staging.url },
        prod: { url: servers.prod.url },
        'prod-ro': { url: servers.prod.url, readonly: true },
        'prod-guarded': { url: servers.prod.url, protected: true },
        vault: { url: 'http://127.0.0.1:9', user: 'svc', password: SECRET },
      }),
      SRX_STATE_DIR: stateDir,
    };
    await seeder(servers.staging.url).register('orders-value', avroRecord('Order', ['id']));
    await seeder(servers.staging.url).register('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]));
    await seeder(servers.staging.url).register('payments-value', avroRecord('Payment', ['id']));
  }, 60_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('read-only by default: lists read tools with JSON Schema inputs, no write tool, and a write call is refused', async () => {
    const s = await connect(env);
    try {
      const { tools } = await s.client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'registry_list',
          'registry_info',
          'registry_test',
          'compare_registries',
          'compare_contexts',
          'compare_subjects',
          'schema_diff',
          'compare_missing',
          'compare_conflicts',
          'migrate_preview',
          'migrate_status',
          'migrate_list',
          'migration_report',
          'sync_status',
          'export_validate',
        ]),
      );
      for (const write of ['migrate_apply', 'migrate_registry', 'migrate_schema', 'sync_once', 'import_export', 'migrate_rollback', 'registry_use']) {
        expect(names).not.toContain(write);
      }
      const compare = tools.find((t) => t.name === 'compare_registries')!;
      expect(compare.inputSchema).toMatchObject({
        type: 'object',
        required: ['source', 'target'],
        properties: { source: { type: 'string' }, includeDeleted: { type: 'boolean' } },
      });
      expect(compare.annotations).toMatchObject({ readOnlyHint: true });
      const refused = await call(s, 'migrate_registry', { source: 'staging', target: 'prod' });
      expect(refused.isError).toBe(true);
      expect(await prodSubjects()).toEqual([]);
      expect(s.stderr()).toMatch(/read-only tools/);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('compare_registries returns the same JSON document as `srx compare registries --json`, plus a summary', async () => {
    const s = await connect(env);
    try {
      const result = await call(s, 'compare_registries', { source: 'staging', target: 'prod' });
      const cli = await runSrx(['compare', 'registries', 'staging', 'prod', '--json'], env);
      expect(cli.code).toBe(1);
      expect(result.isError).toBe(false);
      expect(result.structuredContent!.exitCode).toBe(1);
      const strip = (doc: any) => JSON.parse(JSON.stringify(doc, (k, v) => (/At$|^generated|^durationMs$|^elapsed/.test(k) ? undefined : v)));
      expect(strip(result.structuredContent!.result)).toEqual(strip(JSON.parse(cli.stdout)));
      expect(result.content[0]!.text).toMatch(/^compare_registries: differences found/);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('invalid input gets a clear error, not a crash; secrets never reach results or stderr', async () => {
    const s = await connect(env);
    try {
      const bad = await call(s, 'compare_registries', { source: 'staging' });
      expect(bad.isError).toBe(true);
      const unknown = await call(s, 'compare_registries', { source: 'staging', target: 'nowhere' });
      expect(unknown.isError).toBe(true);
      expect(unknown.content[0]!.text).toMatch(/nowhere/);
      const list = await call(s, 'registry_list');
      const info = await call(s, 'registry_info', { registry: 'vault' });
      expect(info.isError).toBe(true);
      expect(info.structuredContent!.exitCode).toBe(3);
      for (const r of [list, info]) expect(JSON.stringify(r)).not.toContain(SECRET);
      expect(JSON.stringify(list)).toContain('vault');
    } finally {
      await s.close();
    }
    expect(s.stderr()).not.toContain(SECRET);
  }, 60_000);

  it('the promotion workflow: compare → preview → apply the plan → compare clean; readonly refused, protected needs confirm', async () => {
    const s = await connect(env, ['--allow-writes']);
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['migrate_apply', 'migrate_registry', 'sync_once', 'migrate_rollback']));

      const before = await call(s, 'compare_missing', { source: 'staging', target: 'prod' });
      expect(before.structuredContent!.exitCode).toBe(1);

      // readonly: refused even with confirm; protected: refused without confirm (or a wrong one), nothing written.
      const ro = await call(s, 'migrate_registry', { source: 'staging', target: 'prod-ro', confirm: 'prod-ro' });
      expect({ isError: ro.isError, code: ro.structuredContent!.exitCode }).toEqual({ isError: true, code: 2 });
      expect(ro.content[0]!.text).toMatch(/read-?only/i);
      for (const confirm of [undefined, 'prod']) {
        const guarded = await call(s, 'migrate_registry', { source: 'staging', target: 'prod-guarded', ...(confirm ? { confirm } : {}) });
        expect({ isError: guarded.isError, code: guarded.structuredContent!.exitCode }).toEqual({ isError: true, code: 2 });
        expect(guarded.content[0]!.text).toMatch(/protected/);
      }
      expect(await prodSubjects()).toEqual([]);

      // A stale plan is refused: preview, then staging changes, then apply.
      const stale = await call(s, 'migrate_preview', { source: 'staging', target: 'prod' });
      await seeder(servers.staging.url).register('late-value', avroRecord('Late', ['id']));
      const refused = await call(s, 'migrate_apply', { planId: stale.structuredContent!.planId });
      expect(refused.isError).toBe(true);
      expect(refused.content[0]!.text).toMatch(/changed/);
      expect(await prodSubjects()).toEqual([]);

      const preview = await call(s, 'migrate_preview', { source: 'staging', target: 'prod' });
      expect(preview.isError).toBe(false);
      expect(preview.structuredContent!.planId).toMatch(/^plan-/);
      expect(preview.structuredContent!.result).toMatchObject({ dryRun: true });
      expect(await prodSubjects()).toEqual([]);

      const applied = await call(s, 'migrate_apply', { planId: preview.structuredContent!.planId });
      expect(applied.isError).toBe(false);
      expect(applied.structuredContent!.result).toMatchObject({ kind: 'migration', status: 'completed', summary: { failed: 0 } });
      expect((await prodSubjects()).sort()).toEqual(['late-value', 'orders-value', 'payments-value']);

      const after = await call(s, 'compare_registries', { source: 'staging', target: 'prod' });
      expect(after.structuredContent!.exitCode).toBe(0);

      // Protected with the exact name as confirm: written.
      await seeder(servers.staging.url).register('refunds-value', avroRecord('Refund', ['id']));
      const confirmed = await call(s, 'migrate_schema', { subject: 'refunds-value', source: 'staging', target: 'prod-guarded', confirm: 'prod-guarded' });
      expect(confirmed.isError).toBe(false);
      expect(await prodSubjects()).toContain('refunds-value');
    } finally {
      await s.close();
    }
  }, 120_000);

  it("docs/mcp.md's client configuration starts a working server (its registries pointed at loopback)", async () => {
    const section = readFileSync(join(ROOT, 'docs', 'mcp.md'), 'utf8');
    const snippet = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as {
      mcpServers: { srx: { command: string; args: string[]; env: Record<string, string> } };
    };
    const server = snippet.mcpServers.srx;
    expect(server.command).toBe('srx');
    const config = server.env
      .REGISTRIES_CONFIG!.replace('https://sr-staging.example.com', servers.staging.url)
      .replace('https://sr-prod.example.com', servers.prod.url);
    const s = await connect({ REGISTRIES_CONFIG: config, SRX_STATE_DIR: join(stateDir, 'readme') }, server.args.slice(1));
    try {
      expect((await s.client.listTools()).tools.map((t) => t.name)).toContain('migrate_apply');
      const list = await call(s, 'registry_list');
      expect(list.structuredContent!.result.registries).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'prod', protected: true })]));
      const compare = await call(s, 'compare_registries', { source: 'staging', target: 'prod' });
      expect(compare.isError).toBe(false);
    } finally {
      await s.close();
    }
  }, 60_000);

  describe('cancellation', () => {
    let source: RegistryServer;
    let target: RegistryServer;
    let proxy: FaultProxy;

    beforeAll(async () => {
      source = await startRegistry();
      target = await startRegistry();
      await seedEstate(source.url, { count: 60, teamA: 10 });
      proxy = await startProxy({ target: target.url, latencyMs: 20 });
    }, 60_000);

    afterAll(async () => {
      await proxy?.stop();
      await source?.stop();
      await target?.stop();
    });

    it('progress notifications arrive, and cancelling mid-migration restores modes and journals "interrupted"', async () => {
      const cancelState = join(stateDir, 'cancel');
      const cancelEnv = { REGISTRIES: `src:${source.url},tgt:${proxy.url}`, SRX_STATE_DIR: cancelState };
      const s = await connect(cancelEnv, ['--allow-writes', '--concurrency', '4']);
      try {
        const controller = new AbortController();
        const progress: string[] = [];
        const pending = s.client.callTool({ name: 'migrate_registry', arguments: { source: 'src', target: 'tgt' } }, undefined, {
          signal: controller.signal,
          onprogress: (p) => {
            progress.push(String(p.message ?? p.progress));
          },
          timeout: 120_000,
        });
        pending.catch(() => {});
        const started = await pollUntil(() => [...readJournals(cancelState).values()].some((lines) => appliedRegistrations(lines).size >= 5), 800, 10);
        expect(started).toBe(true);
        await pollUntil(() => progress.length > 0, 200, 10);
        expect(progress.length).toBeGreaterThan(0);
        controller.abort('user cancelled');
        await expect(pending).rejects.toThrow();
        const last = await pollUntil(
          () => {
            const lines = [...readJournals(cancelState).values()][0]!;
            const tail = lines.at(-1)!;
            return tail.type === 'status' && tail.status !== 'running' ? tail : undefined;
          },
          800,
          25,
        );
        expect(last).toMatchObject({ type: 'status', status: 'interrupted' });
        const lines = [...readJournals(cancelState).values()][0]!;
        const scopes = (type: string) =>
          lines
            .filter((l) => l.type === type)
            .map((l) => `${l.context}|${l.subject}`)
            .sort();
        expect(scopes('mode-set').length).toBeGreaterThan(0);
        expect(scopes('mode-restored')).toEqual(scopes('mode-set'));
        for (const context of ['.', '.team-a']) {
          const state = await readRegistryState(target.url, context);
          expect(state.mode).toBe('READWRITE');
          expect(Object.values(state.subjectModes).filter((m) => m !== null)).toEqual([]);
        }
        // The server is still usable after a cancel.
        const status = await call(s, 'migrate_list');
        expect(status.isError).toBe(false);
      } finally {
        await s.close();
      }
    }, 120_000);
  });
});
