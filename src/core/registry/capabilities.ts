import { RegistryError } from '../errors.js';
import { listsNamedContexts, supportsNamedContexts } from './context-support.js';
import { normalizeContext } from './paths.js';
import type { RegistryClient } from './registry-client.js';

/** A subject name no one uses: its mode/config answer tells a real subject level from an echo of the global one. */
const PROBE_SUBJECT = 'srx-capability-probe-no-such-subject';

/** What one registry can do, found with read-only requests (never a write, not even a mode). */
export interface CapabilityProfile {
  /** As the server tells (`GET /`, `/v1/metadata/*`), or recognised from its answers (Karapace, Apicurio). */
  readonly vendor: string | null;
  readonly version: string | null;
  /** `named`: contexts other than `.` can exist; `default-only`: Karapace, Apicurio. */
  readonly contexts: 'named' | 'default-only' | 'unknown';
  /** Whether `PUT /mode` works (so IMPORT can be entered). Only a write proves yes, so mostly `unknown`. */
  readonly modeWrites: 'yes' | 'no' | 'unknown';
  /** Whether IMPORT keeps the ids sent: `no` on Apicurio (accepted, ids ignored). */
  readonly importKeepsIds: 'yes' | 'no' | 'unknown';
  /** `GET /schemas`: items with subject/version/id, schema texts only (Apicurio), or not served. */
  readonly bulkListing: 'full' | 'text-only' | 'absent' | 'unknown';
  /** Whether the bulk listing's `deleted` flag means what it says: `inverted` on Karapace; `n/a` without a full listing. */
  readonly bulkDeletedFlag: 'trustworthy' | 'inverted' | 'unknown' | 'n/a';
  /** Subject-level mode answers: `echoes-global` when a subject's mode is the global one whatever is set (Karapace, Apicurio). */
  readonly subjectModes: 'real' | 'echoes-global' | 'unknown';
  /** Subject-level compatibility answers: `echoes-global` when unset subjects answer the global level (Apicurio). */
  readonly subjectConfig: 'real' | 'echoes-global' | 'unknown';
  /** One line per fact: how srx knows it. */
  readonly evidence: readonly string[];
}

const cache = new WeakMap<RegistryClient, Promise<CapabilityProfile>>();

/** The client's capability profile, probed once per client (so once per run and registry). */
export function capabilityProfile(client: RegistryClient): Promise<CapabilityProfile> {
  let profile = cache.get(client);
  if (!profile) {
    profile = probeCapabilities(client);
    cache.set(client, profile);
    profile.catch(() => cache.delete(client));
  }
  return profile;
}

/** Probes a registry with GET requests only. Clients without raw probes (export files) get what the interface tells. */
export async function probeCapabilities(client: RegistryClient): Promise<CapabilityProfile> {
  const evidence: string[] = [];
  const [info, rawContexts, primary, listing, subjectMode, subjectConfig] = await Promise.all([
    soft(() => client.serverInfo(), {}),
    client.probe ? raw(client, '/contexts') : soft(async (): Promise<Probe> => ({ ok: true, value: await client.listContexts() }), { ok: false }),
    raw(client, '/master_available'),
    raw(client, '/schemas', { limit: '1' }),
    raw(client, `/mode/${PROBE_SUBJECT}`),
    raw(client, `/config/${PROBE_SUBJECT}`),
  ]);
  const primaryValue = primary.ok ? primary.value : undefined;
  const contextsValue = rawContexts.ok ? rawContexts.value : undefined;
  const listed = Array.isArray(contextsValue) && contextsValue.every((c) => typeof c === 'string') ? [...new Set(contextsValue.map(normalizeContext))] : null;
  // Only Karapace serves `/master_available` (its primary election); `GET /` answers `{}` there as on AxonOps.
  const karapace = isObject(primaryValue) && typeof primaryValue.master_available === 'boolean';
  const apicurio = Array.isArray(contextsValue) && contextsValue.length === 1 && contextsValue[0] === ':.:';
  let vendor = info.vendor ?? null;
  if (!vendor && karapace) {
    vendor = 'Karapace';
    evidence.push('vendor: Karapace (GET /master_available answers)');
  } else if (!vendor && apicurio) {
    vendor = 'Apicurio';
    evidence.push('vendor: Apicurio (GET /contexts answers [":.:"])');
  }
  const contexts = await contextsFact(client, listed, evidence);
  const bulkListing = listingFact(listing, client, evidence);
  // A version told (`/v1/metadata/version`: Confluent, AxonOps) means a listing whose deleted flag is right; Karapace tells none.
  const metadataApi = info.version !== undefined;
  const bulkDeletedFlag = bulkListing !== 'full' ? 'n/a' : karapace ? 'inverted' : info.confluent || metadataApi ? 'trustworthy' : 'unknown';
  if (bulkDeletedFlag === 'trustworthy') evidence.push('bulk deleted flag: trusted (a Confluent-style /v1/metadata/version API answers: Confluent or AxonOps)');
  if (bulkDeletedFlag === 'inverted')
    evidence.push('bulk deleted flag: inverted on Karapace (GET /schemas lists soft-deleted versions, ?deleted=true leaves them out)');
  if (bulkDeletedFlag === 'unknown') evidence.push('bulk deleted flag: checked against the ?deleted=true listing on every read');
  const modeEcho = subjectMode.ok && isObject(subjectMode.value) && typeof subjectMode.value.mode === 'string';
  const configEcho =
    subjectConfig.ok &&
    isObject(subjectConfig.value) &&
    (typeof subjectConfig.value.compatibilityLevel === 'string' || typeof subjectConfig.value.compatibility === 'string');
  const subjectModes = karapace || modeEcho ? 'echoes-global' : subjectMode.ok ? 'real' : 'unknown';
  if (karapace) evidence.push("subject modes: Karapace answers every subject's mode with the global one (modes cannot be set)");
  else if (modeEcho) evidence.push(`subject modes: GET /mode/{a subject that does not exist} answers a mode (the global one)`);
  // A server that echoes the global mode for any subject (Apicurio) does the same for compatibility where none is set.
  const subjectConfigFact = configEcho || (modeEcho && !karapace) ? 'echoes-global' : subjectConfig.ok ? 'real' : 'unknown';
  if (subjectConfigFact === 'echoes-global')
    evidence.push('subject compatibility: unset subjects answer the global level (a subject level equal to the global one is read as not set)');
  const modeWrites = karapace ? 'no' : 'unknown';
  if (karapace) evidence.push('mode writes: Karapace modes are read-only (PUT /mode answers 405), so no IMPORT');
  const importKeepsIds = apicurio ? 'no' : 'unknown';
  if (apicurio) evidence.push('ids: Apicurio accepts IMPORT but assigns its own ids');
  return {
    vendor,
    version: info.version ?? null,
    contexts,
    modeWrites,
    importKeepsIds,
    bulkListing,
    bulkDeletedFlag,
    subjectModes,
    subjectConfig: subjectConfigFact,
    evidence,
  };
}

async function contextsFact(client: RegistryClient, listed: string[] | null, evidence: string[]): Promise<CapabilityProfile['contexts']> {
  if (listsNamedContexts(listed)) return 'named';
  try {
    const named = await supportsNamedContexts(client, listed);
    if (!named) evidence.push('contexts: default only (GET /contexts/{unused}/subjects is refused)');
    return named ? 'named' : 'default-only';
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'E_INTERRUPTED') throw error;
    return 'unknown';
  }
}

function listingFact(listing: Probe, client: RegistryClient, evidence: string[]): CapabilityProfile['bulkListing'] {
  if (!client.probe || !listing.ok) return 'unknown';
  if (listing.value === null) {
    evidence.push('bulk listing: GET /schemas is not served');
    return 'absent';
  }
  if (!Array.isArray(listing.value)) return 'unknown';
  const first: unknown = listing.value[0];
  if (isObject(first) && (first.subject === undefined || first.id === undefined)) {
    evidence.push('bulk listing: GET /schemas items carry no subject/version/id (read subject by subject)');
    return 'text-only';
  }
  return 'full';
}

type Probe = { ok: true; value: unknown } | { ok: false };

async function raw(client: RegistryClient, path: string, query?: Record<string, string>): Promise<Probe> {
  if (!client.probe) return { ok: false };
  try {
    return { ok: true, value: await client.probe(path, query) };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'E_INTERRUPTED') throw error;
    return { ok: false };
  }
}

async function soft<T>(call: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'E_INTERRUPTED') throw error;
    return fallback;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether subject-level values from this registry are echoes of the context value (then "not set" when equal). */
export function echoesGlobal(profile: CapabilityProfile | null, what: 'mode' | 'compatibility'): boolean {
  return profile !== null && (what === 'mode' ? profile.subjectModes : profile.subjectConfig) === 'echoes-global';
}

/** A subject-level value as set: null where the server only echoed the context's value (see echoesGlobal). */
export function subjectLevelValue(
  profile: CapabilityProfile | null,
  what: 'mode' | 'compatibility',
  value: string | null,
  contextValue: string | null,
): string | null {
  return echoesGlobal(profile, what) && value !== null && value === contextValue ? null : value;
}
