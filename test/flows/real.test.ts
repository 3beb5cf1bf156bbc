// The corpus of real flow definitions (test/flows/real, sources in each file's header or SOURCES.md): every
// definition compiles, and those listed in manifest.yaml run through the engine to the result recorded there; those
// in refused/ break a rule of the help pages and are refused where manifest.yaml says.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { createEngine } from '../../src/local/engine/index.js';
import { compileDefinition } from '../../src/local/flow/index.js';
import type { ExecutionRecord, FlowDefinitionError } from '../../src/local/types.js';
import { detailOf, MemoryHost, until } from '../local/engine/memory-host.js';

const REAL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'real');

interface Run {
  input: Record<string, unknown>;
  /** A callback task's report, sent once it waits; "<token>" stands for its task token. */
  report?: { output?: unknown; error?: string; cause?: string };
  status: 'Succeeded' | 'Failed';
  /** "<uuid>" matches any UUID, "<any>" any value, "<token>" the reported task's token. */
  output?: unknown;
  error?: string;
  /** The names of the steps entered, in order. */
  steps?: string[];
  documented: boolean;
}
interface Entry {
  file: string;
  substitute?: Record<string, string>;
  runs: Run[];
}
/** A real definition in refused/ that breaks a rule of the help pages, and the problem compileDefinition names. */
interface Refusal {
  file: string;
  where: string;
  message: string;
}

const manifest = parse(readFileSync(join(REAL_DIR, 'manifest.yaml'), 'utf8')) as { flows: Entry[]; refused: Refusal[] };
const isDefinition = (f: string) => /\.(ya?ml|json)$/.test(f) && f !== 'manifest.yaml';
const definitions = readdirSync(REAL_DIR).filter(isDefinition).sort();
const refused = readdirSync(join(REAL_DIR, 'refused')).filter(isDefinition).map((f) => `refused/${f}`).sort();
const sources = readFileSync(join(REAL_DIR, 'SOURCES.md'), 'utf8');

const textOf = (file: string) => readFileSync(join(REAL_DIR, file), 'utf8');

/** The definition as it is deployed: placeholders filled in (funcraft's `!Ref service/function` runs as it is). */
function deployedText(entry: Entry): string {
  let text = textOf(entry.file);
  for (const [placeholder, value] of Object.entries(entry.substitute ?? {})) text = text.replaceAll(placeholder, value);
  return text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The expected value with "<uuid>" and "<any>" turned into matchers and "<token>" into the task token. */
function expected(value: unknown, token: string | undefined): unknown {
  if (value === '<uuid>') return expect.stringMatching(UUID);
  if (value === '<any>') return expect.anything();
  if (typeof value === 'string') return token ? value.replaceAll('<token>', token) : value;
  if (Array.isArray(value)) return value.map((v) => expected(v, token));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expected(v, token)]));
  return value;
}

async function scheduledToken(exec: ExecutionRecord): Promise<string> {
  const scheduled = () => exec.events.find((e) => e.Type === 'TaskScheduled' && detailOf(e).taskToken);
  await until(() => scheduled() !== undefined, 'a callback task to be scheduled');
  return detailOf(scheduled()!).taskToken as string;
}

function compileError(file: string): FlowDefinitionError | undefined {
  try {
    compileDefinition(textOf(file), file);
    return undefined;
  } catch (e) {
    return e as FlowDefinitionError;
  }
}

describe('real definitions', () => {
  test('the corpus holds at least 30 definitions', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(30);
  });

  test.each(definitions)('%s names its source', (file) => {
    const named = file.endsWith('.json') ? sources.includes(`\`${file}\``) : /^# Source: \S/m.test(textOf(file));
    expect(named, `${file} has no "# Source:" header (YAML) or SOURCES.md entry (JSON)`).toBe(true);
  });

  test.each(definitions)('%s compiles', (file) => {
    expect(compileError(file)?.message, file).toBeUndefined();
  });

  test.each(manifest.flows.map((e) => e.file))('manifest entry %s names a definition here', (file) => {
    expect(existsSync(join(REAL_DIR, file))).toBe(true);
  });
});

describe('real definitions the help pages rule out', () => {
  test('every one in refused/ has its refusal in the manifest', () => {
    expect(manifest.refused.map((r) => r.file).sort()).toEqual(refused);
  });

  test.each(manifest.refused)('$file is refused at $where', ({ file, where, message }) => {
    expect(/^# Source: \S/m.test(textOf(file)), `${file} has no "# Source:" header`).toBe(true);
    const error = compileError(file);
    expect(error?.where ?? '').toBe(where);
    expect(error?.message).toBe(message);
  });
});

describe('real definitions run', () => {
  // 10 000× real time: the Terraform example's 600-second wait takes 60 ms.
  const host = new MemoryHost(10_000);
  const engine = createEngine({ host, functionsDir: join(REAL_DIR, 'functions') });
  // Stands in for the pages' https://www.example.com: every request gets "hello world".
  const site = createServer((_req, res) => res.end('hello world'));
  let siteUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await engine.close();
    site.close();
  });

  const runs = manifest.flows.flatMap((entry) =>
    entry.runs.map((run, i) => [`${entry.file}#${i}${run.documented ? ' (documented)' : ''}`, entry, run] as const));

  test.each(runs)('%s', async (name, entry, run) => {
    const flow = engine.compile(deployedText(entry).replaceAll('<http>', siteUrl), { fileName: entry.file });
    const exec = host.execution(name.replace(/\W+/g, '-'), run.input, entry.file);
    engine.start(exec, flow);
    let token: string | undefined;
    if (run.report) {
      token = await scheduledToken(exec);
      const { output, error, cause } = expected(run.report, token) as NonNullable<Run['report']>;
      engine.reportTask(token, error ? { error, cause } : { output: JSON.stringify(output) });
    }
    const result = await host.ended(exec);
    const outcome = result.status === 'Succeeded' ? { status: result.status, output: JSON.parse(result.output) as unknown }
      : { status: result.status, error: result.error, cause: result.cause };
    expect(outcome.status, JSON.stringify(outcome)).toBe(run.status);
    if (run.output !== undefined) expect(outcome.output).toEqual(expected(run.output, token));
    if (run.error !== undefined) expect(outcome.error).toBe(run.error);
    if (run.steps) expect(exec.events.filter((e) => e.Type === 'StepEntered').map((e) => e.StepName)).toEqual(run.steps);
  });
});
