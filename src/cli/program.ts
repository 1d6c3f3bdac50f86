import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CommandContext } from './context.js';
import type { CliDeps } from './deps.js';
import { registerRegistry } from './commands/registry/index.js';
import { registerCompare } from './commands/compare/index.js';
import { registerMigrate } from './commands/migrate/index.js';
import { registerSync } from './commands/sync/index.js';
import { registerExport } from './commands/export/index.js';
import { registerMcp } from './commands/mcp/index.js';

/** Wraps a command handler: builds its context, records its exit code, always closes clients. */
export type ActionRunner = (
  handler: (ctx: CommandContext, ...args: any[]) => Promise<void>,
) => (...args: any[]) => Promise<void>;

/** What group registrars get. */
export interface ProgramDeps {
  readonly deps: CliDeps;
  readonly run: ActionRunner;
}

/** Outcome of one parse: the exit code an action recorded. */
export interface ProgramOutcome {
  exitCode: number;
}

/** Builds the whole program; commander errors arrive as CommanderError (exitOverride). */
export function createProgram(deps: CliDeps, outcome: ProgramOutcome): Command {
  const program = new Command('srx');
  program
    .description('Compare, diff, migrate, sync, export and import schemas across Confluent-compatible Schema Registries.')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'config file (then no config search is made)')
    // No .choices(): `srx export -o <path>` reuses -o for its destination; parseGlobalOptions checks table/json.
    .addOption(new Option('-o, --output <format>', 'output format: table or json (srx export: the file or directory to write)'))
    .option('--json', 'same as --output json')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no progress or warnings on stderr')
    .option('-v, --verbose', 'log requests and retries on stderr (secrets masked)')
    .option('--state-dir <dir>', 'journal and sync state (default $SRX_STATE_DIR, $XDG_STATE_HOME/srx, ~/.local/state/srx)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds')
    .option('--concurrency <n>', 'requests in flight per registry')
    .option('-y, --yes', 'confirm writes to protected registries')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      outputError: () => {}, // main renders errors itself (one line, JSON when asked)
    })
    .addHelpText('after', `
Examples:
  $ srx registry list
  $ srx compare staging prod
  $ srx diff orders-value staging prod
  $ srx migrate preview staging prod
  $ srx export prod -o prod.json

Exit codes: 0 ok, 1 findings, 2 usage/config/refused, 3 registry unreachable/auth/TLS,
4 partial failure, 130 interrupted.`);

  const run: ActionRunner = (handler) => async (...args) => {
    const command = args[args.length - 1] as Command;
    const ctx = CommandContext.from(deps, command);
    try {
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
  registerMcp(program, programDeps);
  return program;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
