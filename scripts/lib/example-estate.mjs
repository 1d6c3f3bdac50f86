// The example estate of examples/ (see scripts/make-examples.mjs): what staging and prod hold.
// Ids are those a real pair of registries ends up with: shared history has the same ids (prod was
// once migrated from staging with ids preserved); ids assigned since then differ, and id 30 was
// given to a different schema in each.

const avro = (name, fields, namespace = 'com.shop') => JSON.stringify({ type: 'record', name, namespace, fields });
const opt = (name, type = 'string') => ({ name, type: ['null', type], default: null });
const json = (title, properties, required = []) =>
  JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title, type: 'object', properties, required, additionalProperties: true });
const proto = (pkg, body, imports = []) =>
  `syntax = "proto3";\npackage ${pkg};\n${imports.map((i) => `import "${i}";\n`).join('')}\n${body}\n`;

const address = (withRegion) =>
  avro('Address', [{ name: 'street', type: 'string' }, { name: 'city', type: 'string' }, { name: 'postcode', type: 'string' }, { name: 'country', type: 'string' }, ...(withRegion ? [opt('region')] : [])]);
const addressRef = [{ name: 'com.shop.Address', subject: 'com.shop.Address', version: 2 }];
const order = (...extra) =>
  avro('Order', [{ name: 'id', type: 'string' }, { name: 'customerId', type: 'string' }, { name: 'amount', type: 'double' }, { name: 'currency', type: 'string', default: 'EUR' }, ...extra]);
const payment = (amountType, withStatus) =>
  avro('Payment', [{ name: 'id', type: 'string' }, { name: 'orderId', type: 'string' }, { name: 'amount', type: amountType }, { name: 'method', type: 'string' }, ...(withStatus ? [{ name: 'status', type: 'string', default: 'PENDING' }] : [])]);
const shipment = (...extra) => avro('Shipment', [{ name: 'id', type: 'string' }, { name: 'orderId', type: 'string' }, { name: 'carrier', type: 'string' }, ...extra]);
const money = proto('shop.common', 'message Money {\n  string currency = 1;\n  int64 units = 2;\n  int32 nanos = 3;\n}');
const invoice = (...extra) =>
  proto(
    'shop.billing',
    `message Invoice {\n  string id = 1;\n  string order_id = 2;\n  shop.common.Money total = 3;\n${extra.map((f) => `  ${f}\n`).join('')}}`,
    ['shop/common/money.proto'],
  );
const moneyRef = [{ name: 'shop/common/money.proto', subject: 'shop.common.Money', version: 1 }];
const clicks = (...extra) => json('Click', Object.fromEntries([['userId', { type: 'string' }], ['url', { type: 'string' }], ['ts', { type: 'integer' }], ...extra.map((e) => [e, { type: 'string' }])]), ['userId', 'url', 'ts']);

/** Versions both registries hold (the shared history). */
function shared() {
  const d = '.';
  const a = '.analytics';
  return [
    { context: d, subject: 'com.shop.Address', version: 1, id: 1, schemaType: 'AVRO', schema: address(false) },
    { context: d, subject: 'com.shop.Address', version: 2, id: 2, schemaType: 'AVRO', schema: address(true) },
    { context: d, subject: 'customers-value', version: 1, id: 3, schemaType: 'AVRO', schema: avro('Customer', [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'email', type: 'string' }]) },
    {
      context: d, subject: 'customers-value', version: 2, id: 4, schemaType: 'AVRO', references: addressRef,
      schema: avro('Customer', [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'email', type: 'string' }, { name: 'address', type: ['null', 'com.shop.Address'], default: null }]),
    },
    { context: d, subject: 'orders-key', version: 1, id: 5, schemaType: 'AVRO', schema: '"string"' },
    { context: d, subject: 'orders-value', version: 1, id: 6, schemaType: 'AVRO', schema: avro('Order', [{ name: 'id', type: 'string' }, { name: 'customerId', type: 'string' }, { name: 'amount', type: 'double' }]) },
    { context: d, subject: 'orders-value', version: 2, id: 7, schemaType: 'AVRO', schema: order() },
    { context: d, subject: 'payments-value', version: 1, id: 10, schemaType: 'AVRO', schema: payment('double', false) },
    { context: d, subject: 'payments-value', version: 2, id: 11, schemaType: 'AVRO', schema: payment('double', true) },
    // Sparse: versions 2, 4 and 5 were permanently deleted long ago.
    { context: d, subject: 'shipments-value', version: 1, id: 13, schemaType: 'AVRO', schema: shipment() },
    { context: d, subject: 'shipments-value', version: 3, id: 14, schemaType: 'AVRO', schema: shipment(opt('trackingUrl')) },
    { context: d, subject: 'shipments-value', version: 6, id: 15, schemaType: 'AVRO', schema: shipment(opt('trackingUrl'), opt('eta', 'long')) },
    { context: d, subject: 'inventory-value', version: 1, id: 16, schemaType: 'AVRO', schema: avro('StockLevel', [{ name: 'sku', type: 'string' }, { name: 'quantity', type: 'int' }]) },
    { context: d, subject: 'inventory-value', version: 2, id: 17, schemaType: 'AVRO', schema: avro('StockLevel', [{ name: 'sku', type: 'string' }, { name: 'quantity', type: 'long' }]) },
    { context: d, subject: 'inventory-value', version: 3, id: 18, schemaType: 'AVRO', schema: avro('StockLevel', [{ name: 'sku', type: 'string' }, { name: 'quantity', type: 'int' }, opt('warehouse')]) },
    { context: d, subject: 'audit-log-value', version: 1, id: 19, schemaType: 'AVRO', schema: avro('AuditEntry', [{ name: 'actor', type: 'string' }, { name: 'action', type: 'string' }, { name: 'at', type: 'long' }], 'com.shop.audit') },
    { context: d, subject: 'audit-log-value', version: 2, id: 20, schemaType: 'AVRO', schema: avro('AuditEntry', [{ name: 'actor', type: 'string' }, { name: 'action', type: 'string' }, { name: 'at', type: 'long' }, opt('ip')], 'com.shop.audit') },
    { context: d, subject: 'legacy:orders-value', version: 1, id: 21, schemaType: 'AVRO', schema: avro('LegacyOrder', [{ name: 'orderNo', type: 'int' }, { name: 'total', type: 'string' }], 'com.shop.legacy') },
    { context: d, subject: 'clientes-añadidos-value', version: 1, id: 22, schemaType: 'AVRO', schema: avro('ClienteAnadido', [{ name: 'id', type: 'string' }, { name: 'nombre', type: 'string' }], 'com.shop.es') },
    { context: d, subject: 'clickstream-value', version: 1, id: 23, schemaType: 'JSON', schema: clicks() },
    { context: d, subject: 'clickstream-value', version: 2, id: 24, schemaType: 'JSON', schema: clicks('referrer') },
    { context: d, subject: 'page-views-value', version: 1, id: 26, schemaType: 'JSON', schema: json('PageView', { page: { type: 'string' }, durationMs: { type: 'integer' } }, ['page']) },
    { context: d, subject: 'json.Address', version: 1, id: 27, schemaType: 'JSON', schema: json('Address', { street: { type: 'string' }, city: { type: 'string' } }, ['city']) },
    {
      context: d, subject: 'user-profile-value', version: 1, id: 28, schemaType: 'JSON', references: [{ name: 'address.json', subject: 'json.Address', version: 1 }],
      schema: json('UserProfile', { userId: { type: 'string' }, address: { $ref: 'address.json' } }, ['userId']),
    },
    { context: d, subject: 'sessions-value', version: 1, id: 29, schemaType: 'JSON', schema: json('Session', { sessionId: { type: 'string' }, startedAt: { type: 'integer' } }, ['sessionId']) },
    { context: d, subject: 'shop.common.Money', version: 1, id: 32, schemaType: 'PROTOBUF', schema: money },
    { context: d, subject: 'invoice-value', version: 1, id: 33, schemaType: 'PROTOBUF', references: moneyRef, schema: invoice() },
    { context: d, subject: 'invoice-value', version: 2, id: 34, schemaType: 'PROTOBUF', references: moneyRef, schema: invoice('string customer_id = 4;') },
    {
      context: d, subject: 'delivery-status-value', version: 1, id: 36, schemaType: 'PROTOBUF',
      schema: proto('shop.delivery', 'enum Status {\n  UNKNOWN = 0;\n  DISPATCHED = 1;\n  DELIVERED = 2;\n}\n\nmessage DeliveryStatus {\n  string shipment_id = 1;\n  Status status = 2;\n}'),
    },
    { context: d, subject: 'ledger-entry-value', version: 1, id: 37, schemaType: 'PROTOBUF', schema: proto('shop.ledger', 'message LedgerEntry {\n  string account = 1;\n  int64 amount_cents = 2;\n  string memo = 3;\n}') },
    { context: d, subject: 'notifications-value', version: 1, id: 40, schemaType: 'AVRO', schema: avro('Notification', [{ name: 'to', type: 'string' }, { name: 'body', type: 'string' }]) },
    { context: d, subject: 'notifications-value', version: 2, id: 41, schemaType: 'AVRO', schema: avro('Notification', [{ name: 'to', type: 'string' }, { name: 'body', type: 'string' }, opt('channel')]) },
    // The analytics team's context: its own ids, and a subject name also used in the default context.
    { context: a, subject: 'events-value', version: 1, id: 1, schemaType: 'AVRO', schema: avro('Event', [{ name: 'name', type: 'string' }, { name: 'ts', type: 'long' }], 'com.analytics') },
    { context: a, subject: 'events-value', version: 2, id: 2, schemaType: 'AVRO', schema: avro('Event', [{ name: 'name', type: 'string' }, { name: 'ts', type: 'long' }, { name: 'props', type: { type: 'map', values: 'string' }, default: {} }], 'com.analytics') },
    { context: a, subject: 'metrics-value', version: 1, id: 4, schemaType: 'JSON', schema: json('Metric', { name: { type: 'string' }, value: { type: 'number' } }, ['name', 'value']) },
    { context: a, subject: 'sessions-value', version: 1, id: 5, schemaType: 'AVRO', schema: avro('Session', [{ name: 'id', type: 'string' }, { name: 'pages', type: 'int' }], 'com.analytics') },
    { context: a, subject: 'rollups-value', version: 1, id: 6, schemaType: 'PROTOBUF', schema: proto('analytics', 'message Rollup {\n  string metric = 1;\n  double sum = 2;\n  int64 count = 3;\n}') },
    { context: a, subject: 'dashboards-value', version: 1, id: 8, schemaType: 'JSON', schema: json('Dashboard', { title: { type: 'string' } }, ['title']) },
    { context: a, subject: 'dashboards-value', version: 2, id: 9, schemaType: 'JSON', schema: json('Dashboard', { title: { type: 'string' }, owner: { type: 'string' } }, ['title']) },
  ];
}

/** What only staging has: the next release. */
function stagingOnly() {
  const d = '.';
  const a = '.analytics';
  return [
    { context: d, subject: 'orders-value', version: 3, id: 8, schemaType: 'AVRO', schema: order({ name: 'channel', type: 'string', default: 'web' }) },
    { context: d, subject: 'orders-value', version: 4, id: 9, schemaType: 'AVRO', schema: order({ name: 'channel', type: 'string', default: 'web' }, opt('couponCode')) },
    // A breaking change that got in because payments-value is NONE in staging.
    { context: d, subject: 'payments-value', version: 3, id: 12, schemaType: 'AVRO', schema: payment('long', true) },
    { context: d, subject: 'clickstream-value', version: 3, id: 25, schemaType: 'JSON', schema: clicks('referrer', 'device') },
    { context: d, subject: 'refunds-value', version: 1, id: 30, schemaType: 'AVRO', schema: avro('Refund', [{ name: 'id', type: 'string' }, { name: 'paymentId', type: 'string' }, { name: 'amount', type: 'double' }]) },
    { context: d, subject: 'invoice-value', version: 3, id: 35, schemaType: 'PROTOBUF', references: moneyRef, schema: invoice('string customer_id = 4;', 'string due_date = 5;') },
    { context: a, subject: 'events-value', version: 3, id: 3, schemaType: 'AVRO', schema: avro('Event', [{ name: 'name', type: 'string' }, { name: 'ts', type: 'long' }, { name: 'props', type: { type: 'map', values: 'string' }, default: {} }, opt('sessionId')], 'com.analytics') },
    { context: a, subject: 'experiments-value', version: 1, id: 7, schemaType: 'AVRO', schema: avro('Experiment', [{ name: 'key', type: 'string' }, { name: 'variant', type: 'string' }], 'com.analytics') },
  ];
}

/** What only prod has: a hotfix made directly in prod, and a subject staging never had. */
function prodOnly() {
  return [
    { context: '.', subject: 'orders-value', version: 3, id: 31, schemaType: 'AVRO', schema: order({ name: 'priority', type: 'int', default: 0 }) },
    { context: '.', subject: 'feature-flags-value', version: 1, id: 30, schemaType: 'JSON', schema: json('FeatureFlag', { key: { type: 'string' }, enabled: { type: 'boolean' } }, ['key', 'enabled']) },
  ];
}

/** The seed of one registry: versions (in registration order), soft deletes, compatibility, modes. */
export function estate(name) {
  const isStaging = name === 'staging';
  const versions = [...shared(), ...(isStaging ? stagingOnly() : prodOnly())];
  const softDeleted = [
    { context: '.', subject: 'inventory-value', version: 2 },
    { context: '.', subject: 'audit-log-value', version: 2 },
    { context: '.analytics', subject: 'dashboards-value', version: 2 },
    ...(isStaging ? [] : [{ context: '.', subject: 'notifications-value', version: 2 }]),
  ];
  const compatibility = isStaging
    ? [
        { context: '.', subject: 'payments-value', level: 'NONE' },
        { context: '.', subject: 'clickstream-value', level: 'FORWARD' },
      ]
    : [
        { context: '.', subject: null, level: 'FULL' },
        { context: '.', subject: 'clickstream-value', level: 'FORWARD' },
        { context: '.', subject: 'sessions-value', level: 'FORWARD_TRANSITIVE' },
      ];
  const modes = isStaging ? [] : [{ context: '.', subject: 'audit-log-value', mode: 'READONLY' }];
  return { versions, softDeleted, compatibility, modes };
}

const CT = 'application/vnd.schemaregistry.v1+json';

/** Seeds one registry with the estate of `name` (staging or prod): every version with its own id and version number (IMPORT), then deletes, config, modes. */
export async function seedEstate(baseUrl, name) {
  const { versions, softDeleted, compatibility, modes } = estate(name);
  const call = async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': CT, Accept: CT },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const prefix = (context) => (context === '.' ? '' : `/contexts/${context}`);
  const subjectPath = (context, subject) => `${prefix(context)}/subjects/${encodeURIComponent(subject).replace(/%3A/gi, ':')}`;
  const modePath = (context, subject) => `${prefix(context)}/mode/${encodeURIComponent(subject).replace(/%3A/gi, ':')}`;
  const configPath = (context, subject) => `${prefix(context)}/config${subject === null ? '' : `/${encodeURIComponent(subject).replace(/%3A/gi, ':')}`}`;

  const inImport = new Set();
  for (const v of versions) {
    const key = `${v.context}\u0000${v.subject}`;
    if (!inImport.has(key)) {
      await call('PUT', `${modePath(v.context, v.subject)}?force=true`, { mode: 'IMPORT' });
      inImport.add(key);
    }
    const body = { schema: v.schema, id: v.id, version: v.version };
    if (v.schemaType !== 'AVRO') body.schemaType = v.schemaType;
    if (v.references?.length) body.references = v.references;
    const { id } = await call('POST', `${subjectPath(v.context, v.subject)}/versions`, body);
    if (id !== v.id) throw new Error(`${v.context} ${v.subject} v${v.version}: got id ${id}, wanted ${v.id}`);
  }
  for (const key of inImport) {
    const [context, subject] = key.split('\u0000');
    await call('DELETE', modePath(context, subject));
  }
  for (const { context, subject, version } of softDeleted) await call('DELETE', `${subjectPath(context, subject)}/versions/${version}`);
  for (const { context, subject, level } of compatibility) await call('PUT', configPath(context, subject), { compatibility: level });
  for (const { context, subject, mode } of modes) {
    await call('PUT', `${subject === null ? `${prefix(context)}/mode` : modePath(context, subject)}?force=true`, { mode });
  }
}
