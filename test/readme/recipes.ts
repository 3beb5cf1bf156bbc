// Finds the README's runnable recipes: a fenced block right after
// `<!-- recipe -->` (or with `recipe` in its info string, ```sh recipe) is a
// recipe; one after `<!-- recipe-file: NAME -->` is a file the recipes read.
// A shell block runs as it is; a CI YAML block runs its `run:` (GitHub
// Actions) or `script:` (GitLab CI) lines the way those systems run them.
import { parse } from 'yaml';

export type RecipeKind = 'shell' | 'github' | 'gitlab';

export interface Recipe {
  /** The heading above the block, for test names. */
  title: string;
  kind: RecipeKind;
  /** The bash script to run. */
  script: string;
}

export interface ReadmeRecipes {
  recipes: Recipe[];
  /** Files the recipes expect in their working directory: name → content. */
  files: Record<string, string>;
}

interface Block {
  title: string;
  marker: string;
  lang: string;
  info: string;
  body: string;
}

const FENCE = /^```(\S*)(.*)$/;

function blocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const found: Block[] = [];
  let title = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) title = line.replace(/^#+ /, '');
    const fence = FENCE.exec(line);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: unterminated code block`);
    const marker = lines.slice(0, i).reverse().find((l) => l.trim() !== '')?.trim() ?? '';
    found.push({ title, marker, lang: fence[1]!, info: fence[2]!.trim(), body: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return found;
}

// The install step is what test/package/pack.test.ts covers; here `fnf` on
// PATH is the build of this checkout.
const INSTALL = /^\s*npm install -g fnf-cli\s*$/;

/** The shell each CI system runs a step's lines in: bash, stop at the first failure, pipefail. */
function ciScript(lines: string[]): string {
  return ['set -eo pipefail', ...lines.flatMap((l) => l.split('\n')).filter((l) => !INSTALL.test(l))].join('\n');
}

/** Every value of `key` in a parsed YAML document, in document order. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOf(n, key));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => (k === key ? [v] : valuesOf(v, key)));
}

/** A line that YAML read as something else (`- echo "a: b"` is a mapping) would not run in CI either. */
function shellLine(block: Block, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new Error(`recipe "${block.title}": a ${key}: entry is not a string but ${JSON.stringify(value)}; quote it`);
}

function yamlRecipe(block: Block): Recipe {
  const doc = parse(block.body) as unknown;
  const runs = valuesOf(doc, 'run').map((v) => shellLine(block, 'run', v));
  const scripts = valuesOf(doc, 'script').flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => shellLine(block, 'script', v));
  if (runs.length > 0 && scripts.length === 0) return { title: block.title, kind: 'github', script: ciScript(runs) };
  if (scripts.length > 0 && runs.length === 0) return { title: block.title, kind: 'gitlab', script: ciScript(scripts) };
  throw new Error(`recipe "${block.title}": a YAML recipe needs run: steps (GitHub Actions) or script: lines (GitLab CI)`);
}

export function extractRecipes(markdown: string): ReadmeRecipes {
  const recipes: Recipe[] = [];
  const files: Record<string, string> = {};
  for (const block of blocks(markdown)) {
    const file = /^<!-- recipe-file: (\S+) -->$/.exec(block.marker);
    if (file) {
      files[file[1]!] = `${block.body}\n`;
      continue;
    }
    if (block.marker !== '<!-- recipe -->' && !block.info.split(/\s+/).includes('recipe')) continue;
    if (['sh', 'bash', 'shell'].includes(block.lang)) recipes.push({ title: block.title, kind: 'shell', script: block.body });
    else if (['yaml', 'yml'].includes(block.lang)) recipes.push(yamlRecipe(block));
    else throw new Error(`recipe "${block.title}": cannot run a \`${block.lang}\` block`);
  }
  return { recipes, files };
}
