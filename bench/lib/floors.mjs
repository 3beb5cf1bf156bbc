// The floors under the API commands' start-up figures, as scripts that make
// the same DescribeExecution as `fnf describe` and print its status:
// - `http`: Node's http module and an HMAC-SHA1 signature, no library: what
//   any Node CLI that makes one request pays;
// - `popCore`: pop-core's RPC client alone, bundled with the rewrites fnf's
//   build applies to it (.ci/build-plugins.mjs) and loaded through fnf's own
//   V8 code cache loader (src/code-cache.ts), as the CLI loads its program.
// fnf can come no closer to the second than the cost of its own code.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forStartUp } from '../../.ci/build-plugins.mjs';
import { ROOT, scratchDir } from './cli.mjs';

const DESCRIBE = { FlowName: 'pass_flow', ExecutionName: 'described' };

/** Builds both floors; returns the argv (after node) of each. */
export async function buildFloors() {
  const dir = scratchDir('floors');
  const http = join(dir, 'http.cjs');
  writeFileSync(http, `const http = require('node:http');
const { createHmac } = require('node:crypto');
const env = process.env;
const params = { Action: 'DescribeExecution', Format: 'JSON', Version: '2019-03-15', AccessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
  SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: String(Math.random()), Timestamp: new Date().toISOString().replace(/\\.\\d+Z$/, 'Z'),
  ...${JSON.stringify(DESCRIBE)} };
const query = Object.keys(params).sort().map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(params[k])).join('&');
const signature = createHmac('sha1', env.ALIBABA_CLOUD_ACCESS_KEY_SECRET + '&').update('POST&%2F&' + encodeURIComponent(query)).digest('base64');
const body = query + '&Signature=' + encodeURIComponent(signature);
const req = http.request(env.FNF_ENDPOINT + '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
  let text = '';
  res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => process.stdout.write(JSON.parse(text).Status + '\\n'));
});
req.end(body);
`);
  const program = join(dir, 'pop-core-program.cjs');
  await build({
    stdin: { contents: `const RPCClient = require('@alicloud/pop-core/lib/rpc.js');
const env = process.env;
new RPCClient({ endpoint: env.FNF_ENDPOINT, apiVersion: '2019-03-15', accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET })
  .request('DescribeExecution', ${JSON.stringify(DESCRIBE)}, { method: 'POST' }).then((r) => process.stdout.write(r.Status + '\\n'));`, resolveDir: ROOT },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, charset: 'ascii', outfile: program, plugins: [forStartUp], logLevel: 'error',
  });
  const loader = join(dir, 'pop-core.cjs');
  await build({
    stdin: { contents: `import { requireWithCodeCache } from './src/code-cache.ts';
requireWithCodeCache(${JSON.stringify(program)}, process.env.XDG_CACHE_HOME + '/fnf-floor', '0', 'describe');`, resolveDir: ROOT, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: loader, logLevel: 'error',
  });
  return { http: [http], popCore: [loader] };
}
