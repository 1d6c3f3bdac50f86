import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as Cosmiconfig from 'cosmiconfig';
import { codeConfigsIn, configCandidates, searchedFolders } from './config-candidates.js';
import { describeJsonError } from './describe-json-error.js';
import { ConfigError, messageOf, errnoOf } from '../errors.js';
import { configFileSchema, describeZodError, type RawConfigFile, type RawRegistryEntry } from './config-schema.js';
import { interpolate } from './interpolate.js';
import { parseNumberedVariables, parseRegistriesConfigVariable, parseRegistriesVariable } from './parse-env-registries.js';
import type { ConfigLoadOptions, RegistryEntry, SrxConfig } from './types.js';

/** One configuration source before merging. */
interface Layer {
  readonly origin: string;
  /** Relative paths (tls files, file: URLs) resolve against this directory. */
  readonly baseDir: string;
  readonly raw: unknown;
}

/** Loads and merges every configuration source; highest precedence wins per registry name. */
export async function loadConfig(options: ConfigLoadOptions): Promise<SrxConfig> {
  const skippedCodeConfigs: string[] = [];
  const layers = await collectLayers(options, skippedCodeConfigs); // lowest precedence first
  const registries: Record<string, RegistryEntry> = {};
  let defaultRegistry: string | undefined;
  const sources: string[] = [];
  for (const layer of layers) {
    const parsed = validateLayer(layer);
    const names = Object.keys(parsed.registries);
    if (names.length > 0 || parsed.default_registry) sources.unshift(layer.origin);
    for (const name of names) {
      registries[name] = resolveEntry(name, parsed.registries[name]!, layer, options.env);
    }
    if (parsed.default_registry) defaultRegistry = interpolate(parsed.default_registry, options.env, `${layer.origin}: default_registry`);
  }
  if (defaultRegistry !== undefined && !registries[defaultRegistry]) {
    throw new ConfigError('E_CONFIG_DEFAULT', `default_registry "${defaultRegistry}" is not a configured registry`);
  }
  return { registries, defaultRegistry, sources, skippedCodeConfigs };
}

async function collectLayers(options: ConfigLoadOptions, skippedCode: string[]): Promise<Layer[]> {
  const { env, cwd } = options;
  const layers: Layer[] = [];
  if (!options.configFile) {
    const found = searchConfigFile(cwd, env.HOME || homedir());
    if (found.layer) layers.push(found.layer);
    skippedCode.push(...found.skipped);
  }
  layers.push({ origin: 'SCHEMA_REGISTRY_* variables', baseDir: cwd, raw: { registries: parseNumberedVariables(env) } });
  if (env.REGISTRIES?.trim()) {
    layers.push({ origin: 'REGISTRIES', baseDir: cwd, raw: { registries: parseRegistriesVariable(env.REGISTRIES) } });
  }
  if (env.REGISTRIES_CONFIG?.trim()) {
    layers.push({ origin: 'REGISTRIES_CONFIG', baseDir: cwd, raw: parseRegistriesConfigVariable(env.REGISTRIES_CONFIG) });
  }
  if (options.configFile) layers.push(await loadConfigFile(resolve(cwd, options.configFile)));
  return layers;
}

/**
 * The nearest data config (an empty file, or a package.json without a `schema-tool` key, does not count),
 * and the code configs seen on the way (never run: only `--config` runs code).
 */
function searchConfigFile(cwd: string, home: string): { layer?: Layer; skipped: string[] } {
  const skipped: string[] = [];
  for (const dir of searchedFolders(cwd, home)) {
    skipped.push(...codeConfigsIn(dir));
    for (const path of configCandidates(dir)) {
      const raw = readDataConfig(path);
      if (raw !== undefined) return { layer: { origin: path, baseDir: dirname(path), raw }, skipped };
    }
  }
  return { skipped };
}

const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

/** cosmiconfig's loaders (JS and YAML), required on first use: a JSON config never pays for loading them. */
function loaders(): typeof Cosmiconfig.defaultLoaders {
  return (createRequire(import.meta.url)('cosmiconfig') as typeof Cosmiconfig).defaultLoaders;
}

/** `--config <file>`: data by its extension (YAML when it has none); a .js/.cjs/.mjs file is run, as asked. */
async function loadConfigFile(path: string): Promise<Layer> {
  if (!existsSync(path)) throw new ConfigError('E_CONFIG_FILE', `config file not found: ${path}`);
  const ext = extname(path);
  let raw: unknown;
  if (CODE_EXTENSIONS.has(ext)) {
    try {
      raw = await loaders()[ext as '.js'](path, '');
    } catch (error) {
      // A syntax error's message may quote the file: say only what kind of problem it is.
      const problem = error instanceof SyntaxError ? 'JavaScript syntax error' : firstLine(error);
      throw new ConfigError('E_CONFIG_FILE', `${path}: cannot load config: ${problem}`, undefined, { cause: error });
    }
    refuseImport(path, raw);
  } else {
    raw = readDataConfig(path);
  }
  return { origin: path, baseDir: dirname(path), raw: raw ?? {} };
}

/**
 * Parses a JSON or YAML config file (package.json: its `schema-tool` key). Never runs code, never follows
 * `$import`, and never quotes the file in an error (it may hold secrets): the problem and its position only.
 */
function readDataConfig(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('E_CONFIG_FILE', `${path}: cannot read config: ${errnoOf(error) ?? 'unreadable'}`, undefined, {
      cause: error,
    });
  }
  if (text.trim() === '') return undefined;
  const isJson = extname(path) === '.json';
  const raw = isJson ? parseJson(path, text) : parseYaml(path, text);
  const config = basename(path) === 'package.json' ? (raw as Record<string, unknown> | null)?.['schema-tool'] : raw;
  if (config !== undefined) refuseImport(path, config);
  return config;
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError('E_CONFIG_FILE', `${path}: cannot read config: ${describeJsonError(messageOf(error), text)}`);
  }
}

function parseYaml(path: string, text: string): unknown {
  try {
    return loaders()['.yaml'](path, text);
  } catch (error) {
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    // js-yaml's reasons are fixed phrases, except a few that quote the text (aliases, tags, keys): drop those.
    const what = reason && !/["'`<!&*]/.test(reason) ? reason : 'syntax error';
    const where = mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : '';
    throw new ConfigError('E_CONFIG_FILE', `${path}: cannot read config: invalid YAML: ${what}${where}`);
  }
}

/** cosmiconfig 9 would load (and run) the files an `$import` key names: srx refuses the key. */
function refuseImport(path: string, config: unknown): void {
  if (config !== null && typeof config === 'object' && Object.hasOwn(config, '$import')) {
    throw new ConfigError(
      'E_CONFIG_INVALID',
      `${path}: "$import" is not supported: srx never loads other files or code named in a config file`,
      'copy the registries into this file, or name a code config with --config',
    );
  }
}

function firstLine(error: unknown): string {
  return messageOf(error)
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .split('\n')[0]!
    .trim();
}

function validateLayer(layer: Layer): RawConfigFile {
  const result = configFileSchema.safeParse(layer.raw ?? {});
  if (!result.success) {
    throw new ConfigError('E_CONFIG_INVALID', `${layer.origin}: ${describeZodError(result.error)}`);
  }
  return result.data;
}

function resolveEntry(name: string, raw: RawRegistryEntry, layer: Layer, env: ConfigLoadOptions['env']): RegistryEntry {
  const where = `${layer.origin}: registries.${name}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new ConfigError('E_CONFIG_INVALID', `${where}: registry names use letters, digits, '.', '_' and '-'`);
  }
  const entry = interpolate(raw, env, where);
  if (entry.token && (entry.user || entry.password)) {
    throw new ConfigError('E_CONFIG_INVALID', `${where}: use either user/password or token, not both`);
  }
  const { url, user, password } = resolveUrl(entry, layer.baseDir, where);
  const tls = entry.tls && {
    ...entry.tls,
    ca: entry.tls.ca && existingFile(entry.tls.ca, layer.baseDir, `${where}.tls.ca`),
    cert: entry.tls.cert && existingFile(entry.tls.cert, layer.baseDir, `${where}.tls.cert`),
    key: entry.tls.key && existingFile(entry.tls.key, layer.baseDir, `${where}.tls.key`),
  };
  if (tls && Boolean(tls.cert) !== Boolean(tls.key)) {
    throw new ConfigError('E_CONFIG_INVALID', `${where}.tls: cert and key go together`);
  }
  return {
    name,
    url,
    user,
    password,
    token: entry.token,
    headers: entry.headers,
    tls,
    description: entry.description,
    readonly: entry.readonly ?? false,
    protected: entry.protected ?? false,
    timeout: entry.timeout,
    concurrency: entry.concurrency,
    origin: layer.origin,
  };
}

function resolveUrl(entry: RawRegistryEntry, baseDir: string, where: string): { url: string; user?: string; password?: string } {
  const text = entry.url.trim();
  if (text.startsWith('file:')) {
    const path = text.replace(/^file:(\/\/)?/, '');
    const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
    if (!existsSync(absolute)) throw new ConfigError('E_CONFIG_FILE', `${where}.url: export not found: ${absolute}`);
    return { url: `file:${absolute}`, user: entry.user, password: entry.password };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError('E_CONFIG_URL', `${where}.url: not a valid URL: ${maskedText(text)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('E_CONFIG_URL', `${where}.url: expected http://, https:// or file:, got ${parsed.protocol}`);
  }
  const user = entry.user ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined);
  const password = entry.password ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/+$/, ''), user, password };
}

function maskedText(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

function existingFile(path: string, baseDir: string, where: string): string {
  const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new ConfigError('E_CONFIG_FILE', `${where}: file not found: ${absolute}`);
  }
  return absolute;
}

/** Builds an entry for an ad-hoc `http(s)://[user:pass@]host` argument (credentials kept out of the name). */
export function adHocEntry(text: string): RegistryEntry {
  const { url, user, password } = resolveUrl({ url: text }, process.cwd(), 'registry argument');
  return { name: url, url, user, password, readonly: false, protected: false, origin: 'command line' };
}
