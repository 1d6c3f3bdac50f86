// Where the AxonOps registry answers differently from Confluent's documented compatibility rules, the
// agreement check expects Confluent's answer, and says why.
//
// Avro aliases: the Avro specification (and the Java implementation Confluent uses, SchemaCompatibility)
// resolves names with the READER's aliases only: a writer's aliases play no part. AxonOps (hamba/avro)
// also matches a reader's field or record name against the WRITER's aliases, so it accepts e.g. a field
// renamed with an alias under FORWARD, where Confluent refuses it (the old reader does not know the new
// name). Confluent's answer is AxonOps's answer with the writer's aliases taken away: the check asks the
// registry that question instead, direction by direction.

const hasAliases = (text) => text.includes('"aliases"');

function stripAliases(node) {
  if (Array.isArray(node)) return node.map(stripAliases);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'aliases').map(([k, v]) => [k, stripAliases(v)]));
}
const strip = (text) => JSON.stringify(stripAliases(JSON.parse(text)));

/** { compatible, reason } when Confluent's rules give another answer than AxonOps did, else null. */
export async function expectedAnswer(c, answer, ask) {
  if (c.schemaType !== 'AVRO' || ![...c.history, c.candidate].some(hasAliases)) return null;
  const transitive = c.level.endsWith('_TRANSITIVE') ? '_TRANSITIVE' : '';
  const answers = [];
  // BACKWARD: the candidate reads; the earlier versions are writers, so their aliases go.
  if (!c.level.startsWith('FORWARD')) answers.push(await ask({ ...c, level: `BACKWARD${transitive}`, history: c.history.map(strip), variant: 'confluent-backward' }));
  // FORWARD: the earlier versions read; the candidate is the writer, so its aliases go.
  if (!c.level.startsWith('BACKWARD')) answers.push(await ask({ ...c, level: `FORWARD${transitive}`, candidate: strip(c.candidate), variant: 'confluent-forward' }));
  if (answers.some((a) => a.skipped)) return null;
  const compatible = answers.every((a) => a.compatible);
  if (compatible === answer.compatible) return null;
  return { compatible, reason: 'AxonOps matches names against the writer schema\'s aliases; Avro (and Confluent) use the reader\'s aliases only' };
}
