/** One version of the example estate. */
export interface EstateVersion {
  readonly context: string;
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType: 'AVRO' | 'JSON' | 'PROTOBUF';
  readonly schema: string;
  readonly references?: readonly { name: string; subject: string; version: number }[];
}
export function estate(name: 'staging' | 'prod'): {
  versions: EstateVersion[];
  softDeleted: { context: string; subject: string; version: number }[];
  compatibility: { context: string; subject: string | null; level: string }[];
  modes: { context: string; subject: string | null; mode: string }[];
};
export function seedEstate(baseUrl: string, name: 'staging' | 'prod'): Promise<void>;
