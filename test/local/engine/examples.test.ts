// The example flows (examples/flows, handlers in examples/functions) compile
// and run to the end their comments promise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createEngine } from '../../../src/local/engine/index.js';
import { ROOT } from '../../helpers/cli.js';
import { detailOf, MemoryHost } from './memory-host.js';

const host = new MemoryHost(100);
const engine = createEngine({ host, functionsDir: join(ROOT, 'examples', 'functions') });

async function run(flow: string, input: unknown, report?: unknown) {
  const file = join(ROOT, 'examples', 'flows', `${flow}.yaml`);
  const exec = host.execution(`example-${flow}`, input, flow);
  engine.start(exec, engine.compile(readFileSync(file, 'utf8'), { fileName: file }));
  if (report) {
    while (!exec.events.some((e) => e.Type === 'TaskStarted')) await new Promise((r) => setTimeout(r, 5));
    const token = detailOf(exec.events.find((e) => e.Type === 'TaskScheduled')!).taskToken as string;
    engine.reportTask(token, { output: JSON.stringify(report) });
  }
  const result = await host.ended(exec);
  return result.status === 'Succeeded' ? JSON.parse(result.output) : result;
}

test('hello', async () => {
  expect(await run('hello', { name: 'demo', items: [1, 2, 3] })).toMatchObject({ name: 'demo', execution: 'example-hello' });
});

test('orders', async () => {
  expect(await run('orders', { lines: [{ sku: 'apple', quantity: 3 }, { sku: 'fig' }] })).toEqual({
    lines: [{ sku: 'apple', quantity: 3, total: 18.75 }, { sku: 'fig', quantity: 1, total: 3.75 }],
    first: 'apple',
  });
});

test('approval', async () => {
  expect(await run('approval', { order: 3 }, { approved: true })).toEqual({ approved: true, audited: true });
});

test('legacy (FDL)', async () => {
  expect(await run('legacy', { lines: [{ sku: 'kiwi' }, { sku: 'plum', quantity: 2 }] })).toMatchObject({
    priced: [{ sku: 'kiwi', total: 5 }, { sku: 'plum', total: 10 }],
    expensive: true,
  });
});
