// `fnf profiles`: every profile fnf can see, where it came from, and which
// one a command would use now, and why. Shows masked key IDs, never a secret.
import { Command, Option } from 'commander';
import type { Ctx, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { maskKeyId } from '../redact.js';
import type { Plan } from '../config/plan.js';
import { defaultEndpoint, type ConfigSource, type ProfileDef } from '../config/types.js';
import { globalsOf, outputAndQueryOf, queryOption, writeJson, type Query } from './options.js';
import { renderTable } from './render/table.js';

export interface ProfilesOptions {
  output: 'text' | 'json';
  query?: Query;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ fnf profiles
  $ fnf profiles --profile dev --region cn-shanghai
  $ fnf profiles --output json | jq -r '.profiles[].name'
  $ fnf profiles --query active.name
`;

export function makeProfilesCommand(ctx: Ctx): Command {
  return new Command('profiles')
    .description('list the profiles fnf finds, where each comes from, and which one is active')
    .addOption(new Option('-o, --output <mode>', 'output format (default: text)').choices(['text', 'json']))
    .addOption(queryOption())
    .addHelpText('after', EXAMPLES)
    .action(async (_raw: unknown, cmd: Command) => {
      const { output, query } = await outputAndQueryOf<'text' | 'json'>(cmd);
      ctx.exitCode = await runProfiles({ output: output ?? 'text', query, globals: globalsOf(cmd) }, ctx);
    });
}

export interface ProfileRow {
  name: string;
  source: string;
  region: string | null;
  endpoint: string | null;
  /** Masked. */
  accessKeyId: string | null;
  /** How the secret is obtained: "accessKey", "secretEnv FNF_DEV_SECRET", "credentialProcess", "local key file", or why it cannot be. */
  credentials: string;
  active: boolean;
}

export interface ProfilesReport {
  active: {
    name: string;
    reason: string;
    source: string;
    region: string | null;
    regionFrom: string | null;
    endpoint: string;
    endpointFrom: string;
    credentialsFrom: string;
    accessKeyId: string | null;
  } | null;
  /** Why no profile is usable, when none is. */
  problem?: string;
  profiles: ProfileRow[];
}

export async function runProfiles(opts: ProfilesOptions, ctx: Ctx): Promise<ExitCode> {
  const [{ loadSources }, { planProfile }] = await Promise.all([import('../config/sources.js'), import('../config/plan.js')]);
  const sources = await loadSources(ctx);
  let plan: Plan | undefined;
  let problem: UsageError | undefined;
  try {
    plan = planProfile(opts.globals, ctx.env, ctx.home, sources);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    problem = err;
  }
  const report = buildReport(sources, plan, problem);
  if (opts.output === 'json') writeJson(ctx.io.stdout, report, 'json', opts.query);
  else ctx.io.stdout.write(renderText(report));
  if (problem) {
    ctx.io.stderr.write(`fnf: ${problem.message}${problem.hint ? `\n${problem.hint}` : ''}\n`);
    return ExitCode.Usage;
  }
  return ExitCode.Ok;
}

function credentialsOf(def: ProfileDef): string {
  if (def.unsupported) return `unsupported: ${def.unsupported}`;
  if (def.credentialProcess) return 'credentialProcess';
  if (def.keyFile) return 'key file of `fnf local serve`';
  if (def.accessKeySecretEnv) return `secret in $${def.accessKeySecretEnv}`;
  if (def.accessKeySecret) return def.securityToken ? 'STS token' : 'AccessKey';
  return def.accessKeyId ? 'no secret' : 'none';
}

function masked(id: string | undefined): string | null {
  return id ? maskKeyId(id) : null;
}

export function buildReport(sources: ConfigSource[], plan: Plan | undefined, problem?: Error): ProfilesReport {
  const activeDef = plan?.defs[0]?.def;
  const profiles: ProfileRow[] = sources.flatMap((source) =>
    source.profiles.map((def) => ({
      name: def.name,
      source: source.path,
      region: def.region ?? null,
      endpoint: def.endpoint ?? (def.region ? defaultEndpoint(def.region) : null),
      accessKeyId: masked(def.accessKeyId),
      credentials: credentialsOf(def),
      active: def === activeDef,
    })),
  );
  if (plan && plan.credentials.from !== 'profile') {
    profiles.unshift({
      name: `(${plan.credentials.from})`,
      source: plan.credentials.from,
      region: plan.region?.value ?? null,
      endpoint: plan.endpoint.value,
      accessKeyId: masked(plan.credentials.accessKeyId),
      credentials: plan.credentials.securityToken ? 'STS token' : 'AccessKey',
      active: !activeDef,
    });
  }
  const keyId = plan && (plan.credentials.from === 'profile' ? plan.credentials.def.accessKeyId : plan.credentials.accessKeyId);
  return {
    active: plan
      ? {
          name: plan.name,
          reason: plan.reason,
          source: plan.source,
          region: plan.region?.value ?? null,
          regionFrom: plan.region?.from ?? null,
          endpoint: plan.endpoint.value,
          endpointFrom: plan.endpoint.from,
          credentialsFrom: plan.credentials.label,
          accessKeyId: masked(keyId),
        }
      : null,
    ...(problem ? { problem: problem.message } : {}),
    profiles,
  };
}

export function renderText(report: ProfilesReport): string {
  const rows = report.profiles.map((p) =>
    [p.active ? '*' : '', p.name, p.region ?? '-', p.endpoint ?? '-', p.accessKeyId ?? '-', p.credentials, p.source]);
  const a = report.active;
  const summary = a
    ? [
        `active: ${a.name} (${a.reason}${a.name.startsWith('(') || a.reason.endsWith(a.source) ? '' : `, defined in ${a.source}`})`,
        `  region:      ${a.region ?? '-'}${a.regionFrom ? ` (from ${a.regionFrom})` : ''}`,
        `  endpoint:    ${a.endpoint} (from ${a.endpointFrom})`,
        `  credentials: ${a.accessKeyId ?? 'key ID from the credential source'} (from ${a.credentialsFrom})`,
      ]
    : ['active: none'];
  return `${renderTable(['', 'PROFILE', 'REGION', 'ENDPOINT', 'KEY ID', 'CREDENTIALS', 'SOURCE'], rows)}\n${summary.join('\n')}\n`;
}
