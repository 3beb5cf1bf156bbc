// Which module answers an FC:InvokeFunction task, and which mocks key: Function Compute 2.0 names a function within
// its service (https://www.alibabacloud.com/help/en/functioncompute/fc-2-0/developer-reference/api-invokefunction:
// POST /services/{serviceName.qualifier}/functions/{functionName}), so `<service>/<function>.mjs` is looked for
// before `<function>.mjs`; an FC 3.0 ARN names no service
// (https://www.alibabacloud.com/help/en/functioncompute/fc/developer-reference/api-fc-2023-03-30-struct-function:
// functionArn acs:fc:cn-shanghai:123:functions/functionName).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TaskRequest } from '../../../src/local/flow/program.js';
import { MockedTasks, mockKeys, parseMocks } from '../../../src/local/engine/mocks.js';
import { TaskRunner, type TaskError } from '../../../src/local/engine/tasks.js';
import type { TaskCall } from '../../../src/local/engine/hooks.js';

/** A functions dir with `photos/resize.mjs` and `resize.mjs`, each answering which file it is and the service it was called in. */
function functionsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-functions-'));
  const handler = (file: string) => `export const handler = async (event, context) => ({ file: ${JSON.stringify(file)}, service: context.service.name });\n`;
  mkdirSync(join(dir, 'photos'));
  writeFileSync(join(dir, 'photos', 'resize.mjs'), handler('photos/resize.mjs'));
  writeFileSync(join(dir, 'resize.mjs'), handler('resize.mjs'));
  return dir;
}

const fc = (resourceArn: string): TaskRequest => ({ action: 'FC:InvokeFunction', resourceArn, parameters: {}, body: {}, invocationType: 'Sync' });
const call: TaskCall = { execution: { flowName: 'f', name: 'e' }, step: 'thumbnail' };
const signal = new AbortController().signal;

async function failureOf(work: Promise<unknown>): Promise<TaskError> {
  return work.then(() => expect.fail('the task succeeded'), (err: TaskError) => err);
}

describe('the module of an FC task', () => {
  const dir = functionsDir();
  const runner = new TaskRunner(dir);

  test.each([
    ['an FC 2.0 ARN', 'acs:fc:cn-hangzhou:1234567890:services/photos/functions/resize', 'photos/resize.mjs', 'photos'],
    ['an FC 2.0 ARN with a qualifier', 'acs:fc:::services/photos.LATEST/functions/resize', 'photos/resize.mjs', 'photos'],
    ['funcraft\'s !Ref service/function', 'photos/resize', 'photos/resize.mjs', 'photos'],
    ['funcraft\'s !Ref service.qualifier/function', 'photos.prod/resize', 'photos/resize.mjs', 'photos'],
    ['a service without its own module', 'acs:fc:cn-hangzhou:1234567890:services/videos/functions/resize', 'resize.mjs', 'videos'],
    ['an FC 3.0 ARN (no service)', 'acs:fc:cn-shanghai:1234567890:functions/resize', 'resize.mjs', 'local'],
    ['a service name left as a placeholder', 'acs:fc:::services/demo-etl-<random-suffix>/functions/resize', 'resize.mjs', 'demo-etl-<random-suffix>'],
  ])('%s: %s runs %s', async (_what, arn, file, service) => {
    expect(runner.canRun(fc(arn))).toBe(true);
    expect(await runner.run(fc(arn), signal, call)).toEqual({ file, service });
  });

  test('a function found nowhere fails with FC.FunctionNotFound naming both files looked for', async () => {
    const req = fc('acs:fc:::services/photos/functions/crop');
    expect(runner.canRun(req)).toBe(false);
    const err = await failureOf(runner.run(req, signal, call));
    expect([err.code, err.message]).toEqual(['FC.FunctionNotFound',
      `function photos/crop not found: create ${join(dir, 'photos', 'crop.mjs')} or ${join(dir, 'crop.mjs')}, or answer the state "thumbnail" in a --mocks file`]);
  });

  test('without a functions dir, the message says where the files go', async () => {
    const err = await failureOf(new TaskRunner().run(fc('photos/crop'), signal, call));
    expect(err.message).toBe(`function photos/crop not found: create ${join('DIR', 'photos', 'crop.mjs')} or ${join('DIR', 'crop.mjs')} and start fnf local serve with --functions DIR, or answer the state "thumbnail" in a --mocks file`);
  });

  test('an FC 3.0 function found nowhere names its one file', async () => {
    const err = await failureOf(runner.run(fc('acs:fc:cn-shanghai:1234567890:functions/crop'), signal, call));
    expect(err.message).toBe(`function crop not found: create ${join(dir, 'crop.mjs')}, or answer the state "thumbnail" in a --mocks file`);
  });
});

describe('mocks keyed by function', () => {
  test('the keys of a call: its state, fn:<service>/<function>, fn:<function>, then its Action', () => {
    expect(mockKeys(fc('acs:fc:::services/photos.LATEST/functions/resize'), call))
      .toEqual(['thumbnail', 'fn:photos/resize', 'fn:resize', 'action:FC:InvokeFunction']);
    expect(mockKeys(fc('acs:fc:cn-shanghai:1234567890:functions/resize'), call)).toEqual(['thumbnail', 'fn:resize', 'action:FC:InvokeFunction']);
  });

  const mocks = parseMocks('fn:photos/resize: {output: {by: photos}}\nfn:resize: {output: {by: any}}\n', 'mocks.yaml');
  const tasks = new MockedTasks(mocks, new TaskRunner());

  test.each([
    ['services/photos/functions/resize', 'photos'],
    ['services/videos/functions/resize', 'any'],
    ['functions/resize', 'any'],
  ])('acs:fc:::%s is answered by fn:… %s', async (arn, by) => {
    expect(await tasks.run(fc(`acs:fc:::${arn}`), signal, { ...call, execution: { flowName: 'f', name: arn } })).toEqual({ by });
  });

  test.each(['fn:', 'fn:a/b/c', 'fn:/resize', 'fn:photos/'])('the key %s is refused', (key) => {
    expect(() => parseMocks(`${JSON.stringify(key)}: {output: {}}\n`, 'mocks.yaml'))
      .toThrow(`mocks.yaml:1: ${key}: must name a function: fn:<function name> or fn:<service>/<function name>`);
  });

  test('a key with the qualifier of a resourceArn is refused: it would answer no call', () => {
    expect(() => parseMocks('fn:photos.LATEST/resize: {output: {}}\n', 'mocks.yaml'))
      .toThrow('mocks.yaml:1: fn:photos.LATEST/resize: names the service without its qualifier: fn:photos/resize');
  });
});
