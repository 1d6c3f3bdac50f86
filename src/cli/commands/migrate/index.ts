import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerApply } from './apply.js';
import { registerContext } from './context.js';
import { registerList } from './list.js';
import { registerPreview } from './preview.js';
import { registerRegistry } from './registry.js';
import { registerReport } from './report.js';
import { registerResume } from './resume.js';
import { registerRollback } from './rollback.js';
import { registerSchema } from './schema.js';
import { registerStatus } from './status.js';
import { registerSubjects } from './subjects.js';

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
  registerSchema(migrate, run);
  registerContext(migrate, run);
  registerRegistry(migrate, run);
  registerSubjects(migrate, run);
  registerPreview(migrate, run);
  registerApply(migrate, run);
  registerStatus(migrate, run);
  registerList(migrate, run);
  registerRollback(migrate, run);
  registerResume(migrate, run);
  registerReport(migrate, run);
}
