import { judgePlanSteps } from '../compat/judge-plan-steps.js';
import { effectiveLevel } from '../compat/judge-missing-versions.js';
import { readTargetLevels } from './read-target-levels.js';
import type { Snapshot } from '../snapshot/types.js';
import type { MigrationPlan, MigrationRequest } from '../plan/types.js';

/**
 * The plan with every register step the target will refuse for compatibility marked, before any
 * write: the step's reason says so, and a `will-be-refused` warning names it (issue #12).
 */
export async function markRefusedSteps(
  plan: MigrationPlan,
  source: Snapshot,
  target: Snapshot,
  request: Pick<MigrationRequest, 'target' | 'concurrency'>,
): Promise<MigrationPlan> {
  const judged = plan.subjects.filter((s) => s.importScope === 'none' && s.existsInTarget && s.hasWrites);
  if (judged.length === 0) return plan;
  const levels = target.scope.includeConfig
    ? (context: string, subject: string) => effectiveLevel(target, context, subject)
    : await readTargetLevels(request.target, judged, request.concurrency ?? 8);
  const refusals = new Map(judgePlanSteps(plan, source, target, levels).map((r) => [r.stepId, r]));
  if (refusals.size === 0) return plan;
  const said = (r: { level: string; messages: readonly string[] }) => `the target will refuse it (${r.level}): ${r.messages.join('; ')}`;
  return {
    ...plan,
    steps: plan.steps.map((s) => (refusals.has(s.stepId) ? { ...s, reason: `${s.reason}; ${said(refusals.get(s.stepId)!)}` } : s)),
    warnings: [
      ...plan.warnings,
      ...plan.steps
        .filter((s) => refusals.has(s.stepId))
        .map((s) => ({
          type: 'will-be-refused' as const,
          context: s.context,
          subject: s.subject,
          message: `${s.subject} version ${s.sourceVersion} (id ${s.sourceId}): ${said(refusals.get(s.stepId)!)}`,
        })),
    ],
  };
}
