// The live view's text measuring, as the build rewrites it (.ci/build-plugins.mjs
// forLiveView: no Intl.Segmenter or emoji regex for text whose characters are
// each one grapheme and one column), answers exactly as the libraries do.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import sliceAnsi from 'slice-ansi';
import { tokenize } from '@alcalzone/ansi-tokenize';
import wrapAnsi from 'wrap-ansi';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
// The string-width wrap-ansi brings (7.x), which the build replaces.
const { default: olderStringWidth } = (await import(join(ROOT, 'node_modules/wrap-ansi/node_modules/string-width/index.js'))) as { default: typeof stringWidth };
// @ts-expect-error: a build script, no types
import { forLiveView } from '../../.ci/build-plugins.mjs';

type Lib = { stringWidth: typeof stringWidth; sliceAnsi: typeof sliceAnsi; tokenize: typeof tokenize; wrapAnsi: typeof wrapAnsi; segments: (s: string) => unknown[] };

const TEXTS = [
  'plain ascii', '⠋ pause  Wait  12s', '✔ done ■ ▶ ⏱ 1.2s · step — ok…', '\u001b[32m✔\u001b[39m checkout → ship',
  '┌──┐\n│ab│\r\n└──┘', 'naïve café Ωmega привет', '订单 处理', 'emoji 👍🏽 and 👨‍👩‍👧', 'e\u0301 combining', '☔ wide ☂ narrow',
  '⌚ watch', '🇯🇵 flag', '\u200b zero\u00adwidth', 'tab\there', '',
];

let patched: Lib;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fnf-fast-text-'));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, `export { default as stringWidth } from 'string-width'; export { default as sliceAnsi } from 'slice-ansi';
export { tokenize } from '@alcalzone/ansi-tokenize'; export { default as wrapAnsi } from 'wrap-ansi';
import { Segmenter } from 'fnf:fast-segmenter'; export const segments = (s) => [...new Segmenter().segment(s)];\n`);
  await build({ entryPoints: [entry], outfile: join(dir, 'out.cjs'), bundle: true, format: 'cjs', platform: 'node', nodePaths: [join(ROOT, 'node_modules')],
    plugins: [forLiveView], logLevel: 'silent' });
  patched = createRequire(import.meta.url)(join(dir, 'out.cjs')) as Lib;
}, 60_000);

describe('text measuring as built for the live view', () => {
  it('gives the libraries\' widths, slices, tokens and wrapping', () => {
    for (const text of TEXTS) {
      expect(patched.stringWidth(text), text).toBe(stringWidth(text));
      expect(patched.sliceAnsi(text, 1, 6), text).toBe(sliceAnsi(text, 1, 6));
      expect(patched.tokenize(text), text).toEqual(tokenize(text));
      // wrap-ansi's own older string-width calls text-style emoji (✔ ⏱) two columns; the build gives it Ink's string-width.
      if (olderStringWidth(text) === stringWidth(text)) expect(patched.wrapAnsi(text, 5, { hard: true }), text).toBe(wrapAnsi(text, 5, { hard: true }));
    }
  });

  it('wraps with the widths Ink measures lines with', () => {
    expect(stringWidth('✔ done ⏱ 1.2s')).toBe(13);
    expect(olderStringWidth('✔ done ⏱ 1.2s')).toBe(15);
    expect(patched.wrapAnsi('✔ done ⏱ 1.2s', 13, { hard: true })).toBe('✔ done ⏱ 1.2s');
  });

  it('segments as Intl.Segmenter does, through its own path for what is not simple', () => {
    const icu = new Intl.Segmenter();
    for (const text of TEXTS) {
      expect(patched.segments(text), text).toEqual([...icu.segment(text)].map(({ segment, index, input }) => ({ segment, index, input })));
    }
  });
});
