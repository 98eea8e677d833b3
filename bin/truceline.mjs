#!/usr/bin/env node
// Entry point of the `truceline` command. The sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../packages/server/src/cli/main.ts');
const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stdin: process.stdin,
});
process.exitCode = code;
// Let pending I/O (log flushes) drain, but do not wait on stray handles.
setTimeout(() => process.exit(code), 200).unref();
