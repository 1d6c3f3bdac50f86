import { sortKeys } from './avro.js';

type Json = Parameters<typeof sortKeys>[0];

/** A version's data contract as srx compares it: canonical JSON texts, '' where there is none. */
export interface DataContractKeys {
  /** `metadata` without `confluent:version` (AxonOps adds it to every version read; it describes the server). */
  readonly metadata: string;
  readonly ruleSet: string;
}

/**
 * The parts of a version's identity beyond its schema and references: Confluent hashes `metadata` and
 * `ruleSet` into the id, so the same text with another data contract is another id and version.
 * Empty maps and lists count as absent; map keys are sorted (their order means nothing).
 */
export function dataContractKeys(version: { readonly metadata?: unknown; readonly ruleSet?: unknown }): DataContractKeys {
  return { metadata: canonical(withoutServerVersion(version.metadata)), ruleSet: canonical(version.ruleSet) };
}

function withoutServerVersion(metadata: unknown): unknown {
  if (!isObject(metadata) || !isObject(metadata.properties)) return metadata;
  const properties = Object.fromEntries(Object.entries(metadata.properties).filter(([key]) => key !== 'confluent:version'));
  return { ...metadata, properties };
}

function canonical(value: unknown): string {
  const pruned = prune(value);
  return pruned === undefined ? '' : JSON.stringify(sortKeys(pruned as Json));
}

/** Drops null, empty objects and empty arrays (recursively inside objects); undefined when nothing is left. */
function prune(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (!isObject(value)) return value;
  const kept = Object.entries(value).flatMap(([key, inner]) => {
    const pruned = prune(inner);
    return pruned === undefined ? [] : [[key, pruned] as const];
  });
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
