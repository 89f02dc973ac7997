import { describe, expect, it } from 'vitest';
import { startTwoPortServer } from './two-port.js';

describe('startTwoPortServer', () => {
  it('should answer each port with its own server text on every path', async () => {
    const running = await startTwoPortServer([0, 0], '127.0.0.1');
    try {
      const answers = await Promise.all(
        running.addresses.map(async ({ port }) => {
          const response = await fetch(`http://127.0.0.1:${port}/any/path`);
          return [response.status, await response.text()];
        }),
      );
      expect(answers).toEqual([
        [200, 'server1: Hello, World!'],
        [200, 'server2: Hello, World!'],
      ]);
    } finally {
      await running.close();
    }
  });
});
