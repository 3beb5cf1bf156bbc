#!/usr/bin/env node
// The only place that decides the process exit code: commands return it, and
// setting exitCode (not calling exit()) lets piped output drain first.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
