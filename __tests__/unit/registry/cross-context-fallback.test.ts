// Confluent (7.4+, from its source and a recorded 7.9 corpus): `POST /subjects/{s}` and
// `GET /subjects/{s}/versions/{v|latest}` for a default-context subject that lacks the schema or version
// answer from another context holding the same bare name, with that context in the body's `subject`
// (`:.other:orders`). srx must read that as "not found"; AxonOps answers unqualified, which stays valid.
import { startVendorStub, type StubHandler, type VendorStub } from '../../support/vendor-stub.js';

const otherContextVersion = { subject: ':.other:orders', version: 3, id: 41, schema: '"string"' };

/** Confluent's fallback: the default context has no `orders`; context `.other` has it. */
const confluentFallback: StubHandler = (request) => {
  if (request.method === 'POST' && request.path === '/subjects/orders') return { status: 200, body: otherContextVersion };
  if (request.method === 'GET' && /^\/subjects\/orders\/versions\/(3|latest)$/.test(request.path)) return { status: 200, body: otherContextVersion };
  return undefined;
};

/** AxonOps-like: the subject's own versions, `subject` unqualified (and in a named context, bare). */
const ownAnswer: StubHandler = (request) => {
  const own = { subject: 'orders', version: 1, id: 7, schema: '"string"' };
  if (request.method === 'POST' && /^(\/contexts\/\.team)?\/subjects\/orders$/.test(request.path)) return { status: 200, body: own };
  if (request.method === 'GET' && /^(\/contexts\/\.team)?\/subjects\/orders\/versions\/(1|latest)$/.test(request.path)) return { status: 200, body: own };
  return undefined;
};

/** Confluent inside a named context: the subject's own answer, qualified with that context. */
const qualifiedOwnAnswer: StubHandler = (request) => {
  const own = { subject: ':.team:orders', version: 1, id: 7, schema: '"string"' };
  if (request.path === '/contexts/.team/subjects/orders' || request.path === '/contexts/.team/subjects/orders/versions/1') return { status: 200, body: own };
  return undefined;
};

describe("a lookup or version read never takes another context's schema", () => {
  let stub: VendorStub | undefined;
  afterEach(async () => stub?.close());

  it("reads Confluent's cross-context fallback answer to a lookup as not found", async () => {
    stub = await startVendorStub(confluentFallback);
    await expect(stub.client().lookupSchema('.', 'orders', { schema: '"string"', schemaType: 'AVRO' })).resolves.toBeNull();
  });

  it("reads Confluent's cross-context fallback answer to a version read (number or latest) as not found", async () => {
    stub = await startVendorStub(confluentFallback);
    const client = stub.client();
    await expect(client.getVersion('.', 'orders', 3)).resolves.toBeNull();
    await expect(client.getVersion('.', 'orders', 'latest')).resolves.toBeNull();
  });

  it('keeps an unqualified answer (AxonOps) in the default and a named context', async () => {
    stub = await startVendorStub(ownAnswer);
    const client = stub.client();
    await expect(client.lookupSchema('.', 'orders', { schema: '"string"', schemaType: 'AVRO' })).resolves.toMatchObject({ subject: 'orders', id: 7 });
    await expect(client.getVersion('.', 'orders', 'latest')).resolves.toMatchObject({ subject: 'orders', id: 7 });
    await expect(client.lookupSchema('.team', 'orders', { schema: '"string"', schemaType: 'AVRO' })).resolves.toMatchObject({ subject: 'orders', id: 7 });
    await expect(client.getVersion('.team', 'orders', 1)).resolves.toMatchObject({ subject: 'orders', id: 7 });
  });

  it('keeps an answer qualified with the asked context (Confluent inside a context)', async () => {
    stub = await startVendorStub(qualifiedOwnAnswer);
    const client = stub.client();
    await expect(client.lookupSchema('.team', 'orders', { schema: '"string"', schemaType: 'AVRO' })).resolves.toMatchObject({ subject: 'orders', id: 7 });
    await expect(client.getVersion('.team', 'orders', 1)).resolves.toMatchObject({ subject: 'orders', id: 7 });
  });
});

describe('srx compare schema against a Confluent-like target answering from another context', () => {
  let source: VendorStub | undefined;
  let target: VendorStub | undefined;
  afterEach(async () => {
    await source?.close();
    await target?.close();
  });

  it("reports the subject as missing in the target instead of diffing another context's schema", async () => {
    const { runCli } = await import('../../support/run-cli.js');
    source = await startVendorStub((request) =>
      request.path === '/subjects/orders/versions/latest' ? { status: 200, body: { subject: 'orders', version: 1, id: 7, schema: '"string"' } } : undefined,
    );
    target = await startVendorStub(confluentFallback);
    const run = await runCli(['compare', 'schema', 'orders', 'src', 'dst', '--json'], { env: { REGISTRIES: `src:${source.url},dst:${target.url}` } });
    expect(run.json()).toMatchObject({ kind: 'schema-diff', status: 'missing-in-target', target: null });
  });
});
