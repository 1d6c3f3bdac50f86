/**
 * An in-memory Schema Registry behind srx's RegistryClient interface, for unit tests of the executor, mode
 * restore, rollback and resume that run in milliseconds. It follows the rules srx relies on (REGISTRY-NOTES.md)
 * in our own words: ids are per context; a registration naming an id or version needs IMPORT mode (subject,
 * else context, else global); an exact schema already in a subject answers its id without a new version;
 * a soft delete hides a version, a permanent delete needs a soft delete first; subject config and mode are
 * absent (null) until set. The real-registry suites stay the proof; this is the fast loop.
 *
 * Scriptable: `failWhen` injects a registry error for chosen calls; `ignoreIds` makes IMPORT accept a
 * requested id but assign its own (Apicurio); `noModeWrites` answers 405 to mode writes (Karapace); `bulkImport`
 * offers a bulk import as AxonOps' `POST /import/schemas` does (the context in IMPORT; each item written with its id
 * and number, or refused alone), and `loseNextBulkAnswer` writes the next batch but fails its answer (a 503).
 */
import { RegistryError } from '../../src/core/errors.js';
import type { DeletedOption, RegistryClient } from '../../src/core/registry/registry-client.js';
import type {
  BulkImportAnswer,
  BulkImportItem,
  ClientStats,
  CompatibilityResult,
  ListSchemasOptions,
  RegisterRequest,
  RegistrySchema,
  SchemaReference,
  SchemaType,
} from '../../src/core/registry/types.js';

interface StoredVersion {
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType?: SchemaType;
  readonly references: readonly SchemaReference[];
  deleted: boolean;
}

interface ContextState {
  readonly subjects: Map<string, StoredVersion[]>;
  readonly ids: Map<number, { schema: string; schemaType?: SchemaType; references: readonly SchemaReference[] }>;
  nextId: number;
  compatibility: string | null;
  mode: string | null;
  readonly subjectCompatibility: Map<string, string>;
  readonly subjectModes: Map<string, string>;
}

/** One call into the registry, as `failWhen` sees it. */
export interface MemoryCall {
  readonly method: keyof RegistryClient;
  readonly context: string;
  readonly subject: string | null;
  readonly request?: RegisterRequest;
}

/** Options of a memory registry. */
export interface MemoryRegistryOptions {
  /** IMPORT registrations get a fresh id instead of the requested one (Apicurio 3.x). */
  readonly ignoreIds?: boolean;
  /** PUT/DELETE /mode answer 405 (Karapace). */
  readonly noModeWrites?: boolean;
  /** The global compatibility level (default BACKWARD). */
  readonly globalCompatibility?: string;
  /** Offers a bulk import (AxonOps' `POST /import/schemas`). */
  readonly bulkImport?: boolean;
}

const DEFAULT_MODE = 'READWRITE';

/** An in-memory registry; `client(name)` gives a RegistryClient onto it. */
export class MemoryRegistry {
  private readonly contexts = new Map<string, ContextState>();
  private globalMode = DEFAULT_MODE;
  private globalCompatibility: string;
  private failure?: (call: MemoryCall) => RegistryError | undefined;
  /** Every call made, in order. */
  readonly calls: MemoryCall[] = [];
  /** The next bulk import writes its items, then answers 503 (the answer lost). */
  loseNextBulkAnswer = false;

  constructor(readonly options: MemoryRegistryOptions = {}) {
    this.globalCompatibility = options.globalCompatibility ?? 'BACKWARD';
  }

  /** Makes the calls `decide` returns an error for fail with that error (undefined: the call goes on). */
  failWhen(decide: ((call: MemoryCall) => RegistryError | undefined) | undefined): void {
    this.failure = decide;
  }

  /** A RegistryClient onto this registry. */
  client(name = 'memory'): RegistryClient {
    return new MemoryRegistryClient(this, name);
  }

  /** Test setup: imports a version with this id and number (any mode), as a seeding tool would. */
  seed(
    context: string,
    subject: string,
    version: number,
    id: number,
    schema: string,
    extra: { schemaType?: SchemaType; references?: SchemaReference[]; deleted?: boolean } = {},
  ): void {
    const state = this.context(context);
    state.ids.set(id, { schema, schemaType: extra.schemaType, references: extra.references ?? [] });
    state.nextId = Math.max(state.nextId, id + 1);
    const versions = this.versionsOf(state, subject, true);
    versions.push({ version, id, schema, schemaType: extra.schemaType, references: extra.references ?? [], deleted: extra.deleted ?? false });
    versions.sort((a, b) => a.version - b.version);
  }

  /** Live (and with `deleted`, soft-deleted) versions of a subject as [version, id] pairs. */
  versions(context: string, subject: string, deleted = false): [number, number][] {
    const versions = this.contexts.get(context)?.subjects.get(subject) ?? [];
    return versions.filter((v) => deleted || !v.deleted).map((v) => [v.version, v.id]);
  }

  /** Mode at one level, as stored (null: not set there). */
  storedMode(context: string, subject: string | null): string | null {
    if (subject === null) return context === '.' ? this.globalMode : (this.contexts.get(context)?.mode ?? null);
    return this.contexts.get(context)?.subjectModes.get(subject) ?? null;
  }

  /** Compatibility at one level, as stored (null: not set there). */
  storedCompatibility(context: string, subject: string | null): string | null {
    if (subject === null) return context === '.' ? this.globalCompatibility : (this.contexts.get(context)?.compatibility ?? null);
    return this.contexts.get(context)?.subjectCompatibility.get(subject) ?? null;
  }

  /** @internal the client's entry point: records the call and applies any scripted failure. */
  enter(call: MemoryCall): void {
    this.calls.push(call);
    const error = this.failure?.(call);
    if (error) throw error;
  }

  /** @internal a scripted failure for a call, without recording it (bulk import items). */
  scripted(call: MemoryCall): RegistryError | undefined {
    return this.failure?.(call);
  }

  /** @internal */
  context(name: string): ContextState {
    let state = this.contexts.get(name);
    if (!state) {
      state = { subjects: new Map(), ids: new Map(), nextId: 1, compatibility: null, mode: null, subjectCompatibility: new Map(), subjectModes: new Map() };
      this.contexts.set(name, state);
    }
    return state;
  }

  /** @internal */
  contextNames(): string[] {
    return [...this.contexts.keys()].filter((name) => [...this.context(name).subjects.values()].some((v) => v.length > 0));
  }

  /** @internal */
  versionsOf(state: ContextState, subject: string, create = false): StoredVersion[] {
    let versions = state.subjects.get(subject);
    if (!versions && create) {
      versions = [];
      state.subjects.set(subject, versions);
    }
    return versions ?? [];
  }

  /** @internal the mode that governs writes to a subject. */
  effectiveMode(context: string, subject: string): string {
    const state = this.contexts.get(context);
    return state?.subjectModes.get(subject) ?? state?.mode ?? this.globalMode;
  }

  /** @internal */
  setStoredMode(context: string, subject: string | null, mode: string | null): void {
    if (subject === null && context === '.') this.globalMode = mode ?? DEFAULT_MODE;
    else if (subject === null) this.context(context).mode = mode;
    else if (mode === null) this.context(context).subjectModes.delete(subject);
    else this.context(context).subjectModes.set(subject, mode);
  }

  /** @internal */
  setStoredCompatibility(context: string, subject: string | null, level: string | null): void {
    if (subject === null && context === '.') this.globalCompatibility = level ?? 'BACKWARD';
    else if (subject === null) this.context(context).compatibility = level;
    else if (level === null) this.context(context).subjectCompatibility.delete(subject);
    else this.context(context).subjectCompatibility.set(subject, level);
  }
}

/** A registry error as the HTTP client would raise it. */
export function registryError(name: string, status: number, errorCode: number | undefined, message: string): RegistryError {
  return new RegistryError('E_REGISTRY_HTTP', `${name}: ${message}`, { registry: name, status, errorCode });
}

const sameReferences = (a: readonly SchemaReference[], b: readonly SchemaReference[] | undefined) => JSON.stringify(a) === JSON.stringify(b ?? []);

const sameSchema = (v: { schema: string; schemaType?: SchemaType; references: readonly SchemaReference[] }, r: RegisterRequest) =>
  v.schema === r.schema && (v.schemaType ?? 'AVRO') === (r.schemaType ?? 'AVRO') && sameReferences(v.references, r.references);

class MemoryRegistryClient implements RegistryClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 };

  constructor(
    private readonly registry: MemoryRegistry,
    readonly name: string,
  ) {}

  private enter(method: keyof RegistryClient, context: string, subject: string | null, request?: RegisterRequest): void {
    this.stats.requests++;
    this.registry.enter({ method, context, subject, request });
  }

  async serverInfo() {
    return { vendor: 'memory' };
  }

  async listContexts(): Promise<string[] | null> {
    this.enter('listContexts', '.', null);
    return [...new Set(['.', ...this.registry.contextNames()])].sort();
  }

  async listSubjects(context: string, options: DeletedOption = {}): Promise<string[]> {
    this.enter('listSubjects', context, null);
    const state = this.registry.context(context);
    return [...state.subjects.entries()]
      .filter(([, versions]) => versions.some((v) => options.deleted || !v.deleted))
      .map(([name]) => name)
      .sort();
  }

  async listVersions(context: string, subject: string, options: DeletedOption = {}): Promise<number[] | null> {
    this.enter('listVersions', context, subject);
    const versions = this.registry.versionsOf(this.registry.context(context), subject).filter((v) => options.deleted || !v.deleted);
    return versions.length === 0 ? null : versions.map((v) => v.version);
  }

  async getVersion(context: string, subject: string, version: number | 'latest', options: DeletedOption = {}): Promise<RegistrySchema | null> {
    this.enter('getVersion', context, subject);
    const versions = this.registry.versionsOf(this.registry.context(context), subject).filter((v) => options.deleted || !v.deleted);
    const found = version === 'latest' ? versions.at(-1) : versions.find((v) => v.version === version);
    return found ? this.item(subject, found) : null;
  }

  async listSchemas(_context: string, _options?: ListSchemasOptions): Promise<RegistrySchema[] | null> {
    return null;
  }

  async getSchemaById(context: string, id: number) {
    this.enter('getSchemaById', context, null);
    const found = this.registry.context(context).ids.get(id);
    return found ? { schema: found.schema, schemaType: found.schemaType, references: [...found.references] } : null;
  }

  async lookupSchema(context: string, subject: string, request: RegisterRequest, options: DeletedOption = {}): Promise<RegistrySchema | null> {
    this.enter('lookupSchema', context, subject, request);
    const versions = this.registry.versionsOf(this.registry.context(context), subject).filter((v) => options.deleted || !v.deleted);
    const found = versions.find((v) => sameSchema(v, request));
    return found ? this.item(subject, found) : null;
  }

  async register(context: string, subject: string, request: RegisterRequest): Promise<{ id: number }> {
    this.enter('register', context, subject, request);
    const state = this.registry.context(context);
    const mode = this.registry.effectiveMode(context, subject);
    if (mode === 'READONLY') throw registryError(this.name, 422, 42205, `Subject ${subject} is in read-only mode`);
    const importing = request.id !== undefined || request.version !== undefined;
    if (importing && mode !== 'IMPORT') throw registryError(this.name, 422, 42205, 'an id or version may only be given in IMPORT mode');
    const versions = this.registry.versionsOf(state, subject, true);
    const existing = versions.find((v) => !v.deleted && sameSchema(v, request));
    if (existing) return { id: existing.id };
    let id: number;
    if (importing && request.id !== undefined && !this.registry.options.ignoreIds) {
      const holder = state.ids.get(request.id);
      if (holder && !sameSchema(holder, request)) throw registryError(this.name, 422, 42207, `id ${request.id} is already used by another schema`);
      id = request.id;
    } else {
      const same = [...state.ids.entries()].find(([, held]) => sameSchema(held, request));
      id = same ? same[0] : state.nextId;
    }
    const version = importing && request.version !== undefined ? request.version : (versions.at(-1)?.version ?? 0) + 1;
    if (versions.some((v) => v.version === version)) throw registryError(this.name, 422, 42205, `version ${version} of ${subject} already exists`);
    state.ids.set(id, { schema: request.schema, schemaType: request.schemaType, references: request.references ?? [] });
    state.nextId = Math.max(state.nextId, id + 1);
    versions.push({ version, id, schema: request.schema, schemaType: request.schemaType, references: request.references ?? [], deleted: false });
    versions.sort((a, b) => a.version - b.version);
    return { id };
  }

  async importSchemas(context: string, items: readonly BulkImportItem[]): Promise<BulkImportAnswer[] | null> {
    if (!this.registry.options.bulkImport) return null;
    this.enter('importSchemas', context, null);
    const mode = this.registry.storedMode(context, null) ?? this.registry.storedMode('.', null);
    if (mode !== 'IMPORT') throw registryError(this.name, 422, 42205, 'Import is not permitted. The registry must be in IMPORT mode to import schemas.');
    const answers = items.map((item) => this.importOne(context, item));
    if (this.registry.loseNextBulkAnswer) {
      this.registry.loseNextBulkAnswer = false;
      throw registryError(this.name, 503, undefined, 'HTTP 503 (the answer was lost)');
    }
    return answers;
  }

  private importOne(context: string, item: BulkImportItem): BulkImportAnswer {
    const refused = this.registry.scripted({ method: 'importSchemas', context, subject: item.subject });
    if (refused) return { success: false, error: refused.message };
    const state = this.registry.context(context);
    const request: RegisterRequest = { schema: item.schema, schemaType: item.schemaType };
    const holder = state.ids.get(item.id);
    if (holder && !sameSchema(holder, request)) return { success: false, error: 'schema ID already exists' };
    const versions = this.registry.versionsOf(state, item.subject, true);
    if (versions.some((v) => v.version === item.version)) return { success: false, error: 'subject/version already exists' };
    const id = this.registry.options.ignoreIds ? state.nextId : item.id;
    state.ids.set(id, { schema: item.schema, schemaType: item.schemaType, references: [] });
    state.nextId = Math.max(state.nextId, id + 1);
    versions.push({ version: item.version, id, schema: item.schema, schemaType: item.schemaType, references: [], deleted: false });
    versions.sort((a, b) => a.version - b.version);
    return { success: true };
  }

  async deleteVersion(context: string, subject: string, version: number, options: { permanent?: boolean } = {}): Promise<number> {
    this.enter('deleteVersion', context, subject);
    const versions = this.registry.versionsOf(this.registry.context(context), subject);
    const found = versions.find((v) => v.version === version);
    if (!found) throw registryError(this.name, 404, 40402, `version ${version} not found`);
    if (options.permanent) {
      if (!found.deleted) throw registryError(this.name, 404, 40407, `version ${version} was not soft-deleted first`);
      versions.splice(versions.indexOf(found), 1);
      return version;
    }
    if (found.deleted) throw registryError(this.name, 404, 40406, `version ${version} was already soft-deleted`);
    found.deleted = true;
    return version;
  }

  async deleteSubject(context: string, subject: string, options: { permanent?: boolean } = {}): Promise<number[]> {
    this.enter('deleteSubject', context, subject);
    const state = this.registry.context(context);
    const versions = this.registry.versionsOf(state, subject);
    if (versions.length === 0) throw registryError(this.name, 404, 40401, `subject ${subject} not found`);
    const numbers = versions.map((v) => v.version);
    if (options.permanent) state.subjects.delete(subject);
    else for (const v of versions) v.deleted = true;
    return numbers;
  }

  async getCompatibility(context: string, subject: string | null): Promise<string | null> {
    this.enter('getCompatibility', context, subject);
    return this.registry.storedCompatibility(context, subject);
  }

  async setCompatibility(context: string, subject: string | null, level: string): Promise<void> {
    this.enter('setCompatibility', context, subject);
    this.registry.setStoredCompatibility(context, subject, level);
  }

  async deleteCompatibility(context: string, subject: string | null): Promise<string | null> {
    this.enter('deleteCompatibility', context, subject);
    const previous = this.registry.storedCompatibility(context, subject);
    this.registry.setStoredCompatibility(context, subject, null);
    return previous;
  }

  async getMode(context: string, subject: string | null): Promise<string | null> {
    this.enter('getMode', context, subject);
    return this.registry.storedMode(context, subject);
  }

  async setMode(context: string, subject: string | null, mode: string): Promise<void> {
    this.enter('setMode', context, subject);
    if (this.registry.options.noModeWrites) throw registryError(this.name, 405, undefined, 'HTTP 405 Method Not Allowed');
    this.registry.setStoredMode(context, subject, mode.toUpperCase());
  }

  async deleteMode(context: string, subject: string | null): Promise<string | null> {
    this.enter('deleteMode', context, subject);
    if (this.registry.options.noModeWrites) throw registryError(this.name, 405, undefined, 'HTTP 405 Method Not Allowed');
    const previous = this.registry.storedMode(context, subject);
    this.registry.setStoredMode(context, subject, null);
    return previous;
  }

  async testCompatibility(context: string, subject: string): Promise<CompatibilityResult> {
    this.enter('testCompatibility', context, subject);
    return { isCompatible: true, messages: [] };
  }

  async decodesEscapedPaths(): Promise<boolean> {
    return true;
  }

  close(): void {}

  private item(subject: string, v: StoredVersion): RegistrySchema {
    return { subject, version: v.version, id: v.id, schema: v.schema, schemaType: v.schemaType, references: [...v.references] };
  }
}
