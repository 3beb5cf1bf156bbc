// Twenty `fnf wait` processes follow twenty executions on one endpoint that
// enforces the service's rate limits (Describe + History: 50 burst, 5 per s):
// long polls and the adaptive cadence keep them all inside the budget.
// Needs the build (`npm run build`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, type Endpoint } from '../helpers/endpoint.js';

const WATCHERS = 20;
const FLOW = `Type: StateMachine
SpecVersion: v1
Name: nap
StartAt: first
States:
  - Type: Pass
    Name: first
    Next: nap
  - Type: Wait
    Name: nap
    Seconds: 6
    Next: last
  - Type: Pass
    Name: last
    End: true
`;

describe('many watchers under the service rate limits', () => {
  let ep: Endpoint;
  beforeAll(async () => {
    const flowsDir = mkdtempSync(join(tmpdir(), 'fnf-watchers-flows-'));
    writeFileSync(join(flowsDir, 'nap.yaml'), FLOW);
    ep = await startEndpoint({ flowsDir, rateLimits: true });
  });
  afterAll(async () => {
    await ep?.stop();
  });

  it(`lets ${WATCHERS} watchers all see their execution end`, async () => {
    const pop = ep.popClient();
    const names = Array.from({ length: WATCHERS }, (_, i) => `watched_${i}`);
    for (const name of names) await pop.request('StartExecution', { FlowName: 'nap', ExecutionName: name, Input: '{}' }, { method: 'POST' });
    const results = await Promise.all(
      names.map((name) => runCli(['wait', 'nap', name, '--output', 'json'], { env: ep.cliEnv, timeoutMs: 25_000 })),
    );
    for (const res of results) {
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ FlowName: 'nap', Status: 'Succeeded' });
    }
  }, 40_000);
});
