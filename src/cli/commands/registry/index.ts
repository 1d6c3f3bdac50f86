import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';

/** `srx registry`: list, info, test, use. */
export function registerRegistry(program: Command, { run }: ProgramDeps): void {
  const group = program.command('registry').description('the configured registries: list, info, test, use');
  void group;
  void run;
}
