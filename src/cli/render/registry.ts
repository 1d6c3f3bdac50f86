import type { Capability, RegistryDefaultResult, RegistryInfoResult, RegistryListItem, RegistryListResult, RegistryTestResult } from '../../core/index.js';
import { clean, paint, table, type RenderOptions } from './text.js';

const DEFAULT_SOURCE_TEXT = {
  state: 'chosen with `srx registry use`',
  config: 'default_registry in the config',
  only: 'the only registry configured',
} as const;

/** `srx registry list` as a table; `*` marks the default. */
export function renderRegistryList(result: RegistryListResult, opts: RenderOptions): string {
  if (result.registries.length === 0) {
    return 'No registries configured.\nDefine them in schema-tool.config.json, REGISTRIES_CONFIG, REGISTRIES, SCHEMA_REGISTRY_URL_<n> or SCHEMA_REGISTRY_URL (see the README).\n';
  }
  const c = paint(opts);
  const rows = result.registries.map((r) => [
    r.isDefault ? c.green(`* ${clean(r.name)}`) : `  ${clean(r.name)}`,
    r.url,
    r.auth,
    tlsText(r),
    flagsText(r),
    r.description ?? '',
  ]);
  const lines = [table(['  NAME', 'URL', 'AUTH', 'TLS', 'FLAGS', 'DESCRIPTION'], rows, opts)];
  if (result.defaultRegistry && result.defaultSource) {
    lines.push(`* default: ${clean(result.defaultRegistry)} (${DEFAULT_SOURCE_TEXT[result.defaultSource]})\n`);
  }
  if (opts.verbose) lines.push(`sources: ${result.sources.join(', ')}\n`);
  return lines.join('');
}

function tlsText(r: RegistryListItem): string {
  if (!r.tls) return '-';
  const parts = [r.tls.ca ? 'ca' : '', r.tls.clientCert ? 'client-cert' : '', r.tls.insecure ? 'INSECURE' : ''].filter(Boolean);
  return parts.join(',') || '-';
}

function flagsText(r: RegistryListItem): string {
  const flags = [r.type === 'export' ? 'export' : '', r.readonly ? 'readonly' : '', r.protected ? 'protected' : ''].filter(Boolean);
  return flags.join(',') || '-';
}

/** `srx registry info`: facts, capabilities, then one row per context. */
export function renderRegistryInfo(result: RegistryInfoResult, opts: RenderOptions): string {
  const { server, counts } = result;
  const serverText = [
    server.vendor ?? 'vendor not told',
    server.version ? `version ${server.version}` : 'version not told',
    server.commit ? `commit ${server.commit}` : '',
  ]
    .filter(Boolean)
    .map(clean)
    .join(', ');
  const facts = [
    ['Registry', result.name],
    ['URL', result.url],
    ['Reachable', `yes (${result.latencyMs} ms)`],
    ['Server', serverText],
    ['Compatibility', result.compatibility ?? 'not told'],
    ['Mode', result.mode ?? 'not told'],
    ['Contexts', String(counts.contexts)],
    ['Subjects', String(counts.subjects)],
    [
      'Versions',
      `${counts.versions}${counts.deletedVersions !== null ? ` (+${counts.deletedVersions} soft-deleted)` : ''}, counted ${counts.listing === 'bulk' ? 'with bulk /schemas listing' : 'subject by subject'}`,
    ],
  ];
  const c = paint(opts);
  const facts1 = facts.map(([key, value]) => `${c.bold(key!.padEnd(15))}${clean(value)}`).join('\n');
  const caps = Object.entries(result.capabilities).map(([name, cap]) => [
    CAPABILITY_NAMES[name as keyof typeof CAPABILITY_NAMES],
    statusText(cap, opts),
    cap.detail,
  ]);
  const contexts = result.contexts.map((ctx) => [ctx.context, ctx.subjects, ctx.versions, ctx.deletedVersions ?? '-', ctx.mode ?? '-']);
  return [
    `${facts1}\n`,
    table(['CAPABILITY', 'SUPPORTED', 'HOW SRX KNOWS'], caps, opts),
    table(['CONTEXT', 'SUBJECTS', 'VERSIONS', 'DELETED', 'MODE'], contexts, opts),
  ].join('\n');
}

const CAPABILITY_NAMES = {
  contexts: 'contexts',
  importMode: 'IMPORT mode',
  bulkSchemas: 'bulk /schemas listing',
  deletedListing: 'deleted listing',
  bulkDeletedFlag: 'bulk deleted flag',
  subjectModes: 'subject modes',
  subjectConfig: 'subject compatibility',
  importKeepsIds: 'IMPORT keeps ids',
} as const;

function statusText(cap: Capability, opts: RenderOptions): string {
  const c = paint(opts);
  return cap.status === 'yes' ? c.green('yes') : cap.status === 'no' ? c.red('no') : c.yellow('unknown');
}

/** `srx registry test`: one row per registry and a summary line. */
export function renderRegistryTest(result: RegistryTestResult, opts: RenderOptions): string {
  const c = paint(opts);
  const rows = result.registries.map((r) => [
    r.name,
    r.status === 'ok' ? c.green('ok') : r.status === 'failed' ? c.red('FAILED') : c.dim('skipped'),
    r.latencyMs === null ? '-' : `${r.latencyMs} ms`,
    r.reason ?? '',
    r.message ?? '',
  ]);
  const { ok, failed, skipped } = result.summary;
  const total = result.registries.length;
  const summary = `${total} ${total === 1 ? 'registry' : 'registries'}: ${ok} ok, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
  return table(['REGISTRY', 'STATUS', 'LATENCY', 'REASON', 'DETAIL'], rows, opts) + summary;
}

/** `srx registry use`: the bare name (script-friendly) when printing, a sentence when it changed. */
export function renderRegistryDefault(result: RegistryDefaultResult, _opts: RenderOptions): string {
  if (result.changed) return `Default registry is now ${clean(result.defaultRegistry)} (stored in ${result.stateFile}).\n`;
  if (!result.defaultRegistry) return '';
  return `${clean(result.defaultRegistry)}\n`;
}
