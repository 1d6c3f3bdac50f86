import type { RegistryClient } from '../registry/registry-client.js';
import type { SyncJobStore } from './job-store.js';
import { listingFingerprint } from './listing-fingerprint.js';
import type { SyncRunOutcome } from './types.js';

/** A full run at least this often, so what listings do not show (subject-level compatibility or mode) is synced too. */
export const FULL_RUN_EVERY = 10;

/** What an incremental run needs. */
export interface IncrementalRunRequest {
  readonly store: SyncJobStore;
  readonly jobId: string;
  /** Live clients of both sides; an export side means every run is full. */
  readonly source?: RegistryClient;
  readonly target?: RegistryClient;
  /** The full sync run. */
  readonly run: () => Promise<SyncRunOutcome>;
  readonly fullEvery?: number;
}

/**
 * Runs a scheduled sync only when something changed: both sides' listing fingerprints are compared
 * with those the last clean run left; equal → the run is recorded `unchanged` with no per-subject read.
 * After a clean run the fingerprints are taken again (a run that wrote changed the target).
 */
export async function runIncremental(request: IncrementalRunRequest): Promise<SyncRunOutcome> {
  const { store, jobId, source, target } = request;
  if (!source || !target) return request.run();
  const before = store.readFingerprint(jobId);
  const [sourceNow, targetNow] = await Promise.all([listingFingerprint(source), listingFingerprint(target)]);
  const fullEvery = request.fullEvery ?? FULL_RUN_EVERY;
  if (before && sourceNow && targetNow && before.source === sourceNow && before.target === targetNow && before.skipped + 1 < fullEvery) {
    store.writeFingerprint(jobId, { ...before, skipped: before.skipped + 1 });
    return { status: 'completed', migrationIds: [], copied: 0, deleted: 0, conflicts: 0, errors: 0, unchanged: true };
  }
  store.writeFingerprint(jobId, undefined);
  const outcome = await request.run();
  if (outcome.status !== 'completed' || !sourceNow || !targetNow) return outcome;
  const wrote = outcome.copied + outcome.deleted > 0 || outcome.migrationIds.length > 0;
  // The source keeps its pre-run fingerprint: a change made while the run read it shows next time (then a
  // full run); the target is listed again after a run that wrote into it.
  const targetAfter = wrote ? await listingFingerprint(target) : targetNow;
  if (targetAfter) store.writeFingerprint(jobId, { source: sourceNow, target: targetAfter, skipped: 0 });
  return outcome;
}
