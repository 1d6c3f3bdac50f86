import { aSnapshot, aVersion, avroSchema } from '../../support/builders.js';
import { judgePlanSteps } from '../../../src/core/compat/judge-plan-steps.js';
import { effectiveLevel } from '../../../src/core/compat/judge-missing-versions.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';

const int = { name: 'amount', type: 'int' };
const str = { name: 'amount', type: 'string' };
const withNote = { name: 'note', type: 'string', default: '' };

describe('judgePlanSteps: register steps the target will refuse', () => {
  const source = aSnapshot()
    .withSubject('amount', [aVersion({ version: 1, id: 1, schema: avroSchema('A', [int]) }), aVersion({ version: 2, id: 2, schema: avroSchema('A', [str]) })])
    .withSubject('notes', [
      aVersion({ version: 1, id: 3, schema: avroSchema('N', ['id']) }),
      aVersion({ version: 2, id: 4, schema: avroSchema('N', ['id', withNote]) }),
    ])
    .build();
  const target = aSnapshot('target')
    .withSubject('amount', aVersion({ version: 1, id: 1, schema: avroSchema('A', [int]) }))
    .withSubject('notes', aVersion({ version: 1, id: 3, schema: avroSchema('N', ['id']) }))
    .build();
  const levels = (context: string, subject: string) => effectiveLevel(target, context, subject);

  it('outside IMPORT mode (--no-preserve-ids) into an existing subject: the incompatible step is refused, the compatible one not', () => {
    const plan = planMigration({ source, target, scope: {}, policy: { ...DEFAULT_POLICY, preserveIds: false } });
    const refusals = judgePlanSteps(plan, source, target, levels);
    expect(refusals.map((r) => [plan.steps.find((s) => s.stepId === r.stepId)!.subject, r.level, r.levelSource])).toEqual([['amount', 'BACKWARD', 'default']]);
    expect(refusals[0]!.messages).toEqual(['BACKWARD against version 1: .amount: int cannot be read as string']);
  });

  it('in IMPORT mode (ids preserved) the target does not check compatibility: nothing is refused', () => {
    const plan = planMigration({ source, target, scope: {}, policy: DEFAULT_POLICY });
    expect(judgePlanSteps(plan, source, target, levels)).toEqual([]);
  });
});
