import { performance } from 'node:perf_hooks';
import type { RegistryEntry } from '../config/types.js';
import { maskUrl } from '../config/redact.js';
import { RegistryError, messageOf } from '../errors.js';
import { mapLimit } from '../registry/limiter.js';
import type { TransportRequest } from '../registry/http-transport.js';

/** Why a registry failed its test. */
export type RegistryFailureReason = 'unknown-host' | 'refused' | 'tls' | 'unauthorized' | 'forbidden' | 'timeout' | 'http-error' | 'network' | 'error';

/** The outcome for one registry; `skipped` is an export (nothing to connect to). */
export interface RegistryTestItem {
  readonly name: string;
  readonly url: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly latencyMs: number | null;
  readonly reason: RegistryFailureReason | null;
  /** The HTTP status when the registry answered with an error. */
  readonly httpStatus: number | null;
  readonly message: string | null;
}

/** `srx registry test`. */
export interface RegistryTestResult {
  readonly kind: 'registry-test';
  readonly ok: boolean;
  readonly summary: { readonly ok: number; readonly failed: number; readonly skipped: number };
  readonly registries: readonly RegistryTestItem[];
}

/** What a test needs from a client: one raw request (any 2xx answer means connected and authenticated). */
export interface RawRequester {
  raw<T>(req: TransportRequest): Promise<T>;
}

/**
 * Connects to and authenticates with every registry (an authenticated `GET /subjects`), in parallel.
 * Never throws for a registry failure: it is an item with a reason.
 */
export async function testRegistries(entries: readonly RegistryEntry[], clientFor: (entry: RegistryEntry) => RawRequester): Promise<RegistryTestResult> {
  const registries = await mapLimit(entries, 8, async (entry) => {
    if (entry.url.startsWith('file:')) return item(entry, 'skipped', null, null, null, 'an srx export, not a live registry');
    const client = clientFor(entry);
    const started = performance.now();
    try {
      // Raw on purpose: the shape of the answer does not matter here (an empty AxonOps answers `null`).
      await client.raw({ method: 'GET', path: '/subjects' });
      return item(entry, 'ok', Math.round(performance.now() - started), null, null, null);
    } catch (error) {
      const failure = classifyFailure(error);
      return item(entry, 'failed', Math.round(performance.now() - started), failure.reason, failure.status, failure.message);
    }
  });
  const count = (status: RegistryTestItem['status']) => registries.filter((r) => r.status === status).length;
  const summary = { ok: count('ok'), failed: count('failed'), skipped: count('skipped') };
  return { kind: 'registry-test', ok: summary.failed === 0, summary, registries };
}

function item(
  entry: RegistryEntry,
  status: RegistryTestItem['status'],
  latencyMs: number | null,
  reason: RegistryFailureReason | null,
  httpStatus: number | null,
  message: string | null,
): RegistryTestItem {
  return { name: entry.name, url: maskUrl(entry.url), status, latencyMs, reason, httpStatus, message };
}

/** Maps an error from the client to a reason a user can act on. */
export function classifyFailure(error: unknown): { reason: RegistryFailureReason; status: number | null; message: string } {
  if (!(error instanceof RegistryError)) return { reason: 'error', status: null, message: messageOf(error) };
  const status = error.status ?? null;
  const arrow = error.message.indexOf(' → ');
  const message = arrow >= 0 ? error.message.slice(arrow + 3) : error.message;
  const reason = reasonFor(error, status);
  return { reason, status, message };
}

function reasonFor(error: RegistryError, status: number | null): RegistryFailureReason {
  switch (error.code) {
    case 'E_REGISTRY_TLS':
      return 'tls';
    case 'E_REGISTRY_AUTH':
      return 'unauthorized';
    case 'E_REGISTRY_FORBIDDEN':
      return 'forbidden';
    case 'E_REGISTRY_TIMEOUT':
      return 'timeout';
    case 'E_REGISTRY_UNREACHABLE':
      return /unknown host/.test(error.message) ? 'unknown-host' : 'refused';
    case 'E_REGISTRY_NETWORK':
      return 'network';
    default:
      return status !== null ? 'http-error' : 'error';
  }
}
