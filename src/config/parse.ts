// JSON and YAML parsing whose errors name the file, line and column, so a
// typo in a config file gets one line the user can jump to.
import { UsageError } from '../errors.js';
import { MAX_NESTING, nestingDepth } from '../nesting.js';
import { loadYaml, QUIET } from '../yaml.js';

export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : '';
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/, '');
    throw new UsageError(`${file}${where}: invalid JSON: ${reason}`);
  }
}

export async function parseYamlFile(file: string, text: string): Promise<unknown> {
  const { parse, YAMLParseError } = await loadYaml();
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING) throw new UsageError(`${file}: nested too deeply (${depth} levels; at most ${MAX_NESTING})`);
  try {
    return parse(text, QUIET);
  } catch (err) {
    // yaml also throws plain errors, e.g. a ReferenceError for an alias bomb ("billion laughs").
    if (!(err instanceof YAMLParseError)) throw new UsageError(`${file}: cannot read this YAML: ${(err as Error).message.split('\n')[0]}`);
    const pos = err.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    throw new UsageError(`${file}${where}: invalid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${before[before.length - 1]!.length + 1}`;
}
