// Copies the Kubernetes field catalogs (src/check/catalogs/*.json) next to the compiled
// kube-catalog.js, which reads them at run time; tsc only emits what is imported.
import { cpSync } from 'node:fs';

cpSync('src/check/catalogs', 'dist/check/catalogs', { recursive: true });
