import { readFileSync } from 'node:fs';
import type { Pool, buildConnector } from 'undici';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ConfigError, type ErrorCode, RegistryError, errnoOf, fileFailure, messageOf } from '../errors.js';
import type { RegistryEntry } from '../config/types.js';
import { redactorFor, type Redactor } from '../config/redact.js';
import { AdaptiveConcurrency, type ConcurrencyReport } from './adaptive-concurrency.js';
import { Limiter } from './limiter.js';
import { loadConnector, loadPool } from './undici-modules.js';
import type { ClientStats } from './types.js';

/** How the transport retries transient failures (429, 5xx, resets, timeouts). */
export interface RetryPolicy {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Options for one registry's transport; defaults suit a remote registry. */
export interface TransportOptions {
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Called before each retry (for --verbose logs); `retryAfter` when the server asked for the wait. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string; retryAfter?: boolean }) => void;
  /** Largest answer accepted, compressed or not (default 256 MiB): a bigger one is an error, never read whole. */
  readonly maxAnswerBytes?: number;
  /** Called after each attempt (for --verbose request logs); `status` is absent when no answer came. */
  readonly onResponse?: (info: { method: string; path: string; status?: number; ms: number }) => void;
  readonly signal?: AbortSignal;
}

/** A request to the registry. `query` values that are undefined are left out. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /**
   * An expected "not there" answer (e.g. 404 with error_code 40408, no subject config): the request returns
   * null instead of building and throwing an error. Only non-2xx answers are asked.
   */
  readonly absent?: (status: number, errorCode: number | undefined) => boolean;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 16;
/** Reads may grow past DEFAULT_CONCURRENCY up to this while latency holds, when the user set no concurrency. */
export const DEFAULT_READ_CAP = 64;
const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseDelayMs: 200, maxDelayMs: 10_000 };
/** Largest answer srx reads (after decompression): a hostile server's gzip bomb stops here. */
export const DEFAULT_MAX_ANSWER_BYTES = 256 * 1024 * 1024;
/** Longest wait a Retry-After may impose before a retry. */
export const MAX_RETRY_AFTER_MS = 60_000;
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO|ERR_TLS|HOSTNAME/i;

/**
 * HTTP to one registry: a keep-alive connection pool (undici), auth, TLS, a timeout, bounded concurrency and
 * retries with exponential backoff and jitter that honour Retry-After. Throws RegistryError only.
 */
export class HttpTransport {
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  /** Prepared once per registry: where requests go and the headers every request carries. */
  private readonly target: Target;
  /** Reads (GET): adaptive, from the configured concurrency up to the cap. */
  private readonly limiter: Limiter;
  /** Writes and POST lookups keep the configured concurrency, whatever reads settled on. */
  private readonly writes: Limiter;
  /** Reads adapt the requests in flight to how the server copes, up to the configured concurrency. */
  private readonly adaptive: AdaptiveConcurrency;
  private readonly retry: RetryPolicy;
  /** Masks this registry's secrets in everything a server says, before any cut (gateways echo credentials). */
  private readonly redactor: Redactor;
  private readonly timeoutMs: number;
  private readonly maxAnswerBytes: number;
  /** The caller's abort signal, listened to once for every request in flight. */
  private readonly aborts: AbortFanout;

  constructor(
    readonly entry: RegistryEntry,
    private readonly options: TransportOptions = {},
  ) {
    // A concurrency the user set is both the start and the cap; unset, reads start at 16 and may grow to 64.
    const chosen = options.concurrency ?? entry.concurrency;
    const concurrency = chosen ?? DEFAULT_CONCURRENCY;
    const cap = chosen ?? DEFAULT_READ_CAP;
    this.limiter = new Limiter(concurrency);
    this.writes = new Limiter(concurrency);
    this.adaptive = new AdaptiveConcurrency(this.limiter, cap);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.redactor = redactorFor(entry);
    this.timeoutMs = options.timeoutMs ?? entry.timeout ?? DEFAULT_TIMEOUT_MS;
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    this.target = prepareTarget(entry, cap + concurrency);
    this.aborts = new AbortFanout(options.signal);
  }

  /** Sends a request and returns the parsed JSON body of a 2xx answer. */
  async request<T>(req: TransportRequest): Promise<T> {
    return (req.method === 'GET' ? this.limiter : this.writes).run(() => this.withRetries<T>(req));
  }

  /** Where the adaptive concurrency of reads stands (for --verbose). */
  concurrency(): ConcurrencyReport {
    return this.adaptive.report();
  }

  /** Releases keep-alive sockets so the process can exit. */
  close(): void {
    this.target.pool?.close();
  }

  private async withRetries<T>(req: TransportRequest): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.options.signal?.aborted) throw this.fail(req, 'E_INTERRUPTED', 'request cancelled');
      const outcome = await this.once(req);
      if (outcome.ok) return outcome.value as T;
      if (!outcome.retryable || attempt >= this.retry.retries) throw outcome.error;
      const delayMs = backoff(attempt, this.retry, outcome.retryAfterMs);
      this.stats.retries += 1;
      this.options.onRetry?.({ attempt: attempt + 1, delayMs, reason: outcome.error.message, retryAfter: outcome.retryAfterMs !== undefined });
      await sleep(delayMs, this.options.signal);
    }
  }

  private async once(req: TransportRequest): Promise<Outcome> {
    this.stats.requests += 1;
    const started = Date.now();
    let response: RawAnswer;
    let text: string;
    try {
      response = await send(this.target, req, this.aborts, this.timeoutMs, this.maxAnswerBytes);
      const encoding = response.headers['content-encoding'];
      text = encoding === undefined ? response.data.toString('utf8') : await this.decode(response);
    } catch (error) {
      const ms = Date.now() - started;
      this.options.onResponse?.({ method: req.method, path: req.path, ms });
      const failure =
        error instanceof DeadlineError
          ? { ok: false as const, retryable: true, error: this.fail(req, 'E_REGISTRY_TIMEOUT', `no answer within ${this.timeoutMs} ms (the whole answer)`) }
          : this.networkFailure(req, error);
      if (req.method === 'GET') this.adaptive.observe(undefined, ms, failure.ok === false && failure.retryable);
      return failure;
    }
    const ms = Date.now() - started;
    this.options.onResponse?.({ method: req.method, path: req.path, status: response.status, ms });
    if (req.method === 'GET') this.adaptive.observe(response.status, ms, false);
    return this.interpret(req, response, text);
  }

  /** The answer's text: decompressed here, never past maxAnswerBytes (a gzip bomb is an error, not a crash). */
  private async decode(response: RawAnswer): Promise<string> {
    const raw = response.data;
    const encoding = String(response.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding === '' || encoding === 'identity') return raw.toString('utf8');
    const inflate = INFLATERS[encoding];
    if (!inflate) throw new AnswerError(`an answer in an unknown content encoding (${encoding.slice(0, 40)})`);
    try {
      return (await inflate(raw, { maxOutputLength: this.maxAnswerBytes })).toString('utf8');
    } catch (error) {
      if (errnoOf(error) === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new AnswerError(`answer too large: over ${Math.round(this.maxAnswerBytes / 1024 / 1024)} MiB once decompressed (${raw.length} bytes sent)`);
      }
      throw new AnswerError(`an answer that does not decompress (${encoding})`);
    }
  }

  private interpret(req: TransportRequest, response: RawAnswer, text: string): Outcome {
    const { status } = response;
    const body = this.redactor.redact(text);
    if (status >= 200 && status < 300) {
      if (body.trim() === '') return { ok: true, value: null };
      try {
        return { ok: true, value: JSON.parse(body) };
      } catch {
        const type = String(response.headers['content-type'] ?? 'unknown type');
        return {
          ok: false,
          retryable: false,
          error: this.fail(req, 'E_REGISTRY_RESPONSE', `answered ${status} with a body that is not JSON (${type})`, status),
        };
      }
    }
    // Asked only of final answers: a 429/5xx is retried as before, whatever its error_code says.
    if (req.absent && status !== 429 && status < 500 && req.absent(status, errorCodeOf(body))) return { ok: true, value: null };
    const parsed = parseErrorBody(body);
    if (status >= 300 && status < 400) {
      const location = String(response.headers.location ?? '');
      return {
        ok: false,
        retryable: false,
        error: this.fail(
          req,
          'E_REGISTRY_REDIRECT',
          `answered ${status} redirect${location ? ` to ${safeLocation(this.redactor.redact(location))}` : ''}; srx does not follow redirects`,
          status,
        ),
      };
    }
    if (status === 401)
      return {
        ok: false,
        retryable: false,
        error: this.fail(req, 'E_REGISTRY_AUTH', '401 unauthorized: check user/password or token', status, parsed.errorCode),
      };
    if (status === 403)
      return {
        ok: false,
        retryable: false,
        error: this.fail(req, 'E_REGISTRY_FORBIDDEN', '403 forbidden: the credentials lack permission', status, parsed.errorCode),
      };
    const retryable = status === 429 || status >= 500;
    const detail = parsed.message ? `: ${parsed.message}` : parsed.isHtml ? ' (an HTML page, not a registry answer)' : '';
    const code = parsed.errorCode !== undefined ? ` (error_code ${parsed.errorCode})` : '';
    const error = this.fail(req, 'E_REGISTRY_HTTP', `${status}${code}${detail}`, status, parsed.errorCode);
    return { ok: false, retryable, error, retryAfterMs: parseRetryAfter(response.headers['retry-after']) };
  }

  private networkFailure(req: TransportRequest, error: unknown): Outcome {
    if (error instanceof AnswerError) return { ok: false, retryable: false, error: this.fail(req, 'E_REGISTRY_RESPONSE', error.message) };
    const err = error as { code?: string; message?: string; cause?: { code?: string } };
    const code = err.code ?? err.cause?.code ?? '';
    const message = err.message ?? String(error);
    if (code === 'ERR_CANCELED') {
      return { ok: false, retryable: false, error: this.fail(req, 'E_INTERRUPTED', 'request cancelled') };
    }
    if (code === 'ENOTFOUND')
      return {
        ok: false,
        retryable: false,
        error: this.fail(req, 'E_REGISTRY_UNREACHABLE', `unknown host ${hostOf(this.entry.url)}`, undefined, undefined, error),
      };
    if (TLS_CODE.test(code) || /certificate|ssl|tls|bad decrypt/i.test(message)) {
      return {
        ok: false,
        retryable: false,
        error: this.fail(req, 'E_REGISTRY_TLS', `TLS failure: ${describeTls(code, message)}`, undefined, undefined, error),
      };
    }
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
      return { ok: false, retryable: true, error: this.fail(req, 'E_REGISTRY_TIMEOUT', `no answer within ${this.timeoutMs} ms`, undefined, undefined, error) };
    }
    if (code === 'ECONNREFUSED') {
      return {
        ok: false,
        retryable: true,
        error: this.fail(req, 'E_REGISTRY_UNREACHABLE', `connection refused (${hostOf(this.entry.url)})`, undefined, undefined, error),
      };
    }
    const retryable = RETRYABLE_CODES.has(code) || /socket hang up|reset/i.test(message);
    return { ok: false, retryable, error: this.fail(req, 'E_REGISTRY_NETWORK', `${code || 'network error'}: ${message}`, undefined, undefined, error) };
  }

  private fail(req: TransportRequest, code: ErrorCode, what: string, status?: number, errorCode?: number, cause?: unknown): RegistryError {
    const message = this.redactor.redact(`${this.entry.name}: ${req.method} ${req.path} → ${what}`);
    return new RegistryError(
      code,
      message,
      { registry: this.entry.name, method: req.method, path: req.path, status, errorCode },
      undefined,
      cause ? { cause } : undefined,
    );
  }
}

/**
 * One listener on the caller's abort signal for all of a transport's requests in flight: adding and removing
 * an EventTarget listener per request showed in the profile of a compare (40,000 requests).
 */
class AbortFanout {
  private readonly waiting = new Set<() => void>();
  private readonly onAbort = () => {
    for (const cancel of [...this.waiting]) cancel();
  };

  constructor(private readonly signal: AbortSignal | undefined) {}

  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** `cancel` runs when the signal aborts, unless removed first. The listener is on the signal only while requests are in flight. */
  add(cancel: () => void): void {
    if (!this.signal) return;
    if (this.waiting.size === 0) this.signal.addEventListener('abort', this.onAbort, { once: true });
    this.waiting.add(cancel);
  }

  remove(cancel: () => void): void {
    if (!this.waiting.delete(cancel) || this.waiting.size > 0) return;
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** An answer srx refuses to read (too large, not decodable). */
class AnswerError extends Error {}

/** The whole answer did not arrive within the timeout (a server trickling bytes keeps the socket busy). */
class DeadlineError extends Error {}

/** A request that ended before an answer: a network error code (node's own) and its message. */
class SendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An answer as received: status, headers and the raw (maybe compressed) body. */
interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly data: Buffer;
}

/** One registry's request target, prepared once: no per-request config merging. */
interface Target {
  /** Absent when the configured URL does not parse: every request fails as axios did (ERR_INVALID_URL, not retried). */
  readonly pool?: LazyPool;
  /**
   * TLS alerts a server sent before closing (a required client certificate, say), by the socket's local port:
   * undici reports such a close as "other side closed", node's TLS socket names the alert first.
   */
  readonly tlsAlerts: Map<number, Error>;
  readonly basePath: string;
  readonly headers: Readonly<Record<string, string>>;
}

function prepareTarget(entry: RegistryEntry, connections: number): Target {
  let url: URL;
  try {
    url = new URL(entry.url);
  } catch {
    return { tlsAlerts: new Map(), basePath: '', headers: {} };
  }
  const tls = entry.tls ?? {};
  const tlsAlerts = new Map<number, Error>();
  // TLS files are read now, so an unreadable one is a configuration error before any request.
  const tlsOptions =
    url.protocol === 'https:'
      ? {
          ca: tls.ca ? readTlsFile(entry, 'ca', tls.ca) : undefined,
          cert: tls.cert ? readTlsFile(entry, 'cert', tls.cert) : undefined,
          key: tls.key ? readTlsFile(entry, 'key', tls.key) : undefined,
          passphrase: tls.passphrase,
          rejectUnauthorized: !tls.insecure,
        }
      : undefined;
  return {
    pool: new LazyPool(url.origin, connections, tlsOptions, tlsAlerts),
    tlsAlerts,
    basePath: url.pathname.replace(/\/+$/, ''),
    headers: { Accept: `${CONTENT_TYPE}, application/json`, 'Accept-Encoding': 'gzip, deflate, br', 'Content-Type': CONTENT_TYPE, ...authHeaders(entry) },
  };
}

/**
 * Sends one attempt through undici's lowest-level API (a handler of callbacks: no stream per answer): no
 * redirects followed, no proxy, no decompression; the idle timeout (for the answer's head and between body
 * chunks), a deadline for the whole answer, the caller's abort signal and a cap on the bytes read (a bigger
 * answer is an AnswerError, never read whole).
 */
function send(target: Target, req: TransportRequest, aborts: AbortFanout, timeoutMs: number, maxBytes: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    if (!target.pool) {
      reject(new SendError('ERR_INVALID_URL', 'Invalid URL'));
      return;
    }
    const pool = target.pool.open();
    if (pool instanceof Promise) {
      pool.then((opened) => dispatch(opened, target, req, aborts, timeoutMs, maxBytes, resolve, reject), reject);
      return;
    }
    dispatch(pool, target, req, aborts, timeoutMs, maxBytes, resolve, reject);
  });
}

/** Sends the request on an open pool; `resolve`/`reject` settle the attempt once. */
function dispatch(
  pool: Pool,
  target: Target,
  req: TransportRequest,
  aborts: AbortFanout,
  timeoutMs: number,
  maxBytes: number,
  resolve: (answer: RawAnswer) => void,
  reject: (error: Error) => void,
): void {
  // Checked here, not before opening the pool: the caller may have aborted while undici was loading.
  if (aborts.aborted) {
    reject(new SendError('ERR_CANCELED', 'canceled'));
    return;
  }
  let settled = false;
  let abort: ((reason?: Error) => void) | undefined;
  const stop = (error: Error) => {
    finish(error);
    abort?.(error);
  };
  const finish = (error: Error | null, answer?: RawAnswer) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    aborts.remove(onAbort);
    if (error) reject(error);
    else resolve(answer!);
  };
  const onAbort = () => stop(new SendError('ERR_CANCELED', 'canceled'));
  aborts.add(onAbort);
  // The idle timeouts below restart with each chunk; this bounds the whole answer.
  const deadline = setTimeout(() => stop(new DeadlineError()), timeoutMs);
  let status = 0;
  let headers: Record<string, string | string[] | undefined> = {};
  const chunks: Buffer[] = [];
  let bytes = 0;
  pool.dispatch(
    {
      method: req.method,
      path: `${target.basePath}${req.path}${queryString(req.query)}`,
      headers: target.headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    },
    {
      onConnect: (abortRequest: (reason?: Error) => void) => {
        abort = abortRequest;
        if (settled) abortRequest(new SendError('ERR_CANCELED', 'canceled'));
      },
      onHeaders: (statusCode: number, rawHeaders: Buffer[] | string[] | null) => {
        status = statusCode;
        headers = headersOf(rawHeaders);
        return true;
      },
      onData: (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          stop(new AnswerError(`answer too large: over ${Math.round(maxBytes / 1024 / 1024)} MiB`));
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete: () => finish(null, { status, headers, data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }),
      onError: (error: Error) => finish(sendFailure(error, timeoutMs, target.tlsAlerts)),
    },
  );
}

/**
 * undici's pool for one registry, opened on the first request: undici is loaded then, so start-up (`srx --help`,
 * `registry list`) never loads it. `open()` returns the pool itself once it exists, a promise only the first time.
 */
class LazyPool {
  private pool?: Pool;
  private opening?: Promise<Pool>;
  private closed = false;

  constructor(
    private readonly origin: string,
    private readonly connections: number,
    private readonly tls: Record<string, unknown> | undefined,
    private readonly tlsAlerts: Map<number, Error>,
  ) {}

  open(): Pool | Promise<Pool> {
    if (this.pool) return this.pool;
    this.opening ??= Promise.resolve().then(() => {
      const PoolClass = loadPool() as typeof Pool;
      const connect = this.tls ? watchTlsAlerts((loadConnector() as typeof buildConnector)(this.tls), this.tlsAlerts) : undefined;
      this.pool = new PoolClass(this.origin, { connections: this.connections, connect });
      if (this.closed) void this.pool.destroy().catch(() => {});
      return this.pool;
    });
    return this.opening;
  }

  close(): void {
    this.closed = true;
    void this.pool?.destroy().catch(() => {});
  }
}

/** The connector, remembering the TLS error each socket reports (by local port) for `sendFailure`. */
function watchTlsAlerts(connector: buildConnector.connector, alerts: Map<number, Error>): buildConnector.connector {
  return (options, callback) =>
    connector(options, (error, socket) => {
      socket?.on('error', (failure: Error) => {
        if (TLS_CODE.test(errnoOf(failure) ?? '') && socket.localPort !== undefined) alerts.set(socket.localPort, failure);
      });
      if (error) callback(error, null);
      else callback(null, socket);
    });
}

/** An answer's raw header list ([name, value, …]) as an object with lower-case names (repeated names as arrays). */
function headersOf(raw: Buffer[] | string[] | null): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString().toLowerCase();
    const value = raw[i + 1]!.toString();
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** undici's failures in the words srx classifies (node's own network codes, as node:http reported them). */
function sendFailure(error: unknown, timeoutMs: number, tlsAlerts: Map<number, Error>): Error {
  if (error instanceof SendError || error instanceof AnswerError || error instanceof DeadlineError) return error;
  const port = (error as { socket?: { localPort?: number } } | null)?.socket?.localPort;
  const alert = port === undefined ? undefined : tlsAlerts.get(port);
  if (alert) {
    tlsAlerts.delete(port!);
    return alert;
  }
  const code = errnoOf(error) ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new SendError('ECONNABORTED', `timeout of ${timeoutMs}ms exceeded`);
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_ABORTED' || code === 'ECONNRESET') return new SendError('ECONNRESET', 'socket hang up');
  if (code.startsWith('UND_ERR_')) return new SendError(code, messageOf(error));
  // Not `instanceof Error`: a socket's error may come from another realm (tests run srx in a VM context).
  return typeof error === 'object' && error !== null ? (error as Error) : new Error(String(error));
}

const INFLATERS: Record<string, (buffer: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

type Outcome = { ok: true; value: unknown } | { ok: false; retryable: boolean; error: RegistryError; retryAfterMs?: number };

/** A tls.ca/cert/key file's content; an unreadable file is a ConfigError naming the registry, the key and the path. */
function readTlsFile(entry: RegistryEntry, key: 'ca' | 'cert' | 'key', path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError('E_CONFIG_FILE', `${entry.name}: cannot read tls.${key} ${path}: ${fileFailure(error)}`, undefined, { cause: error });
  }
}

function authHeaders(entry: RegistryEntry): Record<string, string> {
  const headers: Record<string, string> = { ...(entry.headers ?? {}) };
  if (entry.token) headers.Authorization = `Bearer ${entry.token}`;
  else if (entry.user !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${entry.user}:${entry.password ?? ''}`).toString('base64')}`;
  }
  return headers;
}

/** `?k=v&…` for the defined values (encoded as axios did: `:`, `$`, `,`, `[`, `]` kept, space as `+`). */
function queryString(query: TransportRequest['query']): string {
  if (!query) return '';
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    out += `${out ? '&' : '?'}${encodeQuery(key)}=${encodeQuery(String(value))}`;
  }
  return out;
}

function encodeQuery(text: string): string {
  return encodeURIComponent(text)
    .replace(/%3A/gi, ':')
    .replace(/%24/g, '$')
    .replace(/%2C/gi, ',')
    .replace(/%20/g, '+')
    .replace(/%5B/gi, '[')
    .replace(/%5D/gi, ']');
}

/** The registry's `error_code` in an error body, if it sent one (the expected "not set" answers need no more). */
function errorCodeOf(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown } | null;
    return typeof parsed?.error_code === 'number' ? parsed.error_code : undefined;
  } catch {
    return undefined;
  }
}

function parseErrorBody(body: string): { errorCode?: number; message?: string; isHtml: boolean } {
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    const errorCode = typeof parsed.error_code === 'number' ? parsed.error_code : undefined;
    const message = typeof parsed.message === 'string' ? oneLine(parsed.message) : undefined;
    return { errorCode, message, isHtml: false };
  } catch {
    const isHtml = /^\s*</.test(body);
    return { message: isHtml || body.trim() === '' ? undefined : oneLine(body), isHtml };
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoff(attempt: number, policy: RetryPolicy, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** A TLS failure in words a user can act on, with the library's code kept for searching. */
function describeTls(code: string, message: string): string {
  const text = `${code} ${message}`;
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED/i.test(text))
    return `server certificate not trusted (${code}); set tls.ca to the CA that signed it`;
  if (/ALTNAME|HOSTNAME/i.test(text)) return `server certificate does not match the host (${code})`;
  if (/EXPIRED|NOT_YET_VALID/i.test(text)) return `certificate expired or not yet valid (${code})`;
  if (/CERTIFICATE_REQUIRED|certificate required/i.test(text)) return `the server requires a client certificate (${code}); set tls.cert and tls.key`;
  if (/BAD_DECRYPT|bad decrypt/i.test(text)) return `cannot decrypt tls.key (${code}); check tls.passphrase`;
  if (/BAD_CERTIFICATE|UNKNOWN_CA|bad certificate|unknown ca/i.test(text)) return `the server rejected the client certificate (${code})`;
  return code || message;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function safeLocation(location: string): string {
  return location.replace(/\/\/[^@/]*@/, '//***@').slice(0, 200);
}
