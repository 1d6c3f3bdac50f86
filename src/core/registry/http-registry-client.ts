import { hasErrorCode, RegistryError } from '../errors.js';
import type { RegistryEntry } from '../config/types.js';
import { HttpTransport, type TransportOptions, type TransportRequest } from './http-transport.js';
import { contextPrefix, encodeSegment, normalizeContext, parseQualifiedSubject, qualifySubject } from './paths.js';
import type { DeletedOption, RegistryClient } from './registry-client.js';
import type { BulkImportAnswer, BulkImportItem, CompatibilityResult, ListSchemasOptions, RegisterRequest, RegistrySchema } from './types.js';

// Registry error codes (SPEC section 8).
const SUBJECT_NOT_FOUND = 40401;
const VERSION_NOT_FOUND = 40402;
const SCHEMA_NOT_FOUND = 40403;
const SOFT_DELETED = [40404, 40406];
const NO_SUBJECT_CONFIG = 40408;
const NO_SUBJECT_MODE = 40409;
const NOT_FOUND_CODES = new Set([SUBJECT_NOT_FOUND, VERSION_NOT_FOUND, SCHEMA_NOT_FOUND, ...SOFT_DELETED]);

/** A UTF-16 surrogate without its pair: JSON can carry it, but no URL, file name or terminal can. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/** Subject names asked per page: Apicurio answers 1,000 unless asked for more. */
const SUBJECT_PAGE = 10_000;

/** How srx talks to one registry: the transport's options, and whether a bulk import may be used. */
export interface ClientOptions extends TransportOptions {
  /** Use the server's `POST /import/schemas` where it has one (default true; `--no-bulk-import` says false). */
  readonly bulkImport?: boolean;
}

/** RegistryClient over HTTP (the only module that knows URLs of the REST API). */
export class HttpRegistryClient implements RegistryClient {
  private readonly transport: HttpTransport;
  private readonly bulkImport: boolean;

  constructor(entry: RegistryEntry, options: ClientOptions = {}) {
    const { bulkImport = true, ...transport } = options;
    this.transport = new HttpTransport(entry, transport);
    this.bulkImport = bulkImport;
  }

  get name(): string {
    return this.transport.entry.name;
  }

  get stats() {
    return this.transport.stats;
  }

  /** Where the adaptive concurrency of reads settled (for --verbose). */
  concurrency() {
    return this.transport.concurrency();
  }

  close(): void {
    this.transport.close();
  }

  /** Sends a raw request (for probes). */
  raw<T>(req: TransportRequest): Promise<T> {
    return this.transport.request<T>(req);
  }

  async serverInfo(): Promise<{ vendor?: string; version?: string; commit?: string; confluent?: boolean }> {
    const root = await this.optional<Record<string, unknown>>({ method: 'GET', path: '/' }, 404, 405);
    const version = await this.optional<Record<string, unknown>>({ method: 'GET', path: '/v1/metadata/version' }, 404, 405, 401, 403);
    const pick = (o: Record<string, unknown> | null, ...keys: string[]) => {
      for (const k of keys) if (o && typeof o[k] === 'string' && o[k]) return o[k];
      return undefined;
    };
    return {
      vendor: pick(root, 'vendor', 'name', 'server') ?? pick(version, 'vendor'),
      version: pick(version, 'version') ?? pick(root, 'version'),
      commit: pick(version, 'commitId', 'commit'),
      ...(typeof version?.commitId === 'string' && /^\d+\.\d+\.\d+/.test(String(version.version)) ? { confluent: true } : {}),
    };
  }

  private decodes?: Promise<boolean>;

  /**
   * Whether the server decodes percent-escapes in paths (Confluent does; AxonOps reads them literally):
   * `GET /%73ubjects` is `/subjects` only to a decoding server. Read-only, asked once per client.
   */
  decodesEscapedPaths(): Promise<boolean> {
    this.decodes ??= this.transport.request<unknown>({ method: 'GET', path: '/%73ubjects' }).then(
      (answer) => Array.isArray(answer) || answer === null,
      (error) => !(error instanceof RegistryError && error.status === 404),
    );
    return this.decodes;
  }

  async listContexts(): Promise<string[] | null> {
    const contexts = await this.optional<unknown>({ method: 'GET', path: '/contexts' }, 404, 405);
    if (contexts !== null && !isArrayOf(contexts, 'string')) throw this.shapeError('GET /contexts', 'expected an array of context names');
    if (contexts) this.checkNames('GET /contexts', 'context name', contexts);
    // Some servers answer qualified forms (`:.:` is Apicurio's default context only): one spelling, `.`/`.x`.
    return contexts && [...new Set(contexts.map(normalizeContext))];
  }

  /**
   * Every subject name, paged (`offset`/`limit`): Apicurio stops at 1,000 names per answer. Paging ends on
   * an empty page or one with nothing new (a server that ignores offset answers everything at once).
   */
  async listSubjects(context: string, options: DeletedOption = {}): Promise<string[]> {
    const path = `${contextPrefix(context)}/subjects`;
    const all = new Set<string>();
    for (let offset = 0; ;) {
      const names = await this.get<unknown>(path, { deleted: options.deleted || undefined, offset, limit: SUBJECT_PAGE });
      if (names === null) break; // AxonOps answers `null` when there are none
      if (!isArrayOf(names, 'string')) throw this.shapeError(`GET ${path}`, 'expected an array of subject names');
      this.checkNames(`GET ${path}`, 'subject name', names);
      const before = all.size;
      for (const name of names) all.add(name);
      if (names.length === 0 || all.size === before) break;
      offset += names.length;
    }
    return options.literalNames ? [...all] : bareNames([...all], context);
  }

  async listVersions(context: string, subject: string, options: DeletedOption = {}): Promise<number[] | null> {
    const path = `${this.subjectPath(context, subject)}/versions`;
    const versions = await this.get<unknown>(path, { deleted: options.deleted || undefined }, isNotFound);
    if (versions !== null && !isArrayOf(versions, 'number')) throw this.shapeError(`GET ${path}`, 'expected an array of version numbers');
    return versions;
  }

  async getVersion(context: string, subject: string, version: number | 'latest', options: DeletedOption = {}): Promise<RegistrySchema | null> {
    const found = await this.get<RegistrySchema>(
      `${this.subjectPath(context, subject)}/versions/${version}`,
      { deleted: options.deleted || undefined },
      isNotFound,
    );
    if (found === null) return null;
    const what = `GET ${this.subjectPath(context, subject)}/versions/${version}`;
    if (typeof found !== 'object' || typeof found.schema !== 'string' || typeof found.version !== 'number' || typeof found.id !== 'number') {
      throw this.shapeError(what, 'expected a version with schema, version and id');
    }
    this.checkSchemaItem(what, found);
    return answerInContext(found, context, subject);
  }

  async listSchemas(context: string, options: ListSchemasOptions = {}): Promise<RegistrySchema[] | null> {
    const items = await this.optional<RegistrySchema[]>(
      {
        method: 'GET',
        path: `${contextPrefix(context)}/schemas`,
        query: { ...options, deleted: options.deleted || undefined, latestOnly: options.latestOnly || undefined, literalNames: undefined },
      },
      404,
      405,
    );
    if (items === null) return null;
    if (!Array.isArray(items)) throw this.shapeError('GET /schemas', 'expected an array');
    // Apicurio lists schema texts only (no subject, version or id): no usable bulk listing; read subject by subject.
    if (items.length > 0 && items.every(isTextOnlyItem)) return null;
    if (!items.every(isSchemaItem)) throw this.shapeError('GET /schemas', 'expected items with subject, version, id and schema');
    for (const item of items) this.checkSchemaItem('GET /schemas', item);
    if (options.literalNames) return items;
    return items.flatMap((item) => {
      const parsed = parseQualifiedSubject(item.subject, context);
      return parsed.context === context ? [{ ...item, subject: parsed.subject }] : [];
    });
  }

  async getSchemaById(context: string, id: number) {
    return this.get<{ schema: string; schemaType?: string; references?: RegistrySchema['references'] }>(
      `${contextPrefix(context)}/schemas/ids/${id}`,
      undefined,
      isNotFound,
    );
  }

  async lookupSchema(context: string, subject: string, request: RegisterRequest, options: DeletedOption = {}): Promise<RegistrySchema | null> {
    const found = await this.transport.request<RegistrySchema | null>({
      method: 'POST',
      path: this.subjectPath(context, subject),
      query: { deleted: options.deleted || undefined },
      body: registerBody(request),
      absent: isNotFound,
    });
    return found && answerInContext(found, context, subject);
  }

  async register(context: string, subject: string, request: RegisterRequest): Promise<{ id: number }> {
    const answer = await this.transport.request<{ id?: unknown }>({
      method: 'POST',
      path: `${this.subjectPath(context, subject)}/versions`,
      body: registerBody(request),
    });
    if (!answer || typeof answer.id !== 'number') throw this.shapeError('POST /versions', 'expected {"id": number}');
    return { id: answer.id };
  }

  async importSchemas(context: string, items: readonly BulkImportItem[]): Promise<BulkImportAnswer[] | null> {
    if (!this.bulkImport) return null;
    const what = `POST ${contextPrefix(context)}/import/schemas`;
    // A server without the endpoint answers 404 or 405 for the path itself: nothing was written.
    const answer = await this.optional<{ results?: unknown }>(
      { method: 'POST', path: `${contextPrefix(context)}/import/schemas`, body: { schemas: items.map(bulkItemBody) } },
      404,
      405,
    );
    if (answer === null) return null;
    const results = answer.results;
    if (!Array.isArray(results) || results.length !== items.length)
      throw this.shapeError(what, `expected "results" with one item per schema sent (${items.length})`);
    return results.map((result: unknown, i) => {
      const item = items[i]!;
      const r = (result ?? {}) as Record<string, unknown>;
      // Each answer must name the item it is about: a server that reorders or renumbers is not believed.
      if (typeof r.success !== 'boolean' || r.subject !== item.subject || r.version !== item.version || r.id !== item.id)
        throw this.shapeError(what, `item ${i + 1} does not answer for ${item.subject} v${item.version} (id ${item.id})`);
      return { success: r.success, ...(typeof r.error === 'string' ? { error: r.error } : {}) };
    });
  }

  async deleteVersion(context: string, subject: string, version: number, options: { permanent?: boolean } = {}): Promise<number> {
    return this.transport.request<number>({
      method: 'DELETE',
      path: `${this.subjectPath(context, subject)}/versions/${version}`,
      query: { permanent: options.permanent || undefined },
    });
  }

  async deleteSubject(context: string, subject: string, options: { permanent?: boolean } = {}): Promise<number[]> {
    return this.transport.request<number[]>({
      method: 'DELETE',
      path: this.subjectPath(context, subject),
      query: { permanent: options.permanent || undefined },
    });
  }

  async getCompatibility(context: string, subject: string | null): Promise<string | null> {
    const answer = await this.configRead<{ compatibilityLevel?: string; compatibility?: string }>('config', context, subject, NO_SUBJECT_CONFIG);
    return this.stringField(`GET ${this.scopePath('config', context, subject)}`, answer, 'compatibilityLevel', 'compatibility');
  }

  async setCompatibility(context: string, subject: string | null, level: string): Promise<void> {
    await this.transport.request({ method: 'PUT', path: this.scopePath('config', context, subject), body: { compatibility: level } });
  }

  async deleteCompatibility(context: string, subject: string | null): Promise<string | null> {
    const answer = await this.configDelete<{ compatibilityLevel?: string; compatibility?: string }>('config', context, subject, NO_SUBJECT_CONFIG);
    return this.stringField(`DELETE ${this.scopePath('config', context, subject)}`, answer, 'compatibilityLevel', 'compatibility');
  }

  async getMode(context: string, subject: string | null): Promise<string | null> {
    const answer = await this.configRead<{ mode?: string }>('mode', context, subject, NO_SUBJECT_MODE);
    return this.stringField(`GET ${this.scopePath('mode', context, subject)}`, answer, 'mode')?.toUpperCase() ?? null;
  }

  async setMode(context: string, subject: string | null, mode: string, options: { force?: boolean } = {}): Promise<void> {
    await this.transport.request({
      method: 'PUT',
      path: this.scopePath('mode', context, subject),
      query: { force: options.force || undefined },
      body: { mode },
    });
  }

  async deleteMode(context: string, subject: string | null): Promise<string | null> {
    const answer = await this.configDelete<{ mode?: string }>('mode', context, subject, NO_SUBJECT_MODE);
    return this.stringField(`DELETE ${this.scopePath('mode', context, subject)}`, answer, 'mode')?.toUpperCase() ?? null;
  }

  async testCompatibility(
    context: string,
    subject: string,
    request: RegisterRequest,
    version: number | 'latest' | 'all' = 'all',
  ): Promise<CompatibilityResult> {
    const versions = `${contextPrefix(context)}/compatibility/subjects/${encodeSegment(subject)}/versions`;
    const answer = await this.transport.request<{ is_compatible?: unknown; messages?: unknown }>({
      method: 'POST',
      path: version === 'all' ? versions : `${versions}/${version}`,
      query: { verbose: true },
      body: registerBody(request),
    });
    if (!answer || typeof answer.is_compatible !== 'boolean') throw this.shapeError('POST /compatibility', 'expected {"is_compatible": boolean}');
    const messages = Array.isArray(answer.messages) ? answer.messages.map(String) : [];
    return { isCompatible: answer.is_compatible, messages };
  }

  private subjectPath(context: string, subject: string): string {
    return `${contextPrefix(context)}/subjects/${encodeSegment(subject)}`;
  }

  private scopePath(kind: 'config' | 'mode', context: string, subject: string | null): string {
    return subject === null ? `${contextPrefix(context)}/${kind}` : `${contextPrefix(context)}/${kind}/${encodeSegment(subject)}`;
  }

  private async configRead<T>(kind: 'config' | 'mode', context: string, subject: string | null, absentCode: number): Promise<T | null> {
    // A subject named `.` or `..` has no URL of its own: its settings are unknown, never another endpoint's.
    if (subject === '.' || subject === '..') return null;
    return this.get<T | null>(
      this.scopePath(kind, context, subject),
      undefined,
      (status, errorCode) => errorCode === absentCode || errorCode === SUBJECT_NOT_FOUND || (status === 404 && subject !== null),
    );
  }

  private async configDelete<T>(kind: 'config' | 'mode', context: string, subject: string | null, absentCode: number): Promise<T | null> {
    try {
      return await this.transport.request<T>({ method: 'DELETE', path: this.scopePath(kind, context, subject) });
    } catch (error) {
      if (hasErrorCode(error, absentCode, SUBJECT_NOT_FOUND)) return null;
      throw error;
    }
  }

  private get<T>(path: string, query?: TransportRequest['query']): Promise<T>;
  private get<T>(path: string, query: TransportRequest['query'] | undefined, absent: TransportRequest['absent']): Promise<T | null>;
  private get<T>(path: string, query?: TransportRequest['query'], absent?: TransportRequest['absent']): Promise<T | null> {
    return this.transport.request<T | null>({ method: 'GET', path, query, absent });
  }

  /** A request whose "endpoint not there" answer (given statuses, without an error_code) means null. */
  /** A read-only GET of a path relative to the registry URL: its JSON answer, or null on 404/405 (capability probes). */
  async probe(path: string, query?: Record<string, string>): Promise<unknown> {
    return this.optional<unknown>({ method: 'GET', path, ...(query ? { query } : {}) }, 404, 405);
  }

  private async optional<T>(req: TransportRequest, ...statuses: number[]): Promise<T | null> {
    try {
      return await this.transport.request<T>(req);
    } catch (error) {
      if (error instanceof RegistryError && error.status !== undefined && statuses.includes(error.status)) return null;
      throw error;
    }
  }

  /** The first of `keys` present in a config/mode answer; a value that is not a string is a shape error naming the field. */
  private stringField(what: string, answer: unknown, ...keys: string[]): string | null {
    if (answer === null || answer === undefined) return null;
    if (typeof answer !== 'object') throw this.shapeError(what, 'expected a JSON object');
    for (const key of keys) {
      const value = (answer as Record<string, unknown>)[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') throw this.shapeError(what, `field "${key}" must be a string, got ${typeof value}`);
      return value;
    }
    return null;
  }

  /** Names must be well-formed Unicode: a lone surrogate cannot be addressed (or printed) safely. */
  private checkNames(what: string, field: string, names: readonly string[]): void {
    const bad = names.find((name) => LONE_SURROGATE.test(name));
    if (bad !== undefined)
      throw this.shapeError(what, `a ${field} is not valid Unicode (${JSON.stringify(bad.replace(LONE_SURROGATE_ALL, '\uFFFD')).slice(0, 60)})`);
  }

  /** A schema item's optional fields have the types the API documents (`references`, `schemaType`, names). */
  private checkSchemaItem(what: string, item: RegistrySchema): void {
    if (typeof item.subject === 'string') this.checkNames(what, 'subject name', [item.subject]);
    if (item.schemaType !== undefined && item.schemaType !== null && typeof item.schemaType !== 'string')
      throw this.shapeError(what, 'field "schemaType" must be a string');
    const refs = item.references as unknown;
    if (refs === undefined || refs === null) return;
    if (!Array.isArray(refs)) throw this.shapeError(what, 'field "references" must be an array');
    for (const ref of refs) {
      const r = ref as Record<string, unknown> | null;
      if (!r || typeof r.name !== 'string' || typeof r.subject !== 'string' || typeof r.version !== 'number') {
        throw this.shapeError(what, `field "references" holds an item without name, subject and version (${JSON.stringify(ref)?.slice(0, 80)})`);
      }
      this.checkNames(what, 'reference subject', [r.subject]);
    }
  }

  private shapeError(what: string, expected: string): RegistryError {
    return new RegistryError('E_REGISTRY_RESPONSE', `${this.name}: ${what} → unexpected answer (${expected})`, { registry: this.name });
  }
}

/** "Not found" answers that are normal outcomes of a read: subject, version or schema absent, or soft-deleted. */
function isNotFound(_status: number, errorCode: number | undefined): boolean {
  return errorCode !== undefined && NOT_FOUND_CODES.has(errorCode);
}

function registerBody(request: RegisterRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { schema: request.schema };
  if (request.schemaType && request.schemaType !== 'AVRO') body.schemaType = request.schemaType;
  if (request.references && request.references.length > 0) body.references = request.references;
  if (request.id !== undefined) body.id = request.id;
  if (request.version !== undefined) body.version = request.version;
  if (request.metadata !== undefined && request.metadata !== null) body.metadata = request.metadata;
  if (request.ruleSet !== undefined && request.ruleSet !== null) body.ruleSet = request.ruleSet;
  return body;
}

function bulkItemBody(item: BulkImportItem): Record<string, unknown> {
  return { id: item.id, subject: item.subject, version: item.version, schemaType: item.schemaType ?? 'AVRO', schema: item.schema };
}

/** A registry answer that must be a list; a wrong shape is an error, never read as "empty". */
function isArrayOf<T extends 'string' | 'number'>(value: unknown, type: T): value is Array<T extends 'string' ? string : number> {
  return Array.isArray(value) && value.every((item) => typeof item === type);
}

function isTextOnlyItem(item: unknown): boolean {
  const o = item as Record<string, unknown> | null;
  return !!o && typeof o.schema === 'string' && o.subject === undefined && o.version === undefined && o.id === undefined;
}

function isSchemaItem(item: unknown): boolean {
  const o = item as Record<string, unknown> | null;
  return !!o && typeof o.subject === 'string' && typeof o.version === 'number' && typeof o.id === 'number' && typeof o.schema === 'string';
}

/**
 * A lookup or version answer for `subject` in `context`, or null when it belongs to another context:
 * Confluent answers a default-context subject lacking the schema/version from any other context holding
 * the same bare name, with a qualified `subject` (`:.x:s`). Unqualified answers (AxonOps) are kept.
 */
function answerInContext(found: RegistrySchema, context: string, subject: string): RegistrySchema | null {
  const answered = found.subject;
  if (typeof answered !== 'string' || answered === subject || answered === qualifySubject(context, subject)) return { ...found, subject };
  return parseQualifiedSubject(answered, context).context === context ? { ...found, subject } : null;
}

function bareNames(names: readonly string[], context: string): string[] {
  return names.flatMap((name) => {
    const parsed = parseQualifiedSubject(name, context);
    return parsed.context === context ? [parsed.subject] : [];
  });
}
