import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'monitoring/**/*.test.ts',
      'deploy/**/*.test.ts',
    ],
    // The real-cluster suite has its own config (vitest.cluster.config.ts, npm run test:cluster).
    exclude: ['test/cluster/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
