import type { Command } from 'commander';
import { flagOption } from '../../options/flags.js';
import type { ActionRunner } from '../../program.js';

/** Registers migrate status, list, rollback and resume (they read the journal). */
export function registerHistory(migrate: Command, run: ActionRunner): void {
  migrate
    .command('status <migration-id>')
    .description('progress, failures, and modes a crash left changed')
    .action(
      run(async (ctx, id: string) => {
        const { findJournal, summarizeJournal } = await import('../../../core/journal/history.js');
        const { renderMigrationStatus } = await import('../../render/migrate.js');
        const stateDir = ctx.stateDir();
        const result = summarizeJournal(stateDir, findJournal(stateDir, id));
        ctx.emit(result, renderMigrationStatus);
      }),
    );
  migrate
    .command('list')
    .description('migration history: id, when, source → target, scope, status, counts')
    .action(
      run(async (ctx) => {
        const { listMigrations } = await import('../../../core/journal/history.js');
        const { renderMigrationList } = await import('../../render/migrate.js');
        ctx.emit(listMigrations(ctx.stateDir()), renderMigrationList);
      }),
    );
  migrate
    .command('rollback <migration-id>')
    .description('delete exactly what a migration created; restore config and modes it changed')
    .addOption(flagOption('dryRun', 'show what would be undone'))
    .option('--force', 'roll back even where the target changed since')
    .action(
      run(async (ctx, id: string, options: { dryRun?: boolean; force?: boolean }) => {
        const { readMigrationHeader } = await import('../../../core/journal/history.js');
        const { rollbackMigration } = await import('../../../core/operations/rollback.js');
        const { renderRollback } = await import('../../render/migrate.js');
        const { targetFor } = await import('./run-migrate.js');
        const stateDir = ctx.stateDir();
        const header = readMigrationHeader(stateDir, id);
        const handle = await ctx.resolveRegistry(header.target.name);
        const target = targetFor(ctx, handle);
        const rollback = (dryRun: boolean) =>
          rollbackMigration({
            id: header.id,
            stateDir,
            client: target.client,
            target: target.registry,
            dryRun,
            force: Boolean(options.force),
            progress: ctx.progress(),
          });
        const asks = !options.dryRun && !ctx.global.yes && ctx.isInteractive() && handle.kind === 'http' && !handle.entry.readonly;
        if (asks) {
          // Permanent deletes cannot be undone: on a terminal, show what would be undone and ask first (--yes skips this).
          const preview = await rollback(true);
          const deletes = preview.actions.filter((a) => a.action === 'delete-version').length;
          if ((deletes > 0 || handle.entry.protected) && preview.status !== 'refused') {
            ctx.deps.stderr.write(ctx.redactor.redact(renderRollback(preview, ctx.renderOptions)));
            await ctx.confirmTyped(
              handle.name,
              `Roll back ${header.id}: permanently delete ${deletes} version(s) from ${handle.name}? Type the registry name to confirm: `,
            );
          }
        } else if (!options.dryRun) await ctx.confirmWrite(handle, `roll back migration ${header.id} in ${handle.name}`);
        const result = await rollback(Boolean(options.dryRun));
        ctx.emit(result, renderRollback);
      }),
    );
  migrate
    .command('resume <migration-id>')
    .description('complete an interrupted migration (done steps are skipped; modes restored)')
    .action(
      run(async (ctx, id: string) => {
        const { readMigrationHeader } = await import('../../../core/journal/history.js');
        const { resumeMigration } = await import('../../../core/operations/migrate.js');
        const { renderMigration } = await import('../../render/migrate.js');
        const { MIGRATION_CONCURRENCY, sourceFor, targetFor, withoutPlan } = await import('./run-migrate.js');
        const stateDir = ctx.stateDir();
        const header = readMigrationHeader(stateDir, id);
        const source = await ctx.resolveRegistry(header.source.kind === 'export' && header.source.path ? header.source.path : header.source.name);
        const target = await ctx.resolveRegistry(header.target.name);
        await ctx.confirmWrite(target, `resume migration ${header.id} into ${target.name}`);
        if (!ctx.isJson && !ctx.global.quiet) ctx.deps.stderr.write(`migration ${header.id} (resumed)\n`);
        const result = await resumeMigration({
          id: header.id,
          source: sourceFor(ctx, source),
          target: targetFor(ctx, target),
          scope: header.scope,
          policy: header.policy,
          dryRun: false,
          stateDir,
          redact: (text) => ctx.redactor.redact(text),
          progress: ctx.progress(),
          signal: ctx.signal,
          concurrency: ctx.global.concurrency ?? target.entry.concurrency ?? MIGRATION_CONCURRENCY,
        });
        ctx.emit(withoutPlan(result), renderMigration);
      }),
    );
}
