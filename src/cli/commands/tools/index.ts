import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerComplete } from './complete.js';
import { registerCompletion } from './completion.js';
import { registerInit } from './init.js';

/** `srx completion <shell>`, the hidden `srx __complete`, and `srx init`. */
export function registerTools(program: Command, { run }: ProgramDeps): void {
  registerCompletion(program, run);
  registerComplete(program, run);
  registerInit(program, run);
}
