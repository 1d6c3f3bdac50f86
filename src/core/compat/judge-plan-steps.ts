import type { MigrationPlan, PlanStep } from '../plan/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { checkCompatibility } from './index.js';
import type { LevelSource } from './judge-missing-versions.js';
import { resolveReferences } from './resolve-references.js';
import type { CompatibilityLevel, ResolvedSchema } from './types.js';
import { keyOf } from '../keys.js';

/** A register step the target will refuse, judged by srx before any write. */
export interface StepRefusal {
  readonly stepId: string;
  readonly level: CompatibilityLevel;
  readonly levelSource: LevelSource;
  readonly messages: readonly string[];
}

/**
 * Pure. The register steps of a plan that the target will refuse for compatibility: steps written
 * outside IMPORT mode (IMPORT skips the check) into subjects the target already holds, each judged
 * at the subject's effective level against the target's live versions and the plan's earlier steps.
 */
export function judgePlanSteps(
  plan: MigrationPlan,
  source: Snapshot,
  target: Snapshot,
  levels: (context: string, subject: string) => { level: CompatibilityLevel; source: LevelSource },
): StepRefusal[] {
  const checked = new Set(plan.subjects.filter((s) => s.importScope === 'none' && s.existsInTarget && s.hasWrites).map((s) => keyOf(s.context, s.subject)));
  const histories = new Map<string, ResolvedSchema[]>();
  const refusals: StepRefusal[] = [];
  for (const step of plan.steps.filter((s) => s.action === 'register' && checked.has(keyOf(s.context, s.subject)))) {
    const key = keyOf(step.context, step.subject);
    if (!histories.has(key)) histories.set(key, liveHistory(target, step));
    const history = histories.get(key)!;
    const candidate = sourceVersion(source, step);
    if (!candidate) continue;
    const { level, source: levelSource } = levels(step.context, step.subject);
    const verdict = checkCompatibility(candidate, history, level);
    if (verdict.isCompatible) history.push(candidate);
    else refusals.push({ stepId: step.stepId, level, levelSource, messages: verdict.messages });
  }
  return refusals;
}

function liveHistory(target: Snapshot, step: PlanStep): ResolvedSchema[] {
  const versions = target.contexts.find((c) => c.name === step.context)?.subjects.find((s) => s.name === step.subject)?.versions ?? [];
  return versions
    .filter((v) => !v.deleted)
    .flatMap((v) => {
      try {
        return [{ ...resolveReferences(v, target, step.context), version: v.version }];
      } catch {
        return [];
      }
    });
}

function sourceVersion(source: Snapshot, step: PlanStep): ResolvedSchema | null {
  const version = source.contexts
    .find((c) => c.name === step.sourceContext)
    ?.subjects.find((s) => s.name === step.sourceSubject)
    ?.versions.find((v) => v.version === step.sourceVersion);
  if (!version) return null;
  try {
    return resolveReferences(version, source, step.sourceContext);
  } catch {
    return null;
  }
}
