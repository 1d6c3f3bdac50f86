import { messageOf } from '../errors.js';
import { createRequire } from 'node:module';
import type avroTypes from 'avsc';
import type { Difference, FormatRules, ReadIssue, ResolvedSchema } from './types.js';

const load = createRequire(import.meta.url);
let avsc: typeof avroTypes | undefined;

/** The parts of an avsc type the rules read (avsc's typings do not expose them all). */
interface AvroType {
  readonly typeName: string;
  readonly name?: string;
  readonly aliases?: readonly string[];
  readonly fields?: readonly AvroField[];
  readonly symbols?: readonly string[];
  readonly default?: string;
  readonly itemsType?: AvroType;
  readonly valuesType?: AvroType;
  readonly types?: readonly AvroType[];
  schema(): unknown;
  createResolver(writer: AvroType): unknown;
}

interface AvroField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly type: AvroType;
  defaultValue(): unknown;
}

/**
 * Avro rules: reader/writer schema resolution as the Avro specification defines it, done by avsc's
 * `createResolver` (named types, aliases, unions, defaults, enum defaults, promotions). Logical types
 * are read as their underlying types, as the specification's resolution rules (and Confluent) do.
 */
export const avroRules: FormatRules<AvroType> = {
  parse: parseAvro,
  readIssues(reader, writer) {
    try {
      reader.createResolver(writer);
      return [];
    } catch (error) {
      // avsc says only that resolution failed; the walk names the field and the rule.
      const issues = walkIssues(reader, writer, '', new Set());
      return issues.length ? issues : [issue('type:', 'schema.unreadable', '', `the writer schema cannot be read: ${messageOf(error)}`)];
    }
  },
  describe: (older, newer) => describeChanges(older, newer, '', new Set()),
};

/** Parses the references first (dependencies first) into one registry of named types, then the schema. */
function parseAvro(resolved: ResolvedSchema): AvroType {
  avsc ??= load('avsc') as typeof avroTypes;
  const registry: Record<string, avroTypes.Type> = {};
  const options = { registry, wrapUnions: true } as const;
  for (const ref of resolved.references) avsc.Type.forSchema(JSON.parse(ref.schema) as avroTypes.Schema, options);
  return avsc.Type.forSchema(JSON.parse(resolved.schema) as avroTypes.Schema, options);
}

function issue(key: string, type: string, path: string, message: string): ReadIssue {
  return { key, type, path, message };
}

function namesMatch(reader: AvroType, writer: AvroType): boolean {
  return !writer.name || reader.name === writer.name || Boolean(reader.aliases?.includes(writer.name));
}

function canRead(reader: AvroType, writer: AvroType): string | null {
  try {
    reader.createResolver(writer);
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

/** Where exactly resolution fails: record fields by name or alias, enum symbols, then avsc for the rest. */
function walkIssues(reader: AvroType, writer: AvroType, path: string, seen: Set<string>): ReadIssue[] {
  const kind = `${reader.typeName}/${writer.typeName}`;
  if (kind === 'record/record' && namesMatch(reader, writer)) {
    const pair = `${reader.name}:${writer.name}`;
    if (seen.has(pair)) return [];
    seen.add(pair);
    return reader.fields!.flatMap((field) => {
      const names = [field.name, ...field.aliases];
      const match = writer.fields!.find((w) => names.includes(w.name));
      const at = `${path}.${field.name}`;
      if (match) return walkIssues(field.type, match.type, at, seen);
      if (field.defaultValue() !== undefined) return [];
      return [issue(`field:${at}`, 'field.no-default', at, `reader field \`${field.name}\` has no default and the writer has no such field`)];
    });
  }
  if (kind === 'enum/enum' && namesMatch(reader, writer)) {
    const unknown = writer.symbols!.filter((s) => !reader.symbols!.includes(s));
    if (unknown.length === 0 || reader.default !== undefined) return [];
    return unknown.map((s) =>
      issue(`enum:${path}:${s}`, 'enum.symbol-unknown', path, `writer symbol \`${s}\` is unknown to the reader enum, which has no default`),
    );
  }
  if (kind === 'array/array') return walkIssues(reader.itemsType!, writer.itemsType!, `${path}[]`, seen);
  if (kind === 'map/map') return walkIssues(reader.valuesType!, writer.valuesType!, `${path}{}`, seen);
  const failure = canRead(reader, writer);
  return failure === null ? [] : [issue(`type:${path}`, 'type.unreadable', path, `${show(writer)} cannot be read as ${show(reader)}`)];
}

/** A short name of a type for messages: `int`, `array<string>`, `[null, string]`, `com.acme.Order`. */
export function show(type: AvroType): string {
  if (type.name) return type.name;
  if (type.typeName === 'array') return `array<${show(type.itemsType!)}>`;
  if (type.typeName === 'map') return `map<${show(type.valuesType!)}>`;
  if (type.types) return `[${type.types.map(show).join(', ')}]`;
  return type.typeName.replace(/^logical:/, '');
}

const sameType = (a: AvroType, b: AvroType) => JSON.stringify(a.schema()) === JSON.stringify(b.schema());

function describeChanges(older: AvroType, newer: AvroType, path: string, seen: Set<string>): Difference[] {
  const kind = `${older.typeName}/${newer.typeName}`;
  if (kind === 'record/record') return describeRecord(older, newer, path, seen);
  if (kind === 'enum/enum') return describeEnum(older, newer, path);
  if (kind === 'array/array') return describeChanges(older.itemsType!, newer.itemsType!, `${path}[]`, seen);
  if (kind === 'map/map') return describeChanges(older.valuesType!, newer.valuesType!, `${path}{}`, seen);
  if (older.types && newer.types && older.types.map(show).join() === newer.types.map(show).join()) {
    // The same branches: what changed is inside a named branch (a record of the union, possibly recursive).
    return older.types.flatMap((branch, i) => describeChanges(branch, newer.types![i]!, path, seen));
  }
  if (sameType(older, newer)) return [];
  return [issue(`type:${path}`, 'type.changed', path, `${path ? `field \`${path.slice(1)}\` ` : ''}type ${show(older)} → ${show(newer)}`)];
}

function describeRecord(older: AvroType, newer: AvroType, path: string, seen: Set<string>): Difference[] {
  const pair = `${older.name}:${newer.name}`;
  if (seen.has(pair)) return [];
  seen.add(pair);
  const out: Difference[] = [];
  if (older.name !== newer.name) {
    const aliased = newer.aliases?.includes(older.name!);
    out.push(issue(`type:${path}`, 'record.renamed', path, `record ${older.name} renamed to ${newer.name}${aliased ? ' (old name kept as an alias)' : ''}`));
  }
  const matched = new Set<string>();
  for (const field of newer.fields!) {
    const at = `${path}.${field.name}`;
    const match = older.fields!.find((o) => o.name === field.name) ?? older.fields!.find((o) => field.aliases.includes(o.name));
    if (!match) {
      const withDefault = field.defaultValue() !== undefined;
      out.push(issue(`field:${at}`, 'field.added', at, `field \`${field.name}\` added ${withDefault ? 'with' : 'without'} default`));
      continue;
    }
    matched.add(match.name);
    if (match.name !== field.name)
      out.push(issue(`field:${path}.${match.name}`, 'field.renamed', at, `field \`${match.name}\` renamed to \`${field.name}\` (alias kept)`));
    if (JSON.stringify(match.defaultValue()) !== JSON.stringify(field.defaultValue())) {
      out.push(
        issue(
          `default:${at}`,
          'field.default-changed',
          at,
          `default of field \`${field.name}\` ${describeDefault(match.defaultValue(), field.defaultValue())}`,
        ),
      );
    }
    out.push(...describeChanges(match.type, field.type, at, seen));
  }
  for (const field of older.fields!.filter((o) => !matched.has(o.name))) {
    const at = `${path}.${field.name}`;
    out.push(issue(`field:${at}`, 'field.removed', at, `field \`${field.name}\` removed (it had ${field.defaultValue() !== undefined ? 'a' : 'no'} default)`));
  }
  return out;
}

function describeDefault(before: unknown, after: unknown): string {
  if (before === undefined) return `added (${JSON.stringify(after)})`;
  if (after === undefined) return `removed (was ${JSON.stringify(before)})`;
  return `changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
}

function describeEnum(older: AvroType, newer: AvroType, path: string): Difference[] {
  const out: Difference[] = [];
  if (older.name !== newer.name) out.push(issue(`type:${path}`, 'enum.renamed', path, `enum ${older.name} renamed to ${newer.name}`));
  for (const s of newer.symbols!.filter((x) => !older.symbols!.includes(x)))
    out.push(issue(`enum:${path}:${s}`, 'enum.symbol-added', path, `enum symbol \`${s}\` added`));
  for (const s of older.symbols!.filter((x) => !newer.symbols!.includes(x)))
    out.push(issue(`enum:${path}:${s}`, 'enum.symbol-removed', path, `enum symbol \`${s}\` removed`));
  if (older.default !== newer.default)
    out.push(issue(`enum-default:${path}`, 'enum.default-changed', path, `enum default ${describeDefault(older.default, newer.default)}`));
  return out;
}
