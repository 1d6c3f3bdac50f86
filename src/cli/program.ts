import { packageFile, Redactor, UsageError } from '../core/index.js';
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CommandContext } from './context.js';
import { helpWhenNoSubcommand } from './commander-fixes.js';
import { hasCiFormats, isCiFormat } from './output-format.js';
import type { CliDeps } from './deps.js';
import { registerRegistry } from './commands/registry/index.js';
import { registerCompare } from './commands/compare/index.js';
import { registerMigrate } from './commands/migrate/index.js';
import { registerSync } from './commands/sync/index.js';
import { registerExport } from './commands/export/index.js';
import { registerTools } from './commands/tools/index.js';
import { registerMcp } from './commands/mcp/index.js';

/** Wraps a command handler: builds its context, records its exit code, always closes clients. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander hands actions positional arguments of per-command types
export type ActionRunner = (handler: (ctx: CommandContext, ...args: any[]) => Promise<void>) => (...args: any[]) => Promise<void>;

/** What group registrars get. */
export interface ProgramDeps {
  readonly deps: CliDeps;
  readonly run: ActionRunner;
}

/** Outcome of one parse: the exit code an action recorded. */
export interface ProgramOutcome {
  exitCode: number;
}

/**
 * Builds the whole program; commander errors arrive as CommanderError (exitOverride).
 * `redactor` learns every secret a command loads, so the caller masks them in the error it prints too.
 */
export function createProgram(deps: CliDeps, outcome: ProgramOutcome, redactor = new Redactor()): Command {
  const program = new Command('srx');
  program
    .description('Compare, diff, migrate, sync, export and import schemas across Confluent-compatible Schema Registries.')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'config file (then no config search is made)')
    // No .choices(): `srx export -o <path>` reuses -o for its destination; parseGlobalOptions checks table/json.
    .addOption(new Option('-o, --output <format>', 'output format: table, json, github, markdown or junit (CI formats where a command has them)'))
    .option('--json', 'same as --output json')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no progress or warnings on stderr')
    .option('-v, --verbose', 'log requests and retries on stderr (secrets masked)')
    .option('--state-dir <dir>', 'journal and sync state (default $SRX_STATE_DIR, $XDG_STATE_HOME/srx, ~/.local/state/srx)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds')
    .option('--concurrency <n>', 'requests in flight per registry')
    .option('-y, --yes', 'confirm writes to protected registries')
    .option('--progress <mode>', 'auto: a bar on a terminal; plain: a line every few seconds (CI logs); none')
    .option('--no-bulk-import', 'write one version per request even where a target offers a bulk import (AxonOps)')
    .option('--password-stdin', 'read the password of an ad-hoc http(s)://user@host URL from stdin (else $SRX_PASSWORD); keeps it out of `ps`')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      outputError: () => {}, // main renders errors itself (one line, JSON when asked)
    })
    .addHelpText(
      'after',
      `
Examples:
  $ srx registry list
  $ srx compare staging prod
  $ srx diff orders-value staging prod
  $ srx migrate preview staging prod
  $ srx export prod --out prod.json

Exit codes: 0 ok, 1 findings, 2 usage/config/refused, 3 registry unreachable/auth/TLS,
4 partial failure, 130 interrupted.`,
    );

  const run: ActionRunner =
    (handler) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const ctx = CommandContext.from(deps, command, redactor);
      if (isCiFormat(ctx.global.output) && !hasCiFormats(command)) {
        ctx.close();
        throw new UsageError(
          'E_USAGE_OUTPUT',
          `--output ${ctx.global.output} is not available for "${command.name()}"`,
          'CI formats (github, markdown, junit) are for the compare commands, diff, migrate preview and export validate',
        );
      }
      try {
        await ctx.prepare();
        await handler(ctx, ...args.slice(0, -1));
        outcome.exitCode = ctx.exitCode;
      } finally {
        ctx.close();
      }
    };
  const programDeps: ProgramDeps = { deps, run };
  registerRegistry(program, programDeps);
  registerCompare(program, programDeps);
  registerMigrate(program, programDeps);
  registerSync(program, programDeps);
  registerExport(program, programDeps);
  registerTools(program, programDeps);
  registerMcp(program, programDeps);
  helpWhenNoSubcommand(program);
  return program;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
