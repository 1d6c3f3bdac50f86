import { createHash } from 'node:crypto';
import type { SchemaReference, SchemaType } from '../registry/types.js';
import { normalizeAvro, sortKeys, type Json } from './avro.js';
import { dataContractKeys } from './data-contract.js';
import { normalizeProtobuf, validateProtobuf } from './protobuf.js';

/** Outcome of normalizing one schema text; `normalized` is always usable (whitespace-normalized on error). */
export interface NormalizeResult {
  readonly ok: boolean;
  readonly normalized: string;
  readonly error?: string;
}

/**
 * Normalizes a schema for comparison (SPEC section 4): AVRO parsed with names fully qualified and
 * attributes in a fixed order; JSON Schema with keys sorted; PROTOBUF without comments or
 * insignificant whitespace. Never throws: text that does not parse is returned whitespace-normalized.
 */
export function normalizeSchema(schemaType: SchemaType | undefined, schema: string, options: IdentityOptions = {}): string {
  return attempt(schemaType, schema, false, options).normalized;
}

/** How strict an identity is: `keepJsonKeyOrder` keeps JSON Schema object keys in their written order. */
export interface IdentityOptions {
  readonly keepJsonKeyOrder?: boolean;
}

/** Like normalizeSchema, and validates: says whether the schema parses (Avro through avsc, Protobuf through protobufjs), and why not. */
export function tryNormalizeSchema(schemaType: SchemaType | undefined, schema: string): NormalizeResult {
  return attempt(schemaType, schema, true);
}

function attempt(schemaType: SchemaType | undefined, schema: string, validate: boolean, options: IdentityOptions = {}): NormalizeResult {
  try {
    return { ok: true, normalized: normalizeStrict(schemaType ?? 'AVRO', schema, validate, options) };
  } catch (error) {
    return { ok: false, normalized: collapseWhitespace(schema), error: error instanceof Error ? error.message : String(error) };
  }
}

function normalizeStrict(schemaType: SchemaType, schema: string, validate: boolean, options: IdentityOptions): string {
  switch (String(schemaType).toUpperCase()) {
    case 'AVRO':
      return normalizeAvro(schema, { validate });
    case 'JSON':
      return JSON.stringify(options.keepJsonKeyOrder ? (JSON.parse(schema) as Json) : sortKeys(JSON.parse(schema) as Json));
    case 'PROTOBUF':
      if (validate) validateProtobuf(schema);
      return normalizeProtobuf(schema);
    default:
      throw new Error(`unknown schema type "${schemaType}"`);
  }
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What identifies a version's content: type, schema and references. */
export interface FingerprintInput {
  readonly schemaType?: SchemaType;
  readonly schema: string;
  readonly references?: readonly SchemaReference[];
}

/**
 * A stable identity of a version's content: sha256 of the schema type, the normalized schema and the
 * references ([name, subject, version], sorted by name). Equal fingerprints = "same content".
 * Metadata (e.g. AxonOps' `confluent:version` property) is not part of it.
 */
export function versionFingerprint(version: FingerprintInput, options: IdentityOptions = {}): string {
  const schemaType = (version.schemaType ?? 'AVRO').toUpperCase() as SchemaType;
  const references = [...(version.references ?? [])]
    .map((ref) => [ref.name, ref.subject, ref.version] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const identity = JSON.stringify([schemaType, normalizeSchema(schemaType, version.schema, options), references]);
  return createHash('sha256').update(identity).digest('hex');
}

/** What makes a version a registry's same version: content, references, metadata and rule set. */
export interface IdentityInput extends FingerprintInput {
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/**
 * A version's identity as Confluent sees it (the id is a hash of text, references, metadata and rule
 * set): versionFingerprint with JSON Schema key order kept, plus the data contract (without AxonOps'
 * `confluent:version`). Planning uses it, so versions that differ there are never merged.
 */
export function versionIdentity(version: IdentityInput): string {
  const contract = dataContractKeys(version);
  const identity = JSON.stringify([versionFingerprint(version, { keepJsonKeyOrder: true }), contract.metadata, contract.ruleSet]);
  return createHash('sha256').update(identity).digest('hex');
}
