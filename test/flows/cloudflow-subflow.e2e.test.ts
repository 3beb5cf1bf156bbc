// FNF:StartExecution on `fnf local serve`: a task starts an execution of
// another flow the endpoint holds, as the page's example does, and with
// WaitForSystemCallback waits for it. Needs the build (`npm run build`).
// https://www.alibabacloud.com/help/en/serverless-workflow/latest/integrating-cloud-workflows
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';

// The page's parent flow, as written.
const PARENT = `
Type: StateMachine
Name: MyWorkflow
SpecVersion: v1
StartAt: StartExecution
States:
  - Type: Task
    Name: StartExecution
    Action: FNF:StartExecution
    TaskMode: RequestComplete
    Description: an example of workflow invocation
    Parameters:
      resourceArn: acs:fnf:cn-hangzhou::flow/test-workflow
      executionName: theExecutionName
      input:
        key: value1
    End: true
`;

const WAITING_PARENT = `
Type: StateMachine
Name: waiting-parent
SpecVersion: v1
StartAt: child
States:
  - Type: Task
    Name: child
    Action: FNF:StartExecution
    TaskMode: WaitForSystemCallback
    Parameters:
      resourceArn: acs:fnf:::flow/test-workflow
      input.$: $Input
    End: true
`;

const CHILD = `
Type: StateMachine
Name: test-workflow
SpecVersion: v1
StartAt: check
States:
  - Type: Choice
    Name: check
    Branches:
      - Condition: $Input.key == "bad"
        Next: refuse
    Default: answer
  - Type: Pass
    Name: answer
    OutputConstructor:
      got.$: $Input.key
    End: true
  - Type: Fail
    Name: refuse
    Code: Child.Refused
    Detail: the key is bad
`;

let ep: Endpoint;
beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'parent.yaml': PARENT, 'waiting.yaml': WAITING_PARENT, 'child.yaml': CHILD }) });
});
afterAll(async () => {
  await ep?.stop();
});

async function startAndWait(flow: string, input: object): Promise<{ Status: string; Output?: string; ErrorCode?: string; ErrorMessage?: string }> {
  const r = await runCli(['start', flow, '--input', JSON.stringify(input), '--wait', '--output', 'json'], { env: ep.cliEnv });
  return JSON.parse(r.stdout);
}

test('RequestComplete: the task starts the child and gives {FlowName, ExecutionName, RequestID}', async () => {
  const parent = await startAndWait('MyWorkflow', {});
  expect(parent.Status).toBe('Succeeded');
  expect(JSON.parse(parent.Output!)).toEqual({ FlowName: 'test-workflow', ExecutionName: 'theExecutionName', RequestID: expect.any(String) });
  const child = await runCli(['wait', 'test-workflow', 'theExecutionName', '--output', 'json'], { env: ep.cliEnv });
  expect(JSON.parse(JSON.parse(child.stdout).Output)).toEqual({ got: 'value1' });
});

test('WaitForSystemCallback: the task ends with the child, with its output or its error', async () => {
  const done = await startAndWait('waiting-parent', { key: 'good' });
  expect([done.Status, JSON.parse(done.Output!)]).toEqual(['Succeeded', { got: 'good' }]);
  const failed = await startAndWait('waiting-parent', { key: 'bad' });
  expect([failed.Status, failed.ErrorCode, failed.ErrorMessage]).toEqual(['Failed', 'Child.Refused', 'the key is bad']);
});
