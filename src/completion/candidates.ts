// Turns a read command line into completion candidates. Static answers
// (commands, options, choices) come from the commander tree; dynamic ones
// (flows, executions, profiles) from the sources given, which may be slow or
// fail: then they answer nothing.
import { Help, type Argument, type Command, type Option } from 'commander';
import { EXECUTION_SHORTCUTS } from '../commands/execution-ref.js';
import { argumentAt, type LineState } from './line.js';

export interface Candidate {
  value: string;
  description?: string;
}

/** What the shell does besides offering the candidates: add file names (after an "@"), or directories. */
export type Directive = 'none' | 'files' | 'at-files' | 'dirs';

export interface Completion {
  candidates: Candidate[];
  directive: Directive;
}

export interface DynamicSources {
  flows(): Promise<string[]>;
  executions(flow: string): Promise<string[]>;
  schedules(flow: string): Promise<string[]>;
  profiles(): Promise<string[]>;
}

type ValueSource =
  | { from: 'choices'; values: readonly string[] }
  | { from: 'flows' }
  | { from: 'flows-and-files' }
  | { from: 'executions' }
  | { from: 'schedules' }
  | { from: 'profiles' }
  | { from: 'files' }
  | { from: 'at-files' }
  | { from: 'dirs' }
  | { from: 'nothing' };

// Options whose values are names or paths; commander only knows their placeholders.
const OPTION_SOURCES: Record<string, ValueSource> = {
  '--profile': { from: 'profiles' },
  '--flow': { from: 'flows' },
  '--input': { from: 'at-files' },
  '--payload': { from: 'at-files' },
  '--input-file': { from: 'files' },
  '--flows': { from: 'dirs' },
  '--data': { from: 'dirs' },
  '--functions': { from: 'dirs' },
};

function placeholderSource(placeholder: string): ValueSource {
  if (/^(dir|directory|.*-dir)$/.test(placeholder)) return { from: 'dirs' };
  if (/^(file|path|.*-file)$/.test(placeholder)) return { from: 'files' };
  return { from: 'nothing' };
}

function optionSource(option: Option): ValueSource {
  if (option.argChoices) return { from: 'choices', values: option.argChoices };
  const known = option.long ? OPTION_SOURCES[option.long] : undefined;
  return known ?? placeholderSource(/[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '');
}

/** Where the command's `<flow>` argument stands (-1: none). */
function flowArgIndex(command: Command): number {
  return command.registeredArguments.findIndex((a) => a.name() === 'flow');
}

function argumentSource(arg: Argument, index: number, command: Command): ValueSource {
  if (arg.argChoices) return { from: 'choices', values: arg.argChoices };
  const name = arg.name();
  if (name === 'flow') return { from: 'flows' };
  const flowIndex = flowArgIndex(command);
  const afterFlow = flowIndex >= 0 && flowIndex < index;
  if ((name === 'name' || name === 'names' || name === 'execution') && afterFlow) return { from: 'executions' };
  if (name === 'schedule' && afterFlow) return { from: 'schedules' };
  // `flows graph <file|flow>` draws a file or a deployed flow; `flows validate <file|dir...>` takes paths.
  if (name === 'file|flow') return { from: 'flows-and-files' };
  if (name.startsWith('file|')) return { from: 'files' };
  return placeholderSource(name);
}

function matching(values: readonly string[], prefix: string): Candidate[] {
  return values.filter((v) => v.startsWith(prefix)).map((value) => ({ value }));
}

async function valuesFrom(source: ValueSource, state: LineState, sources: DynamicSources): Promise<Completion> {
  const none = (candidates: Candidate[]): Completion => ({ candidates, directive: 'none' });
  switch (source.from) {
    case 'choices':
      return none(matching(source.values, state.current));
    case 'flows':
      return none(matching(await sources.flows(), state.current));
    case 'flows-and-files':
      return { candidates: matching(await sources.flows(), state.current), directive: 'files' };
    case 'executions': {
      const flowAt = flowArgIndex(state.command);
      const flow = state.args[flowAt];
      if (!flow) return none([]);
      // `fnf wait f a b …` takes many: the names already typed are not offered again.
      const typed = new Set(state.args.slice(flowAt + 1));
      const names = [...EXECUTION_SHORTCUTS, ...(await sources.executions(flow))].filter((n) => !typed.has(n));
      return none(matching(names, state.current));
    }
    case 'schedules': {
      const flow = state.args[flowArgIndex(state.command)];
      return none(flow ? matching(await sources.schedules(flow), state.current) : []);
    }
    case 'profiles':
      return none(matching(await sources.profiles(), state.current));
    case 'at-files':
      // `--input` also takes inline JSON or "-": only "@…" names a file.
      return { candidates: [], directive: state.current.startsWith('@') ? 'at-files' : 'none' };
    case 'files':
    case 'dirs':
      return { candidates: [], directive: source.from };
    case 'nothing':
      return none([]);
  }
}

function optionNames(command: Command, prefix: string): Candidate[] {
  const help = new Help();
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (let c: Command | null = command; c; c = c.parent) {
    for (const option of help.visibleOptions(c)) {
      for (const flag of [option.long, option.short]) {
        if (!flag || seen.has(flag) || !flag.startsWith(prefix)) continue;
        seen.add(flag);
        out.push({ value: flag, description: option.description });
      }
    }
  }
  return out;
}

function subcommands(command: Command, prefix: string): Candidate[] {
  return new Help()
    .visibleCommands(command)
    .filter((c) => c.name() !== 'help' && c.name().startsWith(prefix))
    .map((c) => ({ value: c.name(), description: c.description() }));
}

/** `state` is readLine()'s reading of the line being completed. */
export async function complete(state: LineState, sources: DynamicSources): Promise<Completion> {
  const { slot, command } = state;
  switch (slot.type) {
    case 'nothing':
      return { candidates: [], directive: 'none' };
    case 'option-name':
      return { candidates: optionNames(command, state.current), directive: 'none' };
    case 'option-value': {
      const result = await valuesFrom(optionSource(slot.option), state, sources);
      const candidates = result.candidates.map((c) => ({ ...c, value: slot.inlinePrefix + c.value }));
      return { ...result, candidates };
    }
    case 'command-or-argument': {
      if (state.args.length === 0 && command.commands.length > 0) {
        const subs = subcommands(command, state.current);
        // A command that takes arguments of its own (`fnf test [path...]`) offers them beside its subcommands.
        const own = argumentAt(command, 0);
        if (!own) return { candidates: subs, directive: 'none' };
        const values = await valuesFrom(argumentSource(own, 0, command), state, sources);
        return { candidates: [...subs, ...values.candidates], directive: values.directive };
      }
      const arg = argumentAt(command, state.args.length);
      if (!arg) return { candidates: [], directive: 'none' };
      return valuesFrom(argumentSource(arg, state.args.length, command), state, sources);
    }
  }
}

/** The wire format the shell scripts read: one `value<TAB>description` per line, then `:directive`. */
export function formatCompletion(result: Completion): string {
  const lines = result.candidates.map((c) => (c.description ? `${c.value}\t${c.description.split('\n')[0]}` : c.value));
  return [...lines, `:${result.directive}`].join('\n') + '\n';
}
