// Every top-level command, in the order `fnf --help` lists them. Factories
// only declare options; each command's work and heavy imports live behind
// its action, so building this tree costs next to nothing.
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

export const commandFactories: ReadonlyArray<(ctx: Ctx) => Command> = [
  makeStartCommand,
  makeWaitCommand,
  makeDescribeCommand,
  makeStopCommand,
  makeRerunCommand,
  makeListCommand,
  makeFlowsCommand,
  makeSchedulesCommand,
  makeTaskCommand,
  makeProfilesCommand,
  makeCompletionCommand,
  makeLocalCommand,
  makeTestCommand,
  makeCompleteCommand,
];
