#!/usr/bin/env node
// The only place that decides the process exit code: commands return it, and
// setting exitCode (not calling exit()) lets piped output drain first.
// CommonJS (see bin/package.json): an ES module entry would start Node's ESM
// loader, which costs more than `fnf --version` itself.
'use strict';
require('../dist/cli.cjs').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
