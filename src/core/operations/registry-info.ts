import { performance } from 'node:perf_hooks';
import { maskUrl } from '../config/redact.js';
import type { RegistryEntry } from '../config/types.js';
import { RegistryError, messageOf } from '../errors.js';
import { capabilityProfile, type CapabilityProfile } from '../registry/capabilities.js';
import { mapLimit } from '../registry/limiter.js';
import { DEFAULT_CONTEXT } from '../registry/paths.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { countContext, type ContextCounts } from './count-context.js';

/** Whether a registry can do something, and how srx could tell (or why it could not). */
export interface Capability {
  readonly status: 'yes' | 'no' | 'unknown';
  readonly detail: string;
}

/** `srx registry info`: what a registry says about itself and what it holds; read-only. */
export interface RegistryInfoResult {
  readonly kind: 'registry-info';
  readonly name: string;
  readonly url: string;
  /** Time of the first request (`GET /config`), connection set-up included. */
  readonly latencyMs: number;
  readonly server: { readonly vendor: string | null; readonly version: string | null; readonly commit: string | null };
  readonly compatibility: string | null;
  readonly mode: string | null;
  readonly counts: {
    readonly contexts: number;
    readonly subjects: number;
    readonly versions: number;
    /** Soft-deleted versions; null when the registry cannot list them. */
    readonly deletedVersions: number | null;
    /** How versions were counted: bulk `GET /schemas`, or subject by subject. */
    readonly listing: 'bulk' | 'per-subject';
  };
  readonly contexts: readonly ContextCounts[];
  readonly capabilities: {
    readonly contexts: Capability;
    readonly importMode: Capability;
    readonly bulkSchemas: Capability;
    readonly deletedListing: Capability;
    /** Whether `GET /schemas`'s `deleted` flag can be trusted (inverted on Karapace: then read per subject). */
    readonly bulkDeletedFlag: Capability;
    /** Whether subject-level modes are real (no: every subject answers the global mode). */
    readonly subjectModes: Capability;
    /** Whether subject-level compatibility answers are real (no: unset subjects answer the global level). */
    readonly subjectConfig: Capability;
    /** Whether IMPORT keeps the ids sent (no on Apicurio). */
    readonly importKeepsIds: Capability;
  };
  /** The capability profile srx uses on this registry (src/core/registry/capabilities.ts). */
  readonly profile: CapabilityProfile;
}

type Probe<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Probes and counts with GET requests only: it never writes (not even a mode) to the registry. */
export async function readRegistryInfo(client: RegistryClient, entry: RegistryEntry): Promise<RegistryInfoResult> {
  const started = performance.now();
  const compatibility = await client.getCompatibility(DEFAULT_CONTEXT, null); // unreachable or unauthorized: throws
  const latencyMs = Math.round(performance.now() - started);
  const [server, mode, contextList, bulk, deleted, profile] = await Promise.all([
    probe(() => client.serverInfo()),
    probe(() => client.getMode(DEFAULT_CONTEXT, null)),
    probe(() => client.listContexts()),
    probe(() => client.listSchemas(DEFAULT_CONTEXT, { limit: 1 })),
    probe(() => client.listSubjects(DEFAULT_CONTEXT, { deleted: true })),
    capabilityProfile(client),
  ]);
  const capabilities = {
    contexts: contextsCapability(contextList),
    bulkSchemas: endpointCapability(bulk, 'GET /schemas'),
    deletedListing: endpointCapability(deleted, 'GET /subjects?deleted=true'),
  };
  const names = contextList.ok && contextList.value ? sortContexts(contextList.value) : [DEFAULT_CONTEXT];
  const useBulk = capabilities.bulkSchemas.status === 'yes';
  const withDeleted = capabilities.deletedListing.status === 'yes';
  const contexts = await mapLimit(names, 4, (context) => countContext(client, context, { bulk: useBulk, deleted: withDeleted }));
  const sum = (pick: (c: ContextCounts) => number) => contexts.reduce((total, c) => total + pick(c), 0);
  const info = server.ok ? server.value : {};
  return {
    kind: 'registry-info',
    name: entry.name,
    url: maskUrl(entry.url),
    latencyMs,
    server: { vendor: info.vendor ?? profile.vendor, version: info.version ?? null, commit: info.commit ?? null },
    compatibility,
    mode: mode.ok ? mode.value : null,
    counts: {
      contexts: names.length,
      subjects: sum((c) => c.subjects),
      versions: sum((c) => c.versions),
      deletedVersions: withDeleted ? sum((c) => c.deletedVersions ?? 0) : null,
      listing: useBulk ? 'bulk' : 'per-subject',
    },
    contexts,
    capabilities: {
      contexts: capabilities.contexts,
      importMode:
        profile.modeWrites === 'no'
          ? { status: 'no', detail: 'modes are read-only on this server (Karapace): PUT /mode is refused' }
          : importCapability(mode, contexts),
      bulkSchemas:
        profile.bulkListing === 'text-only'
          ? { status: 'no', detail: 'GET /schemas lists schema texts only (no subject, version or id)' }
          : capabilities.bulkSchemas,
      deletedListing: capabilities.deletedListing,
      ...profileCapabilities(profile),
    },
    profile,
  };
}

function profileCapabilities(
  profile: CapabilityProfile,
): Pick<RegistryInfoResult['capabilities'], 'bulkDeletedFlag' | 'subjectModes' | 'subjectConfig' | 'importKeepsIds'> {
  const flag = profile.bulkDeletedFlag;
  return {
    bulkDeletedFlag:
      flag === 'trustworthy'
        ? { status: 'yes', detail: `trusted on ${profile.vendor ?? 'this server'}` }
        : flag === 'inverted'
          ? { status: 'no', detail: 'inverted: the plain listing holds soft-deleted versions; srx reads deletion per subject' }
          : flag === 'n/a'
            ? { status: 'unknown', detail: 'no full bulk listing: deletion is read per subject' }
            : { status: 'unknown', detail: 'checked on every read against GET /schemas?deleted=true (per subject when they disagree)' },
    subjectModes: echoCapability(profile.subjectModes, 'GET /mode/{subject} answers the global mode; subject modes equal to it are read as not set'),
    subjectConfig: echoCapability(
      profile.subjectConfig,
      'GET /config/{subject} answers the global level where none is set; subject levels equal to it are read as not set',
    ),
    importKeepsIds:
      profile.importKeepsIds === 'no'
        ? { status: 'no', detail: 'IMPORT is accepted but the ids sent are ignored (Apicurio): use --no-preserve-ids' }
        : { status: 'unknown', detail: 'unknown without writing: only a registration in IMPORT mode tells' },
  };
}

function echoCapability(fact: CapabilityProfile['subjectModes'], echo: string): Capability {
  if (fact === 'echoes-global') return { status: 'no', detail: echo };
  if (fact === 'real') return { status: 'yes', detail: 'a subject with nothing set answers "not set" (40401/40408/40409)' };
  return { status: 'unknown', detail: 'the probe got no clear answer' };
}

async function probe<T>(call: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'E_INTERRUPTED') throw error;
    return { ok: false, error };
  }
}

function sortContexts(names: readonly string[]): string[] {
  const unique = [...new Set([DEFAULT_CONTEXT, ...names])];
  return unique.sort((a, b) => (a === DEFAULT_CONTEXT ? -1 : b === DEFAULT_CONTEXT ? 1 : a.localeCompare(b)));
}

function contextsCapability(result: Probe<string[] | null>): Capability {
  if (result.ok) {
    return result.value ? { status: 'yes', detail: `GET /contexts lists ${result.value.length}` } : { status: 'no', detail: 'no /contexts endpoint' };
  }
  return { status: 'unknown', detail: `GET /contexts failed: ${shortMessage(result.error)}` };
}

function endpointCapability(result: Probe<unknown[] | null>, what: string): Capability {
  if (result.ok) return result.value ? { status: 'yes', detail: `${what} answers` } : { status: 'no', detail: `${what} is not served` };
  const status = result.error instanceof RegistryError ? result.error.status : undefined;
  if (status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429) {
    return { status: 'no', detail: `${what} → ${status}` };
  }
  return { status: 'unknown', detail: `${what} failed: ${shortMessage(result.error)}` };
}

// IMPORT can only be proven by entering it, which `info` never does: it says yes only when a scope is already
// in IMPORT mode, no when the server has no mode API, and unknown otherwise.
function importCapability(mode: Probe<string | null>, contexts: readonly ContextCounts[]): Capability {
  const importing = contexts.filter((c) => c.mode === 'IMPORT').map((c) => c.context);
  if (importing.length > 0) return { status: 'yes', detail: `in IMPORT mode now: ${importing.join(', ')}` };
  if (mode.ok) {
    return { status: 'unknown', detail: `GET /mode answers ${mode.value ?? 'nothing'}; entering IMPORT is only known by trying it, which info never does` };
  }
  const status = mode.error instanceof RegistryError ? mode.error.status : undefined;
  if (status === 404 || status === 405) return { status: 'no', detail: 'no /mode endpoint' };
  return { status: 'unknown', detail: `GET /mode failed: ${shortMessage(mode.error)}` };
}

function shortMessage(error: unknown): string {
  const text = messageOf(error);
  const arrow = text.indexOf(' → ');
  return arrow >= 0 ? text.slice(arrow + 3) : text;
}
