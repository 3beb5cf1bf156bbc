// A cheap upper bound of how deeply a YAML (or JSON) text nests, checked
// before the yaml parser sees it: yaml recurses once per level, and a few
// thousand levels (a 60 KiB file of "[") overflow the stack; at the wrong
// moment V8 then dies with a fatal "RegExpCompiler Allocation failed" that
// no try/catch can stop.

/** Far beyond any real config or flow definition, far below what overflows the stack (~800). */
export const MAX_NESTING = 200;

/**
 * Brackets open outside quotes, plus the indentation and compact "- " items
 * that open block collections. Over-counts (indentation is not depth), never
 * under-counts, and costs one pass.
 */
export function nestingDepth(text: string): number {
  let deepest = 0;
  let brackets = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
      quote = undefined;
      continue;
    }
    if (lineStart) {
      if (ch === ' ' || ch === '-' || ch === '\t') {
        indent++;
        deepest = Math.max(deepest, brackets + indent);
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    // A quote only opens a scalar where one can start (not the apostrophe in `it's`).
    if ((ch === '"' || ch === "'") && /^[\s[{,:]?$/.test(text[i - 1] ?? '')) quote = ch;
    else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++brackets + indent);
    else if ((ch === ']' || ch === '}') && brackets > 0) brackets--;
  }
  return deepest;
}
