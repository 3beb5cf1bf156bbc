// Signals a piped `fnf` gets from a shell or CI: SIGINT and SIGTERM while
// watching detach (exit 130, the resume command on stderr, the execution keeps
// running); a reader that goes away (`| head -1`) ends fnf quietly.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNF_BIN, cliEnv } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint, type PopClient } from '../helpers/endpoint.js';
import { spawnCli, waitFor } from './spawn.js';

const SLOW = `Type: StateMachine
SpecVersion: v1
Name: slow
StartAt: nap
States:
  - Type: Wait
    Name: nap
    Seconds: 3600
    End: true
`;

let ep: Endpoint;
let pop: PopClient;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'slow.yaml': SLOW }) });
  pop = ep.popClient();
});
afterAll(async () => {
  await ep?.stop();
});

async function startSlow(name: string, input = '{}'): Promise<void> {
  await pop.request('StartExecution', { FlowName: 'slow', ExecutionName: name, Input: input }, { method: 'POST' });
}

describe('a signal while `fnf wait` watches (piped)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: exit 130, the resume command on stderr, the execution still running`, async () => {
      const name = `sig_${signal.toLowerCase()}`;
      await startSlow(name);
      const cli = spawnCli(['wait', 'slow', name], cliEnv(ep.cliEnv));
      // The first step line means the watch is under way (and in a long poll soon after).
      await waitFor(() => cli.stderr().includes('nap'), 'the watch to show the Wait step');
      cli.child.kill(signal);
      const res = await cli.done;
      expect(res.code).toBe(130);
      expect(res.signal).toBeNull();
      expect(res.stderr).toContain(`fnf wait slow ${name}`);
      expect(res.stderr).not.toMatch(/internal error|\n\s+at /);
      // Detaching leaves the execution alone.
      expect((await pop.request('DescribeExecution', { FlowName: 'slow', ExecutionName: name })).Status).toBe('Running');
      // It lets go at once, not after the long poll ends.
      expect(res.ms).toBeLessThan(10_000);
    });
  }
});

describe('a reader that goes away (SIGPIPE / EPIPE)', () => {
  beforeAll(async () => {
    // ~2 KiB of input each: `list -o json` prints well over a pipe's 64 KiB buffer.
    const input = JSON.stringify({ padding: 'p'.repeat(2000) });
    for (let i = 0; i < 40; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => startSlow(`piped_${i + j}`, input)));
    }
  });

  /** Runs `fnf <args> | <reader>` through sh; reports fnf's own status and stderr. */
  function pipeThrough(args: string, reader: string) {
    const script = `"${process.execPath}" "${FNF_BIN}" ${args} 2>"$ERR"; echo $? > "$STATUS"`;
    const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    const res = spawnSync('sh', ['-c', `{ ${script}; } | ${reader}`], {
      env: cliEnv({ ...ep.cliEnv, ERR: `${dir}/err`, STATUS: `${dir}/status` }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    const read = (f: string) => spawnSync('cat', [`${dir}/${f}`], { encoding: 'utf8' }).stdout;
    return { shellStatus: res.status, out: res.stdout, fnfStatus: Number(read('status').trim()), fnfStderr: read('err') };
  }

  it('fnf list | head -1: quiet, status 0 or 141', () => {
    const res = pipeThrough('list slow', 'head -1');
    expect(res.out).toMatch(/^NAME\s+STATUS/);
    expect(res.fnfStderr).toBe('');
    expect([0, 141]).toContain(res.fnfStatus);
  });

  it('fnf list -o json (over 64 KiB) | head -1: no EPIPE stack trace, status 0 or 141', () => {
    const res = pipeThrough('list slow -o json --limit 100', 'head -1');
    expect(res.out).toBe('{\n');
    expect(res.fnfStderr).toBe('');
    expect([0, 141]).toContain(res.fnfStatus);
  });

  it('a reader that closes before fnf writes anything: still quiet', () => {
    const res = pipeThrough('list slow -o json --limit 100', 'true');
    expect(res.fnfStderr).toBe('');
    expect([0, 141]).toContain(res.fnfStatus);
  });
});
