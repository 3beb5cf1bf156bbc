// The CLI's plain lines on stderr, as the end-to-end tests compare them.

/** stderr's lines without their time and execution tag (`[name] `), durations as `<d>`. */
export function stepLines(stderr: string): string[] {
  return stderr.trimEnd().split('\n').map((l) => l
    .replace(/^\d\d:\d\d:\d\d /, '')
    .replace(/^\[[\w-]+\] /, '')
    .replace(/\b\d+(\.\d+)?m?s\b/g, '<d>'));
}
