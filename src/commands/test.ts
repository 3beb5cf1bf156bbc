// `fnf test [path...]`: runs the cases of `*.fnf-test.{yaml,yml,json}` files on
// the embedded engine, in-process, with mocked tasks and virtual time; and
// `fnf test record`, which writes such a file from a finished execution.
// The runner (src/testing/) loads only when the command runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import { availableParallelism } from 'node:os';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { outputAndQueryOf, parsePositiveInt, queryOption, refuseOptionsSubcommandLacks, type Query } from './options.js';
import { makeTestRecordCommand } from './test-record.js';

export interface TestOptions {
  paths: string[];
  filter?: string;
  output: 'text' | 'json';
  /** --query: what to print of the JSON report. */
  query?: Query;
  /** Write JUnit XML here; with reporter junit and no file, to stdout instead of the text report. */
  junitFile?: string;
  reporter: 'text' | 'junit';
  coverage: boolean;
  /** Fail the run when a flow's coverage is below this percentage. */
  coverageMin?: number;
  /** Worker threads to spread the cases over (1: all in this thread). */
  jobs: number;
  /** The fnf script worker threads run (`fnf test __worker`); none: every case runs in this thread. */
  workerEntry?: string;
}

const EXAMPLES = `
Examples:
  $ fnf test                                  # every *.fnf-test.yaml under the current directory
  $ fnf test tests/orders.fnf-test.yaml --filter "paid order"
  $ fnf test --coverage --coverage-min 90
  $ fnf test --query 'files[].cases[?!passed].name[]'
  $ fnf test --reporter junit --junit-file reports/fnf.xml
  $ fnf test record orders exec-42 -o tests/exec-42.fnf-test.yaml

Exit codes: 0 every case passed, 1 a case failed (or coverage is below --coverage-min),
2 a test or flow file is bad (each of its problems as file:line:col: path: message,
and in the JSON or JUnit report: an array as flows validate prints, an <error> testcase
each) or nothing matched.
`;

function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a percentage from 0 to 100.');
  return n;
}

interface TestFlags {
  filter?: string;
  output?: 'text' | 'json';
  reporter?: 'text' | 'junit';
  junitFile?: string;
  coverage?: boolean;
  coverageMin?: number;
  jobs?: number;
}

function testOptionsFrom(paths: string[], flags: TestFlags, workerEntry?: string): TestOptions {
  if (flags.output === 'json' && flags.reporter === 'junit' && !flags.junitFile) {
    throw new UsageError('--output json and --reporter junit both want stdout: give --junit-file for the XML');
  }
  return {
    paths,
    filter: flags.filter,
    output: flags.output ?? 'text',
    reporter: flags.reporter ?? (flags.junitFile ? 'junit' : 'text'),
    junitFile: flags.junitFile,
    coverage: Boolean(flags.coverage) || flags.coverageMin !== undefined,
    coverageMin: flags.coverageMin,
    jobs: flags.jobs ?? Math.max(1, availableParallelism()),
    workerEntry,
  };
}

export function makeTestCommand(ctx: Ctx): Command {
  return new Command('test')
    .description('run flow tests (*.fnf-test.yaml): mocked tasks, virtual time, coverage, JUnit')
    .argument('[path...]', 'test files or directories to search (default: the current directory)')
    .option('--filter <text>', 'run only the cases whose name contains this text')
    // No -o here: commander hands options after `record` to this command too, and `record -o` names the file to write.
    .addOption(new Option('--output <mode>', 'text, or one JSON document of every result').choices(['text', 'json']))
    .addOption(queryOption())
    .addOption(new Option('--reporter <name>', 'text, or junit (XML for GitLab, Jenkins, Azure)').choices(['text', 'junit']))
    .option('--junit-file <file>', 'write JUnit XML to this file (implies --reporter junit)')
    .option('--coverage', 'show which states, Choice branches and Catch rules the cases reached')
    .option('--coverage-min <percent>', 'fail (exit 1) when a flow\'s coverage is below this (implies --coverage)', parsePercent)
    .option('-j, --jobs <n>', 'worker threads to run cases on (default: the number of CPUs)', parsePositiveInt(64))
    .hook('preSubcommand', refuseOptionsSubcommandLacks)
    .addCommand(makeTestRecordCommand(ctx))
    .addCommand(new Command('__worker').action(async () => (await import('../testing/workers.js')).serveWorker()), { hidden: true })
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], flags: TestFlags, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      const { runTest } = await import('../testing/command.js');
      // Worker threads start this same script (bin/fnf.js) as `fnf test __worker`.
      ctx.exitCode = await runTest({ ...testOptionsFrom(paths, { ...flags, output }, process.argv[1]), query }, ctx);
    });
}
