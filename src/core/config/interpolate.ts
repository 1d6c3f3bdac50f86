import { ConfigError } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `${VAR}` in every string of `value` (deeply) from env.
 * An unset variable is a ConfigError naming the variable and where it was used.
 */
export function interpolate<T>(value: T, env: Env, where: string): T {
  if (typeof value === 'string') return interpolateString(value, env, where) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v, i) => interpolate(v, env, `${where}[${i}]`)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = interpolate(v, env, `${where}.${key}`);
    return out as T;
  }
  return value;
}

function interpolateString(text: string, env: Env, where: string): string {
  return text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    const variable = name.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw new ConfigError('E_CONFIG_VAR', `${where}: invalid variable reference \${${name}}`);
    }
    const found = env[variable];
    if (found === undefined) {
      throw new ConfigError('E_CONFIG_VAR', `${where}: environment variable ${variable} is not set`, `export ${variable}=... or remove the reference`);
    }
    return found;
  });
}
