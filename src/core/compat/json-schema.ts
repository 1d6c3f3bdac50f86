import type { Difference, FormatRules, ReadIssue, ResolvedSchema } from './types.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

/**
 * JSON Schema rules, after Confluent's JSON Schema compatibility: a reader with a closed content
 * model (`additionalProperties: false`) breaks when a property it knew disappears; a property added
 * to an open content model breaks (old data may hold anything under that name); a new required
 * property, a narrowed type, a removed enum value or a tightened bound break the reader; integer
 * widens to number. `$ref`s are inlined (local definitions and referenced subjects).
 */
export const jsonSchemaRules: FormatRules<Schema> = {
  parse: parseJsonSchema,
  readIssues: (reader, writer) => {
    const out: ReadIssue[] = [];
    check(reader, writer, '', out);
    return out;
  },
  describe: (older, newer) => {
    const out: Difference[] = [];
    describe(older, newer, '', out);
    return out;
  },
};

function parseJsonSchema(resolved: ResolvedSchema): Schema {
  const external = new Map<string, Json>(resolved.references.map((r) => [r.name, JSON.parse(r.schema) as Json]));
  const root = JSON.parse(resolved.schema) as Json;
  if (typeof root === 'boolean') return root ? {} : { not: {} };
  if (!isObject(root)) throw new Error('a JSON Schema is an object or a boolean');
  return deref(root, root, external, 0) as Schema;
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Inlines `$ref`s (to a depth of 8, enough for real schemas; deeper recursion reads as `{}`). */
function deref(node: Json, root: Json, external: ReadonlyMap<string, Json>, depth: number): Json {
  if (Array.isArray(node)) return node.map((n) => deref(n, root, external, depth));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    if (depth > 8) return {};
    const [file, pointer = ''] = node.$ref.split('#');
    const base = file ? external.get(file) : root;
    const target = base === undefined ? undefined : follow(base, pointer);
    if (target === undefined) throw new Error(`cannot resolve $ref ${node.$ref}`);
    const { $ref: _ignored, ...rest } = node;
    const inlined = deref(target, file ? base! : root, external, depth + 1);
    return isObject(inlined) ? { ...inlined, ...(deref(rest, root, external, depth) as Schema) } : inlined;
  }
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : deref(v, root, external, depth)]),
  );
}

function follow(node: Json, pointer: string): Json | undefined {
  let at: Json | undefined = node;
  for (const part of pointer.split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    at = isObject(at) ? at[key] : Array.isArray(at) ? at[Number(key)] : undefined;
  }
  return at;
}

const issue = (key: string, type: string, path: string, message: string): ReadIssue => ({ key, type, path, message });
const where = (path: string) => path || '(root)';
const typesOf = (s: Schema): string[] | null =>
  typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type.filter((t): t is string => typeof t === 'string').sort() : null;
const props = (s: Schema): Schema => (isObject(s.properties) ? s.properties : {});
const required = (s: Schema): Set<string> => new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
const hasDefault = (s: Json | undefined) => isObject(s) && 'default' in s;
const isOpen = (s: Schema) => !('additionalProperties' in s) || s.additionalProperties === true;
const apSchema = (s: Schema): Schema | null => (isObject(s.additionalProperties) ? s.additionalProperties : null);
const OBJECT_KEYS = ['properties', 'required', 'patternProperties', 'additionalProperties'];
const ARRAY_KEYS = ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'];
const COMPOSITION = ['oneOf', 'anyOf', 'allOf'];
const has = (s: Schema, keys: readonly string[]) => keys.some((k) => k in s);

/** Bounds that narrow what is valid when raised (`min`) or lowered (`max`). */
const BOUNDS: readonly [string, 'min' | 'max'][] = [
  ['minLength', 'min'],
  ['maxLength', 'max'],
  ['minimum', 'min'],
  ['maximum', 'max'],
  ['exclusiveMinimum', 'min'],
  ['exclusiveMaximum', 'max'],
  ['minItems', 'min'],
  ['maxItems', 'max'],
  ['minProperties', 'min'],
  ['maxProperties', 'max'],
];

function readsNothingNew(reader: Schema, writer: Schema, path: string): boolean {
  const out: ReadIssue[] = [];
  check(reader, writer, path, out);
  return out.length === 0;
}

/** Why `reader` rejects data valid under `writer`, as Confluent's rules see it. */
function check(reader: Schema, writer: Schema, path: string, out: ReadIssue[]): void {
  if (has(reader, COMPOSITION) || has(writer, COMPOSITION)) {
    checkComposition(reader, writer, path, out);
    if (!('type' in reader) && !('type' in writer) && !has(reader, OBJECT_KEYS) && !has(writer, OBJECT_KEYS)) return;
  }
  const [rt, wt] = [typesOf(reader), typesOf(writer)];
  if (rt && wt && !wt.every((t) => rt.includes(t) || (t === 'integer' && rt.includes('number')))) {
    out.push(issue(`type:${path}`, 'type.narrowed', path, `${where(path)}: type ${wt.join('|')} cannot be read as ${rt.join('|')}`));
  }
  if (rt?.includes('object') || wt?.includes('object') || has(reader, OBJECT_KEYS) || has(writer, OBJECT_KEYS)) checkObject(reader, writer, path, out);
  if (rt?.includes('array') || wt?.includes('array') || has(reader, ARRAY_KEYS) || has(writer, ARRAY_KEYS)) checkArray(reader, writer, path, out);
  checkEnum(reader, writer, path, out);
  checkConstraints(reader, writer, path, out);
}

function checkObject(reader: Schema, writer: Schema, path: string, out: ReadIssue[]): void {
  const [rp, wp, rr, wr] = [props(reader), props(writer), required(reader), required(writer)];
  for (const name of Object.keys(wp).filter((n) => !(n in rp))) {
    const at = `${path}.${name}`;
    if (wp[name] === false || isOpen(reader) || (isObject(reader.patternProperties) && Object.keys(reader.patternProperties).length)) continue;
    const ap = apSchema(reader);
    if (ap && isObject(wp[name]) && readsNothingNew(ap, wp[name], at)) continue;
    out.push(issue(`prop:${at}`, 'property.removed-from-closed-model', at, `property \`${name}\` is not allowed by the reader's closed content model`));
  }
  for (const name of Object.keys(rp)) {
    const at = `${path}.${name}`;
    if (name in wp) {
      // A default fills it in (Confluent's REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED is compatible).
      if (rr.has(name) && !wr.has(name) && !hasDefault(rp[name]))
        out.push(issue(`required:${at}`, 'property.made-required', at, `property \`${name}\` is required by the reader and optional for the writer`));
      if (isObject(rp[name]) && isObject(wp[name])) check(rp[name], wp[name], at, out);
      continue;
    }
    if (rp[name] === true) continue;
    // An empty schema accepts whatever the open model held (Confluent: PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL).
    const isEmpty = isObject(rp[name]) && Object.keys(rp[name]).length === 0;
    if (isOpen(writer) && !(isEmpty && !rr.has(name)))
      out.push(
        issue(
          `prop:${at}`,
          'property.added-to-open-model',
          at,
          `property \`${name}\` is new to the reader, and the writer's open content model may already hold any value under that name`,
        ),
      );
    else if (rr.has(name) && !hasDefault(rp[name]))
      out.push(issue(`prop:${at}`, 'property.required-added', at, `property \`${name}\` is required by the reader and unknown to the writer`));
    else if (apSchema(writer) && isObject(rp[name]) && !readsNothingNew(rp[name], apSchema(writer)!, at))
      out.push(issue(`prop:${at}`, 'property.added-not-covered', at, `property \`${name}\` does not accept what the writer's additionalProperties allowed`));
  }
  const [rap, wap] = [reader.additionalProperties, writer.additionalProperties];
  if ((wap === undefined || wap === true) && rap === false)
    out.push(issue(`ap:${path}`, 'additional-properties.closed', path, `${where(path)}: additionalProperties closed by the reader`));
  if (isObject(rap) && isObject(wap)) check(rap, wap, `${path}{}`, out);
  else if (isObject(rap) && (wap === undefined || wap === true))
    out.push(issue(`ap:${path}`, 'additional-properties.narrowed', path, `${where(path)}: additionalProperties narrowed by the reader`));
}

function checkArray(reader: Schema, writer: Schema, path: string, out: ReadIssue[]): void {
  const [ri, wi] = [reader.items, writer.items];
  if (isObject(ri) && isObject(wi)) check(ri, wi, `${path}[]`, out);
  else if (isObject(ri) && wi === undefined)
    out.push(issue(`items:${path}`, 'items.added', path, `${where(path)}: the reader constrains items the writer left open`));
  else if (ri === false && wi !== false) out.push(issue(`items:${path}`, 'items.forbidden', path, `${where(path)}: the reader forbids items`));
  if (reader.uniqueItems === true && writer.uniqueItems !== true)
    out.push(issue(`constraint:${path}.uniqueItems`, 'constraint.tightened', path, `${where(path)}: uniqueItems required by the reader`));
}

function checkEnum(reader: Schema, writer: Schema, path: string, out: ReadIssue[]): void {
  const [re, we] = [reader.enum, writer.enum];
  if (Array.isArray(re) && !Array.isArray(we)) out.push(issue(`enum:${path}`, 'enum.added', path, `${where(path)}: the reader restricts values to an enum`));
  if (Array.isArray(re) && Array.isArray(we)) {
    const known = new Set(re.map((v) => JSON.stringify(v)));
    for (const v of we.filter((x) => !known.has(JSON.stringify(x))))
      out.push(issue(`enum:${path}:${JSON.stringify(v)}`, 'enum.value-unknown', path, `${where(path)}: enum value ${JSON.stringify(v)} unknown to the reader`));
  }
  if ('const' in reader && (!('const' in writer) || JSON.stringify(reader.const) !== JSON.stringify(writer.const)))
    out.push(issue(`const:${path}`, 'const.changed', path, `${where(path)}: the reader accepts only ${JSON.stringify(reader.const)}`));
}

function checkConstraints(reader: Schema, writer: Schema, path: string, out: ReadIssue[]): void {
  for (const [key, side] of BOUNDS) {
    const [r, w] = [reader[key], writer[key]];
    if (typeof r !== 'number') continue;
    if (typeof w !== 'number' || (side === 'min' ? r > w : r < w))
      out.push(
        issue(`constraint:${path}.${key}`, 'constraint.tightened', path, `${where(path)}: ${key} tightened (${typeof w === 'number' ? w : 'none'} → ${r})`),
      );
  }
  if (typeof reader.pattern === 'string' && reader.pattern !== writer.pattern)
    out.push(
      issue(`constraint:${path}.pattern`, 'constraint.tightened', path, `${where(path)}: pattern ${typeof writer.pattern === 'string' ? 'changed' : 'added'}`),
    );
  const [rm, wm] = [reader.multipleOf, writer.multipleOf];
  if (typeof rm === 'number' && rm !== 0 && (typeof wm !== 'number' || Math.abs(wm / rm - Math.round(wm / rm)) > 1e-9))
    out.push(
      issue(`constraint:${path}.multipleOf`, 'constraint.tightened', path, `${where(path)}: multipleOf ${typeof wm === 'number' ? 'changed' : 'added'}`),
    );
  if ('not' in reader && !('not' in writer)) out.push(issue(`constraint:${path}.not`, 'constraint.tightened', path, `${where(path)}: \`not\` added`));
}

/** oneOf/anyOf: every option the writer allowed needs an option of the reader that reads it; allOf: no new member. */
function checkComposition(reader: Schema, writer: Schema, path: string, out: ReadIssue[]): void {
  const options = (s: Schema): Schema[] => {
    const list = [...(Array.isArray(s.oneOf) ? s.oneOf : []), ...(Array.isArray(s.anyOf) ? s.anyOf : [])].filter(isObject);
    if (list.length) return list;
    return has(s, COMPOSITION) ? [] : [Object.fromEntries(Object.entries(s).filter(([k]) => !COMPOSITION.includes(k)))];
  };
  const [ro, wo] = [options(reader), options(writer)];
  if (ro.length && wo.length) {
    for (const w of wo)
      if (!ro.some((r) => readsNothingNew(r, w, path)))
        out.push(
          issue(`comp:${path}`, 'composition.option-unreadable', path, `${where(path)}: the writer's option ${JSON.stringify(w)} matches none of the reader's`),
        );
  }
  const [ra, wa] = [reader.allOf, writer.allOf].map((a) => (Array.isArray(a) ? a.map((x) => JSON.stringify(x)) : []));
  for (const member of ra!.filter((m) => !wa!.includes(m)))
    out.push(issue(`comp:${path}`, 'composition.all-of-added', path, `${where(path)}: allOf member ${member} added`));
}

/** Every semantic difference from `older` to `newer`, keyed like the read issues. */
function describe(older: Schema, newer: Schema, path: string, out: Difference[]): void {
  const [ot, nt] = [typesOf(older), typesOf(newer)];
  if (JSON.stringify(ot) !== JSON.stringify(nt))
    out.push(
      issue(`type:${path}`, 'type.changed', path, `${path ? `property \`${path.slice(1)}\` ` : ''}type ${ot?.join('|') ?? 'any'} → ${nt?.join('|') ?? 'any'}`),
    );
  const [op, np, or, nr] = [props(older), props(newer), required(older), required(newer)];
  for (const name of Object.keys(np)) {
    const at = `${path}.${name}`;
    if (!(name in op))
      out.push(
        issue(
          `prop:${at}`,
          'property.added',
          at,
          `property \`${at.slice(1)}\` added (${nr.has(name) ? 'required' : 'optional'}) to ${isOpen(older) ? 'an open' : 'a closed'} content model`,
        ),
      );
    else {
      if (nr.has(name) !== or.has(name))
        out.push(
          issue(
            `required:${at}`,
            nr.has(name) ? 'property.made-required' : 'property.made-optional',
            at,
            `property \`${at.slice(1)}\` ${nr.has(name) ? 'now required' : 'no longer required'}`,
          ),
        );
      if (isObject(op[name]) && isObject(np[name])) describe(op[name], np[name], at, out);
    }
  }
  for (const name of Object.keys(op).filter((n) => !(n in np)))
    out.push(
      issue(
        `prop:${path}.${name}`,
        'property.removed',
        `${path}.${name}`,
        `property \`${`${path}.${name}`.slice(1)}\` removed from ${isOpen(newer) ? 'an open' : 'a closed'} content model`,
      ),
    );
  if (JSON.stringify(older.additionalProperties) !== JSON.stringify(newer.additionalProperties)) {
    if (isObject(older.additionalProperties) && isObject(newer.additionalProperties))
      describe(older.additionalProperties, newer.additionalProperties, `${path}{}`, out);
    else
      out.push(
        issue(
          `ap:${path}`,
          'additional-properties.changed',
          path,
          `${where(path)}: additionalProperties ${show(older.additionalProperties)} → ${show(newer.additionalProperties)}`,
        ),
      );
  }
  if (isObject(older.items) && isObject(newer.items)) describe(older.items, newer.items, `${path}[]`, out);
  else if (JSON.stringify(older.items) !== JSON.stringify(newer.items))
    out.push(issue(`items:${path}`, 'items.changed', path, `${where(path)}: items ${show(older.items)} → ${show(newer.items)}`));
  describeEnum(older, newer, path, out);
  for (const key of [...BOUNDS.map(([k]) => k), 'pattern', 'multipleOf', 'not', 'uniqueItems']) {
    if (JSON.stringify(older[key]) !== JSON.stringify(newer[key]))
      out.push(issue(`constraint:${path}.${key}`, 'constraint.changed', path, `${where(path)}: ${key} ${show(older[key])} → ${show(newer[key])}`));
  }
  if (COMPOSITION.some((k) => JSON.stringify(older[k]) !== JSON.stringify(newer[k])))
    out.push(issue(`comp:${path}`, 'composition.changed', path, `${where(path)}: oneOf/anyOf/allOf changed`));
}

function describeEnum(older: Schema, newer: Schema, path: string, out: Difference[]): void {
  const [oe, ne] = [older.enum, newer.enum];
  if (Array.isArray(oe) && Array.isArray(ne)) {
    const [os, ns] = [new Set(oe.map((v) => JSON.stringify(v))), new Set(ne.map((v) => JSON.stringify(v)))];
    for (const v of ns) if (!os.has(v)) out.push(issue(`enum:${path}:${v}`, 'enum.value-added', path, `${where(path)}: enum value ${v} added`));
    for (const v of os) if (!ns.has(v)) out.push(issue(`enum:${path}:${v}`, 'enum.value-removed', path, `${where(path)}: enum value ${v} removed`));
  } else if (Array.isArray(oe) !== Array.isArray(ne)) {
    out.push(issue(`enum:${path}`, Array.isArray(ne) ? 'enum.added' : 'enum.removed', path, `${where(path)}: enum ${Array.isArray(ne) ? 'added' : 'removed'}`));
  }
  if (JSON.stringify(older.const) !== JSON.stringify(newer.const))
    out.push(issue(`const:${path}`, 'const.changed', path, `${where(path)}: const ${show(older.const)} → ${show(newer.const)}`));
}

const show = (v: Json | undefined) => (v === undefined ? '(none)' : JSON.stringify(v));
