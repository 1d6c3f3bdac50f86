import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';

/** `srx sync` (see SPEC). */
export function registerSync(program: Command, { run }: ProgramDeps): void {
  void program;
  void run;
}
