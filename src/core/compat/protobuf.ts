import { createRequire } from 'node:module';
import type protobufTypes from 'protobufjs';
import type { Difference, FormatRules, ReadIssue, ResolvedSchema } from './types.js';

const load = createRequire(import.meta.url);
let protobuf: typeof protobufTypes | undefined;

/** One field, as the wire sees it. */
interface ProtoField {
  readonly name: string;
  readonly number: number;
  /** A scalar name (`int32`, `string`…), `message`, `enum` or `map`. */
  readonly kind: string;
  /** Full name of the message or enum type (scalar name otherwise). */
  readonly typeName: string;
  readonly rule: 'optional' | 'required' | 'repeated';
  /** The real oneof it belongs to (proto3 `optional`'s synthetic oneof does not count). */
  readonly oneof: string | null;
}

interface ProtoMessage {
  readonly fullName: string;
  readonly fields: readonly ProtoField[];
  readonly reserved: readonly (number[] | string)[];
  readonly nested: readonly ProtoMessage[];
  readonly enums: readonly ProtoEnum[];
}

interface ProtoEnum {
  readonly fullName: string;
  readonly values: Readonly<Record<string, number>>;
}

/** A parsed .proto file: its own top-level types, plus every message reachable (references included). */
interface ProtoFile {
  readonly package: string;
  readonly messages: readonly ProtoMessage[];
  readonly enums: readonly ProtoEnum[];
  readonly all: ReadonlyMap<string, ProtoMessage>;
}

/**
 * Protobuf rules: wire compatibility as Confluent's Protobuf checker and buf's breaking rules define
 * it, on protobufjs's parse. Fields are matched by number; a field's type may change only within one
 * wire-compatible group; a removed message, a required field added or removed, a field leaving or
 * crowding into a oneof, or a scalar turned repeated (or back) breaks the reader.
 */
export const protobufRules: FormatRules<ProtoFile> = {
  parse: parseProtobuf,
  readIssues: (reader, writer) => {
    const out: ReadIssue[] = [];
    if (reader.package !== writer.package)
      out.push(issue('package', 'package.changed', '', `package ${writer.package || '(none)'} → ${reader.package || '(none)'}`));
    out.push(...messagesIssues(reader.messages, writer.messages, reader, writer));
    return out;
  },
  describe: describeFile,
};

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

function parseProtobuf(resolved: ResolvedSchema): ProtoFile {
  protobuf ??= load('protobufjs') as typeof protobufTypes;
  const pb = protobuf;
  const root = new pb.Root();
  const main = pb.parse(resolved.schema, root, { keepCase: true });
  const own = new Set<protobufTypes.ReflectionObject>(
    root.nestedArray.flatMap(function all(o): protobufTypes.ReflectionObject[] {
      return [o, ...(o instanceof pb.Namespace ? o.nestedArray.flatMap(all) : [])];
    }),
  );
  for (const ref of resolved.references) pb.parse(ref.schema, root, { keepCase: true });
  try {
    root.resolveAll();
  } catch {
    // Well-known imports (google/protobuf/*) are not loaded; such fields keep their type name.
  }
  const all = new Map<string, ProtoMessage>();
  const toMessage = (type: protobufTypes.Type): ProtoMessage => {
    const message: ProtoMessage = {
      fullName: type.fullName.slice(1),
      fields: type.fieldsArray.map((f) => toField(pb, f)),
      reserved: type.reserved ?? [],
      nested: type.nestedArray.filter((n): n is protobufTypes.Type => n instanceof pb.Type).map(toMessage),
      enums: type.nestedArray.filter((n): n is protobufTypes.Enum => n instanceof pb.Enum).map(toEnum),
    };
    all.set(message.fullName, message);
    return message;
  };
  const topLevel = (root.lookup(main.package ?? '') as protobufTypes.Namespace | null) ?? root;
  const types = (main.package ? topLevel.nestedArray : root.nestedArray).filter((o) => own.has(o));
  const messages = types.filter((n): n is protobufTypes.Type => n instanceof pb.Type).map(toMessage);
  const enums = types.filter((n): n is protobufTypes.Enum => n instanceof pb.Enum).map(toEnum);
  // Messages of referenced files are needed to compare message-typed fields structurally.
  for (const type of root.nestedArray.flatMap(function all(o): protobufTypes.ReflectionObject[] {
    return [o, ...(o instanceof pb.Namespace && !(o instanceof pb.Type) ? o.nestedArray.flatMap(all) : [])];
  })) {
    if (type instanceof pb.Type && !all.has(type.fullName.slice(1))) toMessage(type);
  }
  return { package: main.package ?? '', messages, enums, all };
}

function toEnum(e: protobufTypes.Enum): ProtoEnum {
  return { fullName: e.fullName.slice(1), values: e.values };
}

function toField(pb: typeof protobufTypes, f: protobufTypes.Field): ProtoField {
  const resolved = f.resolvedType;
  const isMap = f instanceof pb.MapField;
  const kind = isMap ? 'map' : SCALARS.has(f.type) ? f.type : resolved instanceof pb.Enum ? 'enum' : 'message';
  const typeName = resolved ? resolved.fullName.slice(1) : f.type;
  const oneof = f.partOf && !(f.partOf.oneof.length === 1 && f.options?.proto3_optional) ? f.partOf.name : null;
  const rule = f.repeated || isMap ? 'repeated' : f.required ? 'required' : 'optional';
  return { name: f.name, number: f.id, kind, typeName: isMap ? `map<${(f as protobufTypes.MapField).keyType}, ${typeName}>` : typeName, rule, oneof };
}

function issue(key: string, type: string, path: string, message: string): ReadIssue {
  return { key, type, path, message };
}

// Kinds that share a wire type and read each other's values (Confluent's and buf's groups).
const WIRE_GROUPS = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool', 'enum'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];

function kindsCompatible(a: string, b: string): boolean {
  return a === b || WIRE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

/** Can a field typed `reader` read a value written as `writer`? Messages are compared field by field. */
function typesCompatible(reader: ProtoField, writer: ProtoField, rf: ProtoFile, wf: ProtoFile, seen = new Set<string>()): boolean {
  if (reader.kind !== writer.kind)
    return (
      reader.kind !== 'message' &&
      writer.kind !== 'message' &&
      reader.kind !== 'map' &&
      writer.kind !== 'map' &&
      !(reader.kind === 'enum' && writer.kind === 'enum') &&
      kindsCompatible(reader.kind, writer.kind)
    );
  // Enums are varints on the wire: one enum reads another's numbers (Confluent: both GENERAL_NUMBER).
  if (reader.kind === 'enum') return true;
  if (reader.kind === 'map') return reader.typeName === writer.typeName;
  if (reader.kind !== 'message' || reader.typeName === writer.typeName) return true;
  // Another message name is another type (Confluent's FIELD_NAMED_TYPE_CHANGED), whatever its shape.
  if (localName(reader.typeName, rf.package) !== localName(writer.typeName, wf.package)) return false;
  const pair = `${reader.typeName}:${writer.typeName}`;
  if (seen.has(pair)) return true;
  seen.add(pair);
  const [rm, wm] = [rf.all.get(reader.typeName), wf.all.get(writer.typeName)];
  if (!rm || !wm) return false;
  return wm.fields.every((w) => {
    const r = rm.fields.find((x) => x.number === w.number);
    return !r || typesCompatible(r, w, rf, wf, seen);
  });
}

/** A type's name without its file's package (`shop.Money` in package `shop` → `Money`). */
function localName(fullName: string, pkg: string): string {
  return pkg && fullName.startsWith(`${pkg}.`) ? fullName.slice(pkg.length + 1) : fullName;
}

function messagesIssues(readers: readonly ProtoMessage[], writers: readonly ProtoMessage[], rf: ProtoFile, wf: ProtoFile): ReadIssue[] {
  return writers.flatMap((w) => {
    const r = readers.find((m) => m.fullName === w.fullName);
    if (!r) return [issue(`message:${w.fullName}`, 'message.removed', w.fullName, `message ${w.fullName} is missing from the reader`)];
    return messageIssues(r, w, rf, wf);
  });
}

const LENIENT_LABEL = new Set(['string', 'bytes', 'message']);

function messageIssues(r: ProtoMessage, w: ProtoMessage, rf: ProtoFile, wf: ProtoFile): ReadIssue[] {
  const out: ReadIssue[] = [];
  const at = (f: ProtoField) => `${r.fullName}#${f.number}`;
  const say = (f: ProtoField, type: string, text: string) => out.push(issue(`field:${at(f)}`, type, at(f), `field \`${f.name}\` (number ${f.number}) ${text}`));
  for (const rField of r.fields) {
    const wField = w.fields.find((f) => f.number === rField.number);
    if (!wField) {
      if (rField.rule === 'required') say(rField, 'field.required-added', 'is required by the reader and absent from the writer');
      continue;
    }
    if (!typesCompatible(rField, wField, rf, wf)) say(rField, 'field.type-incompatible', `written as ${wField.typeName} cannot be read as ${rField.typeName}`);
    if (wField.rule !== rField.rule) {
      const lenient = LENIENT_LABEL.has(wField.kind) && LENIENT_LABEL.has(rField.kind);
      if (rField.rule === 'required') say(rField, 'field.made-required', 'changed from optional to required');
      else if ((wField.rule === 'repeated') !== (rField.rule === 'repeated') && !lenient && wField.kind !== 'map' && rField.kind !== 'map')
        say(rField, 'field.label-changed', `changed from ${wField.rule} to ${rField.rule}`);
    }
    if (wField.oneof && !rField.oneof) say(rField, 'field.left-oneof', `left oneof \`${wField.oneof}\``);
  }
  out.push(...movedIntoOneof(r, w));
  for (const wField of w.fields.filter((f) => !r.fields.some((x) => x.number === f.number))) {
    if (wField.rule === 'required') say(wField, 'field.required-removed', 'is required by the writer and absent from the reader');
    else if (wField.oneof) say(wField, 'field.oneof-field-removed', `removed from oneof \`${wField.oneof}\``);
  }
  out.push(...messagesIssues(r.nested, w.nested, rf, wf));
  return out;
}

/** Fields that were outside any oneof and are now inside one: several at once, or one joining old members. */
function movedIntoOneof(r: ProtoMessage, w: ProtoMessage): ReadIssue[] {
  const moved = new Map<string, ProtoField[]>();
  for (const f of r.fields) {
    const before = w.fields.find((x) => x.number === f.number);
    if (f.oneof && before && !before.oneof) moved.set(f.oneof, [...(moved.get(f.oneof) ?? []), f]);
  }
  return [...moved].flatMap(([oneof, fields]): ReadIssue[] => {
    if (fields.length > 1)
      return [
        issue(
          `oneof:${r.fullName}.${oneof}`,
          'oneof.fields-moved-in',
          `${r.fullName}.${oneof}`,
          `fields ${fields.map((f) => `\`${f.name}\``).join(', ')} moved together into oneof \`${oneof}\``,
        ),
      ];
    const [field] = fields as [ProtoField];
    const joinsOld = r.fields.some((f) => f.oneof === oneof && f !== field && w.fields.some((x) => x.number === f.number));
    const at = `${r.fullName}#${field.number}`;
    return joinsOld
      ? [issue(`field:${at}`, 'field.moved-into-oneof', at, `field \`${field.name}\` (number ${field.number}) moved into existing oneof \`${oneof}\``)]
      : [];
  });
}

function describeFile(older: ProtoFile, newer: ProtoFile): Difference[] {
  const out: Difference[] = [];
  if (older.package !== newer.package) out.push(issue('package', 'package.changed', '', `package ${older.package || '(none)'} → ${newer.package || '(none)'}`));
  out.push(...describeMessages(older.messages, newer.messages, older, newer));
  out.push(...describeEnums(older.enums, newer.enums));
  return out;
}

function describeMessages(olders: readonly ProtoMessage[], newers: readonly ProtoMessage[], of: ProtoFile, nf: ProtoFile): Difference[] {
  const out: Difference[] = [];
  const added = newers.filter((n) => !olders.some((o) => o.fullName === n.fullName));
  for (const o of olders) {
    const n = newers.find((m) => m.fullName === o.fullName);
    if (n) {
      out.push(...describeMessage(o, n, of, nf));
      continue;
    }
    const twin = added.find((a) => sameShape(a, o));
    out.push(
      issue(
        `message:${o.fullName}`,
        twin ? 'message.renamed' : 'message.removed',
        o.fullName,
        twin ? `message ${o.fullName} renamed to ${twin.fullName} (a rename removes the old name)` : `message ${o.fullName} removed`,
      ),
    );
  }
  for (const n of added) out.push(issue(`message:${n.fullName}`, 'message.added', n.fullName, `message ${n.fullName} added`));
  return out;
}

const sameShape = (a: ProtoMessage, b: ProtoMessage) =>
  JSON.stringify(a.fields.map((f) => [f.number, f.kind, f.rule])) === JSON.stringify(b.fields.map((f) => [f.number, f.kind, f.rule]));

function isReserved(m: ProtoMessage, f: ProtoField): boolean {
  return m.reserved.some((r) => (typeof r === 'string' ? r === f.name : f.number >= r[0]! && f.number <= r[1]!));
}

function describeMessage(o: ProtoMessage, n: ProtoMessage, of: ProtoFile, nf: ProtoFile): Difference[] {
  const out: Difference[] = [];
  const at = (f: ProtoField) => `${n.fullName}#${f.number}`;
  const say = (f: ProtoField, type: string, text: string, key = `field:${at(f)}`) => out.push(issue(key, type, at(f), text));
  for (const nField of n.fields) {
    const oField = o.fields.find((f) => f.number === nField.number);
    if (!oField) {
      say(
        nField,
        'field.added',
        `field \`${nField.name}\` (number ${nField.number}, ${nField.typeName}${nField.rule === 'optional' ? '' : `, ${nField.rule}`}) added`,
      );
      continue;
    }
    const typeChanged =
      oField.typeName !== nField.typeName &&
      !(
        oField.kind === 'message' &&
        typesCompatible(nField, oField, nf, of) &&
        typesCompatible(oField, nField, of, nf) &&
        oField.typeName.split('.').pop() === nField.typeName.split('.').pop()
      );
    if (oField.name !== nField.name && (typeChanged || oField.kind !== nField.kind))
      say(nField, 'field.number-reused', `field number ${nField.number} reused: \`${oField.name}\` ${oField.typeName} → \`${nField.name}\` ${nField.typeName}`);
    else {
      if (oField.name !== nField.name)
        say(nField, 'field.renamed', `field \`${oField.name}\` (number ${nField.number}) renamed to \`${nField.name}\``, `field-name:${at(nField)}`);
      if (typeChanged) say(nField, 'field.type-changed', `field \`${nField.name}\` (number ${nField.number}) type ${oField.typeName} → ${nField.typeName}`);
    }
    if (oField.rule !== nField.rule) say(nField, 'field.label-changed', `field \`${nField.name}\` (number ${nField.number}) ${oField.rule} → ${nField.rule}`);
    if (oField.oneof !== nField.oneof)
      say(
        nField,
        'field.oneof-changed',
        `field \`${nField.name}\` (number ${nField.number}) ${oField.oneof ? `left oneof \`${oField.oneof}\`` : 'was in no oneof'}${nField.oneof ? `, now in oneof \`${nField.oneof}\`` : ''}`,
      );
  }
  const movedIn = new Map<string, string[]>();
  for (const f of n.fields)
    if (f.oneof && o.fields.some((x) => x.number === f.number && !x.oneof)) movedIn.set(f.oneof, [...(movedIn.get(f.oneof) ?? []), f.name]);
  for (const [oneof, names] of movedIn)
    if (names.length > 1)
      out.push(
        issue(
          `oneof:${n.fullName}.${oneof}`,
          'oneof.fields-moved-in',
          `${n.fullName}.${oneof}`,
          `fields ${names.map((x) => `\`${x}\``).join(', ')} moved together into oneof \`${oneof}\``,
        ),
      );
  for (const oField of o.fields.filter((f) => !n.fields.some((x) => x.number === f.number))) {
    const reserved = isReserved(n, oField) ? `number ${oField.number} reserved` : `number ${oField.number} not reserved, so it can be reused later`;
    say(
      oField,
      'field.removed',
      `field \`${oField.name}\` (number ${oField.number}${oField.rule === 'required' ? ', required' : ''}${oField.oneof ? `, in oneof \`${oField.oneof}\`` : ''}) removed (${reserved})`,
      `field:${n.fullName}#${oField.number}`,
    );
  }
  out.push(...describeMessages(o.nested, n.nested, of, nf));
  out.push(...describeEnums(o.enums, n.enums));
  return out;
}

function describeEnums(olders: readonly ProtoEnum[], newers: readonly ProtoEnum[]): Difference[] {
  const out: Difference[] = [];
  for (const o of olders) {
    const n = newers.find((e) => e.fullName === o.fullName);
    if (!n) {
      out.push(issue(`enum:${o.fullName}`, 'enum.removed', o.fullName, `enum ${o.fullName} removed`));
      continue;
    }
    // Unknown enum numbers survive on the wire (proto3 keeps them), so value changes never break a reader.
    for (const [name, number] of Object.entries(n.values))
      if (!(name in o.values))
        out.push(issue(`enum:${o.fullName}.${name}`, 'enum.value-added', o.fullName, `enum value \`${name}\` (${number}) added to ${o.fullName}`));
    for (const [name, number] of Object.entries(o.values))
      if (!(name in n.values))
        out.push(
          issue(
            `enum:${o.fullName}.${name}`,
            'enum.value-removed',
            o.fullName,
            `enum value \`${name}\` (${number}) removed from ${o.fullName} (readers see the number as unknown)`,
          ),
        );
  }
  for (const n of newers.filter((e) => !olders.some((o) => o.fullName === e.fullName)))
    out.push(issue(`enum:${n.fullName}`, 'enum.added', n.fullName, `enum ${n.fullName} added`));
  return out;
}
