import { findConflicts } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, snapshotSourcesOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare conflicts <source> <target>`: what would break a migration. */
export function registerConflicts(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('conflicts <source> <target>'), { config: false }))
    .description('what would break a migration: content, schema type, id collisions, incompatible versions')
    .option('--verify-with-registry', 'ask the target registry (POST /compatibility) instead of judging missing versions locally')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { renderConflicts } = await import('../../render/compare.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await snapshotSourcesOf(ctx, sourceArg, targetArg);
        const result = await findConflicts(source, target, {
          ...compareOptionsOf(ctx, flags),
          verifyWithRegistry: Boolean(flags.verifyWithRegistry),
        });
        ctx.emit(result, renderConflicts, { failOn });
      }),
    );
}
