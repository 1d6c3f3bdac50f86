import type { Command, Option } from 'commander';

/**
 * docs/cli.md from the real command tree: every command with its usage, description, arguments and
 * options, and the global options once. `scripts/make-cli-doc.mjs` writes it; a test fails when it is stale.
 */
export function cliReference(program: Command): string {
  const lines = [
    '# srx command reference',
    '',
    '<!-- Generated from the command tree by `node scripts/make-cli-doc.mjs`; do not edit by hand. -->',
    '',
    program.description(),
    '',
    '## Global options',
    '',
    'Accepted by every command (before or after its name).',
    '',
    ...optionRows(program.options),
    '',
  ];
  for (const command of visible(program)) lines.push(...section(command, 'srx'));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function section(command: Command, parent: string): string[] {
  const path = `${parent} ${command.name()}`;
  const children = visible(command);
  const lines = [`## ${path}`, '', command.description(), ''];
  const usage = command.usage();
  if (children.length === 0 || command.registeredArguments.length > 0) lines.push('```', `${path} ${usage}`.trimEnd(), '```', '');
  if (command.aliases().length > 0)
    lines.push(
      `Aliases: ${command
        .aliases()
        .map((a) => `\`${a}\``)
        .join(', ')}`,
      '',
    );
  if (command.registeredArguments.length > 0) {
    lines.push('| Argument | Description |', '| --- | --- |');
    for (const arg of command.registeredArguments)
      lines.push(`| \`${arg.name()}${arg.variadic ? '...' : ''}\`${arg.required ? '' : ' (optional)'} | ${cell(arg.description)} |`);
    lines.push('');
  }
  const options = command.options.filter((o) => !o.hidden);
  if (options.length > 0) lines.push(...optionRows(options), '');
  if (children.length > 0) lines.push(`Subcommands: ${children.map((c) => `\`${c.name()}\``).join(', ')}.`, '');
  for (const child of children) lines.push(...section(child, path));
  return lines;
}

function optionRows(options: readonly Option[]): string[] {
  const rows = ['| Option | Description |', '| --- | --- |'];
  for (const option of options) {
    const extra = [
      option.argChoices ? `one of: ${option.argChoices.join(', ')}` : '',
      option.defaultValue !== undefined && typeof option.defaultValue !== 'boolean' ? `default: ${JSON.stringify(option.defaultValue)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    rows.push(`| \`${option.flags}\` | ${cell(option.description)}${extra ? ` (${extra})` : ''} |`);
  }
  return rows;
}

function visible(command: Command): Command[] {
  return command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden && c.name() !== 'help');
}

/** Text safe inside one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}
