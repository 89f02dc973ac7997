import type { Color } from './action.js';

/**
 * How a release names the objects around its target `deploy/NAME`, matching deploy/'s
 * components: canary `NAME-canary` (Deployment and Service), blue-green `NAME-blue` and
 * `NAME-green` behind the Service `NAME`, plus `NAME-preview` for smoke checks of the idle colour.
 */

/** The canary Deployment and its Service. */
export function canaryName(name: string): string {
  return `${name}-canary`;
}

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
