import type { TestProject } from 'vitest/node';
import { down, up } from './control-plane.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin kubeconfig (bearer token, system:masters) of the local control plane. */
    kubeconfig: string;
    /** Directory of the built kubectl and the other programs of the pinned release. */
    binDir: string;
  }
}

interface ClusterState {
  kubeconfig: string;
  binDir: string;
  reused: boolean;
}

/**
 * Starts the local control plane unless one is up (`npm run cluster:up` before the suite keeps
 * it running across runs), and stops it afterwards only when this run started it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const state = (await up()) as ClusterState;
  project.provide('kubeconfig', state.kubeconfig);
  project.provide('binDir', state.binDir);
  return async () => {
    if (!state.reused) await down();
  };
}
