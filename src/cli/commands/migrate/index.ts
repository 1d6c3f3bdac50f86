import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerApply } from './apply.js';
import { registerHistory } from './history.js';
import { registerPreview } from './preview.js';
import { registerReport } from './report.js';
import { registerScoped } from './scoped.js';

/** `srx migrate` (SPEC section 5): copy schemas with their ids, versions, references and history. */
export function registerMigrate(program: Command, { run }: ProgramDeps): void {
  const migrate = program
    .command('migrate')
    .description('copy schemas between registries keeping ids, versions, references and history')
    .addHelpText(
      'after',
      `
Examples:
  $ srx migrate preview staging prod
  $ srx migrate registry staging prod --dry-run
  $ srx migrate context .team-a staging prod --target-context .team-b
  $ srx migrate schema orders-value staging prod --versions latest
  $ srx migrate list
  $ srx migrate rollback <migration-id> --dry-run`,
    );
  registerScoped(migrate, run);
  registerPreview(migrate, run);
  registerApply(migrate, run);
  registerHistory(migrate, run);
  registerReport(migrate, run);
}
