import { Redactor, resolveStateDir } from '../core/index.js';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CliDeps } from '../cli/deps.js';
import { TOOL_CATALOG, type ToolSpec } from './tool-catalog.js';

/** How `srx mcp` was started. */
export interface McpOptions {
  readonly allowWrites: boolean;
  /** Global CLI options passed through to every tool call (config file, state dir, timeout…). */
  readonly globalArgv: readonly string[];
}

/** Runs srx in process; injected so the server needs nothing from cli/main at import time. */
export type CliRunner = (argv: readonly string[], deps: CliDeps) => Promise<number>;

/** Progress and cancellation of one tool call. */
interface CallControl {
  readonly signal: AbortSignal;
  progress(message: string): void;
}

/** Builds the MCP server: one tool per srx operation; write tools only with allowWrites. */
export function createMcpServer(deps: CliDeps, options: McpOptions, runCli: CliRunner, version: string): McpServer {
  const server = new McpServer({ name: 'srx', version }, { capabilities: { logging: {} } });
  const redactor = envRedactor(deps.env);
  for (const spec of TOOL_CATALOG) {
    if (spec.writes && !options.allowWrites) continue;
    server.registerTool(
      spec.name,
      {
        description: spec.description,
        inputSchema: spec.input,
        annotations: { readOnlyHint: !spec.writes, destructiveHint: spec.writes, openWorldHint: true },
      },
      async (input: Record<string, unknown>, extra) => {
        let step = 0;
        const token = extra._meta?.progressToken;
        const control: CallControl = {
          signal: extra.signal,
          progress: (message) => {
            if (token === undefined) return;
            step += 1;
            void extra
              .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, message: redactor.redact(message) } })
              .catch(() => {});
          },
        };
        return callTool(spec, input, deps, options, runCli, control, redactor);
      },
    );
  }
  return server;
}

async function callTool(
  spec: ToolSpec,
  input: Record<string, unknown>,
  deps: CliDeps,
  options: McpOptions,
  runCli: CliRunner,
  control: CallControl,
  redactor: Redactor,
): Promise<CallToolResult> {
  const stateDir = resolveStateDir(stateDirOf(options.globalArgv), deps.env, deps.cwd);
  let argv: string[];
  let extra: Record<string, unknown> = {};
  if (spec.name === 'migrate_preview') {
    const planId = `plan-${randomUUID().slice(0, 8)}`;
    mkdirSync(join(stateDir, 'mcp-plans'), { recursive: true });
    argv = [...spec.argv(input), '--plan-out', planFile(stateDir, planId)];
    extra = { planId };
  } else if (spec.name === 'migrate_apply') {
    const file = planFile(stateDir, String(input.planId));
    if (!existsSync(file)) return failure(`no plan "${String(input.planId)}": run migrate_preview first`);
    argv = ['migrate', 'apply', file, ...(input.confirm !== undefined && input.confirm === planTarget(file) ? ['--yes'] : [])];
  } else {
    argv = spec.argv(input);
    const target = spec.target?.(input);
    if (target !== undefined && input.confirm !== undefined && input.confirm === target) argv.push('--yes');
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...options.globalArgv, ...argv, '--json'], {
    env: deps.env,
    cwd: deps.cwd,
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text), isTTY: false },
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    signal: control.signal,
    progress: (message) => control.progress(message),
  });
  const log = redactor.redact(err.join(''));
  for (const line of log.split('\n')) if (line.trim()) deps.stderr.write(`srx mcp: ${spec.name}: ${line.trim()}\n`);
  return resultOf(redactor.redact(out.join('')), log, code, extra, spec.name);
}

function resultOf(stdout: string, stderr: string, code: number, extra: Record<string, unknown>, tool: string): CallToolResult {
  let document: unknown;
  try {
    document = stdout.trim() ? JSON.parse(stdout) : {};
  } catch {
    document = { output: stdout };
  }
  const structured = { exitCode: code, ...extra, result: document };
  const isError = code !== 0 && code !== 1; // 1 means "findings" (differences), not a failure
  const summary = summaryOf(tool, code, document, stderr);
  return {
    content: [
      { type: 'text', text: summary },
      { type: 'text', text: JSON.stringify(structured, null, 2) },
    ],
    structuredContent: structured,
    isError,
  };
}

function summaryOf(tool: string, code: number, document: unknown, stderr: string): string {
  const doc = document as { error?: { message?: string; hint?: string }; summary?: unknown } | undefined;
  if (doc?.error?.message) return `${tool} failed (exit ${code}): ${doc.error.message}${doc.error.hint ? ` (${doc.error.hint})` : ''}`;
  const what = code === 0 ? 'ok' : code === 1 ? 'differences found' : code === 130 ? 'cancelled; registry modes restored' : `exit ${code}`;
  const lastLine = stderr.trim().split('\n').filter(Boolean).pop();
  const summary = doc && typeof doc === 'object' && 'summary' in doc ? ` summary: ${JSON.stringify(doc.summary)}` : '';
  return `${tool}: ${what}.${summary}${code > 1 && lastLine ? ` ${lastLine}` : ''}`;
}

function failure(message: string): CallToolResult {
  return { content: [{ type: 'text', text: `error: ${message}` }], isError: true };
}

function planFile(stateDir: string, planId: string): string {
  return join(stateDir, 'mcp-plans', `${planId}.json`);
}

function planTarget(file: string): string | undefined {
  try {
    const plan = JSON.parse(readFileSync(file, 'utf8')) as { target?: string | { name?: string } };
    return typeof plan.target === 'string' ? plan.target : plan.target?.name;
  } catch {
    return undefined;
  }
}

function stateDirOf(globalArgv: readonly string[]): string | undefined {
  const i = globalArgv.indexOf('--state-dir');
  return i >= 0 ? globalArgv[i + 1] : undefined;
}

function envRedactor(env: Readonly<Record<string, string | undefined>>): Redactor {
  const redactor = new Redactor();
  for (const [key, value] of Object.entries(env)) if (/PASSWORD|TOKEN|SECRET/i.test(key) && value) redactor.add(value);
  return redactor;
}
