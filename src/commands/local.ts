// `fnf local serve`: the embedded endpoint. Options are parsed here; the
// server, store and engine load only when the command runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { LOCAL_DEFAULT_PORT } from '../paths.js';
import type { ServeOptions } from '../local/serve.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return port;
}

function parseTimeScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) throw new InvalidArgumentError('expected a positive number, e.g. 10 or 0.5.');
  return scale;
}

interface ServeFlags {
  host: string;
  port: number;
  data?: string;
  flows?: string;
  functions?: string;
  mocks?: string;
  timeScale: number;
  accessKeyId?: string;
  accessKeySecret?: string;
  rateLimits: boolean;
  json?: boolean;
}

function serveOptionsFrom(flags: ServeFlags): ServeOptions {
  return {
    host: flags.host,
    port: flags.port,
    dataDir: flags.data,
    flowsDir: flags.flows,
    functionsDir: flags.functions,
    mocksFile: flags.mocks,
    timeScale: flags.timeScale,
    accessKeyId: flags.accessKeyId,
    accessKeySecret: flags.accessKeySecret,
    rateLimits: flags.rateLimits,
    json: Boolean(flags.json),
  };
}

export function makeServeCommand(ctx: Ctx): Command {
  return new Command('serve')
    .description('run a local endpoint that speaks the fnf API (signed RPC requests, same actions and errors)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, LOCAL_DEFAULT_PORT)
    .option('--data <dir>', 'data directory: flows, executions, key pair (default: ~/.local/share/fnf/local)')
    .option('--flows <dir>', 'directory of flow definitions (*.yaml, *.yml, *.json) to load')
    .option('--functions <dir>', 'directory of handlers: [<service>/]<function>.mjs for FC:InvokeFunction, <Service>.<Operation>.mjs for other Actions')
    .option('--mocks <file>', 'YAML/JSON answers for Task states, as in fnf test files: <state>, fn:[<service>/]<function> or action:<Action> → {output: ...}, {error: {code, cause}}, {handler: file.mjs}, or a list answered call by call; after: 2s delays an answer')
    .option('--time-scale <n>', 'run Wait states and timeouts n times faster', parseTimeScale, 1)
    // Declared on the subcommand too, so that they are this server's pair rather than a client's profile.
    .addOption(new Option('--access-key-id <id>', 'AccessKey ID to accept (default: a generated pair kept in the data dir)'))
    .addOption(new Option('--access-key-secret <secret>', 'AccessKey secret to accept'))
    .option('--no-rate-limits', "don't apply the service's per-action rate limits")
    .option('--json', 'print one JSON line {endpoint, dataDir, flows} on stdout once listening')
    .addHelpText('after', `
Examples:
  $ fnf local serve --flows examples/flows
  $ fnf local serve --port 0 --json --time-scale 100 --no-rate-limits   # for tests
  $ fnf local serve --flows flows --functions functions --mocks mocks.yaml
`)
    .action(async (_flags: ServeFlags, cmd: Command) => {
      // The root program declares the same key options for clients; whichever parsed them, they are ours.
      const flags = cmd.optsWithGlobals<ServeFlags>();
      if (Boolean(flags.accessKeyId) !== Boolean(flags.accessKeySecret)) {
        throw new UsageError('--access-key-id and --access-key-secret go together');
      }
      const { runServe } = await import('../local/serve.js');
      await runServe(serveOptionsFrom(flags), ctx);
    });
}

export function makeLocalCommand(ctx: Ctx): Command {
  return new Command('local')
    .description('the embedded local endpoint (try flows without an account)')
    .addCommand(makeServeCommand(ctx))
    .addHelpText('after', `
Examples:
  $ fnf local serve --flows examples/flows --functions examples/functions
  $ fnf start hello --profile local --input '{"name":"Ada","items":[1,2]}' --wait
`);
}
