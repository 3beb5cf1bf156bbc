// JSON and YAML parsing whose errors name the file, line and column, so a
// typo in a config file gets one line the user can jump to.
import { UsageError } from '../errors.js';
import { locateJsonError } from '../input/json-error.js';
import { loadYaml, parseYaml, YamlTooDeepError } from '../yaml.js';

export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const at = locateJsonError(text);
    throw new UsageError(at
      ? `${file}:${at.line}:${at.column}: invalid JSON: ${at.reason}`
      : `${file}: invalid JSON: ${(err as Error).message}`);
  }
}

export async function parseYamlFile(file: string, text: string): Promise<unknown> {
  const { YAMLParseError } = await loadYaml();
  try {
    return await parseYaml(text);
  } catch (err) {
    if (err instanceof YamlTooDeepError) throw new UsageError(`${file}: ${err.message}`);
    // yaml also throws plain errors, e.g. a ReferenceError for an alias bomb ("billion laughs").
    if (!(err instanceof YAMLParseError)) throw new UsageError(`${file}: cannot read this YAML: ${(err as Error).message.split('\n')[0]}`);
    const pos = err.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    throw new UsageError(`${file}${where}: invalid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
}
