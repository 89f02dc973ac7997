#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_PROBE_URL, runProbe } from './version-probe.js';

// Entry point of `multiroute-probe`: the only place it reads the environment or exits.
const HELP = `Usage: multiroute-probe [--url URL] [--interval SECONDS]

GETs URL once (default ${DEFAULT_PROBE_URL}) and prints "status:<code> text: <body>", then stays
alive so the pod can be used with kubectl exec. With --interval it repeats the call and prints a
running tally of answers by version.

Environment: PROBE_URL, PROBE_INTERVAL_SECONDS, PROBE_TIMEOUT_SECONDS (5).
`;

function fail(message: string): never {
  process.stderr.write(`multiroute-probe: ${message}\n`);
  process.exit(2);
}

let values: { url?: string | undefined; interval?: string | undefined; help?: boolean | undefined };
try {
  values = parseArgs({
    options: {
      url: { type: 'string' },
      interval: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (values.help === true) {
  process.stdout.write(HELP);
  process.exit(0);
}

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    fail(`${name} must be a positive number, got '${raw}'`);
  return Math.round(value * 1000);
}

const url = values.url ?? process.env['PROBE_URL'] ?? DEFAULT_PROBE_URL;
const intervalMs = seconds(
  '--interval / PROBE_INTERVAL_SECONDS',
  values.interval ?? process.env['PROBE_INTERVAL_SECONDS'],
);
const timeoutMs = seconds('PROBE_TIMEOUT_SECONDS', process.env['PROBE_TIMEOUT_SECONDS']) ?? 5000;
const controller = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    controller.abort();
    process.exit(0);
  });
}
await runProbe({ url, intervalMs, timeoutMs, signal: controller.signal }, (line) => {
  process.stdout.write(`${line}\n`);
});
// Stay alive after the single call, as the original did, until a signal arrives.
setInterval(() => undefined, 1 << 30);
