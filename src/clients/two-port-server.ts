#!/usr/bin/env node
import { startTwoPortServer, TWO_PORT_DEFAULTS } from './two-port.js';

// Entry point of `multiroute-two-port`: the only place it reads the environment or exits.
function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) {
    process.stderr.write(`multiroute-two-port: ${name} must be a port number, got '${raw}'\n`);
    process.exit(2);
  }
  return value;
}

const running = await startTwoPortServer([
  port('SERVER1_PORT', TWO_PORT_DEFAULTS[0]),
  port('SERVER2_PORT', TWO_PORT_DEFAULTS[1]),
]);
process.stdout.write(
  `listening on ${running.addresses.map((address) => address.port).join(' and ')}\n`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
