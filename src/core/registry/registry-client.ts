import type { BulkImportAnswer, BulkImportItem, ClientStats, CompatibilityResult, ListSchemasOptions, RegisterRequest, RegistrySchema } from './types.js';

/** Options shared by reads that can include soft-deleted items. */
export interface DeletedOption {
  readonly deleted?: boolean;
  /** Listings: keep names that look qualified (`:.x:s`) as literal names (a server without named contexts). */
  readonly literalNames?: boolean;
}

/**
 * The Confluent Schema Registry REST API as srx uses it. Every method takes a context
 * ('.' is the default); subjects are bare names within that context. Names returned
 * are bare too (the client strips any `:.ctx:` qualification a server adds).
 * Errors are RegistryError; "not found" answers that are normal outcomes return null.
 */
export interface RegistryClient {
  readonly name: string;
  readonly stats: ClientStats;

  /**
   * `GET /` (+ `/v1/metadata/*` where served): what the server says about itself. `confluent` is true when
   * `/v1/metadata/version` answers in Confluent's own shape (`commitId`, a dotted release number).
   */
  serverInfo(): Promise<{ vendor?: string; version?: string; commit?: string; confluent?: boolean }>;
  /** `GET /contexts`; null when the server has no contexts endpoint. */
  listContexts(): Promise<string[] | null>;
  listSubjects(context: string, options?: DeletedOption): Promise<string[]>;
  listVersions(context: string, subject: string, options?: DeletedOption): Promise<number[] | null>;
  getVersion(context: string, subject: string, version: number | 'latest', options?: DeletedOption): Promise<RegistrySchema | null>;
  /** `GET /schemas` bulk listing (one page); null when the server lacks it. */
  listSchemas(context: string, options?: ListSchemasOptions): Promise<RegistrySchema[] | null>;
  getSchemaById(context: string, id: number): Promise<{ schema: string; schemaType?: string; references?: RegistrySchema['references'] } | null>;
  /** `POST /subjects/{s}` lookup: the version holding this schema, or null. */
  lookupSchema(context: string, subject: string, request: RegisterRequest, options?: DeletedOption): Promise<RegistrySchema | null>;
  register(context: string, subject: string, request: RegisterRequest): Promise<{ id: number }>;
  /**
   * Many versions in one request, ids and numbers kept (AxonOps' `POST /import/schemas`; the context must be in
   * IMPORT mode): one answer per item, in order. null when the server has no such endpoint (or srx was told not to
   * use it); nothing was written then. Absent on clients that never offer it.
   */
  importSchemas?(context: string, items: readonly BulkImportItem[]): Promise<BulkImportAnswer[] | null>;
  deleteVersion(context: string, subject: string, version: number, options?: { permanent?: boolean }): Promise<number>;
  deleteSubject(context: string, subject: string, options?: { permanent?: boolean }): Promise<number[]>;
  /** Subject (or, with subject null, context-global) compatibility; null when none is set at that level. */
  getCompatibility(context: string, subject: string | null): Promise<string | null>;
  setCompatibility(context: string, subject: string | null, level: string): Promise<void>;
  deleteCompatibility(context: string, subject: string | null): Promise<string | null>;
  /** Subject (or context-global) mode; null when none is set at that level. */
  getMode(context: string, subject: string | null): Promise<string | null>;
  setMode(context: string, subject: string | null, mode: string, options?: { force?: boolean }): Promise<void>;
  deleteMode(context: string, subject: string | null): Promise<string | null>;
  /**
   * `POST /compatibility/subjects/{s}/versions[/{v}]?verbose=true`. Default 'all': checked against every live
   * version the subject's level covers (transitive levels honoured); one version's endpoint never is transitive.
   */
  testCompatibility(context: string, subject: string, request: RegisterRequest, version?: number | 'latest' | 'all'): Promise<CompatibilityResult>;
  /** Whether the server decodes percent-escapes in paths (needed for subjects holding `/` or `;`); absent: assume it does. */
  decodesEscapedPaths?(): Promise<boolean>;
  /** A read-only GET of a path (capability probes): the JSON answer, or null on 404/405; absent on non-HTTP sources. */
  probe?(path: string, query?: Record<string, string>): Promise<unknown>;
  close(): void;
}
