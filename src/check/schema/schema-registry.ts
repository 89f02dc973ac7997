/**
 * The Kubernetes versions kprod check validates against: those with a field catalog
 * (kube-catalog.ts), every minor release from 1.29 to 1.37, and the default `--kube-version`.
 */
import { CATALOG_VERSIONS } from './kube-catalog.js';

/** Kubernetes minor versions kprod check validates against, oldest first. */
export const SUPPORTED_KUBE_VERSIONS = CATALOG_VERSIONS;

/** The default `--kube-version`: the newest version with a field catalog. */
export const DEFAULT_KUBE_VERSION = '1.37';
