import { fileFailure, type MigrationPlan, parsePlanFile, UsageError } from '../../../core/index.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import type { ActionRunner } from '../../program.js';

/** Options of `migrate apply`. */
export interface MigrateApplyOptions {
  readonly dryRun?: boolean;
  readonly idMap?: string;
}

/** `migrate apply <plan-file>`: executes a saved plan; refused if source or target changed in its scope since. */
export function registerApply(migrate: Command, run: ActionRunner): void {
  const command = migrate.command('apply <plan-file>').description('execute a plan saved with --plan-out (refused if either side changed since)');
  addFlags(command, [['dryRun', 'check the plan is still current; nothing written'], 'idMap']).action(
    run(async (ctx, file: string, options: MigrateApplyOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      const plan = readPlan(resolve(ctx.deps.cwd, file));
      await migrateCommand(
        ctx,
        plan.source.name,
        plan.target.name,
        plan.scope,
        { ...options, preserveIds: plan.policy.preserveIds, versions: 'all', withReferences: true, copyConfig: true, onConflict: plan.policy.onConflict },
        { plan },
      );
    }),
  );
}

function readPlan(path: string): MigrationPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError('E_USAGE_FILE', `cannot read plan ${path}: ${fileFailure(error)}`, undefined, { cause: error });
  }
  const plan = parsePlanFile(text, path);
  if (plan.blocked) throw new UsageError('E_PLAN_BLOCKED', `the plan in ${path} has ${plan.conflicts.length} conflict(s) and cannot be applied`);
  return plan;
}
