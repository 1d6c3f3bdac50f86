import { fileError, RefusedError } from '../../../core/index.js';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `srx init`: a starting config file in this folder (never overwrites one). */
export function registerInit(program: Command, run: ActionRunner): void {
  program
    .command('init')
    .description('write a starting schema-tool.config.json in this folder (never overwrites one)')
    .option('--out <file>', 'where to write it', 'schema-tool.config.json')
    .action(
      run(async (ctx, options: { out: string }) => {
        const path = resolve(ctx.deps.cwd, options.out);
        if (existsSync(path))
          throw new RefusedError('E_REFUSED_EXISTS', `${path} exists; srx init never overwrites a config`, 'edit it, or give --out <another file>');
        try {
          writeFileSync(path, STARTER_CONFIG, { flag: 'wx' });
        } catch (error) {
          throw fileError('write', path, error);
        }
        ctx.deps.stderr.write(`wrote ${path}: edit the URLs, then run \`srx registry test\`\n`);
      }),
    );
}

/**
 * JSON has no comments: the starter explains itself in `description`s, and `$schema` lets editors
 * check and complete it. Secrets come from the environment (`\${VAR}`), never from the file.
 */
const STARTER_CONFIG = `${JSON.stringify(
  {
    $schema: './node_modules/srx/schemas/config-file.schema.json',
    registries: {
      dev: {
        url: 'http://localhost:8081',
        description:
          'Development: a registry on this machine. Keys: url, user/password (basic), token (bearer), headers, tls, readonly, protected, timeout, concurrency.',
      },
      staging: {
        url: 'https://staging-schema-registry.example.com',
        user: '${STAGING_SR_USER}',
        password: '${STAGING_SR_PASSWORD}',
        description: 'Staging: the user and password come from environment variables, written as dollar-brace references; an unset one is an error naming it.',
      },
      prod: {
        url: 'https://prod-schema-registry.example.com',
        token: '${PROD_SR_TOKEN}',
        protected: true,
        description: 'Production: protected, so writes ask for the name to be typed (or --yes).',
      },
    },
    default_registry: 'dev',
  },
  null,
  2,
)}\n`;
