// Agreement of a local compatibility checker with a real registry's answers, pair by pair and level by
// level. For a pair, the subject holds the older schema (registered under NONE), then gets the level
// (PUT /config) and the registry is asked about the newer one (POST /compatibility/subjects/{s}/versions/latest).
// For a chain (transitive levels) the registry is asked by registering the third version (409 = refused),
// since the compatibility endpoint checks one version only.

const PAIR_LEVELS = ['BACKWARD', 'FORWARD', 'FULL'];
const CHAIN_LEVELS = ['BACKWARD_TRANSITIVE', 'FORWARD_TRANSITIVE', 'FULL_TRANSITIVE'];

async function call(url, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* plain text */ }
  return { status: response.status, json, text };
}

const typeField = (schemaType) => (schemaType === 'AVRO' ? {} : { schemaType });

async function registerHistory(url, subject, schemaType, history) {
  await call(url, 'PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: 'NONE' });
  for (const schema of history) {
    const r = await call(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema, ...typeField(schemaType) });
    if (r.status !== 200) return `registering the history answered ${r.status}: ${r.text.slice(0, 200)}`;
  }
  return null;
}

/** The registry's answer for one case: { compatible, messages } or { skipped }. */
async function askRegistry(url, c) {
  const subject = `compat-${c.id}-${c.level.toLowerCase()}${c.variant ? `-${c.variant}` : ''}`;
  const failed = await registerHistory(url, subject, c.schemaType, c.history);
  if (failed) return { skipped: failed };
  await call(url, 'PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: c.level });
  const body = { schema: c.candidate, ...typeField(c.schemaType) };
  if (c.level.endsWith('_TRANSITIVE')) {
    const r = await call(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, body);
    if (r.status === 200) return { compatible: true, messages: [] };
    if (r.status === 409) return { compatible: false, messages: [r.json?.message ?? r.text] };
    return { skipped: `registering answered ${r.status}: ${r.text.slice(0, 200)}` };
  }
  const r = await call(url, 'POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`, body);
  if (r.status !== 200) return { skipped: `compatibility answered ${r.status}: ${r.text.slice(0, 200)}` };
  return { compatible: r.json.is_compatible === true, messages: r.json.messages ?? [] };
}

/** Every case of a corpus: pairs under the plain levels, chains under the transitive ones. */
export function casesOf(pairs, chains = []) {
  const cases = [];
  for (const p of pairs) for (const level of PAIR_LEVELS) cases.push({ id: p.id, schemaType: p.schemaType, description: p.description, level, history: [p.older], candidate: p.newer });
  for (const c of chains) for (const level of CHAIN_LEVELS) cases.push({ id: c.id, schemaType: c.schemaType, description: c.description, level, history: c.chain, candidate: c.later.newer });
  return cases;
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/**
 * Runs every case on the registry at `url` and through `check(case) → { isCompatible, messages }`
 * (timed separately), and returns per-format figures plus every disagreement.
 * `expected(case, registryAnswer, ask)` may override the registry's answer where it deviates from
 * Confluent's documented rules (`ask(variantCase)` puts another question to the registry); it
 * returns { compatible, reason } or null.
 */
export async function measureAgreement({ url, cases, check, expected = async () => null, concurrency = 16 }) {
  const answers = await mapLimit(cases, concurrency, (c) => askRegistry(url, c));
  // One at a time: under concurrent writes AxonOps once answered a variant question wrongly (seen 1 in 5,000).
  const overrides = await mapLimit(cases, 1, (c, i) => (answers[i].skipped ? null : expected(c, answers[i], (variant) => askRegistry(url, variant))));
  const started = process.hrtime.bigint();
  const verdicts = cases.map((c) => check(c));
  const localMs = Number(process.hrtime.bigint() - started) / 1e6;
  const byFormat = new Map();
  const disagreements = [];
  const deviations = [];
  for (const [i, c] of cases.entries()) {
    const row = byFormat.get(c.schemaType) ?? { format: c.schemaType, cases: 0, skipped: 0, compatible: 0, agree: 0, disagree: 0, agreeAsAnswered: 0 };
    byFormat.set(c.schemaType, row);
    const answer = answers[i];
    if (answer.skipped) {
      row.skipped += 1;
      continue;
    }
    row.cases += 1;
    const override = overrides[i];
    const want = override ? override.compatible : answer.compatible;
    if (override && override.compatible !== answer.compatible) deviations.push({ id: c.id, level: c.level, description: c.description, registry: answer.compatible, expected: want, reason: override.reason });
    if (want) row.compatible += 1;
    if (verdicts[i].isCompatible === answer.compatible) row.agreeAsAnswered += 1;
    if (verdicts[i].isCompatible === want) row.agree += 1;
    else {
      row.disagree += 1;
      disagreements.push({ id: c.id, level: c.level, description: c.description, registry: answer.compatible, srx: verdicts[i].isCompatible, registryMessages: answer.messages, srxMessages: verdicts[i].messages });
    }
  }
  const checks = cases.length;
  return { rows: [...byFormat.values()], disagreements, deviations, skipped: answers.filter((a) => a.skipped).map((a, i) => a.skipped), localMsPer1000: (localMs / checks) * 1000, checks };
}
