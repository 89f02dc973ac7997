/** Variants of Pods, pod templates and the workload kinds. */
import type { Variant } from './variant.js';

/** Every workload variant. */
export function workloadVariants(): Variant[] {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app', image: 'registry.example/web:1.0' }] },
  };
  return [
    { id: 'pod-valid', family: 'pod', object: pod },
    { id: 'pod-name-upper', family: 'names', object: { ...pod, metadata: { name: 'Web' } } },
  ];
}
