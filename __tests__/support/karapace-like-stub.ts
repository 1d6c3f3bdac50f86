// A loopback registry answering like Karapace 6.2 where srx cares (see REGISTRY-NOTES.md, Karapace section),
// written for srx's tests: GET / is {}, GET /master_available answers, no /contexts, modes are read-only
// (PUT/DELETE /mode → 405) and GET /mode/{s} answers the global mode for every existing subject, and the
// GET /schemas `deleted` flag is inverted (the plain listing holds soft-deleted versions, ?deleted=true drops them).
import { startVendorStub, type StubAnswer, type StubRequest, type VendorStub } from './vendor-stub.js';

/** One stored version. */
export interface KarapaceVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  deleted: boolean;
}

const notFound = (code: number, message: string): StubAnswer => ({ status: 404, body: { error_code: code, message } });

/**
 * Starts the stub holding `versions`; `globalMode` is what every mode read answers. `recognisable: false` drops
 * the answers that name Karapace (`GET /`, `/master_available`): an unknown server with the same inverted flag.
 */
export async function startKarapaceLike(versions: KarapaceVersion[], globalMode = 'READWRITE', recognisable = true): Promise<VendorStub> {
  const item = (v: KarapaceVersion) => ({ subject: v.subject, version: v.version, id: v.id, schema: v.schema, references: null });
  const subjectVersions = (subject: string, withDeleted: boolean) => versions.filter((v) => v.subject === subject && (withDeleted || !v.deleted));
  return startVendorStub((req: StubRequest): StubAnswer | undefined => {
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    const withDeleted = req.query.get('deleted') === 'true';
    if (!recognisable && (parts.length === 0 || parts[0] === 'master_available')) return undefined;
    if (req.method === 'GET' && parts.length === 0) return { status: 200, body: {} };
    if (req.method === 'GET' && parts[0] === 'master_available') return { status: 200, body: { master_available: true } };
    if (parts[0] === 'mode') {
      if (req.method !== 'GET') return { status: 405, body: { error_code: 405, message: 'Method Not Allowed' } };
      if (parts.length === 1) return { status: 200, body: { mode: globalMode } };
      return subjectVersions(parts[1]!, true).length ? { status: 200, body: { mode: globalMode } } : notFound(40401, `Subject '${parts[1]}' not found.`);
    }
    if (parts[0] === 'config' && req.method === 'GET') {
      if (parts.length === 1) return { status: 200, body: { compatibilityLevel: 'BACKWARD' } };
      return notFound(40408, `Subject '${parts[1]}' does not have subject-level compatibility configured`);
    }
    if (req.method !== 'GET') return undefined;
    // The inverted flag: soft-deleted versions are in the plain listing and left out of ?deleted=true.
    if (parts[0] === 'schemas' && parts.length === 1) return { status: 200, body: versions.filter((v) => !withDeleted || !v.deleted).map(item) };
    if (parts[0] === 'schemas' && parts[1] === 'ids') {
      const found = versions.find((v) => v.id === Number(parts[2]));
      return found ? { status: 200, body: { schema: found.schema } } : notFound(40403, 'Schema not found');
    }
    if (parts[0] === 'subjects' && parts.length === 1)
      return { status: 200, body: [...new Set(versions.filter((v) => withDeleted || !v.deleted).map((v) => v.subject))] };
    if (parts[0] === 'subjects' && parts[2] === 'versions') {
      const listed = subjectVersions(parts[1]!, withDeleted);
      if (parts.length === 3) return listed.length ? { status: 200, body: listed.map((v) => v.version) } : notFound(40401, `Subject '${parts[1]}' not found.`);
      const all = subjectVersions(parts[1]!, withDeleted);
      const found = parts[3] === 'latest' ? all.at(-1) : all.find((v) => v.version === Number(parts[3]));
      return found ? { status: 200, body: item(found) } : notFound(40402, 'Version not found.');
    }
    return undefined;
  });
}
