import { displaySubject } from './context-mapping.js';
import type { MigrationConflict, MigrationWarning, PlanStep } from './types.js';
import { keyOf, contextSubjectOf } from '../keys.js';

/**
 * Pure. With `skip`, every step of a target subject that has a conflict (and every step depending on one,
 * transitively) becomes a `skip` with the reason; with `fail`, steps are returned unchanged (the plan is blocked).
 */
export function applyConflictPolicy(
  steps: readonly PlanStep[],
  conflicts: readonly MigrationConflict[],
  onConflict: 'fail' | 'skip',
): { steps: PlanStep[]; warnings: MigrationWarning[] } {
  if (onConflict === 'fail' || conflicts.length === 0) return { steps: [...steps], warnings: [] };
  const bad = new Map<string, string>();
  for (const c of conflicts) bad.set(keyOf(c.context, c.subject), c.message);
  const dropped = new Map<string, string>();
  for (const s of steps) {
    const why = bad.get(keyOf(s.context, s.subject));
    if (why !== undefined) dropped.set(s.stepId, `conflict skipped: ${why}`);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of steps) {
      if (dropped.has(s.stepId)) continue;
      const dep = s.dependsOn.find((d) => dropped.has(d));
      if (dep) {
        dropped.set(s.stepId, `skipped: depends on ${dep}, which was skipped`);
        changed = true;
      }
    }
  }
  const warnings: MigrationWarning[] = [...new Set(conflicts.map((c) => keyOf(c.context, c.subject)))].map((k) => {
    const [context, subject] = contextSubjectOf(k);
    return { type: 'conflict-skipped', context, subject, message: `${displaySubject(context, subject)} left out because of a conflict (--on-conflict skip)` };
  });
  return {
    steps: steps.map((s) => (dropped.has(s.stepId) ? { ...s, action: 'skip', reason: dropped.get(s.stepId)! } : s)),
    warnings,
  };
}
