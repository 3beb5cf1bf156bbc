// Which handler `fnf local serve --functions DIR` runs for a function: `DIR/<service>/<function>.mjs` when the
// resourceArn names a service (FC 2.0 names a function within its service:
// https://www.alibabacloud.com/help/en/functioncompute/fc-2-0/developer-reference/api-invokefunction), else
// `DIR/<function>.mjs`; a --mocks key fn:<service>/<function> answers that service's function alone. The built CLI
// starts the flows and reads their outputs and errors. Needs the build (`npm run build`).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';

const resizeStep = (name: string, resourceArn: string) => `  - type: task
    name: ${name}
    resourceArn: ${resourceArn}
    outputMappings:
      - target: ${name}
        source: $local.by
`;

// FDL: each step keeps which module answered it.
const RESIZE = `version: v1
type: flow
steps:
${resizeStep('photos', 'acs:fc:cn-hangzhou:1234567890:services/photos.LATEST/functions/resize')}\
${resizeStep('funcraft', 'photos/resize')}\
${resizeStep('videos', 'acs:fc:cn-hangzhou:1234567890:services/videos/functions/resize')}\
${resizeStep('mocked', 'acs:fc:cn-hangzhou:1234567890:services/mocked/functions/resize')}`;

const CROP = `Type: StateMachine
Name: crop
SpecVersion: v1
StartAt: crop
States:
  - Type: Task
    Name: crop
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:1234567890:services/photos/functions/crop
      body: {}
    End: true
`;

let ep: Endpoint;
let functions: string;

beforeAll(async () => {
  functions = mkdtempSync(join(tmpdir(), 'fnf-functions-'));
  const answer = (by: string) => `export const handler = async () => ({ by: ${JSON.stringify(by)} });\n`;
  mkdirSync(join(functions, 'photos'));
  writeFileSync(join(functions, 'photos', 'resize.mjs'), answer('photos/resize.mjs'));
  writeFileSync(join(functions, 'resize.mjs'), answer('resize.mjs'));
  const mocks = join(functions, 'mocks.yaml');
  writeFileSync(mocks, 'fn:mocked/resize: {output: {by: "fn:mocked/resize"}}\nfn:videos/crop: {output: {by: "fn:videos/crop"}}\n');
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'resize.yaml': RESIZE, 'crop.yaml': CROP }), functionsDir: functions, args: ['--mocks', mocks] });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv });

describe('fnf local serve --functions: handlers by service and function', () => {
  it('runs the service\'s own module first, the module of that name for any other service, and the mock of that service', async () => {
    const result = await fnf(['start', 'resize', '--wait', '--output', 'json']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse((JSON.parse(result.stdout) as { Output: string }).Output)).toEqual({
      photos: 'photos/resize.mjs',
      funcraft: 'photos/resize.mjs',
      videos: 'resize.mjs',
      mocked: 'fn:mocked/resize',
    });
  });

  it('a function found nowhere fails the task with FC.FunctionNotFound, naming both files it looked for', async () => {
    const result = await fnf(['start', 'crop', '--wait', '--output', 'json']);
    expect(result.code).toBe(1);
    const execution = JSON.parse(result.stdout) as { Status: string; ErrorCode: string; ErrorMessage: string };
    expect([execution.Status, execution.ErrorCode]).toEqual(['Failed', 'FC.FunctionNotFound']);
    expect(execution.ErrorMessage).toContain(
      `function photos/crop not found: create ${join(functions, 'photos', 'crop.mjs')} or ${join(functions, 'crop.mjs')}, or answer the state "crop" in a --mocks file`);
  });
});
