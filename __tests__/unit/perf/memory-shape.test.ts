import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HEAP_GROWING_PERCENT, heapFlag } from '../../../src/cli/heap-tuning.js';

// Memory of large runs (docs/performance.md): plan steps must share one V8 hidden class, and srx caps how far
// V8 lets the heap grow past its live size unless the user chose otherwise. Runs the built code (dist/).
const PROBE = `
import { planMigration } from ${JSON.stringify(join(process.cwd(), 'dist/core/plan/plan-migration.js'))};
import { DEFAULT_POLICY } from ${JSON.stringify(join(process.cwd(), 'dist/core/plan/types.js'))};
const subjects = [];
for (let i = 0; i < 200; i++) subjects.push({ name: 's' + i, compatibility: null, mode: null, versions: [1, 2, 3].map((v) => ({
  version: v, id: 1000 + i * 3 + v, schemaType: 'AVRO', references: [], deleted: false,
  schema: JSON.stringify({ type: 'record', name: 'R' + i, fields: Array.from({ length: v }, (_, k) => ({ name: 'f' + k, type: 'string', default: '' })) }),
})) });
const snapshot = (name, subjects) => ({ registry: { name, url: 'http://x', kind: 'http' }, takenAt: '', scope: { includeDeleted: true, includeConfig: true }, contexts: [{ name: '.', compatibility: null, mode: null, subjects }] });
const plan = planMigration({ source: snapshot('a', subjects), target: snapshot('b', []), scope: {}, policy: DEFAULT_POLICY });
const steps = plan.steps.filter((s) => s.action === 'register');
let shapes = 1;
for (let i = 1; i < steps.length; i++) if (!%HaveSameMap(steps[i], steps[i - 1])) shapes++;
console.log(JSON.stringify({ steps: steps.length, shapes }));
`;

describe('memory of large plans', () => {
  it('every register step of a 600-version plan shares one hidden class (object spread gave each its own, ~0.5 KB apiece)', () => {
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', PROBE], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ steps: 600, shapes: 1 });
  });
});

describe('heap growth', () => {
  it('srx sets --heap-growing-percent unless NODE_OPTIONS or node arguments chose one', () => {
    expect(heapFlag([], undefined)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapFlag([], '--enable-source-maps')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapFlag([], '--max-old-space-size=900 --heap-growing-percent=100')).toBeUndefined();
    expect(heapFlag(['--heap_growing_percent=20'], undefined)).toBeUndefined();
  });
});
