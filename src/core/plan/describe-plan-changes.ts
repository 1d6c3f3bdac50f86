import { qualifySubject } from '../registry/paths.js';
import type { MigrationPlan, PlanStep } from './types.js';

/**
 * Pure: what differs between a saved plan and the plan made now, as short phrases naming subjects and
 * versions (at most `limit`, then a count): steps that appeared, disappeared or changed action or ids.
 */
export function describePlanChanges(saved: MigrationPlan, fresh: MigrationPlan, limit = 3): string[] {
  const before = new Map(saved.steps.map((s) => [s.stepId, s]));
  const after = new Map(fresh.steps.map((s) => [s.stepId, s]));
  const out: string[] = [];
  for (const [id, step] of after) {
    const old = before.get(id);
    if (!old) out.push(`${where(step)}: new ${step.action}`);
    else if (old.sourceId !== step.sourceId || old.targetId !== step.targetId)
      out.push(
        `${where(step)}: ids now ${step.sourceId ?? '-'} → ${step.targetId ?? '(assigned)'} (were ${old.sourceId ?? '-'} → ${old.targetId ?? '(assigned)'})`,
      );
  }
  for (const [id, step] of before) if (!after.has(id)) out.push(`${where(step)}: ${step.action} no longer planned`);
  const conflicts = fresh.conflicts.length - saved.conflicts.length;
  if (conflicts > 0) out.push(`${conflicts} new conflict(s): ${fresh.conflicts[fresh.conflicts.length - 1]!.message}`);
  if (out.length > limit) return [...out.slice(0, limit), `${out.length - limit} more`];
  return out;
}

function where(step: PlanStep): string {
  const subject = qualifySubject(step.context, step.subject);
  return step.version === null ? subject : `${subject} version ${step.version}`;
}
