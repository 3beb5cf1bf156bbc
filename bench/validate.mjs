// `fnf flows validate <dir>` on a directory of 50 definitions written here:
// CloudFlow state machines and FDL flows of a dozen steps each, one in ten
// with a mistake (so the run reports problems and exits 2, as in CI). Timed
// next to a bare `node -e 0` in the same round; the figure is the median of
// the rounds' ratios. Offline: no endpoint. Prints one JSON line.
// Usage: node bench/validate.mjs [runs=10] [files=50]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bareNodeMs, isolatedEnv, run, scratchDir, snapshotCli } from './lib/cli.mjs';
import { traceLoads } from './lib/modules.mjs';
import { median, pairedRatio, round } from './lib/stats.mjs';

const runs = Number(process.argv[2] ?? 10);
const fileCount = Number(process.argv[3] ?? 50);
const STATES = 12;

function cloudFlow(name, broken) {
  const states = Array.from({ length: STATES }, (_, i) => {
    const next = i + 1 < STATES ? `    Next: s${i + 1}\n` : '    End: true\n';
    if (i % 3 === 1) return `  - Type: Wait\n    Name: s${i}\n    Seconds: 1\n${next}`;
    if (i % 3 === 2) {
      return `  - Type: Choice\n    Name: s${i}\n    Branches:\n      - Condition: $Input.n > ${i}\n        Next: s${Math.min(i + 1, STATES - 1)}\n    Default: s${Math.min(i + 1, STATES - 1)}\n`;
    }
    return `  - Type: Pass\n    Name: s${i}\n    OutputConstructor:\n      n.$: intAdd($Input.n, ${i})\n${next}`;
  });
  // The mistake: a Next that names no state.
  if (broken) states[0] = states[0].replace('Next: s1', 'Next: nowhere');
  return `Type: StateMachine\nSpecVersion: v1\nName: ${name}\nStartAt: s0\nStates:\n${states.join('')}`;
}

function fdlFlow(broken) {
  const steps = Array.from({ length: STATES }, (_, i) =>
    i % 2 ? `  - type: wait\n    name: w${i}\n    duration: 1\n` : `  - type: pass\n    name: p${i}\n    outputMappings:\n      - target: n\n        source: $input.n\n`);
  // The mistake: a step type FDL doesn't have.
  if (broken) steps[0] = steps[0].replace('type: pass', 'type: passs');
  return `version: v1\ntype: flow\nsteps:\n${steps.join('')}`;
}

const dir = scratchDir('validate');
for (let i = 0; i < fileCount; i++) {
  const broken = i % 10 === 9;
  writeFileSync(join(dir, `flow_${i}.yaml`), i % 2 ? fdlFlow(broken) : cloudFlow(`flow_${i}`, broken));
}

const bin = snapshotCli();
const env = isolatedEnv();
const args = [bin, 'flows', 'validate', dir];
const samples = { node: [], validate: [] };
let problems;
// The first round writes the code cache and warms the file cache: not counted.
for (let i = -1; i < runs; i++) {
  const node = await bareNodeMs(env);
  const res = await run(args, { env });
  if (res.code !== 2) throw new Error(`fnf flows validate exited ${res.code} (expected 2: some files have mistakes): ${res.stderr}`);
  problems = res.stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).length + res.stderr.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).length;
  if (i < 0) continue;
  samples.node.push(node);
  samples.validate.push(res.ms);
}
console.log(JSON.stringify({
  bench: 'validate', runs, files: fileCount, statesPerFile: STATES, problems,
  nodeMs: round(median(samples.node)), ms: round(median(samples.validate)),
  ratio: round(pairedRatio(samples.validate, samples.node), 2),
  loads: await traceLoads(bin, args.slice(1), env),
}));
