import { createRequire } from 'node:module';
import type avroTypes from 'avsc';

// avsc is loaded on first validation only: most commands never validate, and loading it costs startup time.
const load = createRequire(import.meta.url);
let avsc: typeof avroTypes | undefined;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);

/** Attributes written first, in this order; anything else (custom properties) follows, sorted by key. */
const NAMED_ORDER = ['type', 'name', 'doc', 'aliases', 'fields', 'symbols', 'size', 'default', 'logicalType', 'precision', 'scale'];
const COMPLEX_ORDER = ['type', 'items', 'values', 'logicalType', 'precision', 'scale'];
const FIELD_ORDER = ['name', 'doc', 'type', 'default', 'order', 'aliases'];

/** A parsed JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The canonical text of an Avro schema: names fully qualified (the `namespace` attribute folded
 * into the name), attributes in a fixed order, no whitespace; field order, defaults, docs, aliases
 * and custom properties kept (they are part of a schema's identity on Confluent).
 * Throws when the text is not JSON; with `validate`, also when avsc rejects the schema.
 * Comparison skips avsc: it compiles code per record type, ~0.3 ms a schema, too slow for 60,000.
 */
export function normalizeAvro(text: string, options: { validate?: boolean } = {}): string {
  const parsed = JSON.parse(text) as Json;
  if (options.validate) validateWithAvsc(parsed);
  return JSON.stringify(canonical(parsed, ''));
}

/**
 * avsc parses the schema fully (names, unions, defaults). Names defined in referenced subjects are
 * unknown here: each is stood in for by a placeholder type, and parsing is retried.
 */
function validateWithAvsc(schema: Json): void {
  avsc ??= load('avsc') as typeof avroTypes;
  const avro = avsc;
  const registry: Record<string, avroTypes.Type> = {};
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    try {
      avro.Type.forSchema(schema as avroTypes.Schema, { registry: { ...registry } });
      return;
    } catch (error) {
      const unknown = /^undefined type name: (\S+)$/.exec(error instanceof Error ? error.message : '');
      if (!unknown || registry[unknown[1]!]) throw error;
      registry[unknown[1]!] = avro.Type.forSchema('string');
    }
  }
}

function fullName(name: string, namespace: string): string {
  if (name.includes('.') || PRIMITIVES.has(name)) return name;
  return namespace ? `${namespace}.${name}` : name;
}

function canonical(schema: Json, namespace: string): Json {
  if (typeof schema === 'string') return fullName(schema, namespace);
  if (Array.isArray(schema)) return schema.map((branch) => canonical(branch, namespace));
  if (schema === null || typeof schema !== 'object') return schema;
  const type = schema.type;
  if (typeof type !== 'string' && type !== undefined) {
    // `{"type": {...}}` or `{"type": [...]}`: a wrapper around a schema.
    const rest = Object.keys(schema).filter((key) => key !== 'type');
    if (rest.length === 0) return canonical(type, namespace);
  }
  if (typeof type === 'string' && NAMED.has(type)) return canonicalNamed(schema, type, namespace);
  if (typeof type === 'string' && PRIMITIVES.has(type) && Object.keys(schema).length === 1) return type;
  const out: Record<string, Json> = {};
  for (const [key, value] of orderedEntries(schema, COMPLEX_ORDER)) {
    out[key] = key === 'type' || key === 'items' || key === 'values' ? canonical(value, namespace) : sortKeys(value);
  }
  return out;
}

function canonicalNamed(schema: { [key: string]: Json }, type: string, namespace: string): Json {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a name is a string in valid Avro; anything else is shown as given
  const name = fullName(String(schema.name ?? ''), typeof schema.namespace === 'string' ? schema.namespace : namespace);
  const inner = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
  const out: Record<string, Json> = {};
  for (const [key, value] of orderedEntries(schema, NAMED_ORDER)) {
    if (key === 'namespace') continue;
    if (key === 'type') out.type = type;
    else if (key === 'name') out.name = name;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- aliases are strings in valid Avro
    else if (key === 'aliases' && Array.isArray(value)) out.aliases = value.map((alias) => fullName(String(alias), inner));
    else if (key === 'fields' && Array.isArray(value)) out.fields = value.map((field) => canonicalField(field, inner));
    else out[key] = sortKeys(value);
  }
  return out;
}

function canonicalField(field: Json, namespace: string): Json {
  if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
  const out: Record<string, Json> = {};
  for (const [key, value] of orderedEntries(field, FIELD_ORDER)) {
    if (key === 'type') out.type = canonical(value, namespace);
    else if (key === 'order' && value === 'ascending')
      continue; // the default sort order, same meaning when omitted
    else out[key] = sortKeys(value);
  }
  return out;
}

function orderedEntries(object: { [key: string]: Json }, order: readonly string[]): Array<[string, Json]> {
  const known = order.filter((key) => key in object).map((key): [string, Json] => [key, object[key]!]);
  const rest = Object.keys(object)
    .filter((key) => !order.includes(key))
    .sort()
    .map((key): [string, Json] => [key, object[key]!]);
  return [...known, ...rest];
}

/** JSON with object keys sorted recursively (arrays keep their order). */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
  return out;
}
