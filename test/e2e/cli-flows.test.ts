// Flows as code through the built CLI against a local endpoint: deploy (twice,
// then with a change, then --prune), diff, show, delete; exit codes and streams.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { PASS_FLOW } from '../helpers/flows.js';

let ep: Endpoint;
let repo: string;

const LEGACY = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n';

beforeAll(async () => {
  ep = await startEndpoint();
  repo = writeFlowsDir({ 'pass_flow.yaml': PASS_FLOW, 'legacy.yaml': LEGACY });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv, cwd: repo });

describe('fnf flows deploy / diff / show / delete', () => {
  it('plans, creates, then changes nothing the second time', async () => {
    const dry = await fnf(['flows', 'deploy', '.', '--dry-run']);
    expect([dry.code, dry.stdout]).toEqual([0, '+ create    legacy     legacy.yaml\n+ create    pass_flow  pass_flow.yaml\n']);
    expect((await fnf(['flows', '--output', 'json'])).stdout).toBe('{\n  "Flows": []\n}\n');

    const first = await fnf(['flows', 'deploy', '.', '--role-arn', 'acs:ram::1:role/fnf']);
    expect([first.code, first.stdout]).toEqual([0, '+ create    legacy     legacy.yaml  applied\n+ create    pass_flow  pass_flow.yaml  applied\n']);
    const again = await fnf(['flows', 'deploy', '.', '--role-arn', 'acs:ram::1:role/fnf']);
    expect([again.code, again.stdout]).toEqual([0, '= unchanged legacy     legacy.yaml\n= unchanged pass_flow  pass_flow.yaml\n']);

    const drawn = await fnf(['flows', 'graph', 'pass_flow']);
    expect([drawn.code, drawn.stdout]).toEqual([0, expect.stringContaining('  n1["only"]\n  n0_start --> n1\n  n1 --> n0_end\n')]);
    const shown = await fnf(['flows', 'show', 'legacy', '--output', 'json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ Name: 'legacy', Definition: LEGACY, RoleArn: 'acs:ram::1:role/fnf', ExecutionMode: 'Standard' });
    // As text: a line per field it has (no Description here), then the definition.
    const shownText = (await fnf(['flows', 'show', 'legacy'])).stdout;
    expect(shownText).toMatch(/^Name: {8}legacy\nMode: {8}Standard\nRole: {8}acs:ram::1:role\/fnf\nCreated: {5}\S+\nModified: {4}\S+\n\n/);
    expect(shownText.slice(shownText.indexOf('\n\n') + 2)).toBe(LEGACY);
  });

  it('diffs like git diff --exit-code, and deploys the change', async () => {
    expect(await fnf(['flows', 'diff', '.'])).toMatchObject({ code: 0, stdout: '' });
    writeFileSync(join(repo, 'legacy.yaml'), LEGACY.replace('name: a', 'name: b'));
    const diff = await fnf(['flows', 'diff', 'legacy.yaml']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toBe('--- deployed/legacy\n+++ legacy.yaml\n@@ -2,4 +2,4 @@\n type: flow\n steps:\n   - type: pass\n-    name: a\n+    name: b\n');
    const update = await fnf(['flows', 'deploy', '.']);
    expect(update.stdout).toBe('~ update    legacy     legacy.yaml (definition)  applied\n= unchanged pass_flow  pass_flow.yaml\n');
  });

  it('deploys nothing when a file is invalid', async () => {
    writeFileSync(join(repo, 'broken.yaml'), 'Type: StateMachine\nName: broken\nStartAt: nowhere\nStates:\n  - Type: Pass\n    Name: a\n    End: true\n');
    const result = await fnf(['flows', 'deploy', '.']);
    rmSync(join(repo, 'broken.yaml'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('broken.yaml:3:10: StartAt: no state named "nowhere" in this scope\n');
    expect((await fnf(['flows', 'show', 'broken'])).code).toBe(5);
  });

  it('prunes only with --yes off a terminal, then deletes', async () => {
    rmSync(join(repo, 'legacy.yaml'));
    const refused = await fnf(['flows', 'deploy', '.', '--prune']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^fnf: deleting 1 flow \(legacy\) needs --yes/);
    const pruned = await fnf(['flows', 'deploy', '.', '--prune', '--yes']);
    expect(pruned.stdout).toBe('= unchanged pass_flow  pass_flow.yaml\n- delete    legacy     applied\n');

    expect((await fnf(['flows', 'delete', 'pass_flow'])).code).toBe(2);
    const typo = await fnf(['flows', 'delete', 'pass_flow', 'pass_flwo', '--yes']);
    expect(typo.code).toBe(5);
    expect(typo.stderr).toMatch(/FlowNotExists: flow "pass_flwo" does not exist/);
    expect((await fnf(['flows', 'show', 'pass_flow'])).code).toBe(0);
    expect(await fnf(['flows', 'delete', 'pass_flow', '--yes'])).toMatchObject({ code: 0, stderr: 'Deleted pass_flow\n' });
    const gone = await fnf(['flows', 'delete', 'pass_flow', '--yes']);
    expect(gone.code).toBe(5);
    expect(gone.stderr).toMatch(/FlowNotExists: flow "pass_flow" does not exist/);
  });

  it('stops at the first API error and says what was and was not applied', async () => {
    writeFileSync(join(repo, 'zz_express.yaml'), PASS_FLOW.replace('Name: pass_flow', 'Name: zz_express'));
    const result = await fnf(['flows', 'deploy', '.', '--description', 'd'.repeat(300)]);
    rmSync(join(repo, 'zz_express.yaml'));
    expect(result.code).toBe(5);
    expect(result.stdout).toMatch(/^\+ create {4}pass_flow {3}pass_flow\.yaml {2}failed: InvalidArgument: .*\n\+ create {4}zz_express {2}zz_express\.yaml {2}not applied\n$/);
  });
});
