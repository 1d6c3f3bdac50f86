import type { Command } from 'commander';
import { letSchemaDiffOwnVersionFlag, moveConfigFlag } from '../../commander-fixes.js';
import type { ProgramDeps } from '../../program.js';
import { registerConflicts } from './conflicts.js';
import { registerContexts } from './contexts.js';
import { registerMissing } from './missing.js';
import { registerRegistries } from './registries.js';
import { registerSchemaDiff } from './schema.js';
import { registerSubjects } from './subjects.js';

/** `srx compare` (SPEC section 4) and the top-level `srx diff`. */
export function registerCompare(program: Command, { run }: ProgramDeps): void {
  const group = program
    .command('compare')
    .description('compare registries, contexts, subjects and schemas (exit 1 when anything differs)')
    .addHelpText(
      'after',
      `
Examples:
  $ srx compare staging prod                          every difference (= compare registries)
  $ srx compare staging prod --no-config --json       schemas only, as JSON
  $ srx compare contexts prod prod --context .team-a --target-context .team-b
  $ srx compare subjects staging prod --subjects 'orders-*'
  $ srx compare schema orders-value staging prod --version 3
  $ srx compare missing staging prod
  $ srx compare conflicts staging prod
  $ srx compare staging prod --fail-on breaking        exit 1 only if prod would refuse a version it lacks
  $ srx compare prod ./backups/prod.json              an export is a read-only registry`,
    );
  moveConfigFlag(group);
  registerRegistries(group, run);
  registerContexts(group, run);
  registerSubjects(group, run);
  registerMissing(group, run);
  registerConflicts(group, run);
  registerSchemaDiff(group.command('schema <subject> <source> <target>'), run);
  registerSchemaDiff(program.command('diff <subject> <source> <target>'), run);
  letSchemaDiffOwnVersionFlag(program);
}
