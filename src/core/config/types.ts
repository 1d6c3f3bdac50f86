/** TLS settings of one registry; file paths are absolute once loaded. */
export interface TlsSettings {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
  readonly insecure?: boolean;
}

/** How srx authenticates to a registry, as shown to users (never the secret itself). */
export type AuthKind = 'none' | 'basic' | 'bearer' | 'headers' | 'tls-client';

/** One registry, fully resolved: `${VAR}`s substituted, paths absolute. */
export interface RegistryEntry {
  readonly name: string;
  /** http(s) URL without embedded credentials, or `file:<absolute path>` of an export. */
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: TlsSettings;
  readonly description?: string;
  /** Every write is refused. */
  readonly readonly: boolean;
  /** Writes need `--yes` or the registry name typed on a TTY. */
  readonly protected: boolean;
  readonly timeout?: number;
  readonly concurrency?: number;
  /** Where the entry was defined (a file path or an environment variable name), for error messages. */
  readonly origin: string;
}

/** The merged configuration of every source (SPEC section 1). */
export interface SrxConfig {
  readonly registries: Readonly<Record<string, RegistryEntry>>;
  readonly defaultRegistry?: string;
  /** The sources that contributed, highest precedence first (file paths, variable names). */
  readonly sources: readonly string[];
  /** Code configs the search passed and did not run (`--config` runs them); for a warning. */
  readonly skippedCodeConfigs?: readonly string[];
}

/** What loading configuration reads: injected so tests and in-process runs need no global state. */
export interface ConfigLoadOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--config <file>`: then no search is made. */
  readonly configFile?: string;
}
