#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { runCli } from './run-cli.js';
import { kprod } from './commands.js';

// Node.js 22.1+ can keep compiled code between runs, so repeated runs start faster. Older
// Node.js has no such API.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const controller = new AbortController();
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signals += 1;
    // First signal: let the running command stop cleanly; second: leave at once.
    if (signals > 1) process.exit(130);
    controller.abort(new Error(`received ${signal}`));
  });
}

const code = await runCli(
  kprod,
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  },
  pkg.version,
);
process.exitCode = code;
