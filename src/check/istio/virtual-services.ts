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
import { hostCovers, resolveHost } from './istio-hosts.js';
import { type Visibility, exportToOf, visibilitiesMeet, visibleIn } from './export-to.js';
import {
  type Context,
  type Destination,
  type Route,
  ROUTE_KINDS,
  destinationsOf,
  subsetsOf,
  groupBy,
} from './istio-context.js';

/** A gateway a VirtualService binds to, and where. */
interface GatewayRef {
  ref: string;
  field: FieldPath;
}

/** What the VirtualService checks look up in the input. */
interface Lookups {
  readonly drs: readonly SourceObject[];
  readonly gateways: readonly SourceObject[];
  /** The Gateways of a name, in input order. */
  gatewaysNamed(name: string): readonly SourceObject[];
  drsFor(host: string): readonly SourceObject[];
  /**
   * Whether a ServiceEntry declares `host` for a VirtualService of namespace `ns` and
   * visibility `from`: `visible`, `absent`, or the ServiceEntry whose exportTo hides it.
   */
  declaredExternally(
    host: string,
    ns: string,
    from: Visibility,
  ): 'visible' | 'absent' | { hiddenBy: string };
  isService(host: string): boolean;
}

function lookupsOf(ctx: Context): Lookups {
  const drs = ctx.of('DestinationRule', 'networking.istio.io');
  const entries = ctx.of('ServiceEntry', 'networking.istio.io');
  const drsByHost = groupBy(drs, (dr) =>
    resolveHost(stringAt(recordAt(dr.object, 'spec'), 'host') ?? '', ctx.ns(dr)),
  );
  const gateways = ctx.of('Gateway', 'networking.istio.io');
  const gatewaysByName = groupBy(gateways, nameOf);
  // Service names by namespace, made on the first external-looking host.
  let serviceNames: Map<string, Set<string>> | undefined;
  // The ServiceEntries declaring each host asked about: VirtualServices repeat hosts.
  const declaringByHost = new Map<string, SourceObject[]>();
  return {
    drs,
    gateways,
    gatewaysNamed: (name) => gatewaysByName.get(name) ?? [],
    drsFor: (host) => drsByHost.get(host) ?? [],
    declaredExternally: (host, ns, from) => {
      let declaring = declaringByHost.get(host);
      if (declaring === undefined) {
        declaring = entries.filter((se) =>
          arrayAt(recordAt(se.object, 'spec'), 'hosts').some(
            (h) => typeof h === 'string' && hostCovers(h, host),
          ),
        );
        declaringByHost.set(host, declaring);
      }
      // A VirtualService used in its own namespace needs the entry there; one exported only
      // elsewhere needs it in some namespace where it is itself used.
      const seen = (se: SourceObject): boolean => {
        const entry = exportToOf(se, ctx.ns(se));
        return visibleIn(from, ns) ? visibleIn(entry, ns) : visibilitiesMeet(from, entry);
      };
      if (declaring.some(seen)) return 'visible';
      const hidden = declaring[0];
      return hidden === undefined ? 'absent' : { hiddenBy: `${ctx.ns(hidden)}/${nameOf(hidden)}` };
    },
    isService: (host) => {
      if (host.endsWith('.cluster.local')) return true;
      const parts = host.split('.');
      // name.namespace or name.namespace.svc written without the cluster domain
      if (!(parts.length === 2 || (parts.length === 3 && parts[2] === 'svc'))) return false;
      if (serviceNames === undefined) {
        serviceNames = new Map();
        for (const service of ctx.of('Service', '')) {
          const names = serviceNames.get(ctx.ns(service));
          if (names === undefined) serviceNames.set(ctx.ns(service), new Set([nameOf(service)]));
          else names.add(nameOf(service));
        }
      }
      return serviceNames.get(parts[1] ?? '')?.has(parts[0] ?? '') === true;
    },
  };
}

/** Subsets no DestinationRule defines, and external hosts no ServiceEntry declares. */
function checkDestinations(
  vs: SourceObject,
  ns: string,
  visibility: Visibility,
  destinations: readonly Destination[],
  lookups: Lookups,
  out: Finding[],
): void {
  for (const d of destinations) {
    // Without any DestinationRule in the input, no subset can be found missing.
    if (d.subset !== undefined && lookups.drs.length > 0) {
      const rules = lookups.drsFor(resolveHost(d.host, ns));
      const defined = rules.some((dr) => subsetsOf(dr).some((s) => s.name === d.subset));
      if (!defined) {
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
    if (!d.host.includes('.') || d.host.includes('*') || lookups.isService(d.host)) continue;
    const declared = lookups.declaredExternally(d.host, ns, visibility);
    if (declared === 'visible') continue;
    if (declared !== 'absent') {
      const where = declared.hiddenBy;
      out.push(
        findingFor(
          vs,
          EXTERNAL_HOST,
          `destination host "${d.host}" is declared by ServiceEntry "${where}", which is not exported to namespace "${ns}": requests get 503`,
          `Add "${ns}" (or "*") to the exportTo of ServiceEntry "${where}", or declare the host in a ServiceEntry visible in "${ns}".`,
          [...d.field, 'host'],
        ),
      );
    } else {
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
function checkWeights(vs: SourceObject, routes: readonly Route[], out: Finding[]): void {
  for (const { route, field } of routes) {
    if (route.length < 2) continue;
    let sum = 0;
    let weighted = false;
    for (const destination of route) {
      const weight = numberAt(destination, 'weight');
      if (weight === undefined) continue;
      weighted = true;
      sum += weight;
    }
    if (!weighted || sum === 100) continue;
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
  const bound: GatewayRef[] = [];
  const gateways = arrayAt(spec, 'gateways');
  for (let i = 0; i < gateways.length; i += 1) {
    const g = gateways[i];
    if (typeof g === 'string' && g !== '') bound.push({ ref: g, field: ['spec', 'gateways', i] });
  }
  const matched: GatewayRef[] = [];
  for (const kind of ROUTE_KINDS) {
    const rules = arrayAt(spec, kind);
    for (let i = 0; i < rules.length; i += 1) {
      const matches = arrayAt(rules[i], 'match');
      for (let j = 0; j < matches.length; j += 1) {
        const refs = arrayAt(matches[j], 'gateways');
        for (let k = 0; k < refs.length; k += 1) {
          const g = refs[k];
          if (typeof g === 'string' && g !== '') {
            matched.push({ ref: g, field: ['spec', kind, i, 'match', j, 'gateways', k] });
          }
        }
      }
    }
  }
  return { bound, matched };
}

/** Gateway references that name no Gateway of the input (or one in another namespace). */
function checkGatewayRefs(
  ctx: Context,
  vs: SourceObject,
  ns: string,
  refs: readonly GatewayRef[],
  lookups: Lookups,
  out: Finding[],
): void {
  for (const { ref, field } of refs) {
    if (ref === 'mesh' || lookups.gateways.length === 0) continue;
    const slash = ref.indexOf('/');
    const gwNs = slash < 0 ? ns : ref.slice(0, slash);
    const gwName = slash < 0 ? ref : ref.slice(slash + 1);
    const named = lookups.gatewaysNamed(gwName);
    if (named.some((g) => ctx.ns(g) === gwNs)) continue;
    const elsewhere = named[0];
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

/** A mesh-bound VirtualService, with its resolved hosts and where it is visible. */
interface MeshVs {
  readonly vs: SourceObject;
  readonly hosts: readonly string[];
  readonly visibility: Visibility;
}

/** How many of the VirtualServices that define one host a conflict's message names. */
const MAX_NAMED = 10;

const CONFLICT_HINT =
  'Merge the routes for the host into a single VirtualService, ordered from the most specific match to the default route.';

/**
 * Hosts that several mesh-bound VirtualServices visible in a common namespace define, or
 * cover with overlapping wildcards: Istio takes only one of them.
 */
function checkHostConflicts(mesh: readonly MeshVs[], out: Finding[]): void {
  const byHost = new Map<string, MeshVs[]>();
  for (const entry of mesh) {
    for (const host of entry.hosts) {
      const list = byHost.get(host);
      if (list === undefined) byHost.set(host, [entry]);
      else list.push(entry);
    }
  }
  for (const [host, list] of byHost) {
    if (list.length < 2) continue;
    const clashing = list.filter((a) =>
      list.some((b) => b !== a && visibilitiesMeet(a.visibility, b.visibility)),
    );
    if (clashing.length < 2) continue;
    // One message for all of them, naming a few: N clashing VirtualServices must not make N
    // messages of N names each.
    const named = clashing.slice(0, MAX_NAMED).map((v) => `"${nameOf(v.vs)}"`);
    const more = clashing.length - named.length;
    const names = more > 0 ? `${named.join(', ')} and ${more} others` : named.join(', ');
    const message = `VirtualServices ${names} all define host "${host}" for the mesh: Istio does not merge them, only one takes effect`;
    for (const { vs } of clashing) {
      out.push(findingFor(vs, VS_HOST_CONFLICT, message, CONFLICT_HINT, ['spec', 'hosts']));
    }
  }
  const position = new Map(mesh.map((entry, i) => [entry, i]));
  // A wildcard strictly covers the other host, so each overlapping pair is found once.
  const wildcards = [...byHost.keys()].filter((h) => h.startsWith('*'));
  for (const wide of wildcards) {
    for (const [narrow, narrowList] of byHost) {
      if (narrow === wide || !hostCovers(wide, narrow)) continue;
      for (const a of byHost.get(wide) ?? []) {
        for (const b of narrowList) {
          if (a === b || !visibilitiesMeet(a.visibility, b.visibility)) continue;
          const [first, second] =
            (position.get(a) ?? 0) < (position.get(b) ?? 0)
              ? [
                  { e: a, host: wide },
                  { e: b, host: narrow },
                ]
              : [
                  { e: b, host: narrow },
                  { e: a, host: wide },
                ];
          const message = `VirtualServices "${nameOf(first.e.vs)}" (host "${first.host}") and "${nameOf(second.e.vs)}" (host "${second.host}") define overlapping hosts for the mesh: Istio does not merge them, only one takes effect for the hosts both cover`;
          for (const { e } of [first, second]) {
            out.push(findingFor(e.vs, VS_HOST_CONFLICT, message, CONFLICT_HINT, ['spec', 'hosts']));
          }
        }
      }
    }
  }
}

/** The VirtualService rules: subsets, external hosts, weights, gateways, host conflicts. */
export function checkVirtualServices(ctx: Context, out: Finding[]): void {
  const lookups = lookupsOf(ctx);
  const mesh: MeshVs[] = [];
  // The same VirtualService in two alternative files (kind, namespace and name alike) is one
  // object once applied, not two that conflict.
  const seen = new Set<string>();
  for (const vs of ctx.of('VirtualService', 'networking.istio.io')) {
    const ns = ctx.ns(vs);
    const spec = recordAt(vs.object, 'spec');
    const visibility = exportToOf(vs, ns);
    const { destinations, routes } = destinationsOf(vs);
    checkDestinations(vs, ns, visibility, destinations, lookups, out);
    checkWeights(vs, routes, out);
    const { bound, matched } = gatewayRefsOf(spec);
    checkGatewayRefs(ctx, vs, ns, bound, lookups, out);
    checkGatewayRefs(ctx, vs, ns, matched, lookups, out);
    if (bound.length > 0 && !bound.some((g) => g.ref === 'mesh')) continue;
    const identity = `${ns}/${nameOf(vs)}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const hosts: string[] = [];
    for (const h of arrayAt(spec, 'hosts')) {
      if (typeof h !== 'string') continue;
      const host = resolveHost(h, ns);
      if (!hosts.includes(host)) hosts.push(host);
    }
    mesh.push({ vs, hosts, visibility });
  }
  checkHostConflicts(mesh, out);
}
