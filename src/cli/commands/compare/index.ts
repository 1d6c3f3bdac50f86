import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';

/** `srx compare` (see SPEC). */
export function registerCompare(program: Command, { run }: ProgramDeps): void {
  void program;
  void run;
}
