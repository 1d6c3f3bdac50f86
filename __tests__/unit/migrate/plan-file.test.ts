// A saved plan is validated field by field before `migrate apply` trusts it: a hand-edited or damaged plan is
// refused with one line naming the bad field, never applied half-understood.
import { parsePlanFile } from '../../../src/core/plan/plan-file.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import { aSnapshot, versionsOf } from '../../support/builders.js';

const plan = planMigration({
  source: aSnapshot().withSubject('orders-value', versionsOf(2)).withSubject('users-value', versionsOf(1)).build(),
  target: aSnapshot('target').build(),
  scope: {},
  policy: DEFAULT_POLICY,
});
const saved = (edit: (p: Record<string, unknown>) => void = () => {}) => {
  const copy = JSON.parse(JSON.stringify({ schemaVersion: 1, ...plan })) as Record<string, unknown>;
  edit(copy);
  return JSON.stringify(copy);
};
const steps = (p: Record<string, unknown>) => p.steps as Record<string, unknown>[];

describe('plan files', () => {
  it('a plan as --plan-out writes it reads back as the same plan', () => {
    expect(parsePlanFile(saved(), 'plan.json')).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('a plan without schemaVersion (written before it existed) is version 1', () => {
    expect(
      parsePlanFile(
        saved((p) => delete p.schemaVersion),
        'plan.json',
      ).steps,
    ).toHaveLength(plan.steps.length);
  });

  it.each([
    ['not JSON', () => '{"kind": "migration-plan", ', /plan\.json is not JSON/],
    ['another kind of file', () => JSON.stringify({ kind: 'export' }), /is not an srx migration plan/],
    ['a newer schemaVersion', () => saved((p) => (p.schemaVersion = 2)), /schemaVersion 2; this srx reads schemaVersion 1/],
    ['an unknown action', () => saved((p) => (steps(p)[0]!.action = 'drop-subject')), /steps\[0\]\.action/],
    ['a register step without its schema', () => saved((p) => delete steps(p)[0]!.schema), /steps\[0\]: a register step needs its schema/],
    ['a negative id', () => saved((p) => (steps(p)[0]!.targetId = -4)), /steps\[0\]\.targetId/],
    [
      'a dependency on a step not in the plan',
      () => saved((p) => (steps(p)[1]!.dependsOn = ['register:.:ghost:1'])),
      /steps\[1\]\.dependsOn: depends on register:\.:ghost:1/,
    ],
    ['a bad context', () => saved((p) => (steps(p)[0]!.context = 'team-a')), /steps\[0\]\.context/],
    ['a missing fingerprint', () => saved((p) => delete p.fingerprints), /fingerprints: Required/],
    ['an unknown field in a step', () => saved((p) => (steps(p)[0]!.permanent = true)), /steps\[0\]: Unrecognized key/],
  ])('%s is refused with one line naming it', (_name, text, message) => {
    expect(() => parsePlanFile(text(), 'plan.json')).toThrow(message);
    try {
      parsePlanFile(text(), 'plan.json');
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as { code?: string }).code).toBe('E_USAGE_FILE');
    }
  });
});
