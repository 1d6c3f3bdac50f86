import { keyOf } from '../keys.js';
import type { BulkImportItem } from '../registry/types.js';
import type { MigrationPlan, PlanStep, SubjectPlan } from '../plan/types.js';

/** Most versions in one bulk import request. */
export const BULK_ITEMS = 1000;
/** Most schema text (characters) in one bulk import request: large schemas make smaller batches. */
export const BULK_CHARS = 4_000_000;

/** What decides whether a subject's versions may go in bulk. */
export interface BulkContext {
  readonly subjectPlans: ReadonlyMap<string, SubjectPlan>;
  /** Target contexts the run switched to IMPORT as a whole (a bulk import needs the context in IMPORT). */
  readonly contextsInImport: ReadonlySet<string>;
  /** Every schema is looked up before it is written (a plan file): no bulk. */
  readonly alwaysLookUp: boolean;
}

/**
 * The register steps a bulk import may write, by target context, in plan order: whole subjects that are new
 * to a context already in IMPORT, every version with its id and number kept, and nothing a bulk import does
 * not carry (references, metadata, rule sets). A subject with one such version goes one version per request.
 */
export function bulkCandidates(plan: MigrationPlan, ctx: BulkContext): Map<string, PlanStep[]> {
  const bySubject = new Map<string, PlanStep[]>();
  const excluded = new Set<string>();
  if (ctx.alwaysLookUp) return new Map();
  for (const step of plan.steps) {
    if (step.action !== 'register') continue;
    const key = keyOf(step.context, step.subject);
    if (!bulkable(step, ctx.subjectPlans.get(key), ctx.contextsInImport)) excluded.add(key);
    else {
      const steps = bySubject.get(key);
      if (steps) steps.push(step);
      else bySubject.set(key, [step]);
    }
  }
  const byContext = new Map<string, PlanStep[]>();
  for (const [key, steps] of bySubject) {
    if (excluded.has(key)) continue;
    const context = steps[0]!.context;
    const inContext = byContext.get(context);
    if (inContext) for (const step of steps) inContext.push(step);
    else byContext.set(context, [...steps]);
  }
  return byContext;
}

function bulkable(step: PlanStep, subject: SubjectPlan | undefined, contextsInImport: ReadonlySet<string>): boolean {
  return (
    subject !== undefined &&
    subject.importScope === 'context' &&
    !subject.existsInTarget &&
    contextsInImport.has(step.context) &&
    step.version !== null &&
    step.targetId !== null &&
    step.schema !== undefined &&
    (step.references ?? []).length === 0 &&
    (step.metadata ?? null) === null &&
    (step.ruleSet ?? null) === null &&
    // A name that looks context-qualified is resolved by the URL on the per-version path, never from a body.
    !step.subject.startsWith(':')
  );
}

/** The steps of the next batch from `start`: at most BULK_ITEMS, and BULK_CHARS of schema text (at least one step). */
export function nextBatch(steps: readonly PlanStep[], start: number): PlanStep[] {
  const batch: PlanStep[] = [];
  let chars = 0;
  for (let i = start; i < steps.length && batch.length < BULK_ITEMS; i += 1) {
    const size = steps[i]!.schema!.length;
    if (batch.length > 0 && chars + size > BULK_CHARS) break;
    batch.push(steps[i]!);
    chars += size;
  }
  return batch;
}

/** A register step as a bulk import item. */
export function bulkItemOf(step: PlanStep): BulkImportItem {
  return {
    subject: step.subject,
    version: step.version!,
    id: step.targetId!,
    schema: step.schema!,
    ...(step.schemaType ? { schemaType: step.schemaType } : {}),
  };
}
