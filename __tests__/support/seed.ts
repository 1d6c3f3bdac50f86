/**
 * Seeds a real registry over its REST API (plain fetch, independent of srx's client).
 * Context '.' is the default; other contexts go through `/contexts/{ctx}/...`.
 */
export interface SeedSchema {
  readonly schema: string;
  readonly schemaType?: 'AVRO' | 'JSON' | 'PROTOBUF';
  readonly references?: readonly { name: string; subject: string; version: number }[];
}

const CT = 'application/vnd.schemaregistry.v1+json';

/** An Avro record schema text with the given fields (type string unless given). */
export function avroRecord(name: string, fields: readonly (string | { name: string; type: unknown; default?: unknown })[], namespace = 'com.example'): string {
  return JSON.stringify({
    type: 'record',
    name,
    namespace,
    fields: fields.map((f) => (typeof f === 'string' ? { name: f, type: 'string' } : f)),
  });
}

/** A client for seeding one registry in tests. */
export function seeder(baseUrl: string, headers: Record<string, string> = {}) {
  const prefix = (context: string) => (context === '.' ? '' : `/contexts/${context}`);
  const subjectPath = (context: string, subject: string) => `${prefix(context)}/subjects/${encodeURIComponent(subject).replace(/%3A/gi, ':')}`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = () =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: { 'Content-Type': CT, Accept: CT, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A pooled keep-alive connection the server closed while the test was busy elsewhere (its idle timeout)
    // fails before any answer; fetch retries only idempotent methods, so a seeding POST is sent again once.
    const response = await send().catch((error: unknown) => {
      if (!/other side closed|ECONNRESET/.test(String((error as { cause?: unknown }).cause ?? error))) throw error;
      return send();
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seed ${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  const api = {
    call,
    /** Registers a schema; returns its id. */
    async register(subject: string, schema: SeedSchema | string, context = '.'): Promise<number> {
      const body = typeof schema === 'string' ? { schema } : { ...schema, schemaType: schema.schemaType === 'AVRO' ? undefined : schema.schemaType };
      const { id } = await call<{ id: number }>('POST', `${subjectPath(context, subject)}/versions`, body);
      return id;
    },
    /** Registers with an explicit id and version (the subject is put in IMPORT mode, then its mode removed). */
    async importVersion(subject: string, schema: SeedSchema | string, id: number, version: number, context = '.'): Promise<number> {
      await call('PUT', `${prefix(context)}/mode/${encodeURIComponent(subject)}?force=true`, { mode: 'IMPORT' });
      const body = typeof schema === 'string' ? { schema } : { ...schema };
      const result = await call<{ id: number }>('POST', `${subjectPath(context, subject)}/versions`, { ...body, id, version });
      await call('DELETE', `${prefix(context)}/mode/${encodeURIComponent(subject)}`);
      return result.id;
    },
    async softDelete(subject: string, version: number, context = '.'): Promise<void> {
      await call('DELETE', `${subjectPath(context, subject)}/versions/${version}`);
    },
    async hardDelete(subject: string, version: number, context = '.'): Promise<void> {
      await call('DELETE', `${subjectPath(context, subject)}/versions/${version}`);
      await call('DELETE', `${subjectPath(context, subject)}/versions/${version}?permanent=true`);
    },
    async setCompatibility(subject: string | null, level: string, context = '.'): Promise<void> {
      await call('PUT', `${prefix(context)}/config${subject === null ? '' : `/${encodeURIComponent(subject)}`}`, { compatibility: level });
    },
    async setMode(subject: string | null, mode: string, context = '.'): Promise<void> {
      await call('PUT', `${prefix(context)}/mode${subject === null ? '' : `/${encodeURIComponent(subject)}`}?force=true`, { mode });
    },
    async getMode(subject: string | null, context = '.'): Promise<string | null> {
      try {
        const r = await call<{ mode: string }>('GET', `${prefix(context)}/mode${subject === null ? '' : `/${encodeURIComponent(subject)}`}`);
        return r.mode.toUpperCase();
      } catch (error) {
        if (/40409|404/.test(String(error))) return null;
        throw error;
      }
    },
    async versions(subject: string, context = '.', deleted = false): Promise<number[]> {
      try {
        return await call<number[]>('GET', `${subjectPath(context, subject)}/versions${deleted ? '?deleted=true' : ''}`);
      } catch (error) {
        if (/40401|404/.test(String(error))) return [];
        throw error;
      }
    },
    async version(subject: string, version: number | 'latest', context = '.') {
      return call<{ subject: string; version: number; id: number; schema: string; schemaType?: string; references?: unknown[] }>(
        'GET',
        `${subjectPath(context, subject)}/versions/${version}?deleted=true`,
      );
    },
    async subjects(context = '.', deleted = false): Promise<string[]> {
      return call<string[]>('GET', `${prefix(context)}/subjects${deleted ? '?deleted=true' : ''}`);
    },
  };
  return api;
}
