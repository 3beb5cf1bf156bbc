// Every top-level command by name, in the order `fnf --help` lists them.
// Factories only declare options; each command's work and heavy imports live
// behind its action. A command line names one command, and the program builds
// only that one (program.ts); `tree` marks those that read the whole tree.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { makeStartCommand } from './start.js';
import { makeWaitCommand } from './wait.js';
import { makeDescribeCommand } from './describe.js';
import { makeStopCommand } from './stop.js';
import { makeRerunCommand } from './rerun.js';
import { makeListCommand } from './list.js';
import { makeFlowsCommand } from './flows.js';
import { makeSchedulesCommand } from './schedules.js';
import { makeTaskCommand } from './task.js';
import { makeProfilesCommand } from './profiles.js';
import { makeCompletionCommand, makeCompleteCommand } from './completion.js';
import { makeLocalCommand } from './local.js';
import { makeTestCommand } from './test.js';

export interface CommandEntry {
  name: string;
  make: (ctx: Ctx) => Command;
  /** It reads the whole command tree (shell completion), so the program is built whole for it. */
  tree?: true;
}

export const commands: readonly CommandEntry[] = [
  { name: 'start', make: makeStartCommand },
  { name: 'wait', make: makeWaitCommand },
  { name: 'describe', make: makeDescribeCommand },
  { name: 'stop', make: makeStopCommand },
  { name: 'rerun', make: makeRerunCommand },
  { name: 'list', make: makeListCommand },
  { name: 'flows', make: makeFlowsCommand },
  { name: 'schedules', make: makeSchedulesCommand },
  { name: 'task', make: makeTaskCommand },
  { name: 'profiles', make: makeProfilesCommand },
  { name: 'completion', make: makeCompletionCommand, tree: true },
  { name: 'local', make: makeLocalCommand },
  { name: 'test', make: makeTestCommand },
  { name: '__complete', make: makeCompleteCommand, tree: true },
];
