// A generated corpus of schema evolutions (Avro, Protobuf, JSON Schema), deterministic from a seed.
// Each pair is { id, schemaType, kind, description, history: [older...], candidate }: a base schema and
// one or two mutations of it (fields added/removed with and without defaults, promotions, enum and
// union changes, nested records, Protobuf numbers and types, JSON properties, required and types).
// Used by scripts/bench/compat-agreement.mjs and the agreement integration test.

/** mulberry32: a small seeded PRNG, so the corpus is the same on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tools(seed) {
  const rnd = prng(seed);
  const int = (n) => Math.floor(rnd() * n);
  const pick = (list) => list[int(list.length)];
  return { rnd, int, pick };
}

const clone = (v) => JSON.parse(JSON.stringify(v));
/** `added`, or `added2`… when an earlier mutation of the same pair took the name. */
const fresh = (taken) => { let name = 'added'; for (let i = 2; taken.includes(name); i++) name = `added${i}`; return name; };
const avroName = (s) => fresh(s.fields.map((f) => f.name));

// ---------------------------------------------------------------- Avro
const AVRO_PRIMS = ['int', 'long', 'float', 'double', 'string', 'bytes', 'boolean'];
const AVRO_DEFAULTS = { int: 0, long: 0, float: 0, double: 0, string: '', bytes: '', boolean: false };
const AVRO_PROMOTIONS = [['int', 'long'], ['int', 'float'], ['int', 'double'], ['long', 'float'], ['long', 'double'], ['float', 'double'], ['string', 'bytes'], ['bytes', 'string']];

function avroBase(t, n) {
  const fields = [];
  const count = 3 + t.int(4);
  for (let i = 0; i < count; i++) {
    const roll = t.int(10);
    const name = `f${i}`;
    if (roll < 5) {
      const type = t.pick(AVRO_PRIMS);
      fields.push(t.int(2) ? { name, type } : { name, type, default: AVRO_DEFAULTS[type] });
    } else if (roll === 5) {
      fields.push({ name, type: { type: 'enum', name: `Status${n}x${i}`, symbols: ['NEW', 'PAID', 'SHIPPED', 'REFUNDED'].slice(0, 2 + t.int(3)), ...(t.int(3) === 0 ? { default: 'NEW' } : {}) } });
    } else if (roll === 6) {
      fields.push({ name, type: ['null', t.pick(['string', 'int', 'long'])], default: null });
    } else if (roll === 7) {
      fields.push({ name, type: { type: 'record', name: `Inner${n}x${i}`, fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'int', default: 0 }] } });
    } else if (roll === 8) {
      fields.push({ name, type: { type: 'array', items: t.pick(['int', 'string', 'long']) } });
    } else {
      fields.push({ name, type: { type: 'map', values: t.pick(['int', 'string', 'double']) } });
    }
  }
  return { type: 'record', name: `Rec${n}`, namespace: 'com.corpus', fields };
}

const AVRO_MUTATIONS = [
  ['field added with default', (s, t) => { const type = t.pick(AVRO_PRIMS); s.fields.push({ name: avroName(s), type, default: AVRO_DEFAULTS[type] }); }],
  ['field added without default', (s, t) => { s.fields.push({ name: avroName(s), type: t.pick(AVRO_PRIMS) }); }],
  ['nullable field added with null default', (s) => { s.fields.push({ name: avroName(s), type: ['null', 'string'], default: null }); }],
  ['field removed', (s, t) => { s.fields.splice(t.int(s.fields.length), 1); }],
  ['type promoted or changed', (s, t) => {
    const f = s.fields.find((x) => typeof x.type === 'string');
    if (!f) return false;
    const [from, to] = t.int(3) ? t.pick(AVRO_PROMOTIONS.filter(([a]) => a === f.type).concat(AVRO_PROMOTIONS.filter(([, b]) => b === f.type).map(([a, b]) => [b, a]))) ?? [f.type, 'string'] : [f.type, t.pick(AVRO_PRIMS)];
    if (from !== f.type) return false;
    f.type = to;
    if ('default' in f) f.default = AVRO_DEFAULTS[to];
  }],
  ['enum symbol added', (s) => { const f = s.fields.find((x) => x.type?.type === 'enum'); if (!f) return false; f.type.symbols.push('CANCELLED'); }],
  ['enum symbol removed', (s) => { const f = s.fields.find((x) => x.type?.type === 'enum' && x.type.symbols.length > 2); if (!f) return false; f.type.symbols.pop(); }],
  ['enum default added', (s) => { const f = s.fields.find((x) => x.type?.type === 'enum' && !('default' in x.type)); if (!f) return false; f.type.default = f.type.symbols[0]; }],
  ['field made nullable', (s) => { const f = s.fields.find((x) => typeof x.type === 'string'); if (!f) return false; f.type = ['null', f.type]; f.default = null; }],
  ['nullable field made required', (s) => { const f = s.fields.find((x) => Array.isArray(x.type)); if (!f) return false; f.type = f.type[1]; delete f.default; }],
  ['union branch added', (s) => { const f = s.fields.find((x) => Array.isArray(x.type)); if (!f) return false; f.type = [...f.type, f.type.includes('double') ? 'boolean' : 'double']; }],
  ['union branch removed', (s) => { const f = s.fields.find((x) => Array.isArray(x.type) && x.type.length > 2); if (!f) return false; f.type.pop(); }],
  ['nested record field added without default', (s) => { const f = s.fields.find((x) => x.type?.type === 'record'); if (!f) return false; f.type.fields.push({ name: 'c', type: 'long' }); }],
  ['nested record field added with default', (s) => { const f = s.fields.find((x) => x.type?.type === 'record'); if (!f) return false; f.type.fields.push({ name: 'c', type: 'long', default: 0 }); }],
  ['nested record field removed', (s) => { const f = s.fields.find((x) => x.type?.type === 'record'); if (!f) return false; f.type.fields.shift(); }],
  ['field renamed with alias', (s, t) => { const f = t.pick(s.fields); f.aliases = [f.name]; f.name = `${f.name}_renamed`; }],
  ['field renamed without alias', (s, t) => { const f = t.pick(s.fields); f.name = `${f.name}_renamed`; }],
  ['default added', (s) => { const f = s.fields.find((x) => typeof x.type === 'string' && !('default' in x)); if (!f) return false; f.default = AVRO_DEFAULTS[f.type]; }],
  ['default removed', (s) => { const f = s.fields.find((x) => 'default' in x); if (!f) return false; delete f.default; }],
  ['array items changed', (s, t) => { const f = s.fields.find((x) => x.type?.type === 'array'); if (!f) return false; f.type.items = t.pick(['long', 'string', 'double', 'int'].filter((x) => x !== f.type.items)); }],
  ['map values changed', (s, t) => { const f = s.fields.find((x) => x.type?.type === 'map'); if (!f) return false; f.type.values = t.pick(['long', 'string', 'double', 'int'].filter((x) => x !== f.type.values)); }],
  ['record renamed', (s) => { s.name = `${s.name}Renamed`; }],
  ['record renamed with alias', (s) => { s.aliases = [`com.corpus.${s.name}`]; s.name = `${s.name}Renamed`; }],
  ['logical type added', (s) => { const f = s.fields.find((x) => x.type === 'int' || x.type === 'long'); if (!f) return false; f.type = f.type === 'int' ? { type: 'int', logicalType: 'date' } : { type: 'long', logicalType: 'timestamp-millis' }; }],
];

// ---------------------------------------------------------------- Protobuf
const PB_SCALARS = ['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes', 'double', 'float'];

function protoBase(t, n) {
  const fields = [];
  const count = 3 + t.int(4);
  for (let i = 1; i <= count; i++) {
    const roll = t.int(8);
    if (roll < 5) fields.push({ name: `f${i}`, type: t.pick(PB_SCALARS), number: i, label: t.int(6) === 0 ? 'repeated' : '' });
    else if (roll === 5) fields.push({ name: `f${i}`, type: 'Status', number: i, label: '' });
    else if (roll === 6) fields.push({ name: `f${i}`, type: 'Inner', number: i, label: t.int(3) === 0 ? 'repeated' : '' });
    else fields.push({ name: `f${i}`, type: t.pick(['string', 'int32']), number: i, label: '', oneof: 'choice' });
  }
  return { pkg: `corpus.p${n % 7}`, name: `Msg${n}`, fields, reserved: [], status: ['STATUS_UNKNOWN', 'STATUS_NEW', 'STATUS_PAID'], inner: [{ name: 'a', type: 'string', number: 1 }, { name: 'b', type: 'int64', number: 2 }], extra: [] };
}

function protoText(m) {
  const field = (f) => `${f.label ? `${f.label} ` : ''}${f.type} ${f.name} = ${f.number};`;
  const plain = m.fields.filter((f) => !f.oneof);
  const oneofs = [...new Set(m.fields.filter((f) => f.oneof).map((f) => f.oneof))];
  const body = [
    ...(m.reserved.length ? [`reserved ${m.reserved.join(', ')};`] : []),
    ...plain.map(field),
    ...oneofs.map((o) => `oneof ${o} { ${m.fields.filter((f) => f.oneof === o).map(field).join(' ')} }`),
    `enum Status { ${m.status.map((s, i) => `${s} = ${i};`).join(' ')} }`,
    `message Inner { ${m.inner.map(field).join(' ')} }`,
  ];
  const extra = m.extra.map((e) => `message ${e} { string id = 1; }`).join('\n');
  return `syntax = "proto3";\npackage ${m.pkg};\n\nmessage ${m.name} {\n  ${body.join('\n  ')}\n}\n${extra}`;
}

const nextNumber = (m) => Math.max(0, ...m.fields.map((f) => f.number), ...m.reserved) + 1;
const PB_MUTATIONS = [
  ['field added', (m, t) => { m.fields.push({ name: fresh(m.fields.map((f) => f.name)), type: t.pick(PB_SCALARS), number: nextNumber(m), label: '' }); }],
  ['field removed', (m, t) => { const f = m.fields.splice(t.int(m.fields.length), 1)[0]; if (!f) return false; }],
  ['field removed with number reserved', (m, t) => { const [f] = m.fields.splice(t.int(m.fields.length), 1); if (!f) return false; m.reserved.push(f.number); }],
  ['type changed within a wire group', (m, t) => {
    const groups = [['int32', 'int64', 'uint32', 'uint64', 'bool'], ['sint32', 'sint64'], ['fixed32', 'sfixed32'], ['fixed64', 'sfixed64'], ['string', 'bytes']];
    const f = m.fields.find((x) => groups.some((g) => g.includes(x.type)));
    if (!f) return false;
    f.type = t.pick(groups.find((g) => g.includes(f.type)).filter((x) => x !== f.type));
  }],
  ['type changed across wire types', (m, t) => { const f = m.fields.find((x) => PB_SCALARS.includes(x.type)); if (!f) return false; f.type = t.pick(PB_SCALARS.filter((x) => x !== f.type)); }],
  ['scalar changed to enum', (m) => { const f = m.fields.find((x) => x.type === 'int32' || x.type === 'string'); if (!f) return false; f.type = 'Status'; }],
  ['scalar changed to message', (m) => { const f = m.fields.find((x) => PB_SCALARS.includes(x.type)); if (!f) return false; f.type = 'Inner'; }],
  ['field renamed', (m, t) => { const f = t.pick(m.fields); f.name = `${f.name}_renamed`; if (m.fields.filter((x) => x.name === f.name).length > 1) f.name += '2'; }],
  ['field number reused for another field', (m, t) => { const f = t.pick(m.fields); f.name = fresh(m.fields.map((x) => x.name)).replace('added', 'reused'); f.type = f.type === 'string' ? 'int64' : 'string'; }],
  ['field made repeated', (m) => { const f = m.fields.find((x) => !x.label && !x.oneof); if (!f) return false; f.label = 'repeated'; }],
  ['repeated field made singular', (m) => { const f = m.fields.find((x) => x.label === 'repeated'); if (!f) return false; f.label = ''; }],
  ['field moved into a new oneof', (m) => { const f = m.fields.find((x) => !x.label && !x.oneof); if (!f) return false; f.oneof = 'moved'; }],
  ['two fields moved into a new oneof', (m) => { const fs = m.fields.filter((x) => !x.label && !x.oneof).slice(0, 2); if (fs.length < 2) return false; for (const f of fs) f.oneof = 'moved'; }],
  ['field moved into an existing oneof', (m) => { const f = m.fields.find((x) => !x.label && !x.oneof); if (!f || !m.fields.some((x) => x.oneof === 'choice')) return false; f.oneof = 'choice'; }],
  ['field taken out of a oneof', (m) => { const f = m.fields.find((x) => x.oneof); if (!f) return false; delete f.oneof; }],
  ['oneof field removed', (m) => { const i = m.fields.findIndex((x) => x.oneof); if (i < 0) return false; m.fields.splice(i, 1); }],
  ['enum value added', (m) => { m.status.push(`STATUS_X${m.status.length}`); }],
  ['enum value removed', (m) => { m.status.pop(); }],
  ['message renamed', (m) => { m.name = `${m.name}Renamed`; }],
  ['message added', (m) => { m.extra.push('Added'); }],
  ['nested message field type changed', (m, t) => { m.inner[1].type = t.pick(['string', 'int32', 'double', 'sint64']); }],
  ['nested message field added', (m) => { m.inner.push({ name: 'c', type: 'bool', number: 3 }); }],
  ['package changed', (m) => { m.pkg = `${m.pkg}.v2`; }],
];

// ---------------------------------------------------------------- JSON Schema
const JSON_TYPES = ['string', 'integer', 'number', 'boolean'];

function jsonBase(t) {
  const properties = {};
  const required = [];
  const count = 3 + t.int(4);
  for (let i = 0; i < count; i++) {
    const name = `p${i}`;
    const roll = t.int(9);
    if (roll < 5) properties[name] = { type: t.pick(JSON_TYPES) };
    else if (roll === 5) properties[name] = { type: 'string', enum: ['a', 'b', 'c'].slice(0, 2 + t.int(2)) };
    else if (roll === 6) properties[name] = { type: 'array', items: { type: t.pick(JSON_TYPES) } };
    else if (roll === 7) properties[name] = { type: 'object', properties: { x: { type: 'string' }, y: { type: 'integer' } }, ...(t.int(2) ? { additionalProperties: false } : {}) };
    else properties[name] = { type: 'string', maxLength: 10 + t.int(20) };
    if (t.int(3) === 0) required.push(name);
  }
  const model = t.int(3);
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties, ...(required.length ? { required } : {}), ...(model === 0 ? { additionalProperties: false } : model === 1 ? { additionalProperties: true } : {}) };
}

const someProp = (s, t, test = () => true) => { const names = Object.keys(s.properties).filter((n) => test(s.properties[n], n)); return names.length ? t.pick(names) : null; };
const JSON_MUTATIONS = [
  ['optional property added', (s, t) => { s.properties[fresh(Object.keys(s.properties))] = { type: t.pick(JSON_TYPES) }; }],
  ['required property added', (s, t) => { const name = fresh(Object.keys(s.properties)); s.properties[name] = { type: t.pick(JSON_TYPES) }; s.required = [...(s.required ?? []), name]; }],
  ['property removed', (s, t) => { const n = someProp(s, t); delete s.properties[n]; if (s.required) s.required = s.required.filter((r) => r !== n); if (s.required?.length === 0) delete s.required; }],
  ['type widened integer to number', (s, t) => { const n = someProp(s, t, (p) => p.type === 'integer'); if (!n) return false; s.properties[n].type = 'number'; }],
  ['type narrowed number to integer', (s, t) => { const n = someProp(s, t, (p) => p.type === 'number'); if (!n) return false; s.properties[n].type = 'integer'; }],
  ['type changed', (s, t) => { const n = someProp(s, t, (p) => JSON_TYPES.includes(p.type) && !p.enum && !p.maxLength); if (!n) return false; s.properties[n].type = t.pick(JSON_TYPES.filter((x) => x !== s.properties[n].type)); }],
  ['type made nullable', (s, t) => { const n = someProp(s, t, (p) => JSON_TYPES.includes(p.type)); if (!n) return false; s.properties[n].type = [s.properties[n].type, 'null']; }],
  ['property made required', (s, t) => { const n = someProp(s, t, (_p, name) => !(s.required ?? []).includes(name)); if (!n) return false; s.required = [...(s.required ?? []), n]; }],
  ['property made optional', (s, t) => { if (!s.required?.length) return false; s.required.pop(); if (!s.required.length) delete s.required; }],
  ['enum value added', (s, t) => { const n = someProp(s, t, (p) => p.enum); if (!n) return false; s.properties[n].enum.push('z'); }],
  ['enum value removed', (s, t) => { const n = someProp(s, t, (p) => p.enum); if (!n) return false; s.properties[n].enum.shift(); }],
  ['enum added', (s, t) => { const n = someProp(s, t, (p) => p.type === 'string' && !p.enum); if (!n) return false; s.properties[n].enum = ['a', 'b']; }],
  ['content model closed', (s) => { if (s.additionalProperties === false) return false; s.additionalProperties = false; }],
  ['content model opened', (s) => { if (s.additionalProperties !== false) return false; delete s.additionalProperties; }],
  ['maxLength tightened', (s, t) => { const n = someProp(s, t, (p) => p.maxLength); if (!n) return false; s.properties[n].maxLength -= 5; }],
  ['maxLength relaxed', (s, t) => { const n = someProp(s, t, (p) => p.maxLength); if (!n) return false; s.properties[n].maxLength += 5; }],
  ['minimum added', (s, t) => { const n = someProp(s, t, (p) => p.type === 'integer' || p.type === 'number'); if (!n) return false; s.properties[n].minimum = 0; }],
  ['nested property added', (s, t) => { const n = someProp(s, t, (p) => p.type === 'object'); if (!n) return false; s.properties[n].properties.z = { type: 'boolean' }; }],
  ['nested property removed', (s, t) => { const n = someProp(s, t, (p) => p.type === 'object'); if (!n) return false; delete s.properties[n].properties.x; }],
  ['array items type changed', (s, t) => { const n = someProp(s, t, (p) => p.type === 'array'); if (!n) return false; s.properties[n].items.type = t.pick(JSON_TYPES.filter((x) => x !== s.properties[n].items.type)); }],
];

function evolve(base, mutations, t, n) {
  // Two mutations for every fourth pair, so combined changes are covered too.
  for (let attempt = 0; ; attempt++) {
    const candidate = clone(base);
    const applied = [];
    const times = n % 4 === 3 ? 2 : 1;
    for (let k = 0; k < times; k++) {
      const [name, apply] = mutations[(n + k * 7 + attempt) % mutations.length];
      if (apply(candidate, t) === false) continue;
      applied.push(name);
    }
    if (applied.length && JSON.stringify(candidate) !== JSON.stringify(base)) return { candidate, description: applied.join(' + ') };
    if (attempt > mutations.length) return null;
  }
}

const FORMATS = {
  AVRO: { base: avroBase, mutations: AVRO_MUTATIONS, render: (s) => JSON.stringify(s) },
  PROTOBUF: { base: protoBase, mutations: PB_MUTATIONS, render: protoText },
  JSON: { base: (t) => jsonBase(t), mutations: JSON_MUTATIONS, render: (s) => JSON.stringify(s) },
};

/** `count` pairs of one format ('AVRO' | 'PROTOBUF' | 'JSON'), the same for the same seed. */
export function generateCorpus(schemaType, count = 520, seed = 12) {
  const { base: makeBase, mutations, render } = FORMATS[schemaType];
  const pairs = [];
  for (let n = 0; pairs.length < count; n++) {
    const t = tools(seed * 100_003 + n);
    const base = makeBase(t, n);
    const evolved = evolve(base, mutations, t, n);
    if (evolved) pairs.push({ id: `${schemaType.toLowerCase()}-${seed}-${n}`, schemaType, description: evolved.description, older: render(base), newer: render(evolved.candidate), evolved: evolved.candidate });
  }
  return pairs;
}

/** Three-version chains (v1 → v2 → v3) for the transitive levels: v3 is v2 evolved once more. */
export function generateChains(schemaType, count = 60, seed = 34) {
  const { mutations, render } = FORMATS[schemaType];
  return generateCorpus(schemaType, count * 2, seed).flatMap((p, i) => {
    const t = tools(seed * 7919 + i);
    const next = evolve(p.evolved, mutations, t, i + 5);
    if (!next) return [];
    const later = { newer: render(next.candidate) };
    return [{ ...p, id: `${p.id}-chain`, chain: [p.older, p.newer], description: `${p.description}, then ${next.description}`, later }];
  }).slice(0, count);
}

export const MUTATION_KINDS = Object.fromEntries(Object.entries(FORMATS).map(([k, f]) => [k, f.mutations.map(([n]) => n)]));
