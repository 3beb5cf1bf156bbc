// `fnf test` speed: 200 cases of a 20-state flow with Map, Parallel, Retry
// and a one-day Wait, run by the built CLI (process start included), with
// the default --jobs (the CPUs) and with --jobs 1 for comparison.
// Prints one JSON line: cases, passed, wall ms for each, and the cores.
// Usage: node bench/test-runner.mjs [cases]
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isolatedEnv, run, scratchDir, snapshotCli } from './lib/cli.mjs';

const CASES = Number(process.argv[2] ?? 200);
const task = (name, fn, extra = '') =>
  `{Type: Task, Name: ${name}, Action: FC:InvokeFunction, Parameters: {resourceArn: 'acs:fc:::services/bench/functions/${fn}', body.$: $Input}${extra}`;

// 20 states: 13 at the top, 4 in the Parallel's branches, 2 in the Map's processor (+ the Fail).
const FLOW = `Type: StateMachine
SpecVersion: v1
Name: bench
StartAt: start
States:
  - {Type: Pass, Name: start, Next: validate}
  - Type: Choice
    Name: validate
    Branches:
      - {Condition: $Input.n >= 0, Next: fetch}
    Default: bad
  - ${task('fetch', 'fetch', ', Retry: [{Errors: [Busy], MaxAttempts: 3, IntervalSeconds: 30, BackoffRate: 2}], OutputConstructor: {n.$: $Input.n, items.$: $Input.items}, Next: enrich}')}
  - {Type: Pass, Name: enrich, Next: fanout}
  - Type: Parallel
    Name: fanout
    Branches:
      - StartAt: a1
        States:
          - ${task('a1', 'score', ', Next: a2}')}
          - {Type: Pass, Name: a2, End: true}
      - StartAt: b1
        States:
          - {Type: Pass, Name: b1, Next: b2}
          - ${task('b2', 'rate', ', End: true}')}
    OutputConstructor: {n.$: $Input.n, items.$: $Input.items}
    Next: each
  - Type: Map
    Name: each
    ItemsPath: $Input.items
    MaxConcurrency: 2
    Processor:
      StartAt: price
      States:
        - ${task('price', 'price', ', Next: tag}')}
        - {Type: Pass, Name: tag, End: true}
    OutputConstructor: {n.$: $Input.n, count.$: length($Output.Items)}
    Next: sum
  - {Type: Pass, Name: sum, Next: cool}
  - {Type: Wait, Name: cool, Seconds: 86400, Next: decide}
  - Type: Choice
    Name: decide
    Branches:
      - {Condition: $Input.n > 100, Next: big}
    Default: small
  - {Type: Pass, Name: big, Next: store}
  - {Type: Pass, Name: small, Next: store}
  - ${task('store', 'store', ', OutputConstructor: {n.$: $Input.n, count.$: $Input.count, stored.$: $Output.Body.stored}, Next: audit}')}
  - {Type: Pass, Name: audit, Next: done}
  - {Type: Succeed, Name: done}
  - {Type: Fail, Name: bad, Code: Bench.Negative, Detail: n is negative}
`;

function testCase(i) {
  const n = i % 10 === 0 ? -i : i;
  const common = `  - name: case ${i}\n    input: {n: ${n}, items: [1, 2, 3, 4, 5]}\n`;
  if (n < 0) return `${common}    expect: {error: {code: Bench.Negative}, path: [start, validate, bad]}\n`;
  return `${common}    mocks:
      fetch: [{error: {code: Busy, cause: later}}, {output: {ok: true}}]
      a1: {output: {score: ${i}}}
      b2: {output: {rate: 2}, after: 5m}
      price: {output: {price: 3}}
      store: {output: {stored: true}}
    expect:
      output: {n: ${n}, count: 5, stored: true}
      path: [start, validate, fetch, enrich, fanout, each, sum, cool, decide, ${n > 100 ? 'big' : 'small'}, store, audit, done]
`;
}

const dir = scratchDir('test-runner');
writeFileSync(join(dir, 'bench.yaml'), FLOW);
writeFileSync(join(dir, 'bench.fnf-test.yaml'), `flow: bench.yaml\ncases:\n${Array.from({ length: CASES }, (_, i) => testCase(i + 1)).join('')}`);
const fnf = snapshotCli();

async function timed(args) {
  const r = await run([fnf, 'test', dir, '--output', 'json', ...args], { env: isolatedEnv() });
  if (r.code !== 0 && r.code !== 1) throw new Error(`fnf test exited ${r.code}: ${r.stderr.slice(0, 300)}`);
  const { summary } = JSON.parse(r.stdout);
  return { ms: Math.round(r.ms), passed: summary.passed, failed: summary.failed, threads: summary.threads };
}

const parallel = await timed([]);
const serial = await timed(['--jobs', '1']);
console.log(JSON.stringify({ cases: CASES, states: 20, cores: availableParallelism(), ...parallel, serialMs: serial.ms, serialThreads: serial.threads }));
