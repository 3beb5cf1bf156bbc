// yaml reports warnings as Node process warnings; none may reach the user's stderr.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

it('a config file with an unknown YAML tag prints no Node warning', async () => {
  const home = mkdtempSync(join(tmpdir(), 'fnf-yaml-'));
  mkdirSync(join(home, '.config', 'fnf'), { recursive: true });
  writeFileSync(join(home, '.config', 'fnf', 'config.yaml'), 'profiles:\n  default: !Weird\n    region: cn-hangzhou\n');
  const res = await runCli(['profiles'], { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
  expect(res.stdout).toContain('default');
  expect(res.stderr).not.toMatch(/Warning|\(node:\d+\)/);
});
