import { ConfigError, messageOf } from '../errors.js';
import { describeJsonError } from './describe-json-error.js';
import type { RawConfigFile, RawRegistryEntry } from './config-schema.js';

type Env = Readonly<Record<string, string | undefined>>;

// name ':' scheme '://' host [':' port] [path] [':' user ':' password]; the password may hold colons.
// A port after the host is taken atomically (lookahead + backreference), so `http://h:8081:user` without a
// password is an error rather than user "8081" with password "user".
const REGISTRIES_ITEM = /^(https?:\/\/(?:\[[^\]]+\]|[^:/\s]+)(?=((?::\d+)?))\2(?:\/[^:\s]*)?)(?::([^:]*):(.*))?$/;

/**
 * Parses `REGISTRIES` (`name:url[:user:password],...`). URLs keep their own colons.
 * Throws ConfigError naming the bad item (its password masked).
 */
export function parseRegistriesVariable(value: string): Record<string, RawRegistryEntry> {
  const out: Record<string, RawRegistryEntry> = {};
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  items.forEach((item, index) => {
    const colon = item.indexOf(':');
    const name = colon > 0 ? item.slice(0, colon).trim() : '';
    const rest = colon > 0 ? item.slice(colon + 1).trim() : '';
    const shown = `REGISTRIES item ${index + 1} (${maskItem(item)})`;
    if (!name) throw new ConfigError('E_CONFIG_REGISTRIES', `${shown}: expected name:url[:user:password]`);
    const match = REGISTRIES_ITEM.exec(rest);
    if (!match) {
      const what = /^https?:\/\//i.test(rest)
        ? 'expected url, or url:user:password (a user needs a password after it)'
        : `"${name}" needs an http:// or https:// URL`;
      throw new ConfigError('E_CONFIG_REGISTRIES', `${shown}: ${what}`, 'format: name:url[:user:password]');
    }
    const [, url, , user, password] = match;
    if (user !== undefined && user === '') {
      throw new ConfigError('E_CONFIG_REGISTRIES', `${shown}: empty user for "${name}"`);
    }
    out[name] = { url: url!, ...(user !== undefined ? { user, password } : {}) };
  });
  return out;
}

function maskItem(item: string): string {
  const match = /^([^:]*:https?:\/\/(?:\[[^\]]+\]|[^:/\s]+)(?=((?::\d+)?))\2(?:\/[^:\s]*)?:[^:]*:)(.*)$/.exec(item);
  if (match) return `${match[1]}***`;
  // Unparsable: hide everything after the 4th colon, where a password would be.
  const parts = item.split(':');
  return parts.length > 4 ? `${parts.slice(0, 4).join(':')}:***` : item;
}

/** Parses `REGISTRIES_CONFIG`: a map {name: entry} or a whole config {registries, default_registry}. */
export function parseRegistriesConfigVariable(value: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    // V8's message may quote the variable's text (passwords included): keep the problem and its position only.
    throw new ConfigError('E_CONFIG_JSON', `REGISTRIES_CONFIG: ${describeJsonError(messageOf(error), value)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('E_CONFIG_JSON', 'REGISTRIES_CONFIG: expected a JSON object');
  }
  const isWholeConfig = 'registries' in parsed || 'default_registry' in parsed;
  return isWholeConfig ? parsed : { registries: parsed };
}

/**
 * Reads the numbered `SCHEMA_REGISTRY_*_<n>` variables (as the kafka-schema-registry MCP server does)
 * and the single `SCHEMA_REGISTRY_URL` (a registry named `default`).
 */
export function parseNumberedVariables(env: Env): RawConfigFile['registries'] {
  const out: Record<string, RawRegistryEntry & { _origin?: string }> = {};
  const numbers = Object.keys(env)
    .map((key) => /^SCHEMA_REGISTRY_URL_(\d+)$/.exec(key)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  for (const n of numbers) {
    const url = env[`SCHEMA_REGISTRY_URL_${n}`]!;
    const name = env[`SCHEMA_REGISTRY_NAME_${n}`]?.trim() || `registry${n}`;
    out[name] = withCredentials(url, env[`SCHEMA_REGISTRY_USER_${n}`], env[`SCHEMA_REGISTRY_PASSWORD_${n}`]);
    if (isTrue(env[`VIEWONLY_${n}`] ?? env[`READONLY_${n}`])) out[name] = { ...out[name], readonly: true };
  }
  const single = env.SCHEMA_REGISTRY_URL;
  if (single && !out.default) {
    out.default = withCredentials(single, env.SCHEMA_REGISTRY_USER, env.SCHEMA_REGISTRY_PASSWORD);
    if (isTrue(env.VIEWONLY ?? env.READONLY)) out.default = { ...out.default, readonly: true };
  }
  return out;
}

function withCredentials(url: string, user: string | undefined, password: string | undefined): RawRegistryEntry {
  return { url: url.trim(), ...(user ? { user, password: password ?? '' } : {}) };
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
