/** One generated schema evolution. */
export interface CorpusPair {
  readonly id: string;
  readonly schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';
  readonly description: string;
  readonly older: string;
  readonly newer: string;
}
/** A three-version chain for the transitive levels. */
export interface CorpusChain extends CorpusPair {
  readonly chain: readonly [string, string];
  readonly later: CorpusPair;
}
export function generateCorpus(schemaType: 'AVRO' | 'PROTOBUF' | 'JSON', count?: number, seed?: number): CorpusPair[];
export function generateChains(schemaType: 'AVRO' | 'PROTOBUF' | 'JSON', count?: number, seed?: number): CorpusChain[];
export const MUTATION_KINDS: Record<'AVRO' | 'PROTOBUF' | 'JSON', string[]>;
