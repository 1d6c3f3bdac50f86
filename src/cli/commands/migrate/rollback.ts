import { readMigrationHeader, rollbackMigration } from '../../../core/index.js';
import type { Command } from 'commander';
import { flagOption } from '../../options/flags.js';
import type { ActionRunner } from '../../program.js';

/** `migrate rollback <migration-id>`: deletes exactly what a migration created; asks first on a terminal. */
export function registerRollback(migrate: Command, run: ActionRunner): void {
  migrate
    .command('rollback <migration-id>')
    .description('delete exactly what a migration created; restore config and modes it changed')
    .addOption(flagOption('dryRun', 'show what would be undone'))
    .option('--force', 'roll back even where the target changed since')
    .action(
      run(async (ctx, id: string, options: { dryRun?: boolean; force?: boolean }) => {
        const { renderRollback } = await import('../../render/migrate.js');
        const { targetFor } = await import('./run-migrate.js');
        const stateDir = ctx.stateDir();
        const header = await readMigrationHeader(stateDir, id);
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
}
