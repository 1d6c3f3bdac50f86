import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

/** What one in-process srx run produced. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in the order they were written (what a terminal shows). */
  readonly output: string;
  /** stdout parsed as JSON (throws with the output when it is not). */
  json<T = any>(): T;
}

/** Options for an in-process run: environment (replaces process.env), cwd, TTY flags, stdin text. */
export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly isTTY?: boolean;
  readonly stdin?: string;
  readonly signal?: AbortSignal;
}

/** Runs the real srx program in process, capturing stdout and stderr. */
export async function runCli2(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let output = '';
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.isTTY;
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const exitCode = await runCli(args, {
    env: { HOME: '/nonexistent-home', PATH: process.env.PATH, ...options.env },
    cwd: options.cwd ?? process.cwd(),
    stdout: {
      write: (text: string) => {
        stdout += text;
        output += text;
        return true;
      },
      isTTY: options.isTTY,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        output += text;
        return true;
      },
      isTTY: options.isTTY,
    },
    stdin,
    signal: options.signal,
  });
  return {
    exitCode,
    stdout,
    stderr,
    output,
    json() {
      try {
        return JSON.parse(stdout);
      } catch {
        throw new Error(`stdout is not JSON (exit ${exitCode}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

export { runCli2 as runCli };

/** Removes ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
