/** Names as the Confluent Schema Registry REST API uses them. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

/** A schema reference: `name` is how the referrer imports it. */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** One subject version as the registry returns it (`GET /subjects/{s}/versions/{v}`, `/schemas` items). */
export interface RegistrySchema {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType?: SchemaType;
  readonly schema: string;
  readonly references?: readonly SchemaReference[];
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** One version of a bulk import (`POST /import/schemas`, AxonOps): written with this id and number. */
export interface BulkImportItem {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType?: SchemaType;
}

/** The server's word on one bulk import item: written, or not and why (then nothing of it was written). */
export interface BulkImportAnswer {
  readonly success: boolean;
  readonly error?: string;
}

/** A schema to register; `id` and `version` only in IMPORT mode. */
export interface RegisterRequest {
  readonly schema: string;
  readonly schemaType?: SchemaType;
  readonly references?: readonly SchemaReference[];
  readonly id?: number;
  readonly version?: number;
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** Result of a compatibility check (`messages` is empty when the server sends none). */
export interface CompatibilityResult {
  readonly isCompatible: boolean;
  readonly messages: readonly string[];
}

/** Options of the bulk `GET /schemas` listing. */
export interface ListSchemasOptions {
  readonly deleted?: boolean;
  readonly offset?: number;
  readonly limit?: number;
  readonly subjectPrefix?: string;
  readonly latestOnly?: boolean;
  /** Keep names that look qualified (`:.x:s`) as literal names of this context (a server without named contexts). */
  readonly literalNames?: boolean;
}

/** What one client has done, for benchmarks and tests. */
export interface ClientStats {
  requests: number;
  retries: number;
}
