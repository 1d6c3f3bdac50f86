import { Redactor } from '../core/index.js';
import { setMaxListeners } from 'node:events';
import { CommanderError } from 'commander';
import { wantsColor } from './color.js';
import type { CliDeps } from './deps.js';
import { exitCodeFor, ExitCode } from './exit-codes.js';
import { tuneHeap } from './heap-tuning.js';
import { createProgram, type ProgramOutcome } from './program.js';

/** Runs srx with `argv` (without node and script) and returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const outcome: ProgramOutcome = { exitCode: 0 };
  const redactor = envRedactor(deps.env);
  const program = createProgram(deps, outcome, redactor);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    const code = exitCodeFor(error);
    await reportError(error, argv, deps, redactor);
    return code;
  }
}

/** Secrets known before any config loads: variables that look like one, and SCHEMA_REGISTRY_USER/_PASSWORD as basic auth. */
function envRedactor(env: CliDeps['env']): Redactor {
  const redactor = new Redactor();
  for (const [key, value] of Object.entries(env)) {
    if (/PASSWORD|TOKEN|SECRET|API_?KEY/i.test(key)) redactor.add(value);
    const user = /^SCHEMA_REGISTRY_USER(_\d+)?$/.exec(key);
    if (user) redactor.addBasicAuth(value, env[`SCHEMA_REGISTRY_PASSWORD${user[1] ?? ''}`]);
  }
  return redactor;
}

// The redactor knows the env's secrets and every secret the failed command loaded (config, ad-hoc URLs).
async function reportError(error: unknown, argv: readonly string[], deps: CliDeps, redactor: Redactor): Promise<void> {
  // Loaded only when there is an error to print: its renderer (chalk, string-width) costs start-up time.
  const { errorDocument, renderErrorText } = await import('./render/error.js');
  if (error instanceof CommanderError) {
    (error as { message: string }).message = error.message.replace(/^error:\s*/i, '');
  }
  if (wantsJson(argv)) {
    deps.stdout.write(redactor.redact(`${JSON.stringify(errorDocument(error), null, 2)}\n`));
  } else {
    const color = wantsColor(deps.env, deps.stderr.isTTY, !argv.includes('--no-color'));
    deps.stderr.write(redactor.redact(renderErrorText(error, { color, verbose: argv.includes('-v') || argv.includes('--verbose') })));
  }
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.some(
    (arg, i) => arg === '--json' || arg === '--output=json' || arg === '-ojson' || ((arg === '-o' || arg === '--output') && argv[i + 1] === 'json'),
  );
}

/** The process entry point: real streams, signals → abort, exit code set once. */
export async function main(): Promise<void> {
  tuneHeap();
  const controller = new AbortController();
  // Every in-flight request listens to this signal: more than 10 at once is normal, not a leak.
  setMaxListeners(0, controller.signal);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write(`\n${signal}: stopping; restoring registry modes before exit…\n`);
      controller.abort(signal);
    } else {
      process.stderr.write(`${signal}: still restoring modes; please wait\n`);
    }
  };
  // `srx export prod | head`: the reader went away; stop writing quietly instead of crashing with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    signal: controller.signal,
  });
  process.exitCode = controller.signal.aborted && code !== ExitCode.interrupted && code !== 0 ? ExitCode.interrupted : code;
}
