// Reads a partly typed command line the way commander will parse it, to find
// out what the word under the cursor is: a subcommand, an option name, an
// option's value or a positional argument. Works on the live commander tree,
// so options and commands added by any command file complete without changes here.
import type { Argument, Command, Option } from 'commander';

/** What the word under the cursor is. */
export type Slot =
  | { type: 'command-or-argument' }
  | { type: 'option-name' }
  /** `inlinePrefix` is "--output=" when the value is typed in the same word. */
  | { type: 'option-value'; option: Option; inlinePrefix: string }
  /** An option value that cannot be completed (unknown option, `--` seen…). */
  | { type: 'nothing' };

export interface LineState {
  /** The deepest command named on the line. */
  command: Command;
  /** Positional arguments typed for `command` before the cursor. */
  args: string[];
  /** Values of options seen before the cursor, by attribute name ("profile", "endpoint"…). */
  optionValues: Record<string, string>;
  slot: Slot;
  /** The word under the cursor, without any `--option=` part. */
  current: string;
}

const takesValue = (option: Option): boolean => option.required || option.optional;

/** The option `flag` names on `cmd` or on one of its ancestors (commander accepts global options anywhere). */
export function findOption(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

export function findSubcommand(cmd: Command, name: string): Command | undefined {
  return cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
}

/**
 * `words` are the words after the program name; the last one is the word being
 * completed ("" right after a space).
 */
export function readLine(program: Command, words: readonly string[]): LineState {
  const before = words.slice(0, -1);
  const current = words.at(-1) ?? '';
  let command = program;
  const args: string[] = [];
  const optionValues: Record<string, string> = {};
  let pendingOption: Option | undefined;
  let literal = false;

  for (const word of before) {
    if (pendingOption) {
      optionValues[pendingOption.attributeName()] = word;
      pendingOption = undefined;
    } else if (literal || !word.startsWith('-') || word === '-') {
      const sub = args.length === 0 ? findSubcommand(command, word) : undefined;
      if (sub) command = sub;
      else args.push(word);
    } else if (word === '--') {
      literal = true;
    } else {
      const eq = word.indexOf('=');
      const flag = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word.slice(0, 2);
      const option = findOption(command, word.startsWith('--') && eq < 0 ? word : flag);
      if (!option || !takesValue(option)) continue;
      const attached = word.startsWith('--') ? (eq > 0 ? word.slice(eq + 1) : undefined) : word.slice(2) || undefined;
      if (attached !== undefined) optionValues[option.attributeName()] = attached;
      else if (option.required) pendingOption = option;
    }
  }

  if (pendingOption) {
    return { command, args, optionValues, current, slot: { type: 'option-value', option: pendingOption, inlinePrefix: '' } };
  }
  if (!literal && current.startsWith('-')) {
    const eq = current.indexOf('=');
    if (current.startsWith('--') && eq > 0) {
      const option = findOption(command, current.slice(0, eq));
      const slot: Slot = option && takesValue(option)
        ? { type: 'option-value', option, inlinePrefix: current.slice(0, eq + 1) }
        : { type: 'nothing' };
      return { command, args, optionValues, current: current.slice(eq + 1), slot };
    }
    return { command, args, optionValues, current, slot: { type: 'option-name' } };
  }
  return { command, args, optionValues, current, slot: { type: 'command-or-argument' } };
}

/** The declared argument that the next positional word fills (the last one if it is variadic). */
export function argumentAt(command: Command, index: number): Argument | undefined {
  const declared = command.registeredArguments;
  const last = declared.at(-1);
  return declared[index] ?? (last?.variadic ? last : undefined);
}
