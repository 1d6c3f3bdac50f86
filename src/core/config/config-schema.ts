import { z } from 'zod';

const tlsSchema = z
  .object({
    ca: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    passphrase: z.string().optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

/** One registry entry as written in a config file or REGISTRIES_CONFIG (before resolution). */
export const registryEntrySchema = z
  .object({
    url: z.string({ required_error: 'url is required' }).min(1, 'url is required'),
    user: z.string().optional(),
    password: z.string().optional(),
    token: z.string().optional(),
    headers: z.record(z.string()).optional(),
    tls: tlsSchema.optional(),
    description: z.string().optional(),
    readonly: z.boolean().optional(),
    protected: z.boolean().optional(),
    timeout: z.number().int().positive().optional(),
    concurrency: z.number().int().positive().max(256).optional(),
  })
  .strict();

/** A whole config document (schema-tool.config.json and friends). */
export const configFileSchema = z
  .object({
    $schema: z.string().optional(),
    registries: z.record(registryEntrySchema).default({}),
    default_registry: z.string().optional(),
  })
  .strict();

export type RawRegistryEntry = z.infer<typeof registryEntrySchema>;
export type RawConfigFile = z.infer<typeof configFileSchema>;

/** Formats the first zod issue as `key.path: message`. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid configuration';
  const key = issue.path.join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
  return key ? `${key}: ${message}` : message;
}
