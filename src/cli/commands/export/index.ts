import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';

/** `srx export` (see SPEC). */
export function registerExport(program: Command, { run }: ProgramDeps): void {
  void program;
  void run;
}
