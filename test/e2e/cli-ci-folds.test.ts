// The built CLI against `fnf local serve`: the CI folds of a watch that the
// flow's own timeout ends while an FDL choice runs a nested step. The engine
// records the choice's nested steps beside it (two top-level steps at once),
// and the end cuts both short: each renderer keeps the running step's exit
// line inside that step's fold (src/ui/ci/folds.ts).
// Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEndpoint, writeFlowsDir, type Endpoint } from '../helpers/endpoint.js';
import { stepLines } from './step-lines.js';

/**
 * FDL: a choice whose matching branch runs a 30 s wait; the flow times out after 2 s.
 * https://www.alibabacloud.com/help/zh/doc-detail/122497.htm (choice step with steps),
 * https://www.alibabacloud.com/help/zh/doc-detail/122492.htm (timeoutSeconds of a flow)
 */
const FDL_ROUTE = `version: v1
type: flow
timeoutSeconds: 2
steps:
  - type: choice
    name: route
    choices:
      - condition: $.go == true
        steps:
          - type: wait
            name: hold
            duration: 30
`;

let ep: Endpoint;

beforeAll(async () => {
  ep = await startEndpoint({ flowsDir: writeFlowsDir({ 'route.yaml': FDL_ROUTE }) });
});
afterAll(async () => {
  await ep?.stop();
});

/** stderr's lines without times and durations, the ESC and CR of GitLab's markers made visible. */
async function watched(name: string, env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const res = await runCli(['start', 'route', '--name', name, '--input', '{"go":true}', '--wait'], { env: { ...ep.cliEnv, ...env }, timeoutMs: 25_000 });
  const lines = stepLines(res.stderr).map((l) => l
    .replace(/\u001b\[0K/g, '<EL>')
    .replace(/\r/g, '<CR>')
    .replace(/section_(start|end):\d+:/g, 'section_$1:<t>:'));
  return { code: res.code, lines };
}

describe('a choice cut short with its running nested step', () => {
  it('GitHub Actions: the group of the nested step holds its own stopped line', async () => {
    const { code, lines } = await watched('folds_github', { GITHUB_ACTIONS: 'true' });
    expect(code).toBe(3);
    expect(lines.slice(0, 8)).toEqual([
      '::group::route (choice)',
      '▶ route (choice)',
      '::endgroup::',
      '::group::hold (wait <d>)',
      '▶ hold (wait <d>)',
      '■ route <d> (stopped)',
      '■ hold <d> (stopped)',
      '::endgroup::',
    ]);
  });

  it('GitLab CI: the section of the nested step ends after its own stopped line', async () => {
    const { code, lines } = await watched('folds_gitlab', { CI: 'true', GITLAB_CI: 'true' });
    expect(code).toBe(3);
    expect(lines.slice(0, 8)).toEqual([
      '<EL>section_start:<t>:fnf_step_2<CR><EL>route (choice)',
      '▶ route (choice)',
      '<EL>section_end:<t>:fnf_step_2<CR><EL>',
      '<EL>section_start:<t>:fnf_step_3<CR><EL>hold (wait <d>)',
      '▶ hold (wait <d>)',
      '■ route <d> (stopped)',
      '■ hold <d> (stopped)',
      '<EL>section_end:<t>:fnf_step_3<CR><EL>',
    ]);
  });
});
