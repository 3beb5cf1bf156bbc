import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, STDIN_NOTE_AFTER_MS, checkJsonObject, inputSourceOf, readJsonObject } from '../../src/input/source.js';
import { fakeClock, testCtx } from '../helpers/ctx.js';
import { usageError } from '../commands/fake-client.js';

const dir = mkdtempSync(join(tmpdir(), 'fnf-input-'));

describe('inputSourceOf', () => {
  it.each([
    [undefined, undefined, { kind: 'implicit' }],
    ['{"a":1}', undefined, { kind: 'inline', text: '{"a":1}', flag: '--input' }],
    ['@order.json', undefined, { kind: 'file', path: 'order.json' }],
    ['-', undefined, { kind: 'stdin' }],
    [undefined, 'order.json', { kind: 'file', path: 'order.json' }],
  ])('--input %j --input-file %j', (value, file, source) => {
    expect(inputSourceOf(value, file)).toEqual(source);
  });

  it('refuses both --input and --input-file', () => {
    expect(() => inputSourceOf('{}', 'a.json')).toThrow(usageError('--input and --input-file cannot be used together'));
  });

  it('refuses a bare @', () => {
    expect(() => inputSourceOf('@', undefined, '--output')).toThrow('--output @ needs a file name, e.g. --output @input.json');
  });
});

describe('checkJsonObject', () => {
  it('returns the text as written, trimmed, so big numbers keep their digits', () => {
    expect(checkJsonObject('  {"id": 12345678901234567890}\n', 'x')).toBe('{"id": 12345678901234567890}');
  });

  it('counts lines and columns in the text as written', () => {
    expect(() => checkJsonObject('\n\n{\n  "a": [1, 2,]\n}\n', 'order.json')).toThrow(
      usageError("order.json: invalid JSON at line 4, column 14: unexpected ']', expected a value"),
    );
  });

  it('drops a byte order mark', () => {
    expect(checkJsonObject('\uFEFF{"a":1}', 'f')).toBe('{"a":1}');
  });

  it.each([
    ['[1,2]', 'an array'],
    ['"text"', 'a string'],
    ['42', 'a number'],
    ['null', 'null'],
    ['true', 'a boolean'],
  ])('refuses %s as not an object', (text, kind) => {
    expect(() => checkJsonObject(text, 'stdin')).toThrow(usageError(`stdin: input must be a JSON object, got ${kind}`));
  });

  it('refuses more than 64 KiB of UTF-8 and says the limit', () => {
    // 'é' is 2 bytes: 33,000 characters are 66,000+ bytes though fewer than 65,536 characters.
    const text = `{"a":"${'é'.repeat(33_000)}"}`;
    expect(text.length).toBeLessThan(MAX_INPUT_BYTES);
    expect(() => checkJsonObject(text, '--input')).toThrow(/^--input: input is 64\.5 KiB, over the 64 KiB limit of the service$/);
  });

  it('accepts exactly 64 KiB', () => {
    const text = `{"a":"${'x'.repeat(MAX_INPUT_BYTES - 8)}"}`;
    expect(Buffer.byteLength(text)).toBe(MAX_INPUT_BYTES);
    expect(checkJsonObject(text, 'f')).toBe(text);
  });
});

describe('readJsonObject', () => {
  it('reads @file relative to the working directory', async () => {
    writeFileSync(join(dir, 'in.json'), '{"from":"file"}\n');
    const ctx = testCtx({ cwd: dir });
    expect(await readJsonObject(inputSourceOf('@in.json', undefined), ctx)).toBe('{"from":"file"}');
  });

  it('names a missing file', async () => {
    const ctx = testCtx({ cwd: dir });
    await expect(readJsonObject({ kind: 'file', path: 'nope.json' }, ctx)).rejects.toThrow(usageError('cannot read nope.json: no such file'));
  });

  it('names a directory', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    await expect(readJsonObject({ kind: 'file', path: 'sub' }, testCtx({ cwd: dir }))).rejects.toThrow('cannot read sub: is a directory');
  });

  it('refuses a huge file without reading it', async () => {
    writeFileSync(join(dir, 'big.json'), `{"a":"${'x'.repeat(1024 * 1024)}"}`);
    await expect(readJsonObject({ kind: 'file', path: 'big.json' }, testCtx({ cwd: dir }))).rejects.toThrow(
      'big.json: input is 1024.0 KiB, over the 64 KiB limit of the service',
    );
  });

  it('names the file in a syntax error', async () => {
    writeFileSync(join(dir, 'bad.json'), '{\n  "a": 1\n  "b": 2\n}\n');
    await expect(readJsonObject({ kind: 'file', path: 'bad.json' }, testCtx({ cwd: dir }))).rejects.toThrow(
      "bad.json: invalid JSON at line 3, column 3: unexpected '\"', expected ',' or '}'",
    );
  });

  it('reads - from stdin', async () => {
    expect(await readJsonObject({ kind: 'stdin' }, testCtx({ stdin: ' {"x": 1} ' }))).toBe('{"x": 1}');
  });

  it('says how to end the input at once when - reads from a terminal', async () => {
    const ctx = testCtx({ tty: true });
    ctx.io.stdin = Readable.from(['{"x": 1}']);
    expect(await readJsonObject({ kind: 'stdin' }, ctx)).toBe('{"x": 1}');
    expect(ctx.stderr.text).toBe('fnf: reading the input from the terminal; end it with Ctrl-D\n');
    const piped = testCtx({ stdin: '{"x": 1}' });
    await readJsonObject({ kind: 'stdin' }, piped);
    expect(piped.stderr.text).toBe('');
  });

  it('reads piped stdin when no input is given, and {} from an empty pipe', async () => {
    expect(await readJsonObject({ kind: 'implicit' }, testCtx({ stdin: '{"piped":true}' }))).toBe('{"piped":true}');
    expect(await readJsonObject({ kind: 'implicit' }, testCtx({ stdin: '\n' }))).toBe('{}');
    expect(await readJsonObject({ kind: 'implicit' }, testCtx())).toBe('{}');
  });

  it('says what it waits for when a piped stdin stays silent, and reads it when it comes', async () => {
    const clock = fakeClock();
    const ctx = testCtx({ clock });
    const stdin = new Readable({ read() {} });
    ctx.io.stdin = stdin;
    const reading = readJsonObject({ kind: 'implicit' }, ctx);
    clock.advance(STDIN_NOTE_AFTER_MS - 1);
    await new Promise((r) => setImmediate(r));
    expect(ctx.stderr.text).toBe('');
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
    expect(ctx.stderr.text).toBe("fnf: still reading the input from stdin (no --input given); if there is none, pass --input '{}' or </dev/null\n");
    stdin.push('{"late":true}');
    stdin.push(null);
    expect(await reading).toBe('{"late":true}');
  });

  it('uses {} without reading a terminal', async () => {
    const ctx = testCtx({ tty: true });
    ctx.io.stdin = new Readable({ read() {} }); // never ends: reading it would hang
    expect(await readJsonObject({ kind: 'implicit' }, ctx)).toBe('{}');
  });

  it('stops reading an endless stdin past the limit', async () => {
    const ctx = testCtx();
    let produced = 0;
    ctx.io.stdin = new Readable({
      read() {
        produced += 16384;
        this.push(Buffer.alloc(16384, 0x20));
      },
    });
    await expect(readJsonObject({ kind: 'stdin' }, ctx)).rejects.toThrow('stdin: input is more than 68 KiB, over the 64 KiB limit of the service');
    expect(produced).toBeLessThan(256 * 1024);
  });

  it('names stdin in a syntax error', async () => {
    await expect(readJsonObject({ kind: 'stdin' }, testCtx({ stdin: '{"a":}' }))).rejects.toThrow(
      "stdin: invalid JSON at line 1, column 6: unexpected '}', expected a value",
    );
  });
});
