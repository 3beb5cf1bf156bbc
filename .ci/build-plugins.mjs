// The esbuild plugins of .ci/build.mjs: rewrites of dependencies, each
// checked (the build fails when the text it replaces is gone), so the
// program bundle works with a V8 code cache and starts and draws sooner.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * An esbuild onLoad that replaces `from` with `to` in the files `filter` matches, failing the build
 * when `from` is gone; `from` may instead be a list of [from, to] pairs, for several rewrites of one file.
 */
function rewriter(b) {
  return (filter, from, to) => b.onLoad({ filter }, ({ path }) => {
    let text = readFileSync(path, 'utf8');
    for (const [pattern, replacement] of Array.isArray(from) ? from : [[from, to]]) {
      if (!pattern.test(text)) throw new Error(`${path} changed: ${pattern} is not there to rewrite`);
      text = text.replace(pattern, replacement);
    }
    return { contents: text, loader: 'js' };
  });
}

/**
 * Rewrites of dependencies for the CommonJS bundle and its code cache, each checked: the build
 * fails when the text it replaces is gone.
 * - CommonJS has no top-level await, and two of them use it: yoga-layout waits
 *   for its WebAssembly (here it exports `ready` instead, which
 *   src/ui/live/layout-engine.ts awaits before Ink renders), and Ink's
 *   reconciler loads React DevTools when DEV is set (left out:
 *   react-devtools-core is not bundled).
 * - cosmiconfig import()s fnf.config.mjs: in the bundle that goes through
 *   __fnfImport, as src/import-file.ts explains.
 * - yoga's WebAssembly is embedded as base64, yet its loader fetch()es that
 *   data: URL whenever fetch exists, and loading Node's fetch costs more than
 *   the compile itself; it decodes the text instead, with Buffer (a tenth of
 *   the time of its own byte-by-byte loop), and compiles and instantiates the
 *   module at once: V8 compiles WebAssembly functions on first call anyway, so
 *   this takes 2-4 ms, where the asynchronous compile's completion waited for
 *   the main thread to be free and landed on the live view's first frame.
 */
export const forCodeCache = {
  name: 'for-code-cache',
  setup(b) {
    const rewrite = rewriter(b);
    rewrite(/[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/, /const Yoga = wrapAssembly\(await loadYoga\(\)\);/,
      'const Yoga = {};\nexport const ready = loadYoga().then((lib) => Object.assign(Yoga, wrapAssembly(lib)));');
    rewrite(/[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, [
      [/function ya\(\)\{return w\|\|"function"!=typeof fetch\?/, 'function ya(){return true?'],
      [/var b=xa\(a\.slice\(37\)\),c=new Uint8Array\(b\.length\);for\(a=0;a<b\.length;\+\+a\)c\[a\]=b\.charCodeAt\(a\);var d=c/,
        'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))'],
      [/return WebAssembly\.instantiate\(f,d\)/, 'var m=new WebAssembly.Module(f);return{module:m,instance:new WebAssembly.Instance(m,d)}'],
    ]);
    rewrite(/[\\/]cosmiconfig[\\/]dist[\\/]loaders\.js$/, /await import\(href\)/,
      'await (typeof __fnfImport === "function" ? __fnfImport(href) : import(href))');
    rewrite(/[\\/]ink[\\/]build[\\/]reconciler\.js$/, /if \(isDev\(\)\) \{\s*try \{\s*await import\('\.\/devtools\.js'\);[\s\S]*?\n\}\n([\s\S]*?)const packageJson = isDev\(\)\s*\? await loadPackageJson\(\)\s*:/,
      '$1const packageJson =');
  },
};

/**
 * Node built-ins that dependencies require up front but a command seldom uses,
 * required where they are used instead (each costs a start-up 0.5-1 ms):
 * commander's child_process (only for executable subcommands, which fnf has
 * none of), httpx's https and zlib (an http:// endpoint; a compressed answer),
 * pop-core's assert (only when its config is wrong), terminal-size's
 * child_process (only where the terminal doesn't tell its size), and Ink's
 * stack-utils with node:module (only to show an error in a view). debug (under httpx) asks
 * for an optional supports-color that is not bundled: Node would search the
 * disk for it on every run, and could find someone else's.
 */
export const forStartUp = {
  name: 'for-start-up',
  setup(b) {
    const rewrite = rewriter(b);
    rewrite(/[\\/]commander[\\/]lib[\\/]command\.js$/, /const childProcess = require\('node:child_process'\);/,
      "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
    rewrite(/[\\/]httpx[\\/]lib[\\/]index\.js$/,
      /const zlib = require\('zlib'\);([\s\S]*?)const https = require\('https'\);([\s\S]*?)const httpsAgent = new https\.Agent\(\{ keepAlive: true \}\);([\s\S]*?)zlib\.createGunzip\(\)([\s\S]*?)zlib\.createInflate\(\)([\s\S]*?)isHttps \? httpsAgent : httpAgent([\s\S]*?)isHttps \? https : http;/,
      "$1$2let httpsAgent;$3require('zlib').createGunzip()$4require('zlib').createInflate()$5isHttps ? (httpsAgent ??= new (require('https').Agent)({ keepAlive: true })) : httpAgent$6isHttps ? require('https') : http;");
    rewrite(/[\\/]@alicloud[\\/]pop-core[\\/]lib[\\/]rpc\.js$/, /const assert = require\('assert'\);/,
      "const assert = (value, message) => value || require('assert')(value, message);");
    rewrite(/[\\/]debug[\\/]src[\\/]node\.js$/, /require\('supports-color'\)/, 'undefined');
    rewrite(/[\\/]terminal-size[\\/]index\.js$/, /import \{execFileSync\} from 'node:child_process';/,
      "const execFileSync = (...args) => require('node:child_process').execFileSync(...args);");
    rewrite(/[\\/]ink[\\/]build[\\/]components[\\/]ErrorOverview\.js$/, [
      [/import StackUtils from 'stack-utils';/, ''],
      [/const stackUtils = new StackUtils\(\{([^}]*)internals: StackUtils\.nodeInternals\(\),\s*\}\);/,
        "let stackUtilsMade;\nconst stackUtils = { parseLine: (line) => (stackUtilsMade ??= new (require('stack-utils'))({$1internals: require('stack-utils').nodeInternals() })).parseLine(line) };"],
    ]);
  },
};

/**
 * The live view measures and slices every line it draws with string-width,
 * @alcalzone/ansi-tokenize and slice-ansi, which split text into graphemes
 * with Intl.Segmenter and test them against Unicode-property regexes. The
 * first Intl.Segmenter costs about 20 ms (ICU loads its data) and the first
 * \p{RGI_Emoji} test 30 ms: the live view's first frame waited for both, for
 * lines of ASCII, box drawing, braille spinners and check marks. Text made
 * only of characters that are each a grapheme of their own and one column
 * wide (`SINGLE`, found here with the libraries' own answers) gets the answer
 * those would give without them: one segment and one column per character.
 * Anything else (CJK, emoji, combining marks) takes the libraries' own path.
 * wrap-ansi's older string-width, which has no fast path at all, is replaced
 * by the one the rest of Ink uses.
 */
async function singleCharacterClass() {
  const { default: stringWidth } = await import('string-width');
  const segmenter = new Intl.Segmenter();
  // Latin, Greek, Cyrillic, punctuation, letter-like symbols, arrows, technical, box drawing, shapes, dingbats, braille.
  const blocks = [[0xa0, 0x4ff], [0x2000, 0x23ff], [0x2500, 0x2bff]];
  const ranges = [];
  for (const [from, to] of blocks) {
    for (let cp = from; cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      if (stringWidth(c) !== 1 || [...segmenter.segment(`a${c}${c}a`)].length !== 4) continue;
      const last = ranges.at(-1);
      if (last && last[1] === cp - 1) last[1] = cp;
      else ranges.push([cp, cp]);
    }
  }
  const u = (cp) => `\\u${cp.toString(16).padStart(4, '0')}`;
  return ranges.map(([a, b]) => (a === b ? u(a) : `${u(a)}-${u(b)}`)).join('');
}
const SINGLE = await singleCharacterClass();

const FAST_SEGMENTER = `
// Grapheme segments of text whose characters are each a grapheme (controls but CR, and SINGLE), without ICU.
const simple = /^[\\u0000-\\u000c\\u000e-\\u007f${SINGLE}]*$/;
class Segments {
  constructor(input) { this.input = input; }
  *[Symbol.iterator]() { for (let index = 0; index < this.input.length; index++) yield this.containing(index); }
  containing(index = 0) {
    const at = Math.trunc(Number(index)) || 0;
    return at >= 0 && at < this.input.length ? { segment: this.input[at], index: at, input: this.input } : undefined;
  }
}
export class Segmenter {
  constructor(locales, options) { this.args = [locales, options]; }
  segment(input) {
    input = String(input);
    if ((this.args[1]?.granularity ?? 'grapheme') === 'grapheme' && simple.test(input)) return new Segments(input);
    this.icu ??= new Intl.Segmenter(...this.args);
    return this.icu.segment(input);
  }
}
`;

export const forLiveView = {
  name: 'for-live-view',
  setup(b) {
    const rewrite = rewriter(b);
    const stringWidth = join(root, 'node_modules', 'string-width', 'index.js');
    b.onResolve({ filter: /^string-width$/ }, ({ importer }) => (/[\\/]wrap-ansi[\\/]/.test(importer) ? { path: stringWidth } : undefined));
    b.onResolve({ filter: /^fnf:fast-segmenter$/ }, () => ({ path: 'fast-segmenter', namespace: 'fnf' }));
    b.onLoad({ filter: /.*/, namespace: 'fnf' }, () => ({ contents: FAST_SEGMENTER, loader: 'js' }));
    // V8 parses a regex when it is created: \p{RGI_Emoji} (a set of strings) takes 30 ms, so it is made on first use.
    rewrite(/[\\/]node_modules[\\/]string-width[\\/]index\.js$/, /^([\s\S]*)const segmenter = new Intl\.Segmenter\(\);([\s\S]*)const rgiEmojiRegex = \/\^\\p\{RGI_Emoji\}\$\/v;([\s\S]*)if \(\/\^\[\\u0020-\\u007E\]\*\$\/\.test\(string\)\)/,
      `import { Segmenter as FastSegmenter } from 'fnf:fast-segmenter';\n$1const segmenter = new FastSegmenter();$2let rgiEmoji;\nconst rgiEmojiRegex = { test: (text) => (rgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$$', 'v')).test(text) };$3if (/^[\\u0020-\\u007E${SINGLE}]*$/.test(string))`);
    rewrite(/[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, /^([\s\S]*)new Intl\.Segmenter\(/,
      `import { Segmenter as FastSegmenter } from 'fnf:fast-segmenter';\n$1new FastSegmenter(`);
    rewrite(/[\\/]slice-ansi[\\/]tokenize-ansi\.js$/, /^([\s\S]*)new Intl\.Segmenter\(/,
      `import { Segmenter as FastSegmenter } from 'fnf:fast-segmenter';\n$1new FastSegmenter(`);
  },
};
