import { defineConfig } from 'vitest/config';

/**
 * The real-cluster suite (`npm run test:cluster`): every test file talks to the local control
 * plane of test/cluster/ (real etcd, kube-apiserver, controllers and scheduler, kwok nodes),
 * which the global setup starts unless one is up. Files run one at a time: they share one
 * cluster, and the machine's two cores.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
