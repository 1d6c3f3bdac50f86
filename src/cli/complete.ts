import type { Command, Option } from 'commander';

/** What to offer for the word being completed. */
export interface CompletionContext {
  /** The words after `srx`, up to and including the (possibly empty) word being completed. */
  readonly words: readonly string[];
  /** Registry names from the configuration (offered where a command takes a registry). */
  readonly registries: readonly string[];
}

const REGISTRY_ARGUMENT = /^(registry|source|target|names|export)$/;

/**
 * Pure over the command tree: candidates for the last word. Walks subcommands by the words typed,
 * then offers subcommands, options (the command's and the program's), option choices after an option
 * that takes them, and registry names where the command's next argument is a registry.
 */
export function completeWords(program: Command, context: CompletionContext): string[] {
  const words = [...context.words];
  const current = words.pop() ?? '';
  let command = program;
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      if (takesValue(findOption(command, program, word)) && !word.includes('=')) i += 1;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && operands.length === 0) command = sub;
    else operands.push(word);
  }
  const defaultName = (command as unknown as { _defaultCommandName?: string })._defaultCommandName;
  const defaultSub = defaultName ? command.commands.find((c) => c.name() === defaultName) : undefined;
  // `srx compare staging prod …` runs the group's default subcommand: complete as that one.
  if (defaultSub && (operands.length > 0 || current.startsWith('-'))) command = defaultSub;
  const previous = words[words.length - 1];
  const option = previous?.startsWith('-') ? findOption(command, program, previous) : undefined;
  if (option && takesValue(option)) return matching(option.argChoices ?? [], current);
  if (current.startsWith('-')) return matching(optionNames(command, program), current);
  const candidates: string[] = operands.length === 0 ? visibleCommands(command) : [];
  const argumentsOf = command === defaultSub ? command : (defaultSub ?? command);
  const expected = argumentsOf.registeredArguments[Math.min(operands.length, argumentsOf.registeredArguments.length - 1)];
  if (expected && REGISTRY_ARGUMENT.test(expected.name())) candidates.push(...context.registries);
  return matching(candidates, current);
}

function visibleCommands(command: Command): string[] {
  return command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name());
}

function optionNames(command: Command, program: Command): string[] {
  const options = command === program ? program.options : [...command.options, ...program.options];
  return [...new Set(options.filter((o) => !o.hidden).flatMap((o) => (o.long ? [o.long] : [])))].concat('--help');
}

function findOption(command: Command, program: Command, flag: string): Option | undefined {
  const name = flag.split('=')[0];
  return [...command.options, ...program.options].find((o) => o.long === name || o.short === name);
}

function takesValue(option: Option | undefined): option is Option {
  return Boolean(option && (option.required || option.optional));
}

function matching(candidates: readonly string[], prefix: string): string[] {
  return [...new Set(candidates)].filter((c) => c.startsWith(prefix)).sort();
}

/** The completion script of a shell: it asks `srx __complete <words…>` for candidates. */
export function completionScript(shell: 'bash' | 'zsh' | 'fish'): string {
  if (shell === 'bash') {
    return `# srx completion for bash: eval "$(srx completion bash)" (e.g. in ~/.bashrc)
_srx_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(srx __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _srx_complete srx
`;
  }
  if (shell === 'zsh') {
    return `#compdef srx
# srx completion for zsh: eval "$(srx completion zsh)" (e.g. in ~/.zshrc, after compinit)
_srx() {
  local -a candidates
  candidates=("\${(@f)$(srx __complete "\${words[@]:1:$((CURRENT-1))}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _srx srx
`;
  }
  return `# srx completion for fish: srx completion fish > ~/.config/fish/completions/srx.fish
complete -c srx -f -a '(srx __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
}
