// The older FDL end to end: the built CLI against `fnf local serve`, with
// flows as a user writes them (v1beta1 as Terraform and Serverless Devs
// declare it, $local[*] mappings, a choice that runs steps then jumps).
// Needs the build (`npm run build`).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';

const FUNCTIONS = join(dirname(fileURLToPath(import.meta.url)), 'fdl-functions');

// The foreach page's example (https://help.aliyun.com/document_detail/122499.html), declared v1beta1,
// followed by the choice page's "steps, then goto" (https://help.aliyun.com/document_detail/122497.html).
const UPPER = `version: v1beta1
type: flow
steps:
  - type: foreach
    name: myforeach
    iterationMapping:
      collection: $.names
      item: name
    steps:
      - type: task
        name: toUpperCase
        resourceArn: acs:fc:{region}:{account}:services/fnf_test/functions/toUpperCase
    outputMappings:
      - target: names
        source: $local[*].name
  - type: choice
    name: howMany
    choices:
      - condition: $.count > 2
        steps:
          - type: pass
            name: many
            outputMappings:
              - {target: size, source: many}
        goto: done
    default:
      goto: done
  - type: fail
    name: skipped
    error: NotSkipped
  - type: succeed
    name: done
`;

// A child flow in sync mode gives its parent the child's output (https://help.aliyun.com/document_detail/149828.html).
const PARENT = `version: v1
type: flow
steps:
  - type: task
    name: testTask
    resourceArn: acs:fnf:::flow/upper
    pattern: sync
    serviceParams:
      Input: $
  - type: pass
    name: dummy
`;

let ep: Endpoint;
let dir: string;

beforeAll(async () => {
  dir = writeFlowsDir({ 'upper.yaml': UPPER, 'parent.yaml': PARENT });
  ep = await startEndpoint({ flowsDir: dir, functionsDir: FUNCTIONS });
});
afterAll(async () => {
  await ep?.stop();
});

const fnf = (args: string[]) => runCli(args, { env: ep.cliEnv, cwd: dir });

describe('FDL through fnf local serve', () => {
  it('runs the documented foreach and choice to their documented results', async () => {
    const result = await fnf(['start', 'upper', '--input', '{"names": ["a", "b", "c"], "count": 3}', '--wait', '--output', 'json']);
    expect(result.code).toBe(0);
    const execution = JSON.parse(result.stdout) as { Status: string; Output: string };
    expect(execution.Status).toBe('Succeeded');
    expect(JSON.parse(execution.Output)).toEqual({ names: ['A', 'B', 'C'], size: 'many' });
  });

  it('a child flow in sync mode gives the parent its output', async () => {
    const result = await fnf(['start', 'parent', '--input', '{"names": ["x"], "count": 1}', '--wait', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse((JSON.parse(result.stdout) as { Output: string }).Output)).toEqual({ names: ['X'] });
  });

  it('refuses a definition without version, naming the file and line', async () => {
    writeFileSync(join(dir, 'noversion.yaml'), 'type: flow\nsteps:\n  - type: wait\n    name: w\n    duration: $.wait\n');
    const result = await fnf(['flows', 'validate', 'noversion.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('noversion.yaml:1:1: missing version\n');
  });
});
