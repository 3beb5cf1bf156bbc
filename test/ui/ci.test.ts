// What a watch leaves for CI: the JUnit report, GitLab sections and GitHub groups, $GITHUB_OUTPUT.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubOutputText } from '../../src/ui/ci/github-output.js';
import { junitXml } from '../../src/ui/ci/junit.js';
import type { Snapshot } from '../../src/watch/types.js';
import { choiceCutShort, failingMap, tenMinuteWait } from '../watch/scripts.js';
import { follow } from './follow-helpers.js';

process.env.TZ = 'UTC';
const ESC = '\u001b';
const dir = () => mkdtempSync(join(tmpdir(), 'fnf-ci-'));

describe('--junit', () => {
  it('writes one testsuite per execution, one testcase per top-level step, a failure with code and cause', async () => {
    const file = join(dir(), 'reports', 'run.xml');
    const { code } = await follow(failingMap, { junitFile: file });
    expect(code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="fnf" tests="1" failures="1" errors="0" skipped="0" time="5.000">',
      '  <testsuite name="demo/exec1" tests="1" failures="1" errors="0" skipped="0" time="5.000" timestamp="2026-01-02T03:04:05.000Z">',
      '    <testcase name="each" classname="demo.exec1" time="3.000">',
      '      <failure message="Item.Bad" type="Item.Bad">item 2 is bad</failure>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'));
  });

  it('passes every step of a success', async () => {
    const file = join(dir(), 'ok.xml');
    await follow(tenMinuteWait, { junitFile: file });
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('tests="4" failures="0"');
    expect([...xml.matchAll(/<testcase name="(\w+)"[^>]*\/>/g)].map((m) => m[1])).toEqual(['prepare', 'fetch', 'settle', 'fanout']);
  });

  it('escapes what XML cannot hold as is, and blames the execution when no step failed', () => {
    const snapshot: Snapshot = {
      flowName: 'f', executionName: 'e', startedAt: 0, endedAt: 2000, done: true,
      steps: [{ id: 2, name: 'a<b', status: 'stopped', enteredAt: 0, exitedAt: 2000 }],
      execution: { Name: 'e', FlowName: 'f', Status: 'TimedOut', StartedTime: '1970-01-01T00:00:00.000Z', ErrorCode: 'States.Timeout', ErrorMessage: 'over "60s" & \u0007late' },
    };
    const xml = junitXml([snapshot], 2000);
    expect(xml).toContain('<testcase name="a&lt;b" classname="f.e" time="2.000">\n      <skipped message="stopped when the execution ended"/>');
    expect(xml).toContain('<testcase name="(execution)" classname="f.e" time="2.000">\n      <failure message="States.Timeout" type="States.Timeout">over "60s" &amp; late</failure>');
    expect(xml).toContain('tests="2" failures="1" errors="0" skipped="1"');
  });
});

describe('$GITHUB_OUTPUT', () => {
  it('appends name, status and output, each in a block no value can end early', async () => {
    const file = join(dir(), 'output');
    await follow(tenMinuteWait, { env: { GITHUB_OUTPUT: file } });
    expect(readFileSync(file, 'utf8')).toMatch(/^name<<(ghadelimiter_\w+)\nexec1\n\1\nstatus<<(ghadelimiter_\w+)\nSucceeded\n\2\noutput<<(ghadelimiter_\w+)\n\{"ok":true\}\n\3\n$/);
  });

  it('a file GitHub names that cannot be written is one stderr line each; the exit code stays the execution\'s', async () => {
    const blocker = join(dir(), 'blocker');
    writeFileSync(blocker, '');
    const env = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: join(blocker, 'out'), GITHUB_STEP_SUMMARY: join(blocker, 'summary') };
    const { code, ctx } = await follow(tenMinuteWait, { env });
    expect(code).toBe(0);
    const errors = ctx.stderr.text.split('\n').filter((l) => l.startsWith('fnf: '));
    expect(errors).toEqual([
      `fnf: cannot append to $GITHUB_OUTPUT (${blocker}/out): a file is in the way of its directory`,
      `fnf: cannot append to $GITHUB_STEP_SUMMARY (${blocker}/summary): a file is in the way of its directory`,
    ]);
  });

  it('draws another delimiter when the value holds the first one', () => {
    const draws = ['aaa', 'bbb'];
    expect(githubOutputText({ output: 'x\nghadelimiter_aaa\ny' }, () => draws.shift()!)).toBe('output<<ghadelimiter_bbb\nx\nghadelimiter_aaa\ny\nghadelimiter_bbb\n');
  });
});

describe('GitLab CI', () => {
  it('puts each top-level step in a collapsible section of the job log', async () => {
    const { ctx } = await follow(tenMinuteWait, { env: { CI: 'true', GITLAB_CI: 'true' } });
    const lines = ctx.stderr.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `${ESC}[0Ksection_start:1767323045:fnf_step_2\r${ESC}[0Kprepare (Pass)`,
      '03:04:05 ▶ prepare (Pass)',
      '03:04:05 ✔ prepare 5ms',
      `${ESC}[0Ksection_end:1767323045:fnf_step_2\r${ESC}[0K`,
    ]);
    expect(lines.filter((l) => l.includes('section_start')).length).toBe(4);
    expect(lines.filter((l) => l.includes('section_end')).length).toBe(4);
  });
});

describe('folds of top-level steps (GitHub groups, GitLab sections)', () => {
  // The end cuts short an FDL choice and the nested step it runs, both top-level: the fold of `hold`
  // holds its own exit line, the choice's line (its fold long closed) does not end it.
  it("GitHub: the group of the running step closes after that step's own exit line", async () => {
    const { ctx } = await follow(choiceCutShort, { env: { GITHUB_ACTIONS: 'true' } });
    expect(ctx.stderr.text.split('\n').slice(0, 8)).toEqual([
      '::group::route (choice)',
      '03:04:05 ▶ route (choice)',
      '::endgroup::',
      '::group::hold (wait 30s)',
      '03:04:05 ▶ hold (wait 30s)',
      '03:04:07 ■ route 2.0s (stopped)',
      '03:04:07 ■ hold 2.0s (stopped)',
      '::endgroup::',
    ]);
  });

  it("GitLab: the section of the running step ends after that step's own exit line", async () => {
    const { ctx } = await follow(choiceCutShort, { env: { CI: 'true', GITLAB_CI: 'true' } });
    expect(ctx.stderr.text.split('\n').slice(0, 8)).toEqual([
      `${ESC}[0Ksection_start:1767323045:fnf_step_2\r${ESC}[0Kroute (choice)`,
      '03:04:05 ▶ route (choice)',
      `${ESC}[0Ksection_end:1767323045:fnf_step_2\r${ESC}[0K`,
      `${ESC}[0Ksection_start:1767323045:fnf_step_3\r${ESC}[0Khold (wait 30s)`,
      '03:04:05 ▶ hold (wait 30s)',
      '03:04:07 ■ route 2.0s (stopped)',
      '03:04:07 ■ hold 2.0s (stopped)',
      `${ESC}[0Ksection_end:1767323047:fnf_step_3\r${ESC}[0K`,
    ]);
  });
});
