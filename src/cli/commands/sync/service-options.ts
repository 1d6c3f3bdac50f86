import { UsageError } from '../../../core/index.js';
import { Option, type Command } from 'commander';

/** Options only the foreground service has. */
export interface ServiceOptions {
  readonly logFormat?: string;
  readonly listen?: string;
}

/** Adds --log-format and --listen. */
export function addServiceOptions(command: Command): Command {
  return command
    .addOption(new Option('--log-format <format>', 'log lines on stderr: text or json (one object per line)').choices(['text', 'json']).default('text'))
    .option('--listen <host:port>', 'serve /healthz, /readyz and Prometheus /metrics here (off by default), e.g. 127.0.0.1:9464');
}

/** A UsageError for service options given without --foreground. */
export function serviceOptionsNeedForeground(options: ServiceOptions & { foreground?: boolean }): void {
  if (options.foreground) return;
  if (options.listen !== undefined || (options.logFormat !== undefined && options.logFormat !== 'text')) {
    throw new UsageError('E_USAGE_OPTION', '--listen and --log-format apply to a job running in this process', 'add --foreground, or use `srx sync serve`');
  }
}
