import { stringAt } from '../../kube/field-access.js';

const ISTIO_PROTOCOLS = new Set([
  'http',
  'http2',
  'https',
  'tcp',
  'tls',
  'grpc',
  'grpc-web',
  'mongo',
  'mysql',
  'redis',
  'udp',
]);

/** True when Istio can tell the protocol of a Service port. */
export function portProtocolKnown(port: unknown): boolean {
  if ((stringAt(port, 'appProtocol') ?? '') !== '') return true;
  const name = (stringAt(port, 'name') ?? '').toLowerCase();
  if (name === '') return false;
  if (ISTIO_PROTOCOLS.has(name)) return true;
  // grpc-web contains the separator itself, so try the longest known prefix first.
  if (name.startsWith('grpc-web-')) return true;
  return ISTIO_PROTOCOLS.has(
    name.slice(0, name.indexOf('-') < 0 ? name.length : name.indexOf('-')),
  );
}

/** A host as Istio resolves it: a short name is a Service of the rule's namespace. */
export function resolveHost(host: string, namespace: string): string {
  return host.includes('.') || host.includes('*') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** The Service a resolved host names (`name.ns.svc.cluster.local`), if it has that form. */
export function serviceOfHost(host: string): { name: string; namespace: string } | undefined {
  const match = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
  return match === null ? undefined : { name: match[1] ?? '', namespace: match[2] ?? '' };
}

/**
 * True when Istio's host `pattern` covers `host`: equal, or `pattern` is a wildcard
 * (`*.example.com`) and `host` ends with its suffix at a label boundary. A wildcard covers
 * names at any depth below it (`a.b.example.com`) and narrower wildcards (`*.a.example.com`),
 * but not the bare domain (`example.com`); `*` covers everything.
 */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*')) return false;
  const suffix = pattern.slice(1);
  return host.length > suffix.length && host.endsWith(suffix);
}
