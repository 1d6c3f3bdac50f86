import { type ErrorCode, InternalError, RegistryError, SrxError } from '../../core/index.js';
import { CommanderError } from 'commander';
import { paint, type RenderOptions } from './text.js';

/** The `--json` error document (SPEC section 2). */
export function errorDocument(error: unknown): Record<string, unknown> {
  const body: { code: ErrorCode } & Record<string, unknown> = { code: 'E_INTERNAL', message: messageOf(error) };
  if (error instanceof CommanderError) body.code = 'E_USAGE';
  if (error instanceof SrxError) {
    body.code = error.code;
    if (error.hint) body.hint = error.hint;
  }
  if (error instanceof RegistryError) {
    const { registry, status, errorCode } = error.details;
    Object.assign(body, { registry, ...(status !== undefined ? { status } : {}), ...(errorCode !== undefined ? { errorCode } : {}) });
  }
  return { schemaVersion: 1, kind: 'error', error: body };
}

/** One line (plus a hint line) for humans; a stack only for internal errors. */
export function renderErrorText(error: unknown, opts: RenderOptions): string {
  const c = paint(opts);
  const lines = [`${c.red('error:')} ${messageOf(error)}`];
  if (error instanceof SrxError && error.hint) lines.push(`${c.dim('hint:')} ${error.hint}`);
  if (!(error instanceof SrxError) && !(error instanceof CommanderError)) {
    lines.push('This is a bug in srx; please report it with the output of --verbose.');
    if (opts.verbose && error instanceof Error && error.stack) lines.push(error.stack);
  }
  return `${lines.join('\n')}\n`;
}

function messageOf(error: unknown): string {
  if (error instanceof SrxError || error instanceof InternalError) return oneLine(error.message);
  if (error instanceof Error) return oneLine(error.message);
  return oneLine(String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
