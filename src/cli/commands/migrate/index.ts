import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';

/** `srx migrate` (see SPEC). */
export function registerMigrate(program: Command, { run }: ProgramDeps): void {
  void program;
  void run;
}
