import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerInfo } from './info.js';
import { registerList } from './list.js';
import { registerTest } from './test.js';
import { registerUse } from './use.js';

/** `srx registry`: list, info, test, use. */
export function registerRegistry(program: Command, { run }: ProgramDeps): void {
  const group = program
    .command('registry')
    .description('the configured registries: list, info, test, use')
    .addHelpText(
      'after',
      `
Examples:
  $ srx registry list                 configured registries, default marked with *
  $ srx registry info prod            version, compatibility, mode, counts, capabilities
  $ srx registry test                 connect and authenticate to every registry (exit 3 if one fails)
  $ srx registry use staging          make staging the default registry
  $ REGISTRIES=dev:http://localhost:8081 srx registry test dev --json`,
    );
  registerList(group, run);
  registerInfo(group, run);
  registerTest(group, run);
  registerUse(group, run);
}
