// Where a JSON document comes from (an execution's --input, a task's --output)
// and how it is read: inline text, @file, a file flag, or stdin. Every route
// ends in the same checks, so nothing is sent when the document is bad.
// fs.promises loads on first use; node:fs/promises would load with every command.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { Ctx } from '../context.js';
import { UsageError, whyUnreadable } from '../errors.js';
import { locateJsonError } from './json-error.js';

/** One event's data (an Input or Output) may be at most 64 KiB in CloudFlow. */
export const MAX_INPUT_BYTES = 64 * 1024;

export type InputSource =
  | { kind: 'inline'; text: string; flag: string }
  | { kind: 'file'; path: string }
  | { kind: 'stdin' }
  /** Nothing given: piped stdin if there is one, else `{}`. */
  | { kind: 'implicit' };

/**
 * Reads `--input VALUE` (`@file`, `-`, or inline JSON) and `--input-file F` into one source.
 * `flag` names the option in messages (`--input`, `--output`).
 */
export function inputSourceOf(value: string | undefined, file: string | undefined, flag = '--input'): InputSource {
  if (value !== undefined && file !== undefined) {
    throw new UsageError(`${flag} and ${flag}-file cannot be used together`, 'Give the JSON one way only.');
  }
  if (file !== undefined) return { kind: 'file', path: file };
  if (value === undefined) return { kind: 'implicit' };
  if (value === '-') return { kind: 'stdin' };
  if (value.startsWith('@')) {
    if (value.length === 1) throw new UsageError(`${flag} @ needs a file name, e.g. ${flag} @input.json`);
    return { kind: 'file', path: value.slice(1) };
  }
  return { kind: 'inline', text: value, flag };
}

/** The JSON object text to send, read from its source and checked; throws UsageError (exit 2) when it is unusable. */
export async function readJsonObject(source: InputSource, ctx: Ctx): Promise<string> {
  switch (source.kind) {
    case 'inline':
      return checkJsonObject(source.text, source.flag);
    case 'file':
      return checkJsonObject(await readCappedFile(source.path, ctx.cwd), source.path);
    case 'stdin':
      // A terminal gives no sign that fnf is waiting for it.
      if (ctx.io.stdinIsTTY) ctx.io.stderr.write('fnf: reading the input from the terminal; end it with Ctrl-D\n');
      return checkJsonObject(await readCappedStream(ctx.io.stdin), 'stdin');
    case 'implicit': {
      if (ctx.io.stdinIsTTY) return '{}';
      const text = await noteIfSlow(readCappedStream(ctx.io.stdin), ctx);
      return text.trim() === '' ? '{}' : checkJsonObject(text, 'stdin');
    }
  }
}

/** Checks size, syntax and shape; returns the text as given, trimmed (so big integers keep their digits). */
export function checkJsonObject(raw: string, sourceName: string): string {
  // Lines and columns count in the text as the user wrote it, so only a BOM goes before parsing.
  const text = raw.replace(/^\uFEFF/, '');
  const toSend = text.trim();
  const bytes = Buffer.byteLength(toSend, 'utf8');
  if (bytes > MAX_INPUT_BYTES) throw tooLarge(sourceName, formatKiB(bytes));
  if (toSend === '') throw new UsageError(`${sourceName}: empty input, expected a JSON object`, 'Pass {} for an empty input.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const where = locateJsonError(text);
    const at = where ? ` at line ${where.line}, column ${where.column}: ${where.reason}` : '';
    throw new UsageError(`${sourceName}: invalid JSON${at}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${sourceName}: input must be a JSON object, got ${kindOf(value)}`, 'Wrap it in an object, e.g. {"items": [...]}.');
  }
  return toSend;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function tooLarge(sourceName: string, size: string): UsageError {
  return new UsageError(
    `${sourceName}: input is ${size}, over the ${formatKiB(MAX_INPUT_BYTES)} limit of the service`,
    'Store large data elsewhere (e.g. OSS) and pass a reference to it.',
  );
}

function formatKiB(bytes: number): string {
  const kib = bytes / 1024;
  return Number.isInteger(kib) ? `${kib} KiB` : `${kib.toFixed(1)} KiB`;
}

/** Reads a file, refusing one larger than the limit without loading it all. */
async function readCappedFile(path: string, cwd: string): Promise<string> {
  let handle;
  try {
    handle = await fs.open(resolve(cwd, path), 'r');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${whyUnreadable(err)}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_INPUT_BYTES + 4096) throw tooLarge(path, formatKiB(size));
    return (await handle.readFile()).toString('utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${path}: ${whyUnreadable(err)}`);
  } finally {
    await handle.close();
  }
}

/** How long an implicit stdin read may take before fnf says what it is waiting for. */
export const STDIN_NOTE_AFTER_MS = 3_000;

/**
 * A runner that leaves stdin open without writing to it would make fnf wait
 * in silence: after a moment, say what it waits for and how not to.
 */
async function noteIfSlow<T>(reading: Promise<T>, ctx: Ctx): Promise<T> {
  const done = new AbortController();
  void ctx.clock.sleep(STDIN_NOTE_AFTER_MS, done.signal).then(() => {
    if (!done.signal.aborted) {
      ctx.io.stderr.write("fnf: still reading the input from stdin (no --input given); if there is none, pass --input '{}' or </dev/null\n");
    }
  });
  try {
    return await reading;
  } finally {
    done.abort();
  }
}

/**
 * Reads a stream to its end as bytes, but stops once it holds more than the
 * limit allows (plus room for surrounding whitespace): a huge pipe must not
 * fill memory or keep fnf waiting for a writer that never stops.
 */
async function readCappedStream(stream: NodeJS.ReadableStream): Promise<string> {
  const cap = MAX_INPUT_BYTES + 4096;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buf);
    total += buf.length;
    if (total > cap) {
      // Leaving the loop destroys the stream; the writer gets EPIPE, not a hang.
      throw tooLarge('stdin', `more than ${formatKiB(cap)}`);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
