import type { Color } from './strategy/action.js';

/**
 * How a release names the objects around its target `deploy/NAME`, matching deploy/'s
 * components: canary Deployment `NAME-v2` with the Services `NAME-stable` and `NAME-canary`,
 * the Ingress `NAME-canary`, Istio subsets `v1`/`v2`; blue-green `NAME-blue` and `NAME-green`
 * behind the Service `NAME`, plus `NAME-preview` for smoke checks of the idle colour.
 */

/** The canary Deployment (deploy/'s canary component names it after its version). */
export function canaryName(name: string): string {
  return `${name}-v2`;
}

/** The Service (and the nginx canary Ingress) that send to the canary track only. */
export function canaryService(name: string): string {
  return `${name}-canary`;
}

/** The Service that sends to the stable track only. */
export function stableService(name: string): string {
  return `${name}-stable`;
}

/** Istio DestinationRule subsets of the two tracks, selected by `app.kubernetes.io/version`. */
export const SUBSETS = { stable: 'v1', canary: 'v2' } as const;

/** The Deployment of one colour. */
export function colorDeployment(name: string, color: Color): string {
  return `${name}-${color}`;
}

/** The Service that selects the idle colour during smoke checks. */
export function previewService(name: string): string {
  return `${name}-preview`;
}

/** The other colour. */
export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}
