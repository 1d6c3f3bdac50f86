import {
  adHocEntry,
  loadConfig,
  HttpRegistryClient,
  type Progress,
  readDefaultRegistry,
  Redactor,
  RefusedError,
  type RegistryEntry,
  resolveStateDir,
  silentProgress,
  type SrxConfig,
  type ClientOptions,
  UsageError,
} from '../core/index.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { wantsColor } from './color.js';
import { isCiFormat, isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from './output-format.js';
import { renderCi } from './render/ci/index.js';
import type { CliDeps } from './deps.js';
import type * as ProgressModule from './progress.js';
import type { ProgressMode } from './progress.js';

/** The progress renderers (ora), loaded only when a run shows progress. */
type ProgressKit = typeof ProgressModule;
import { renderJson } from './render/json.js';
import type { SrxResult } from './contract.js';
import { exitCodeForResult, type FailOn } from './exit-codes.js';
import type { RenderOptions } from './render/text.js';

/** Parsed global options (SPEC section 2). */
export interface GlobalOptions {
  readonly config?: string;
  readonly output: OutputFormat;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly stateDir?: string;
  readonly timeout?: number;
  readonly concurrency?: number;
  readonly yes: boolean;
  /** `--progress auto|plain|none`. */
  readonly progress: ProgressMode;
  /** `--password-stdin`: the password of an ad-hoc `http(s)://user@host` URL comes from stdin. */
  readonly passwordStdin: boolean;
  /** `--no-bulk-import`: one request per version even where a target offers a bulk import. */
  readonly bulkImport: boolean;
}

/** A registry argument resolved: a live registry (http) or an srx export (read-only). */
export type RegistryHandle = HttpRegistryHandle | ExportRegistryHandle;

/** A live registry, reached over HTTP. */
export interface HttpRegistryHandle {
  readonly kind: 'http';
  readonly name: string;
  readonly entry: RegistryEntry;
}

/** An srx export read as a read-only registry. */
export interface ExportRegistryHandle {
  readonly kind: 'export';
  readonly name: string;
  readonly entry: RegistryEntry;
  /** Absolute path of the export file or directory. */
  readonly exportPath: string;
}

/** A table renderer for one result kind. */
export type TableRenderer<R> = (result: R, opts: RenderOptions) => string;

/** Stands in for a table renderer where the output is JSON or a CI format (emit never calls it then). */
function noTable(): string {
  throw new Error('a table renderer was called for output that is not a table');
}

/**
 * What every command action gets: configuration, registry resolution, output and prompts.
 * Commands do: options → one core call → ctx.emit(result, renderer, exitCode).
 */
export class CommandContext {
  readonly renderOptions: RenderOptions;
  exitCode = 0;
  private configPromise?: Promise<SrxConfig>;
  private readonly clients: HttpRegistryClient[] = [];
  private readonly insecureWarned = new Set<string>();
  private stdinPassword?: Promise<string>;
  /** The progress renderers (ora), loaded by prepare() only when this run shows progress lines. */
  private progressKit?: ProgressKit;

  constructor(
    readonly deps: CliDeps,
    readonly global: GlobalOptions,
    /** Shared with main, which masks the same secrets in the error it prints. */
    readonly redactor: Redactor = new Redactor(),
  ) {
    this.renderOptions = { color: global.color, verbose: global.verbose };
  }

  /** Builds the context from a command's options merged with the globals. */
  static from(deps: CliDeps, command: Command, redactor?: Redactor): CommandContext {
    return new CommandContext(deps, parseGlobalOptions(command.optsWithGlobals(), deps), redactor);
  }

  get isJson(): boolean {
    return this.global.output === 'json';
  }

  get signal(): AbortSignal | undefined {
    return this.deps.signal;
  }

  /** Loads (once) the merged configuration; every secret in it is registered for redaction. */
  config(): Promise<SrxConfig> {
    // loadConfig loads cosmiconfig on first use: start-up time that `srx --help` never needs.
    this.configPromise ??= loadConfig({ env: this.deps.env, cwd: this.deps.cwd, configFile: this.global.config }).then((config) => {
      for (const entry of Object.values(config.registries)) this.registerSecrets(entry);
      for (const path of config.skippedCodeConfigs ?? []) this.warn(`${path} was not run: srx runs a code config only when named with --config`);
      return config;
    });
    return this.configPromise;
  }

  stateDir(): string {
    return resolveStateDir(this.global.stateDir, this.deps.env, this.deps.cwd);
  }

  /** The default registry: `srx registry use`, else default_registry, else the only one configured. */
  async defaultRegistryName(): Promise<string | undefined> {
    const config = await this.config();
    const chosen = readDefaultRegistry(this.stateDir());
    if (chosen && config.registries[chosen]) return chosen;
    if (config.defaultRegistry) return config.defaultRegistry;
    const names = Object.keys(config.registries);
    return names.length === 1 ? names[0] : undefined;
  }

  /** Resolves a registry argument: a configured name, an http(s) URL, or a path to an srx export. */
  async resolveRegistry(arg: string | undefined): Promise<RegistryHandle> {
    const config = await this.config();
    const name = arg ?? (await this.defaultRegistryName());
    if (!name) throw new UsageError('E_USAGE_REGISTRY', 'no registry given and no default registry set', 'name one, or run `srx registry use <name>`');
    const configured = config.registries[name];
    if (configured) return handleFor(configured);
    if (/^https?:\/\//i.test(name)) {
      const entry = await this.withAdHocPassword(await adHocEntry(name));
      this.registerSecrets(entry);
      return handleFor(entry);
    }
    const path = resolve(this.deps.cwd, name);
    if (existsSync(path) && (statSync(path).isDirectory() || path.endsWith('.json'))) {
      return handleFor({ name, url: `file:${path}`, readonly: true, protected: false, origin: 'command line' });
    }
    const known = Object.keys(config.registries);
    throw new UsageError(
      'E_USAGE_REGISTRY',
      `unknown registry "${name}"${known.length ? ` (configured: ${known.join(', ')})` : ' (no registries configured)'}`,
      'give a configured name, an http(s):// URL or the path of an srx export',
    );
  }

  /** An HTTP client for a live registry; closed when the command ends. */
  client(handle: RegistryHandle, options: ClientOptions = {}): HttpRegistryClient {
    if (handle.kind !== 'http') throw new UsageError('E_USAGE_REGISTRY', `${handle.name} is an export, not a live registry`);
    if (handle.entry.tls?.insecure && !this.insecureWarned.has(handle.name)) {
      this.insecureWarned.add(handle.name);
      this.warn(`${handle.name}: TLS certificate verification is off (tls.insecure); anyone on the path can read and change this traffic`);
    }
    const client = new HttpRegistryClient(handle.entry, {
      timeoutMs: this.global.timeout,
      concurrency: this.global.concurrency,
      bulkImport: this.global.bulkImport,
      signal: this.signal,
      onRetry: ({ attempt, delayMs, reason, retryAfter }) => {
        // A wait the server asked for (Retry-After, capped at 60 s) is said even without --verbose: srx is not hung.
        this.verbose(`retry ${attempt} in ${delayMs} ms: ${reason}`);
        if (retryAfter && delayMs >= 1000 && !this.global.verbose)
          this.warn(`${handle.name} asked to retry later (Retry-After): waiting ${Math.round(delayMs / 1000)} s before retry ${attempt}`);
      },
      onResponse: ({ method, path, status, ms }) => this.verbose(`${handle.name}: ${method} ${path} → ${status ?? 'no answer'} (${ms} ms)`),
      maxAnswerBytes: maxAnswerBytes(this.deps.env),
      ...options,
    });
    this.clients.push(client);
    return client;
  }

  /** True when a write to this registry will ask for its name to be typed (protected, no --yes, a terminal). */
  needsTypedConfirmation(handle: RegistryHandle): boolean {
    return handle.kind === 'http' && !handle.entry.readonly && Boolean(handle.entry.protected) && !this.global.yes && this.isInteractive();
  }

  /**
   * Refuses writes to readonly registries and exports (exit 2); for protected registries
   * needs --yes, or the registry name typed on a TTY.
   */
  async confirmWrite(handle: RegistryHandle, what: string): Promise<void> {
    if (handle.kind === 'export') throw new RefusedError('E_REFUSED_READONLY', `${handle.name} is an export and cannot be written`);
    if (handle.entry.readonly) throw new RefusedError('E_REFUSED_READONLY', `${handle.name} is readonly: ${what} refused, nothing written`);
    if (!handle.entry.protected || this.global.yes) return;
    if (!this.deps.stdin.isTTY || !this.deps.stderr.isTTY) {
      throw new RefusedError('E_REFUSED_PROTECTED', `${handle.name} is protected: ${what} needs --yes (no terminal to confirm on)`);
    }
    await this.confirmTyped(handle.name, `${handle.name} is protected. ${what}. Type the registry name to confirm: `);
  }

  /** True when both stdin and stderr are terminals (someone can answer a prompt). */
  isInteractive(): boolean {
    return Boolean(this.deps.stdin.isTTY && this.deps.stderr.isTTY);
  }

  /** Asks for `name` to be typed; anything else refuses (exit 2, nothing written). */
  async confirmTyped(name: string, question: string): Promise<void> {
    const typed = await this.ask(question);
    if (typed.trim() !== name) throw new RefusedError('E_REFUSED_PROTECTED', `confirmation did not match "${name}"; nothing written`);
  }

  /** A spinner on a TTY stderr (never in JSON or quiet mode), else silent with warnings on stderr. */
  /** Loads what this run will need synchronously later (the spinner), so commands that need none never load it. */
  async prepare(): Promise<void> {
    if (this.deps.progress || this.global.quiet || this.global.progress === 'none') return;
    if (this.global.progress === 'plain' || (!this.isJson && this.canSpin())) this.progressKit = await import('./progress.js');
  }

  progress(): Progress {
    const warn = (message: string) => this.warn(message);
    const sink = this.deps.progress;
    if (sink) {
      const report = (text: string) => sink(this.redactor.redact(text));
      return {
        start: report,
        update: report,
        succeed: report,
        fail: (step) => report(`failed: ${step}`),
        warn: (message) => {
          report(message);
          warn(message);
        },
      };
    }
    const redact = (text: string) => this.redactor.redact(text);
    if (this.global.quiet || this.global.progress === 'none') return silentProgress(warn);
    if (this.global.progress === 'plain') return this.loadedProgressKit().createPlainProgress(this.deps.stderr, redact);
    if (this.isJson || !this.canSpin()) return silentProgress(warn);
    return this.loadedProgressKit().createSpinnerProgress(this.deps.stderr, this.renderOptions, redact);
  }

  /** A spinner needs a real terminal stream (cursor control), not just a stream that says isTTY. */
  private canSpin(): boolean {
    return Boolean(this.deps.stderr.isTTY) && typeof (this.deps.stderr as { cursorTo?: unknown }).cursorTo === 'function';
  }

  private loadedProgressKit(): ProgressKit {
    if (!this.progressKit) throw new Error('CommandContext.prepare() was not awaited before progress()');
    return this.progressKit;
  }

  /** Prints a result: JSON, a CI format, or the table renderer's text; records its exit code (exitCodeForResult). */
  emit<R extends SrxResult>(result: R, renderTable: TableRenderer<R>, options: { readonly failOn?: ReadonlySet<FailOn> } = {}): void {
    const format = this.global.output;
    const text = format === 'json' ? renderJson(result) : isCiFormat(format) ? renderCi(result, format) : renderTable(result, this.renderOptions);
    if (text === undefined) throw new UsageError('E_USAGE_OUTPUT', `--output ${format} is not available for ${result.kind} results`);
    this.out(text);
    this.exitCode = exitCodeForResult(result, options.failOn);
  }

  /**
   * emit, with the table renderer loaded only when the output is a table: text renderers bring chalk and
   * string-width (about 10 ms of start-up) that JSON and the CI formats never use.
   */
  async emitLoading<R extends SrxResult>(
    result: R,
    loadTable: () => Promise<TableRenderer<R>>,
    options: { readonly failOn?: ReadonlySet<FailOn> } = {},
  ): Promise<void> {
    this.emit(result, this.global.output === 'table' ? await loadTable() : noTable, options);
  }

  /** Writes result text to stdout, secrets masked. */
  out(text: string): void {
    this.deps.stdout.write(this.redactor.redact(text));
  }

  /** A warning on stderr (also in JSON mode; not with --quiet). */
  warn(message: string): void {
    if (!this.global.quiet) this.deps.stderr.write(this.redactor.redact(`warning: ${message}\n`));
  }

  /** A log line on stderr with --verbose only. */
  verbose(message: string): void {
    if (this.global.verbose) this.deps.stderr.write(this.redactor.redact(`${message}\n`));
  }

  /** Closes every client (keep-alive sockets). */
  close(): void {
    for (const client of this.clients) {
      if (client.stats.requests > 0) {
        const { current, cap, lowest, cuts } = client.concurrency();
        this.verbose(
          `${client.name}: reads settled at ${current} in flight (cap ${cap}${cuts > 0 ? `; backed off ${cuts} time${cuts === 1 ? '' : 's'}, lowest ${lowest}` : ''})`,
        );
      }
      client.close();
    }
  }

  private registerSecrets(entry: RegistryEntry): void {
    this.redactor.addEntry(entry);
  }

  /**
   * An ad-hoc URL's password kept out of argv (and so out of `ps`): with `--password-stdin` the first line
   * of stdin, else $SRX_PASSWORD, for a URL that names a user (`http://alice@host`) and no password.
   */
  private async withAdHocPassword(entry: RegistryEntry): Promise<RegistryEntry> {
    if (this.global.passwordStdin) {
      if (entry.user === undefined) throw new UsageError('E_USAGE_OPTION', '--password-stdin needs a user in the registry URL (http://user@host)');
      if (entry.password !== undefined) throw new UsageError('E_USAGE_OPTION', '--password-stdin: the URL already holds a password; give one or the other');
      this.stdinPassword ??= readFirstLine(this.deps.stdin);
      const password = await this.stdinPassword;
      if (!password) throw new UsageError('E_USAGE_OPTION', '--password-stdin: no password on stdin');
      return { ...entry, password };
    }
    const fromEnv = this.deps.env.SRX_PASSWORD;
    return entry.user !== undefined && entry.password === undefined && fromEnv ? { ...entry, password: fromEnv } : entry;
  }

  private ask(question: string): Promise<string> {
    return new Promise((resolvePromise) => {
      const rl = createInterface({ input: this.deps.stdin, output: this.deps.stderr as NodeJS.WritableStream, terminal: false });
      rl.question(question, (answer) => {
        rl.close();
        resolvePromise(answer);
      });
    });
  }
}

function handleFor(entry: RegistryEntry): RegistryHandle {
  if (entry.url.startsWith('file:')) return { kind: 'export', name: entry.name, entry, exportPath: entry.url.slice('file:'.length) };
  return { kind: 'http', name: entry.name, entry };
}

function parseGlobalOptions(raw: Record<string, unknown>, deps: CliDeps): GlobalOptions {
  const output = raw.json ? 'json' : ((raw.output as string | undefined) ?? 'table');
  if (!isOutputFormat(output)) throw new UsageError('E_USAGE_OPTION', `--output must be one of ${OUTPUT_FORMATS.join(', ')}, got "${output}"`);
  return {
    config: raw.config as string | undefined,
    output,
    color: wantsColor(deps.env, deps.stdout.isTTY, raw.color !== false),
    quiet: Boolean(raw.quiet),
    verbose: Boolean(raw.verbose),
    stateDir: raw.stateDir as string | undefined,
    timeout: positiveInt(raw.timeout, '--timeout'),
    concurrency: positiveInt(raw.concurrency, '--concurrency'),
    yes: Boolean(raw.yes),
    progress: progressMode(raw.progress),
    passwordStdin: Boolean(raw.passwordStdin),
    bulkImport: raw.bulkImport !== false,
  };
}

/** Parses a positive integer option, or a UsageError naming the flag. */
export function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value the user gave, shown as given
  if (!Number.isInteger(n) || n <= 0) throw new UsageError('E_USAGE_OPTION', `${flag} must be a positive integer, got "${String(value)}"`);
  return n;
}

/** The first line of `input` (without its line break), or '' when it ends first. */
function readFirstLine(input: CliDeps['stdin']): Promise<string> {
  return new Promise((resolvePromise) => {
    const rl = createInterface({ input, terminal: false });
    let done = false;
    const finish = (line: string) => {
      if (done) return;
      done = true;
      rl.close();
      resolvePromise(line.replace(/\r$/, ''));
    };
    rl.once('line', finish);
    rl.once('close', () => finish(''));
  });
}

function progressMode(value: unknown): ProgressMode {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'plain' || value === 'none') return value;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value the user gave, shown as given
  throw new UsageError('E_USAGE_OPTION', `--progress must be auto, plain or none, got "${String(value)}"`);
}

/** `SRX_MAX_ANSWER_MB`: the largest registry answer srx reads (default 256 MiB). */
function maxAnswerBytes(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = env.SRX_MAX_ANSWER_MB;
  if (value === undefined || value === '') return undefined;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError('E_USAGE_ENV', `SRX_MAX_ANSWER_MB must be a positive number of MiB, got "${value}"`);
  return Math.round(mb * 1024 * 1024);
}
