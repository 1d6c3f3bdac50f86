import { readFileSync } from 'node:fs';
import { packageFile } from '../core/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CliDeps } from '../cli/deps.js';
import { createMcpServer, type CliRunner, type McpOptions } from './mcp-server.js';

/** Serves MCP over the process's stdin/stdout until the client closes stdin or the process is signalled. */
export async function serveMcp(deps: CliDeps, options: McpOptions, runCli: CliRunner): Promise<void> {
  const server = createMcpServer(deps, options, runCli, packageVersion());
  const transport = new StdioServerTransport(deps.stdin as NodeJS.ReadableStream as never, deps.stdout as never);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    deps.stdin.once('end', () => resolve());
    deps.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.connect(transport);
  deps.stderr.write(`srx mcp: serving ${options.allowWrites ? 'read and write' : 'read-only'} tools on stdio\n`);
  await closed;
  await server.close();
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
