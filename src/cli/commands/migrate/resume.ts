import { readMigrationHeader, resumeMigration } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `migrate resume <migration-id>`: completes an interrupted migration from its journal. */
export function registerResume(migrate: Command, run: ActionRunner): void {
  migrate
    .command('resume <migration-id>')
    .description('complete an interrupted migration (done steps are skipped; modes restored)')
    .action(
      run(async (ctx, id: string) => {
        const { renderMigration } = await import('../../render/migrate.js');
        const { concurrencyFor, sourceFor, targetFor, withoutPlan } = await import('./run-migrate.js');
        const stateDir = ctx.stateDir();
        const header = await readMigrationHeader(stateDir, id);
        const source = await ctx.resolveRegistry(header.source.kind === 'export' && header.source.path ? header.source.path : header.source.name);
        const target = await ctx.resolveRegistry(header.target.name);
        await ctx.confirmWrite(target, `resume migration ${header.id} into ${target.name}`);
        const result = await resumeMigration({
          id: header.id,
          // Said once the journal is open for the resumed run, not before a refusal (nothing to resume, locked).
          onStart: (id) => {
            if (!ctx.isJson && !ctx.global.quiet) ctx.deps.stderr.write(`migration ${id} (resumed)\n`);
          },
          source: sourceFor(ctx, source),
          target: targetFor(ctx, target),
          scope: header.scope,
          policy: header.policy,
          dryRun: false,
          stateDir,
          redact: (text) => ctx.redactor.redact(text),
          progress: ctx.progress(),
          signal: ctx.signal,
          concurrency: concurrencyFor(ctx, target),
        });
        ctx.emit(withoutPlan(result), renderMigration);
      }),
    );
}
