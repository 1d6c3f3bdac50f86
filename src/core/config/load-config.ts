import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { ConfigError } from '../errors.js';
import { configFileSchema, describeZodError, type RawConfigFile, type RawRegistryEntry } from './config-schema.js';
import { interpolate } from './interpolate.js';
import { parseNumberedVariables, parseRegistriesConfigVariable, parseRegistriesVariable } from './parse-env-registries.js';
import type { ConfigLoadOptions, RegistryEntry, SrxConfig } from './types.js';

/** cosmiconfig search places, in SPEC order (its defaults lack schema-tool.config.json). */
export const SEARCH_PLACES = [
  'schema-tool.config.json',
  '.schema-toolrc',
  '.schema-toolrc.json',
  '.schema-toolrc.yaml',
  '.schema-toolrc.yml',
  'schema-tool.config.js',
  'schema-tool.config.cjs',
  'schema-tool.config.mjs',
  'package.json',
];

/** One configuration source before merging. */
interface Layer {
  readonly origin: string;
  /** Relative paths (tls files, file: URLs) resolve against this directory. */
  readonly baseDir: string;
  readonly raw: unknown;
}

/** Loads and merges every configuration source; highest precedence wins per registry name. */
export async function loadConfig(options: ConfigLoadOptions): Promise<SrxConfig> {
  const layers = await collectLayers(options); // lowest precedence first
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
  return { registries, defaultRegistry, sources };
}

async function collectLayers(options: ConfigLoadOptions): Promise<Layer[]> {
  const { env, cwd } = options;
  const layers: Layer[] = [];
  if (!options.configFile) {
    const found = await searchConfigFile(cwd);
    if (found) layers.push(found);
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

function explorer() {
  return cosmiconfig('schema-tool', { searchPlaces: SEARCH_PLACES, searchStrategy: 'global', cache: false });
}

async function searchConfigFile(cwd: string): Promise<Layer | undefined> {
  try {
    const result = await explorer().search(cwd);
    if (!result || result.isEmpty) return undefined;
    return { origin: result.filepath, baseDir: dirname(result.filepath), raw: result.config };
  } catch (error) {
    throw fileError(undefined, error);
  }
}

async function loadConfigFile(path: string): Promise<Layer> {
  if (!existsSync(path)) throw new ConfigError('E_CONFIG_FILE', `config file not found: ${path}`);
  try {
    const result = await explorer().load(path);
    return { origin: path, baseDir: dirname(path), raw: result?.config ?? {} };
  } catch (error) {
    throw fileError(path, error);
  }
}

function fileError(path: string | undefined, error: unknown): ConfigError {
  const where = path ?? (error as { filepath?: string })?.filepath;
  return new ConfigError('E_CONFIG_FILE', `${where ? `${where}: ` : ''}cannot read config: ${parseProblem(String((error as Error)?.message ?? error))}`, undefined, { cause: error });
}

/**
 * cosmiconfig says "JSON Error in <file>:" on the first line, then a code frame and the parser's message:
 * keep the kind and the parser's message, never the code frame or the quoted text (it may hold secrets).
 */
function parseProblem(message: string): string {
  // The code frame is coloured when the environment asks for colour (CI=true, FORCE_COLOR): strip that first.
  const plain = message.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  const lines = plain.split('\n').map((line) => line.trim()).filter(Boolean);
  const kind = /^(JSON|YAML|JS) Error in /.exec(lines[0] ?? '')?.[1];
  if (!kind) return lines[0] ?? 'unknown error';
  const detail = lines.slice(1).find((line) => !/^(>?\s*\d+\s*\||\||-*\^)/.test(line));
  return `invalid ${kind}${detail ? `: ${detail.replace(/ while parsing .*$/, '')}` : ''}`;
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
