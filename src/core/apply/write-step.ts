import { hasErrorCode, SrxError } from '../errors.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { RegisterRequest } from '../registry/types.js';
import type { PlanStep } from '../plan/types.js';

/** What one step did in the target: applied (with the target version and id), or found already there. */
export type WriteOutcome =
  | { readonly kind: 'applied'; readonly version: number | null; readonly targetId: number | null }
  | { readonly kind: 'skipped'; readonly version: number | null; readonly targetId: number | null; readonly reason: string };

/** What a step needs to know beyond itself. */
export interface WriteContext {
  readonly client: RegistryClient;
  /** Look the schema up before registering (the subject existed in the target, or the plan may be stale). */
  readonly lookUpFirst: boolean;
  /**
   * Until the target has once answered the id srx asked for: look up before registering even a new subject,
   * so that an answered id that differs can be told apart: a version this write made (the target ignores ids)
   * or one that was already there.
   */
  readonly verifyIds?: boolean;
  /** Where an earlier step put its version (references and soft-deletes with target-assigned numbers). */
  readonly placement: (stepId: string) => { readonly version: number | null; readonly targetId: number | null } | undefined;
}

/** Performs one write step; throws on failure (the executor records it). Registry rules: REGISTRY-NOTES.md. */
export function writeStep(step: PlanStep, ctx: WriteContext): Promise<WriteOutcome> {
  if (step.action === 'register') return register(step, ctx);
  if (step.action === 'soft-delete') return softDelete(step, ctx);
  if (step.action === 'set-compatibility') return setCompatibility(step, ctx);
  return Promise.resolve({ kind: 'skipped', version: step.version, targetId: step.targetId, reason: step.reason });
}

/** The registration a step sends (references placed where earlier steps put their versions). */
export function requestOf(step: PlanStep, ctx?: Pick<WriteContext, 'placement'>): RegisterRequest {
  const references = (step.references ?? []).map((ref, i) => {
    const from = step.referenceSteps?.[i];
    const version = from && ctx ? ctx.placement(from)?.version : undefined;
    return version ? { ...ref, version } : ref;
  });
  return { schema: step.schema!, schemaType: step.schemaType, references, metadata: step.metadata, ruleSet: step.ruleSet };
}

async function register(step: PlanStep, ctx: WriteContext): Promise<WriteOutcome> {
  const { client } = ctx;
  const request = requestOf(step, ctx);
  const lookedUp = ctx.lookUpFirst || (ctx.verifyIds === true && step.version !== null);
  if (lookedUp) {
    // Never re-register what exists: AxonOps refuses an exact re-registration in IMPORT mode (42205).
    const found = await client.lookupSchema(step.context, step.subject, request, { deleted: true });
    if (found) {
      if (step.version === null || (found.version === step.version && found.id === step.targetId)) {
        return { kind: 'skipped', version: found.version, targetId: found.id, reason: 'already in target (found by lookup)' };
      }
      throw new SrxError('E_MIGRATE_EXISTS', `the target already holds this schema as v${found.version} (id ${found.id}); not registered again`);
    }
  }
  if (step.version === null) {
    const { id } = await client.register(step.context, step.subject, request);
    const placed = await client.lookupSchema(step.context, step.subject, request);
    return { kind: 'applied', version: placed?.version ?? null, targetId: id };
  }
  let id: number;
  try {
    ({ id } = await client.register(step.context, step.subject, { ...request, id: step.targetId!, version: step.version }));
  } catch (error) {
    // A retried request whose first attempt did land answers 42205 on some servers: believe the registry's state.
    const landed = await client.lookupSchema(step.context, step.subject, request, { deleted: true }).catch(() => null);
    if (!landed || landed.version !== step.version || landed.id !== step.targetId) throw error;
    id = landed.id;
  }
  if (id !== step.targetId) {
    if (lookedUp) {
      // The lookup before the write found no such schema; if it is there now under the answered id, this write
      // made it: the target takes IMPORT but ignores ids (Apicurio). Journaled as applied, so rollback removes it.
      const placed = await client.lookupSchema(step.context, step.subject, request).catch(() => null);
      if (placed && placed.id === id) throw new IdsNotKeptError(step.targetId!, id, placed.version);
    }
    // AxonOps: an import into an occupied version, or of a schema the subject already has, answers the old id.
    throw new SrxError(
      'E_MIGRATE_ID_MISMATCH',
      `the target answered id ${id} instead of ${step.targetId} (version ${step.version} already taken, or the schema is already in the subject); nothing overwritten`,
    );
  }
  return { kind: 'applied', version: step.version, targetId: id };
}

/** The target accepted an IMPORT registration but assigned its own id: ids cannot be preserved there. */
export class IdsNotKeptError extends SrxError {
  constructor(
    readonly requested: number,
    readonly answered: number,
    readonly version: number,
  ) {
    super(
      'E_IDS_NOT_KEPT',
      `the target registered the version under id ${answered}, not the requested ${requested}: it accepts IMPORT mode but ignores ids, so ids cannot be preserved there`,
      'roll this migration back (srx migrate rollback <id>), then migrate with --no-preserve-ids',
    );
  }
}

async function softDelete(step: PlanStep, ctx: WriteContext): Promise<WriteOutcome> {
  const registered = ctx.placement(step.dependsOn[0] ?? '');
  const version = step.version ?? registered?.version ?? null;
  if (version === null) throw new SrxError('E_MIGRATE_STEP', 'target version unknown; cannot soft-delete');
  try {
    await ctx.client.deleteVersion(step.context, step.subject, version);
  } catch (error) {
    // Already soft-deleted: 40404/40406 (Confluent), 40402 (AxonOps).
    if (!hasErrorCode(error, 40402, 40404, 40406)) throw error;
  }
  return { kind: 'applied', version, targetId: step.targetId ?? registered?.targetId ?? null };
}

async function setCompatibility(step: PlanStep, ctx: WriteContext): Promise<WriteOutcome> {
  // Subject '' is the context's own level (`PUT /config` for `.`, `/contexts/.x/config` otherwise).
  const subject = step.subject === '' ? null : step.subject;
  if (step.compatibility === undefined) await ctx.client.deleteCompatibility(step.context, subject);
  else await ctx.client.setCompatibility(step.context, subject, step.compatibility);
  return { kind: 'applied', version: null, targetId: null };
}
