import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { type Finding, findingFor } from '../finding.js';
import { type JsonRecord, arrayAt, numberAt, recordAt, stringAt } from '../../kube/field-access.js';
import { nameOf } from '../pod-templates.js';
import {
  VS_SUBSET_MISSING,
  VS_HOST_CONFLICT,
  WEIGHTS_SUM,
  GATEWAY_REF,
  EXTERNAL_HOST,
} from './istio-rules.js';
import { resolveHost } from './istio-hosts.js';
import { type Context, type Destination, destinationsOf, subsetsOf } from './istio-context.js';

/** A gateway a VirtualService binds to, and where. */
interface GatewayRef {
  ref: string;
  field: FieldPath;
}

/** What the VirtualService checks look up in the input. */
interface Lookups {
  readonly drs: SourceObject[];
  readonly gateways: SourceObject[];
  drsFor(host: string): SourceObject[];
  declaredExternally(host: string): boolean;
  isService(host: string): boolean;
}

function lookupsOf(ctx: Context): Lookups {
  const services = ctx.of('Service', '');
  const drs = ctx.of('DestinationRule', 'networking.istio.io');
  const entries = ctx.of('ServiceEntry', 'networking.istio.io');
  return {
    drs,
    gateways: ctx.of('Gateway', 'networking.istio.io'),
    drsFor: (host) =>
      drs.filter(
        (dr) =>
          resolveHost(stringAt(recordAt(dr.object, 'spec'), 'host') ?? '', ctx.ns(dr)) === host,
      ),
    declaredExternally: (host) =>
      entries.some((se) => arrayAt(recordAt(se.object, 'spec'), 'hosts').includes(host)),
    isService: (host) => {
      if (host.endsWith('.cluster.local')) return true;
      const parts = host.split('.');
      // name.namespace or name.namespace.svc written without the cluster domain
      return (
        (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) &&
        services.some((s) => nameOf(s) === parts[0] && ctx.ns(s) === parts[1])
      );
    },
  };
}

/** Subsets no DestinationRule defines, and external hosts no ServiceEntry declares. */
function checkDestinations(
  vs: SourceObject,
  ns: string,
  destinations: readonly Destination[],
  lookups: Lookups,
  out: Finding[],
): void {
  for (const d of destinations) {
    const host = resolveHost(d.host, ns);
    if (d.subset !== undefined) {
      const rules = lookups.drsFor(host);
      const defined = rules.some((dr) => subsetsOf(dr).some((s) => s.name === d.subset));
      if (!defined && (rules.length > 0 || lookups.drs.length > 0)) {
        out.push(
          findingFor(
            vs,
            VS_SUBSET_MISSING,
            rules.length > 0
              ? `subset "${d.subset}" of host "${d.host}" is not defined by DestinationRule ${rules.map((r) => `"${nameOf(r)}"`).join(', ')}`
              : `subset "${d.subset}" of host "${d.host}" is used but no DestinationRule exists for that host`,
            'Define the subset in the DestinationRule for the host (same host after namespace expansion), or drop the subset.',
            [...d.field, 'subset'],
          ),
        );
      }
    }
    if (
      d.host.includes('.') &&
      !d.host.includes('*') &&
      !lookups.isService(d.host) &&
      !lookups.declaredExternally(d.host)
    ) {
      out.push(
        findingFor(
          vs,
          EXTERNAL_HOST,
          `destination host "${d.host}" is neither a Service nor declared by a ServiceEntry: requests get 503`,
          `Add a ServiceEntry with hosts: [${d.host}] (resolution: DNS, location: MESH_EXTERNAL), or fix the host.`,
          [...d.field, 'host'],
        ),
      );
    }
  }
}

/** Weighted routes whose weights do not add up to 100. */
function checkWeights(
  vs: SourceObject,
  routes: readonly { route: readonly unknown[]; field: FieldPath }[],
  out: Finding[],
): void {
  for (const { route, field } of routes) {
    const weights = route.map((d) => numberAt(d, 'weight'));
    if (route.length < 2 || weights.every((w) => w === undefined)) continue;
    const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
    if (sum === 100) continue;
    out.push(
      findingFor(
        vs,
        WEIGHTS_SUM,
        `route weights add up to ${sum}, not 100`,
        'Give every destination of the route a weight, summing to 100.',
        field,
      ),
    );
  }
}

/** The gateways of `spec.gateways`, and those of the routes' match conditions. */
function gatewayRefsOf(spec: JsonRecord | undefined): {
  bound: GatewayRef[];
  matched: GatewayRef[];
} {
  const bound: GatewayRef[] = arrayAt(spec, 'gateways')
    .map((g, i) => ({
      ref: typeof g === 'string' ? g : '',
      field: ['spec', 'gateways', i] as FieldPath,
    }))
    .filter((g) => g.ref !== '');
  const matched: GatewayRef[] = [];
  for (const kind of ['http', 'tcp', 'tls'] as const) {
    arrayAt(spec, kind).forEach((r, i) => {
      arrayAt(r, 'match').forEach((m, j) => {
        arrayAt(m, 'gateways').forEach((g, k) => {
          if (typeof g === 'string' && g !== '') {
            matched.push({ ref: g, field: ['spec', kind, i, 'match', j, 'gateways', k] });
          }
        });
      });
    });
  }
  return { bound, matched };
}

/** Gateway references that name no Gateway of the input (or one in another namespace). */
function checkGatewayRefs(
  ctx: Context,
  vs: SourceObject,
  ns: string,
  refs: readonly GatewayRef[],
  gateways: readonly SourceObject[],
  out: Finding[],
): void {
  for (const { ref, field } of refs) {
    if (ref === 'mesh' || gateways.length === 0) continue;
    const slash = ref.indexOf('/');
    const gwNs = slash < 0 ? ns : ref.slice(0, slash);
    const gwName = slash < 0 ? ref : ref.slice(slash + 1);
    if (gateways.some((g) => nameOf(g) === gwName && ctx.ns(g) === gwNs)) continue;
    const elsewhere = gateways.find((g) => nameOf(g) === gwName);
    out.push(
      findingFor(
        vs,
        GATEWAY_REF,
        elsewhere !== undefined && slash < 0
          ? `gateway "${ref}" is in namespace "${ctx.ns(elsewhere)}", not "${ns}": without the namespace prefix the VirtualService is not bound to it`
          : `gateway "${ref}" does not exist`,
        elsewhere !== undefined
          ? `Write the gateway as "${ctx.ns(elsewhere)}/${gwName}".`
          : 'Fix the gateway name (namespace/name for a Gateway in another namespace).',
        field,
      ),
    );
  }
}

/** Hosts that several mesh-bound VirtualServices define: Istio takes only one of them. */
function checkHostConflicts(meshHosts: ReadonlyMap<string, SourceObject[]>, out: Finding[]): void {
  for (const [host, list] of meshHosts) {
    if (list.length < 2) continue;
    const names = list.map((v) => `"${nameOf(v)}"`).join(', ');
    for (const vs of list) {
      out.push(
        findingFor(
          vs,
          VS_HOST_CONFLICT,
          `VirtualServices ${names} all define host "${host}" for the mesh: Istio does not merge them, only one takes effect`,
          'Merge the routes for the host into a single VirtualService, ordered from the most specific match to the default route.',
          ['spec', 'hosts'],
        ),
      );
    }
  }
}

/** The VirtualService rules: subsets, external hosts, weights, gateways, host conflicts. */
export function checkVirtualServices(ctx: Context, out: Finding[]): void {
  const lookups = lookupsOf(ctx);
  const meshHosts = new Map<string, SourceObject[]>();
  for (const vs of ctx.of('VirtualService', 'networking.istio.io')) {
    const ns = ctx.ns(vs);
    const spec = recordAt(vs.object, 'spec');
    const { destinations, routes } = destinationsOf(vs);
    checkDestinations(vs, ns, destinations, lookups, out);
    checkWeights(vs, routes, out);
    const { bound, matched } = gatewayRefsOf(spec);
    checkGatewayRefs(ctx, vs, ns, [...bound, ...matched], lookups.gateways, out);
    const boundRefs = bound.map((g) => g.ref);
    if (boundRefs.length === 0 || boundRefs.includes('mesh')) {
      for (const h of arrayAt(spec, 'hosts')) {
        if (typeof h !== 'string') continue;
        const host = resolveHost(h, ns);
        meshHosts.set(host, [...(meshHosts.get(host) ?? []), vs]);
      }
    }
  }
  checkHostConflicts(meshHosts, out);
}
