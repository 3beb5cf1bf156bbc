// Records a 1,000-item Map (processor: one zero-second Wait, so iterations
// end on timers and checkpoints happen as in service; 4,005 events, under the
// 5,000 limit) against an in-memory host that numbers and serialises events
// like the service, and
// prints one JSON line: events, wall time, events per second, checkpoints,
// memory. Bundles the engine from src/ with esbuild, so no build is needed.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const items = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'fnf-bench-'));
const out = join(dir, 'engine.mjs');
await build({
  absWorkingDir: root, entryPoints: ['src/local/engine/index.ts'], outfile: out, bundle: true,
  format: 'esm', platform: 'node', target: 'node20', logLevel: 'error',
  // yaml is CommonJS inside; an ESM bundle needs a require().
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const { createEngine } = await import(pathToFileURL(out).href);

let checkpoints = 0;
let checkpointBytes = 0;
let done;
const ended = new Promise((resolve) => (done = resolve));
const host = {
  timeScale: 1,
  now: () => Date.now(),
  record(exec, e) {
    const id = exec.events.length + 1;
    exec.events.push({ StepName: e.StepName, Type: e.Type, EventId: id, ScheduleEventId: e.ScheduleEventId,
      Time: new Date().toISOString(), EventDetail: JSON.stringify(e.detail ?? {}) });
    return id;
  },
  checkpoint(_exec, state) {
    checkpoints++;
    checkpointBytes += JSON.stringify(state).length;
  },
  complete: (_exec, result) => done(result),
};
const definition = `Type: StateMachine
SpecVersion: v1
StartAt: each
States:
  - Type: Map
    Name: each
    ItemsPath: $Input.items
    End: true
    Processor:
      StartAt: pause
      States:
        - {Type: Wait, Name: pause, Seconds: 0, InputConstructor: {n.$: $Input.n, label.$: $Input.label}, End: true}
`;
const engine = createEngine({ host });
const flow = engine.compile(definition);
const input = JSON.stringify({ items: Array.from({ length: items }, (_, n) => ({ n, label: `item-${n}` })) });
const exec = { flowName: 'bench', name: 'map', status: 'Running', input, startedTime: Date.now(), flowDefinition: definition, events: [] };
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = process.hrtime.bigint();
engine.start(exec, flow);
const result = await ended;
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const mem = process.memoryUsage();
await engine.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({
  bench: 'engine-map', items, status: result.status, events: exec.events.length, ms: Math.round(ms),
  eventsPerSecond: Math.round(exec.events.length / (ms / 1000)), checkpoints, checkpointBytes,
  heapDeltaMB: +((mem.heapUsed - heapBefore) / 2 ** 20).toFixed(1), rssMB: +(mem.rss / 2 ** 20).toFixed(1),
}));
