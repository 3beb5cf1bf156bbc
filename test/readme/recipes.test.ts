// The README's CI recipes are run, not just read: each one runs with bash in
// a directory holding the README's recipe files, against a local endpoint
// serving examples/flows, with `fnf` on PATH being this checkout's build. A
// recipe passes when it exits 0 and actually started an execution.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, emptyHome, fnfOnPath, runProcess, type CliResult } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';
import { extractRecipes, type RecipeKind } from './recipes.js';

const { recipes, files } = extractRecipes(readFileSync(join(ROOT, 'README.md'), 'utf8'));

const PATH = `${fnfOnPath()}${delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`;

const hasJq = spawnSync('jq', ['--version']).status === 0;

let runs = 0;
/** What each CI system puts in the environment that the recipes (or fnf) read. */
function ciEnv(kind: RecipeKind, workDir: string): Record<string, string> {
  runs += 1;
  const id = `${Date.now()}${runs}`;
  switch (kind) {
    case 'github':
      return { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: '1', GITHUB_STEP_SUMMARY: join(workDir, 'summary.md') };
    case 'gitlab':
      return { CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_ID: id };
    case 'shell':
      return {};
  }
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<CliResult> {
  return runProcess('bash', ['-c', script], { cwd, env });
}

let ep: Endpoint;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: 'examples/flows', functionsDir: 'examples/functions', timeScale: 20 });
});

afterAll(async () => {
  await ep?.stop();
});

async function executionCount(): Promise<number> {
  let total = 0;
  for (const flow of ep.flows) {
    const res = (await ep.popClient().request('ListExecutions', { FlowName: flow, Limit: 100 })) as { Executions?: unknown[] };
    total += res.Executions?.length ?? 0;
  }
  return total;
}

describe('README recipes', () => {
  it('finds the GitHub Actions, GitLab CI and shell recipes, and the files they read', () => {
    expect(recipes.map((r) => r.kind)).toEqual(expect.arrayContaining(['github', 'gitlab', 'shell']));
    expect(recipes.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(files)).toContain('order.json');
    expect(() => JSON.parse(files['order.json']!)).not.toThrow();
  });

  for (const recipe of recipes) {
    it(`${recipe.kind}: ${recipe.title}`, async ({ skip }) => {
      skip(!hasJq && /\bjq\b/.test(recipe.script), 'jq is not installed: this recipe pipes through jq (apt-get install jq; .ci/run installs it)');
      const workDir = mkdtempSync(join(tmpdir(), 'fnf-recipe-'));
      for (const [name, content] of Object.entries(files)) writeFileSync(join(workDir, name), content);
      const before = await executionCount();

      const env = { PATH, HOME: emptyHome(), NO_COLOR: '1', ...ep.cliEnv, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ...ciEnv(recipe.kind, workDir) };
      const result = await bash(recipe.script, workDir, env);

      expect(result.code, `recipe exited ${result.code}\n--- script\n${recipe.script}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
      expect(result.stderr).not.toMatch(/^fnf: /m);
      expect(await executionCount()).toBeGreaterThan(before);
    });
  }
});
