import { maskUrl } from '../config/redact.js';
import type { AuthKind, RegistryEntry, SrxConfig } from '../config/types.js';

/** Where the default registry comes from: `srx registry use`, default_registry, the only one configured, or none. */
export type DefaultSource = 'state' | 'config' | 'only' | null;

/** The default registry and why it is the default. */
export interface DefaultRegistry {
  readonly name: string | null;
  readonly source: DefaultSource;
}

/** One configured registry as `srx registry list` shows it: never a secret. */
export interface RegistryListItem {
  readonly name: string;
  /** Credentials masked. */
  readonly url: string;
  readonly type: 'http' | 'export';
  readonly auth: AuthKind;
  readonly tls: { readonly ca: boolean; readonly clientCert: boolean; readonly insecure: boolean } | null;
  readonly readonly: boolean;
  readonly protected: boolean;
  readonly description: string | null;
  readonly isDefault: boolean;
  /** The config source that defined it (file path or variable name). */
  readonly origin: string;
}

/** `srx registry list` (no network). */
export interface RegistryListResult {
  readonly kind: 'registry-list';
  readonly defaultRegistry: string | null;
  readonly defaultSource: DefaultSource;
  /** Config sources that contributed, highest precedence first. */
  readonly sources: readonly string[];
  readonly registries: readonly RegistryListItem[];
}

/** Picks the default: a stored choice that is still configured, else default_registry, else the only registry. */
export function resolveDefaultRegistry(config: SrxConfig, stored: string | undefined): DefaultRegistry {
  if (stored && config.registries[stored]) return { name: stored, source: 'state' };
  if (config.defaultRegistry) return { name: config.defaultRegistry, source: 'config' };
  const names = Object.keys(config.registries);
  return names.length === 1 ? { name: names[0]!, source: 'only' } : { name: null, source: null };
}

/** Pure: the configured registries, sorted by name, secrets left out. */
export function listRegistries(config: SrxConfig, defaults: DefaultRegistry): RegistryListResult {
  const registries = Object.values(config.registries)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => describeEntry(entry, entry.name === defaults.name));
  return { kind: 'registry-list', defaultRegistry: defaults.name, defaultSource: defaults.source, sources: [...config.sources], registries };
}

function describeEntry(entry: RegistryEntry, isDefault: boolean): RegistryListItem {
  const tls = entry.tls;
  return {
    name: entry.name,
    url: maskUrl(entry.url),
    type: entry.url.startsWith('file:') ? 'export' : 'http',
    auth: authKindOf(entry),
    tls: tls ? { ca: Boolean(tls.ca), clientCert: Boolean(tls.cert), insecure: Boolean(tls.insecure) } : null,
    readonly: entry.readonly,
    protected: entry.protected,
    description: entry.description ?? null,
    isDefault,
    origin: entry.origin,
  };
}

/** How srx authenticates to the entry: bearer, basic, an auth-like header, a client certificate, or none. */
export function authKindOf(entry: RegistryEntry): AuthKind {
  if (entry.token) return 'bearer';
  if (entry.user !== undefined) return 'basic';
  if (Object.keys(entry.headers ?? {}).some((name) => /auth|token|key|secret|cookie/i.test(name))) return 'headers';
  if (entry.tls?.cert) return 'tls-client';
  return 'none';
}

/** `srx registry use [name]`: the default registry, after storing it when a name was given. */
export interface RegistryDefaultResult {
  readonly kind: 'registry-default';
  readonly defaultRegistry: string | null;
  readonly source: DefaultSource;
  /** True when this run stored a new choice. */
  readonly changed: boolean;
  /** The settings file in the state directory that holds the choice. */
  readonly stateFile: string;
}
