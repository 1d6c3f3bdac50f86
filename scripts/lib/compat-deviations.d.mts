import type { CompatCase, RegistryAnswer } from './compat-agreement.mjs';
/** { compatible, reason } when Confluent's rules give another answer than AxonOps did, else null. */
export function expectedAnswer(c: CompatCase, answer: RegistryAnswer): { compatible: boolean; reason: string } | null;
