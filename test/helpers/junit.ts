// Reads a JUnit XML report the way CI systems do (GitLab, Jenkins): checks
// that tags nest and close, that a testcase holds only what the JUnit schema
// allows (at most one of failure/error/skipped, plus system-out/system-err),
// and that every count attribute matches the testcases it sums up.
import { expect } from 'vitest';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const TAG = /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|<\?[^>]*\?>|([^<]+)/g;

/** Elements and text of a document that holds no comments, CDATA or DTD (what fnf writes). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const open = [root];
  for (const m of xml.matchAll(TAG)) {
    const [, closing, name, attrText, selfClosing, text] = m;
    const top = open.at(-1)!;
    if (text !== undefined) {
      top.text += unescape(text);
      continue;
    }
    if (!name) continue;
    if (closing) {
      expect(top.name, `</${name}> closes <${top.name}>`).toBe(name);
      open.pop();
      continue;
    }
    const attrs = Object.fromEntries([...(attrText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, k, v]) => [k!, unescape(v!)]));
    const el: XmlElement = { name, attrs, children: [], text: '' };
    top.children.push(el);
    if (!selfClosing) open.push(el);
  }
  expect(open.map((e) => e.name), 'unclosed elements').toEqual(['#document']);
  return root;
}

function unescape(s: string): string {
  return s.replace(/&(lt|gt|quot|amp|#(\d+));/g, (_, name: string, code?: string) =>
    code ? String.fromCodePoint(Number(code)) : { lt: '<', gt: '>', quot: '"', amp: '&' }[name]!);
}

export interface JUnitCase {
  suite: string;
  name: string;
  classname: string;
  /** failure, error or skipped; undefined for a pass. */
  outcome?: 'failure' | 'error' | 'skipped';
  /** The outcome element's message and text. */
  message?: string;
  detail?: string;
  systemOut?: string;
}

/** Every testcase of a report, after checking its shape and counts; the testsuites' totals too. */
export function readJUnit(xml: string): { cases: JUnitCase[]; totals: Record<'tests' | 'failures' | 'errors' | 'skipped', number> } {
  const [testsuites, ...others] = parseXml(xml).children;
  expect(others).toEqual([]);
  expect(testsuites!.name).toBe('testsuites');
  const cases: JUnitCase[] = [];
  const sum = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of testsuites!.children) {
    expect(suite.name).toBe('testsuite');
    const mine: JUnitCase[] = [];
    for (const tc of suite.children) {
      expect(tc.name).toBe('testcase');
      expect(Number.isFinite(Number(tc.attrs.time)), 'testcase time').toBe(true);
      const outcomes = tc.children.filter((c) => ['failure', 'error', 'skipped'].includes(c.name));
      expect(outcomes.length, `outcomes of ${tc.attrs.name}`).toBeLessThanOrEqual(1);
      for (const c of tc.children) expect(['failure', 'error', 'skipped', 'system-out', 'system-err']).toContain(c.name);
      const outcome = outcomes[0];
      mine.push({
        suite: suite.attrs.name!, name: tc.attrs.name!, classname: tc.attrs.classname!,
        outcome: outcome?.name as JUnitCase['outcome'],
        message: outcome?.attrs.message,
        detail: outcome?.text,
        systemOut: tc.children.find((c) => c.name === 'system-out')?.text,
      });
    }
    const counts = {
      tests: mine.length,
      failures: mine.filter((c) => c.outcome === 'failure').length,
      errors: mine.filter((c) => c.outcome === 'error').length,
      skipped: mine.filter((c) => c.outcome === 'skipped').length,
    };
    for (const [k, v] of Object.entries(counts)) {
      expect(Number(suite.attrs[k]), `${k} of testsuite ${suite.attrs.name}`).toBe(v);
      sum[k as keyof typeof sum] += v;
    }
    cases.push(...mine);
  }
  for (const [k, v] of Object.entries(sum)) expect(Number(testsuites!.attrs[k]), `${k} of testsuites`).toBe(v);
  return { cases, totals: sum };
}
