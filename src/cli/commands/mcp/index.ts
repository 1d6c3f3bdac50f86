import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';

/** Options of `srx mcp`. */
interface McpCommandOptions {
  readonly allowWrites?: boolean;
}

/** `srx mcp`: serve srx operations as Model Context Protocol tools over stdio (stdout is the protocol). */
export function registerMcp(program: Command, { deps }: ProgramDeps): void {
  program
    .command('mcp')
    .description('serve srx as MCP tools over stdio for an AI assistant (read-only unless --allow-writes)')
    .option('--allow-writes', 'offer write tools (migrate, sync, import, rollback); readonly registries stay refused, protected ones need confirm')
    .action(async (options: McpCommandOptions, command: Command) => {
      const [{ serveMcp }, { runCli }] = await Promise.all([import('../../../mcp/serve-mcp.js'), import('../../main.js')]);
      await serveMcp(deps, { allowWrites: Boolean(options.allowWrites), globalArgv: globalArgvOf(command) }, runCli);
    });
}

/** The global options the user gave `srx mcp`, passed on to every tool call. */
function globalArgvOf(command: Command): string[] {
  const g = command.optsWithGlobals<Record<string, unknown>>();
  const argv: string[] = [];
  if (typeof g.config === 'string') argv.push('--config', g.config);
  if (typeof g.stateDir === 'string') argv.push('--state-dir', g.stateDir);
  if (typeof g.timeout === 'string') argv.push('--timeout', g.timeout);
  if (typeof g.concurrency === 'string') argv.push('--concurrency', g.concurrency);
  return argv;
}
