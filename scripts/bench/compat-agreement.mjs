// `npm run bench:compat` (also part of `npm run bench`): srx's local compatibility verdicts against a real
// AxonOps registry's answers on a generated corpus (520 evolutions per format under BACKWARD, FORWARD and
// FULL, plus 60 three-version chains per format under the transitive levels). Prints the agreement table,
// the time per 1,000 local checks, and every disagreement with the two sides' reasons.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { casesOf, measureAgreement } from '../lib/compat-agreement.mjs';
import { generateChains, generateCorpus } from '../lib/compat-corpus.mjs';
import { startRegistry } from '../lib/registry-server.mjs';
import { expectedAnswer } from '../lib/compat-deviations.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAIRS = Number(process.env.BENCH_COMPAT_PAIRS ?? 520);
const CHAINS = Number(process.env.BENCH_COMPAT_CHAINS ?? 60);

export default async function bench({ log }) {
  const { checkCompatibility } = await import(pathToFileURL(join(root, 'dist', 'core', 'compat', 'index.js')).href);
  const formats = ['AVRO', 'PROTOBUF', 'JSON'];
  const cases = formats.flatMap((f) => casesOf(generateCorpus(f, PAIRS), generateChains(f, CHAINS)));
  log(`${cases.length} compatibility questions (${PAIRS} pairs x 3 levels + ${CHAINS} chains x 3 transitive levels, per format)`);
  const registry = await startRegistry();
  try {
    const check = (c) => checkCompatibility(
      { schemaType: c.schemaType, schema: c.candidate, references: [] },
      c.history.map((schema) => ({ schemaType: c.schemaType, schema, references: [] })),
      c.level,
    );
    const result = await measureAgreement({ url: registry.url, cases, check, expected: expectedAnswer });
    const rows = result.rows.map((r) => ({
      format: r.format,
      questions: r.cases,
      compatible: r.compatible,
      agree: r.agree,
      disagree: r.disagree,
      agreement: `${((100 * r.agree) / r.cases).toFixed(2)}%`,
      'as AxonOps answered': `${((100 * r.agreeAsAnswered) / r.cases).toFixed(2)}%`,
    }));
    const all = result.rows.reduce((a, r) => ({ cases: a.cases + r.cases, compatible: a.compatible + r.compatible, agree: a.agree + r.agree, raw: a.raw + r.agreeAsAnswered }), { cases: 0, compatible: 0, agree: 0, raw: 0 });
    rows.push({ format: 'all', questions: all.cases, compatible: all.compatible, agree: all.agree, disagree: all.cases - all.agree, agreement: `${((100 * all.agree) / all.cases).toFixed(2)}%`, 'as AxonOps answered': `${((100 * all.raw) / all.cases).toFixed(2)}%` });
    const notes = [
      `local checks: ${result.localMsPer1000.toFixed(1)} ms per 1,000 (${result.checks} checks, parse included)`,
      ...(result.skipped.length ? [`skipped (the registry refused the history): ${result.skipped.length}`, ...result.skipped.slice(0, 5).map((s) => `  ${s}`)] : []),
      `agreement: with the expected answer (Confluent's rules where AxonOps deviates: ${result.deviations.length} questions, listed below); "as AxonOps answered": with AxonOps's own answers`,
      ...result.deviations.map((d) => `registry deviates from Confluent (expected ${d.expected ? 'compatible' : 'incompatible'}): ${d.id} ${d.level} [${d.description}]: ${d.reason}`),
      ...result.disagreements.map((d) => `DISAGREE ${d.id} ${d.level} [${d.description}]: registry ${d.registry ? 'compatible' : 'incompatible'}${d.registryMessages.length ? ` (${d.registryMessages.join('; ').slice(0, 200)})` : ''}, srx ${d.srx ? 'compatible' : 'incompatible'}${d.srxMessages.length ? ` (${d.srxMessages.join('; ').slice(0, 200)})` : ''}`),
    ];
    return { title: 'Compatibility verdicts: srx (local) vs AxonOps Schema Registry', rows, notes };
  } finally {
    await registry.stop();
  }
}
