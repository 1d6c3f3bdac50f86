import type { CompatCase, RegistryAnswer } from './compat-agreement.mjs';
/** { compatible, reason } when Confluent's rules give another answer than AxonOps did (asking the registry variants through `ask`), else null. */
export function expectedAnswer(c: CompatCase, answer: RegistryAnswer, ask: (variant: CompatCase) => Promise<RegistryAnswer>): Promise<{ compatible: boolean; reason: string } | null>;
