// `fnf flows validate`: every problem of every file, offline, through main() with real files.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { checkDefinition, compileDefinition } from '../../src/local/flow/index.js';
import { FlowDefinitionError } from '../../src/local/types.js';
import { testCtx } from '../helpers/ctx.js';
import { writeFlowsDir } from '../helpers/endpoint.js';
import { PASS_FLOW as GOOD } from '../helpers/flows.js';

// Three problems in three different states, and one in StartAt.
const CLOUDFLOW_BAD = `Type: StateMachine
Name: order
StartAt: nowhere
States:
  - Type: Pass
    Name: first
    Next: ship
  - Type: Choice
    Name: decide
    Branches:
      - Condition: $Input.x ==
        Next: first
    Default: first
  - Type: Bogus
    Name: other
    End: true
`;

const FDL_BAD = `version: v1
type: flow
steps:
  - type: pass
    name: a
    goto: nowhere
  - type: wat
    name: b
`;


async function validate(args: string[], env: Record<string, string> = {}) {
  const cwd = writeFlowsDir({ 'order.yaml': CLOUDFLOW_BAD, 'legacy.yaml': FDL_BAD, 'hello.yaml': GOOD, 'notes.txt': 'not a flow' });
  const ctx = testCtx({ cwd, env });
  const code = await main(['flows', 'validate', ...args], ctx);
  return { code, out: ctx.stdout.text, err: ctx.stderr.text };
}

describe('checkDefinition (collecting checker)', () => {
  it('finds the problems of every state, where compileDefinition stops at the first', () => {
    const { problems } = checkDefinition(CLOUDFLOW_BAD);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual([
      '3:10 StartAt', '7:11 States[0].Next', '11:20 States[1].Branches[0].Condition', '14:11 States[2].Type',
    ]);
    expect(() => compileDefinition(CLOUDFLOW_BAD)).toThrow(FlowDefinitionError);
    expect(() => compileDefinition(CLOUDFLOW_BAD)).toThrow(/no state named "nowhere"/);
  });

  it('collects in the older FDL too, and names a valid flow', () => {
    expect(checkDefinition(FDL_BAD).problems.map((p) => p.path)).toEqual(['steps[0].goto', 'steps[1].type']);
    expect(checkDefinition(GOOD)).toEqual({ name: 'pass_flow', problems: [] });
  });

  it('tells every unknown field of a rule, and still checks the rest of it', () => {
    const flow = 'Type: StateMachine\nSpecVersion: v1\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n' +
      '    Retry: [{Errors: [X], MaxAttempts: 1, IntervalSeconds: 1, Jitter: 1, Max: 2, BackoffRate: 0}]\n';
    expect(checkDefinition(flow).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'States[0].Retry[0].Jitter: unknown field "Jitter" in a Retry rule (it takes Errors, Description, MaxAttempts, IntervalSeconds, BackoffRate, MaxBackoffSeconds)',
      'States[0].Retry[0].Max: unknown field "Max" in a Retry rule (it takes Errors, Description, MaxAttempts, IntervalSeconds, BackoffRate, MaxBackoffSeconds)',
      'States[0].Retry[0].BackoffRate: must be a number >= 1',
    ]);
  });

  it('a problem in one Retry or Catch rule hides none of the others, nor of the rest of the rule (CloudFlow and FDL)', () => {
    const flow = 'Type: StateMachine\nSpecVersion: v1\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n' +
      '    Retry: [{Errors: [X], IntervalSeconds: -1}, {Errors: Y, MaxAttempts: 1, IntervalSeconds: 1}]\n' +
      '    Catch: [{Errors: [X], Next: nowhere}, {Next: a}]\n';
    expect(checkDefinition(flow).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'States[0].Retry[0]: missing MaxAttempts',
      'States[0].Retry[0].IntervalSeconds: must be a number >= 0',
      'States[0].Retry[1].Errors: must be a list',
      'States[0].Catch[0].Next: no state named "nowhere" in this scope',
      'States[0].Catch[1]: missing Errors',
    ]);
    const fdl = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n' +
      '    retry: [{errors: [X], maxAttempts: -1}, {errors: Y}]\n    catch: [{errors: [X], goto: nowhere}, {goto: a}]\n';
    expect(checkDefinition(fdl, 'f.yaml').problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'steps[0].retry[0].maxAttempts: must be an integer >= 0',
      'steps[0].retry[1].errors: must be a list',
      'steps[0].catch[0].goto: no step named "nowhere" in this scope',
      'steps[0].catch[1]: missing errors',
    ]);
  });

  it('reports text that does not parse with its line and column', () => {
    const [problem] = checkDefinition('a: [1, 2\n').problems;
    expect(problem).toMatchObject({ line: 2, column: 1 });
  });
});

describe('fnf flows validate', () => {
  it('prints file:line:col: path: message for every problem of every file and exits 2', async () => {
    const { code, out, err } = await validate(['.']);
    expect(code).toBe(2);
    expect(out.split('\n')).toEqual([
      'legacy.yaml:6:11: steps[0].goto: no step named "nowhere" in this scope',
      expect.stringMatching(/^legacy\.yaml:7:11: steps\[1\]\.type: unknown step type "wat"/),
      'order.yaml:3:10: StartAt: no state named "nowhere" in this scope',
      'order.yaml:7:11: States[0].Next: no state named "ship" in this scope',
      expect.stringMatching(/^order\.yaml:11:20: States\[1\]\.Branches\[0\]\.Condition: bad expression "\$Input\.x =="/),
      expect.stringMatching(/^order\.yaml:14:11: States\[2\]\.Type: unknown state type "Bogus"/),
      '',
    ]);
    expect(err).toBe('fnf: 6 problems in 2 of 3 files\n');
  });

  it('exits 0 for valid files', async () => {
    const { code, out, err } = await validate(['hello.yaml']);
    expect([code, out, err]).toEqual([0, '', '1 flow definition valid\n']);
  });

  it('prints an array of {file, line, column, path, message} with --output json', async () => {
    const { code, out } = await validate(['legacy.yaml', 'hello.yaml', '--output', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(out)).toEqual([
      { file: 'legacy.yaml', line: 6, column: 11, path: 'steps[0].goto', message: 'no step named "nowhere" in this scope' },
      { file: 'legacy.yaml', line: 7, column: 11, path: 'steps[1].type', message: expect.stringMatching(/^unknown step type "wat"/) },
    ]);
  });

  it('adds ::error annotations on GitHub Actions', async () => {
    const { err } = await validate(['legacy.yaml'], { GITHUB_ACTIONS: 'true' });
    expect(err).toContain('::error file=legacy.yaml,line=6,col=11::steps[0].goto: no step named "nowhere" in this scope\n');
    expect(err.match(/^::error /gm)).toHaveLength(2);
  });

  it('refuses two files that define the same flow, and an invalid flow name', async () => {
    const cwd = writeFlowsDir({ 'a.yaml': GOOD, 'b.yaml': GOOD, '9bad.yaml': 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n' });
    const ctx = testCtx({ cwd });
    expect(await main(['flows', 'validate', 'a.yaml', 'b.yaml', '9bad.yaml'], ctx)).toBe(2);
    expect(ctx.stdout.text).toBe('b.yaml: flow "pass_flow" is already defined by a.yaml\n9bad.yaml: flow name "9bad" is invalid: it must match ^[A-Za-z_][A-Za-z0-9_-]{0,127}$\n');
  });

  it('says which path it cannot read', async () => {
    const { code, err } = await validate(['missing.yaml']);
    expect(code).toBe(2);
    expect(err).toBe('fnf: cannot read missing.yaml: no such file\n');
  });

  it('still lists flows as `fnf flows`', async () => {
    const ctx = testCtx({ client: { call: async () => ({ RequestId: 'r', Flows: [] }), region: 'x', endpoint: 'y', requestCount: 0 } });
    expect(await main(['flows', '--output', 'json'], ctx)).toBe(0);
    expect(JSON.parse(ctx.stdout.text)).toEqual({ Flows: [] });
  });
});
