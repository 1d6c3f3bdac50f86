/** One compatibility question: may `candidate` follow `history` under `level`? */
export interface CompatCase {
  readonly id: string;
  readonly schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';
  readonly description: string;
  readonly level: string;
  readonly history: readonly string[];
  readonly candidate: string;
  /** Set on a variant question (suffixes the subject name). */
  readonly variant?: string;
}
export interface RegistryAnswer {
  readonly compatible?: boolean;
  readonly messages?: readonly string[];
  readonly skipped?: string;
}
export interface AgreementRow { readonly format: string; readonly cases: number; readonly skipped: number; readonly compatible: number; readonly agree: number; readonly disagree: number; /** Agreement with the registry's own answers, before Confluent's rules override them. */ readonly agreeAsAnswered: number }
export interface Disagreement { readonly id: string; readonly level: string; readonly description: string; readonly registry: boolean; readonly srx: boolean; readonly registryMessages: readonly string[]; readonly srxMessages: readonly string[] }
export interface Deviation { readonly id: string; readonly level: string; readonly description: string; readonly registry: boolean; readonly expected: boolean; readonly reason: string }
export interface AgreementResult { readonly rows: AgreementRow[]; readonly disagreements: Disagreement[]; readonly deviations: Deviation[]; readonly skipped: string[]; readonly localMsPer1000: number; readonly checks: number }
export function casesOf(pairs: readonly unknown[], chains?: readonly unknown[]): CompatCase[];
export function measureAgreement(options: {
  url: string;
  cases: readonly CompatCase[];
  check: (c: CompatCase) => { isCompatible: boolean; messages: readonly string[] };
  expected?: (c: CompatCase, answer: RegistryAnswer, ask: (variant: CompatCase) => Promise<RegistryAnswer>) => Promise<{ compatible: boolean; reason: string } | null>;
  concurrency?: number;
}): Promise<AgreementResult>;
