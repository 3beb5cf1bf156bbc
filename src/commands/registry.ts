// Every top-level command by name, in the order `fnf --help` lists them.
// Factories only declare options; each command's work and heavy imports live
// behind its action. A command line names one command, and the program builds
// only that one (program.ts): each factory's module is imported on demand, so
// a command line initialises its own command's modules and not the others'
// (`describe` used to initialise `flows validate`'s and `start`'s report
// writers). `tree` marks those that read the whole tree.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';

export type CommandFactory = (ctx: Ctx) => Command;

export interface CommandEntry {
  name: string;
  load: () => Promise<CommandFactory>;
  /** It reads the whole command tree (shell completion), so the program is built whole for it. */
  tree?: true;
}

export const commands: readonly CommandEntry[] = [
  { name: 'start', load: async () => (await import('./start.js')).makeStartCommand },
  { name: 'wait', load: async () => (await import('./wait.js')).makeWaitCommand },
  { name: 'describe', load: async () => (await import('./describe.js')).makeDescribeCommand },
  { name: 'stop', load: async () => (await import('./stop.js')).makeStopCommand },
  { name: 'rerun', load: async () => (await import('./rerun.js')).makeRerunCommand },
  { name: 'list', load: async () => (await import('./list.js')).makeListCommand },
  { name: 'flows', load: async () => (await import('./flows.js')).makeFlowsCommand },
  { name: 'schedules', load: async () => (await import('./schedules.js')).makeSchedulesCommand },
  { name: 'task', load: async () => (await import('./task.js')).makeTaskCommand },
  { name: 'profiles', load: async () => (await import('./profiles.js')).makeProfilesCommand },
  { name: 'completion', load: async () => (await import('./completion.js')).makeCompletionCommand, tree: true },
  { name: 'local', load: async () => (await import('./local.js')).makeLocalCommand },
  { name: 'test', load: async () => (await import('./test.js')).makeTestCommand },
  { name: '__complete', load: async () => (await import('./completion.js')).makeCompleteCommand, tree: true },
];
