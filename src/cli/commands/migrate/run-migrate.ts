import {
  fileError,
  type MigrationPlan,
  type MigrationRequest,
  type MigrationResult,
  type MigrationScope,
  runMigration,
  type SnapshotSource,
  UsageError,
} from '../../../core/index.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { registryRefOf, snapshotSourceFor } from '../../sources.js';
import type { CommandContext, RegistryHandle } from '../../context.js';
import { policyFrom, type MigrateCommonOptions } from './options.js';

/** Requests in flight per registry during a migration unless --concurrency or the registry's config says otherwise. */
const MIGRATION_CONCURRENCY = 16;

/** Requests in flight for a migration on this registry: --concurrency, else its config, else MIGRATION_CONCURRENCY. */
export function concurrencyFor(ctx: CommandContext, handle: RegistryHandle): number {
  return ctx.global.concurrency ?? handle.entry.concurrency ?? MIGRATION_CONCURRENCY;
}

/**
 * A registry handle as a snapshot source (live or export). Its reads, like the target's, grow past
 * MIGRATION_CONCURRENCY while latency holds unless --concurrency or the registry's config fixes them.
 */
export function sourceFor(ctx: CommandContext, handle: RegistryHandle): SnapshotSource {
  return snapshotSourceFor(ctx, handle);
}

/** The target: a client whose requests survive SIGINT (modes are restored after it). */
export function targetFor(ctx: CommandContext, handle: RegistryHandle): MigrationRequest['target'] {
  return {
    kind: 'http',
    client: ctx.client(handle, { signal: undefined }),
    registry: registryRefOf(handle),
  };
}

/** The migration's text renderer, loaded for table output only. */
async function loadRenderer() {
  return (await import('../../render/migrate.js')).renderMigration;
}

/** The JSON/table result without the (large) plan. */
export function withoutPlan(result: MigrationResult): MigrationResult {
  const { plan: _plan, ...rest } = result;
  return rest;
}

/** Shared body of migrate schema|context|registry|subjects|preview|apply. */
export async function migrateCommand(
  ctx: CommandContext,
  sourceArg: string,
  targetArg: string,
  scope: MigrationScope,
  options: MigrateCommonOptions,
  extra: { dryRun?: boolean; plan?: MigrationPlan; kind?: MigrationRequest['kind'] } = {},
): Promise<void> {
  const source = await ctx.resolveRegistry(sourceArg);
  const target = await ctx.resolveRegistry(targetArg);
  const sameContexts = scope.targetContext === undefined || scope.contexts?.[0] === scope.targetContext;
  if (source.name === target.name && sameContexts) {
    throw new UsageError(
      'E_USAGE_REGISTRY',
      `source and target are the same registry (${source.name})`,
      'to copy one context into another of the same registry, give --target-context',
    );
  }
  const dryRun = Boolean(options.dryRun || extra.dryRun);
  if (target.kind === 'export') throw new UsageError('E_USAGE_REGISTRY', `${target.name} is an export; the target of a migration must be a live registry`);
  const policy = extra.plan?.policy ?? policyFrom(options);
  const onStart = (id: string) => {
    if (ctx.isJson) ctx.verbose(`migration ${id}`);
    else if (!ctx.global.quiet) ctx.deps.stderr.write(`migration ${id}\n`);
  };
  const request = (plan: MigrationPlan | undefined, asDryRun: boolean): MigrationRequest => ({
    onStart,
    source: sourceFor(ctx, source),
    target: targetFor(ctx, target),
    scope,
    policy,
    kind: extra.kind,
    dryRun: asDryRun,
    stateDir: ctx.stateDir(),
    redact: (text) => ctx.redactor.redact(text),
    progress: ctx.progress(),
    signal: ctx.signal,
    concurrency: concurrencyFor(ctx, target),
    plan,
    allowEmpty: Boolean(options.allowEmpty),
  });
  let plan = extra.plan;
  if (!dryRun && ctx.needsTypedConfirmation(target)) {
    // As `terraform apply` does: show what would be written, then ask; the answer applies to exactly that plan.
    const preview = await runMigration(request(plan, true));
    const renderMigration = await loadRenderer();
    ctx.deps.stderr.write(ctx.redactor.redact(renderMigration(withoutPlan(preview), ctx.renderOptions)));
    if (preview.plan?.blocked || !preview.plan) {
      ctx.emit(withoutPlan(preview), renderMigration);
      return;
    }
    plan = preview.plan;
  }
  if (!dryRun) await ctx.confirmWrite(target, `migrate into ${target.name}`);
  const result = await runMigration(request(plan, dryRun));
  if (options.planOut && result.plan) writeJson(ctx, options.planOut, { schemaVersion: 1, ...result.plan });
  if (options.idMap)
    writeJson(ctx, options.idMap, { kind: 'id-map', source: result.source, target: result.target, migrationId: result.id, entries: result.idMap ?? [] });
  await ctx.emitLoading(withoutPlan(result), loadRenderer);
}

function writeJson(ctx: CommandContext, file: string, value: unknown): void {
  const path = resolve(ctx.deps.cwd, file);
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw fileError('write', path, error);
  }
}
