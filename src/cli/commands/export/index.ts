import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerExportRegistry } from './export.js';
import { registerImport } from './import.js';
import { registerValidate } from './validate.js';

/** `srx export` (SPEC section 7): export, `export import` (also `srx import`), `export validate`. */
export function registerExport(program: Command, { run }: ProgramDeps): void {
  const group = program
    .command('export')
    .description('export a registry to a JSON file or a git-friendly directory; import and validate exports')
    .addHelpText(
      'after',
      `
Examples:
  $ srx export prod --out backups/prod.json
  $ srx export prod --out backups/prod --format dir --include-deleted
  $ srx export staging --context .team-a --subjects 'orders-*' > orders.json
  $ srx export validate backups/prod.json dr
  $ srx export import backups/prod.json dr --dry-run

An export is a read-only registry: srx compare prod backups/prod.json`,
    );
  registerExportRegistry(group, run);
  registerValidate(group, run);
  registerImport(group, run);
  registerImport(program, run);
}
