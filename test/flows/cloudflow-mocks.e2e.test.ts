// `fnf local serve --mocks FILE` end to end: the built CLI starts a flow whose
// Tasks call DashScope, an FC function and MNS on an endpoint that has none of
// them, and gets the result the mocks file gives; a bad mocks file stops the
// server with one line naming it. Needs the build (`npm run build`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';

const FLOW = `
Type: StateMachine
Name: summary
SpecVersion: v1
StartAt: fetch
States:
  - Type: Task
    Name: fetch
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::services/shop.LATEST/functions/fetchOrder
      invocationType: Sync
      body:
        id.$: $Input.id
    OutputConstructor:
      lines.$: $Output.Body.lines
    Next: summarise
  - Type: Task
    Name: summarise
    Action: DashScope:QwenTextGeneration
    Parameters:
      prompt.$: $Input.lines
    OutputConstructor:
      text.$: $Output.output.text
    Next: notify
  - Type: Task
    Name: notify
    Action: MNS:SendMessage
    Parameters:
      QueueName: orders
    Catch:
      - Errors: [MNS.QueueNotExist]
        Next: done
        OutputConstructor:
          text.$: $Input.text
          notified.$: $Context.Current.Error.Detail
    End: true
  - Type: Pass
    Name: done
    End: true
`;

const MOCKS = `
fetch:                      # by state name: what the function returns
  output: {lines: [tea, cake]}
DashScope:QwenTextGeneration:
  output: {output: {text: two lines}}
MNS:SendMessage:
  error: {Code: MNS.QueueNotExist, Detail: no queue named orders}
`;

function mocksFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fnf-mocks-')), 'mocks.yaml');
  writeFileSync(file, text);
  return file;
}

let ep: Endpoint;
beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'summary.yaml': FLOW }), args: ['--mocks', mocksFile(MOCKS)] });
});
afterAll(async () => {
  await ep?.stop();
});

test('a flow calling services the endpoint lacks runs to the result the mocks give', async () => {
  const started = await runCli(['start', 'summary', '--input', '{"id": 7}', '--wait', '--output', 'json'], { env: ep.cliEnv });
  expect(started.code).toBe(0);
  const execution = JSON.parse(started.stdout) as { Status: string; Output: string };
  expect(execution.Status).toBe('Succeeded');
  expect(JSON.parse(execution.Output)).toEqual({ text: 'two lines', notified: 'no queue named orders' });
});

test('a bad mocks file stops fnf local serve with one line naming it', async () => {
  const file = mocksFile('summarise:\n  result: 1\n');
  const res = await runCli(['local', 'serve', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'fnf-data-')), '--mocks', file]);
  expect(res.code).toBe(2);
  expect(res.stderr).toBe(`fnf: --mocks ${file}: "summarise" must have exactly one of output, error (has result)\n`);
});
