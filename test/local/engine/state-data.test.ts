// The state data limits measure each value once: a state's input as it
// enters, its output as it exits. jsonBytes is the one place that JSON-encodes
// a state's data for them, so the test counts what it is handed.
import { afterAll, describe, expect, test, vi } from 'vitest';
import { createEngine } from '../../../src/local/engine/index.js';
import { jsonBytes } from '../../../src/local/flow/program.js';
import { MemoryHost } from './memory-host.js';

vi.mock('../../../src/local/flow/program.js', async (original) => {
  const real = await original<typeof import('../../../src/local/flow/program.js')>();
  return { ...real, jsonBytes: vi.fn(real.jsonBytes) };
});

const measured = vi.mocked(jsonBytes);
const host = new MemoryHost();
const engine = createEngine({ host });
afterAll(() => engine.close());

async function run(definition: string, input: unknown) {
  const exec = host.execution(`data-${Math.random()}`, input);
  measured.mockClear();
  engine.start(exec, engine.compile(definition));
  return host.ended(exec);
}

/** One FDL pass step that copies its input's text into its output. */
const FDL_COPY = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: copy\n    outputMappings:\n      - {target: copied, source: $input.text}\n';

describe('a state data limit encodes each value once', () => {
  // https://www.alibabacloud.com/help/fr/serverless-workflow/latest/inputs-and-outputs (zh: https://help.aliyun.com/document_detail/122493.html):
  // "the total size of a step's input, output and local variables cannot exceed 32 KiB. If it does, the flow execution fails."
  test("FDL: a step's input as it enters, then only its output as it exits", async () => {
    const result = await run(FDL_COPY, { text: 'abc' });
    expect(result.status).toBe('Succeeded');
    expect(measured.mock.calls.map(([value]) => value)).toEqual([{ text: 'abc' }, { copied: 'abc' }]);
  });

  test('FDL: the limit still counts input and output together', async () => {
    // 17 KiB in and 17 KiB out: each is under 32 KiB, together they are not ({"text":"…"} and {"copied":"…"}).
    const result = await run(FDL_COPY, { text: 'x'.repeat(17 * 1024) });
    expect(result).toMatchObject({
      status: 'Failed',
      error: 'FnF.StateDataLimitExceeded',
      cause: `state "copy": its input and output are ${11 + 13 + 2 * 17 * 1024} bytes; a step takes and gives at most 32 KiB`,
    });
  });

  // https://www.alibabacloud.com/help/en/serverless-workflow/latest/input-and-output: "The size of the input and
  // output of a state cannot exceed 64 KiB".
  test("CloudFlow: a state's input as it enters, its output as it exits", async () => {
    const flow = 'Type: StateMachine\nSpecVersion: v1\nStartAt: copy\nStates:\n  - Type: Pass\n    Name: copy\n    OutputConstructor: {copied.$: $Input.text}\n    End: true\n';
    const result = await run(flow, { text: 'abc' });
    expect(result.status).toBe('Succeeded');
    expect(measured.mock.calls.map(([value]) => value)).toEqual([{ text: 'abc' }, { copied: 'abc' }]);
  });
});
