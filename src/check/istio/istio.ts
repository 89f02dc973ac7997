import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import {
  type CheckInput,
  type Finding,
  type RuleFamily,
  findingFor,
  ruleDocsOf,
} from '../finding.js';
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import { labelMapMatches, labelSelectorMatches } from '../../kube/label-selector.js';
import {
  type PodTemplate,
  groupOf,
  kindOf,
  nameOf,
  namespaceOf,
  podTemplateOf,
} from '../pod-templates.js';

const FAMILY = 'istio';

const rule = ruleDocsOf(FAMILY);

/** The Istio rules (guide section 8.4). */
export const VS_SUBSET_MISSING = rule(
  'istio-vs-subset-missing',
  'error',
  'VirtualService routes to a subset no DestinationRule defines',
  'A route destination names a `subset` that no DestinationRule for that host defines (or there is no DestinationRule for the host at all while the input has DestinationRules). Envoy has no cluster for it and answers 503 (NR / no healthy upstream). Hosts are compared as Istio does: a short name is expanded in the namespace of the rule that uses it.',
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: web, namespace: shop }\nspec:\n  hosts: [web]\n  http:\n    - route: [{ destination: { host: web, subset: v3 } }]   # the DestinationRule has v1 and v2\n`,
);
export const SUBSET_NO_PODS = rule(
  'istio-subset-no-pods',
  'warning',
  'DestinationRule subset selects no pods',
  "A subset's `labels`, together with the selector of the Service behind the host, match no pod template of the input: traffic sent to the subset fails with 503. Checked when the Service is in the input and its namespace has pod templates.",
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: web, namespace: shop }\nspec:\n  host: web\n  subsets: [{ name: v2, labels: { version: v2 } }]   # no pod is labelled version: v2\n`,
);
export const VS_HOST_CONFLICT = rule(
  'istio-vs-host-conflict',
  'error',
  'Several VirtualServices for the same host in the mesh',
  'For sidecars (the `mesh` gateway, the default when `gateways` is omitted) Istio does not merge VirtualServices: when several define the same host, only one of them (the oldest) takes effect and the routes of the others are silently ignored. The guide (8.4.5.5, `unmergeable-vs.yaml`) shows it. Put all routes for a host into one VirtualService, most specific match first. Gateway-bound VirtualServices are merged by Istio and not reported.',
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: web-1 }\nspec: { hosts: [web], http: [{ match: [{ uri: { exact: /a } }], route: [{ destination: { host: web } }] }] }\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: web-2 }\nspec: { hosts: [web], http: [{ match: [{ uri: { exact: /b } }], route: [{ destination: { host: web } }] }] }\n`,
);
export const WEIGHTS_SUM = rule(
  'istio-weights-sum',
  'error',
  'Route weights do not add up to 100',
  'When the destinations of a route carry weights they must sum to 100; otherwise the split is not what the manifest says (recent Istio versions normalise it, older ones reject the VirtualService).',
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: web }\nspec:\n  hosts: [web]\n  http:\n    - route:\n        - { destination: { host: web, subset: v1 }, weight: 80 }\n        - { destination: { host: web, subset: v2 }, weight: 30 }\n`,
);
export const GATEWAY_REF = rule(
  'istio-gateway-ref',
  'error',
  'VirtualService gateway missing, or in another namespace without the namespace prefix',
  "A `gateways` entry (or `match[].gateways`) other than `mesh` names a Gateway. Without a prefix it means a Gateway in the VirtualService's own namespace; a Gateway in another namespace must be written `namespace/name` (guide 8.4.5.6: the ingress VirtualService uses `istio-system/ingress-go-multiroute`). Otherwise the VirtualService is not bound and the gateway answers 404. Reported when the input has Gateways.",
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: web, namespace: shop }\nspec:\n  hosts: ["*.example.com"]\n  gateways: [ingress]       # the Gateway is in istio-system: write istio-system/ingress\n  http: [{ route: [{ destination: { host: web } }] }]\n`,
);
export const TLS_SECRET_NAMESPACE = rule(
  'istio-tls-secret-namespace',
  'error',
  "Gateway TLS credential Secret is not in the gateway workload's namespace",
  "A Gateway server's `tls.credentialName` is read from the namespace of the gateway deployment that serves it (the pods its `selector` matches; `istio-system` for the default ingress gateway when they are not in the input), not from the Gateway object's namespace. A Secret elsewhere leaves the listener without a certificate (guide 8.4.5.6).",
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: ingress, namespace: istio-system }\nspec:\n  selector: { istio: ingressgateway }\n  servers:\n    - port: { number: 443, name: https, protocol: HTTPS }\n      hosts: ["*.example.com"]\n      tls: { mode: SIMPLE, credentialName: example-cert }\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: example-cert, namespace: shop }   # must be in istio-system\ntype: kubernetes.io/tls\n`,
);
export const EXTERNAL_HOST = rule(
  'istio-external-host-no-serviceentry',
  'error',
  'VirtualService sends traffic to an external host without a ServiceEntry',
  'A route destination host that is neither a Service (short name, `name.namespace.svc.cluster.local`) nor declared by a ServiceEntry is unknown to Istio: requests get 503 (guide 8.4.5.7). Declare the external host with a ServiceEntry.',
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: httpbin }\nspec:\n  hosts: [httpbin.org]\n  http: [{ timeout: 2s, route: [{ destination: { host: httpbin.org } }] }]\n# no ServiceEntry for httpbin.org\n`,
);
export const PORT_PROTOCOL = rule(
  'istio-port-protocol',
  'warning',
  'Service port protocol cannot be determined by Istio',
  "Istio needs each Service port's protocol: `appProtocol` (preferred, also understood by gateways) or a port name `<protocol>[-<suffix>]` with protocol one of http, http2, https, tcp, tls, grpc, grpc-web, mongo, mysql, redis, udp. Otherwise HTTP is only detected by sniffing and TLS routes and many DestinationRule settings do not apply (guide 8.4.8). Checked only when the input contains Istio objects.",
  `apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ name: web, port: 80, targetPort: 3000 }]\n`,
);
export const MTLS_CONFLICT = rule(
  'istio-mtls-conflict',
  'error',
  'DestinationRule disables TLS towards a workload whose PeerAuthentication is STRICT',
  "A PeerAuthentication in mode STRICT (mesh-wide in istio-system, namespace-wide, or selecting the Service's pods) makes the server sidecars refuse plaintext, while a DestinationRule for the host sets `tls.mode: DISABLE` (for the host, a port or a subset): the clients send plaintext and every request fails (connection reset / 503).",
  `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: default, namespace: shop }\nspec: { mtls: { mode: STRICT } }\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: web, namespace: shop }\nspec: { host: web, trafficPolicy: { tls: { mode: DISABLE } } }\n`,
);
export const AUTHZ_DENY_ALL = rule(
  'istio-authz-deny-all',
  'error',
  'AuthorizationPolicy DENY that matches every request',
  'A DENY policy with an empty rule (`rules: [{}]`) matches every request. Istio evaluates DENY policies before ALLOW policies, so no ALLOW can ever open a path again: it is not a "default deny". The guide (8.4.5.4) explains it; the default-deny pattern is an ALLOW policy with no rules (`spec: {}`), which later ALLOW policies can then extend.',
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny-all, namespace: shop }\nspec:\n  action: DENY\n  rules: [{}]\n`,
);

const RULES = [
  VS_SUBSET_MISSING,
  SUBSET_NO_PODS,
  VS_HOST_CONFLICT,
  WEIGHTS_SUM,
  GATEWAY_REF,
  TLS_SECRET_NAMESPACE,
  EXTERNAL_HOST,
  PORT_PROTOCOL,
  MTLS_CONFLICT,
  AUTHZ_DENY_ALL,
];

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
function serviceOfHost(host: string): { name: string; namespace: string } | undefined {
  const match = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
  return match === null ? undefined : { name: match[1] ?? '', namespace: match[2] ?? '' };
}

interface Destination {
  readonly host: string;
  readonly subset?: string | undefined;
  readonly field: FieldPath;
}

interface Context {
  readonly input: CheckInput;
  readonly ns: (o: SourceObject) => string;
  readonly of: (kind: string, group: string) => SourceObject[];
  readonly templates: PodTemplate[];
}

function destinationsOf(vs: SourceObject): {
  destinations: Destination[];
  routes: { route: readonly unknown[]; field: FieldPath }[];
} {
  const destinations: Destination[] = [];
  const routes: { route: readonly unknown[]; field: FieldPath }[] = [];
  const spec = recordAt(vs.object, 'spec');
  for (const kind of ['http', 'tcp', 'tls'] as const) {
    arrayAt(spec, kind).forEach((r, i) => {
      const route = arrayAt(r, 'route');
      routes.push({ route, field: ['spec', kind, i, 'route'] });
      route.forEach((d, j) => {
        const destination = recordAt(d, 'destination');
        const host = stringAt(destination, 'host');
        if (host === undefined) return;
        destinations.push({
          host,
          subset: stringAt(destination, 'subset'),
          field: ['spec', kind, i, 'route', j, 'destination'],
        });
      });
      const mirror = recordAt(r, 'mirror');
      const mirrorHost = stringAt(mirror, 'host');
      if (mirrorHost !== undefined) {
        destinations.push({
          host: mirrorHost,
          subset: stringAt(mirror, 'subset'),
          field: ['spec', kind, i, 'mirror'],
        });
      }
    });
  }
  return { destinations, routes };
}

function subsetsOf(dr: SourceObject): JsonRecord[] {
  return arrayAt(recordAt(dr.object, 'spec'), 'subsets').filter(isRecord);
}

function checkVirtualServices(ctx: Context, out: Finding[]): void {
  const services = ctx.of('Service', '');
  const drs = ctx.of('DestinationRule', 'networking.istio.io');
  const entries = ctx.of('ServiceEntry', 'networking.istio.io');
  const gateways = ctx.of('Gateway', 'networking.istio.io');
  const drsFor = (host: string): SourceObject[] =>
    drs.filter(
      (dr) => resolveHost(stringAt(recordAt(dr.object, 'spec'), 'host') ?? '', ctx.ns(dr)) === host,
    );
  const declaredExternally = (host: string): boolean =>
    entries.some((se) => arrayAt(recordAt(se.object, 'spec'), 'hosts').includes(host));
  const isService = (host: string): boolean => {
    if (host.endsWith('.cluster.local')) return true;
    const parts = host.split('.');
    // name.namespace or name.namespace.svc written without the cluster domain
    return (
      (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) &&
      services.some((s) => nameOf(s) === parts[0] && ctx.ns(s) === parts[1])
    );
  };
  const meshHosts = new Map<string, SourceObject[]>();
  for (const vs of ctx.of('VirtualService', 'networking.istio.io')) {
    const ns = ctx.ns(vs);
    const spec = recordAt(vs.object, 'spec');
    const { destinations, routes } = destinationsOf(vs);
    for (const d of destinations) {
      const host = resolveHost(d.host, ns);
      if (d.subset !== undefined) {
        const rules = drsFor(host);
        const defined = rules.some((dr) => subsetsOf(dr).some((s) => s.name === d.subset));
        if (!defined && (rules.length > 0 || drs.length > 0)) {
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
        !isService(d.host) &&
        !declaredExternally(d.host)
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
    const gatewayRefs: { ref: string; field: FieldPath }[] = arrayAt(spec, 'gateways')
      .map((g, i) => ({
        ref: typeof g === 'string' ? g : '',
        field: ['spec', 'gateways', i] as FieldPath,
      }))
      .filter((g) => g.ref !== '');
    const matchRefs: { ref: string; field: FieldPath }[] = [];
    for (const kind of ['http', 'tcp', 'tls'] as const) {
      arrayAt(spec, kind).forEach((r, i) => {
        arrayAt(r, 'match').forEach((m, j) => {
          arrayAt(m, 'gateways').forEach((g, k) => {
            if (typeof g === 'string' && g !== '') {
              matchRefs.push({ ref: g, field: ['spec', kind, i, 'match', j, 'gateways', k] });
            }
          });
        });
      });
    }
    for (const { ref, field } of [...gatewayRefs, ...matchRefs]) {
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
    const bound = gatewayRefs.map((g) => g.ref);
    if (bound.length === 0 || bound.includes('mesh')) {
      for (const h of arrayAt(spec, 'hosts')) {
        if (typeof h !== 'string') continue;
        const host = resolveHost(h, ns);
        meshHosts.set(host, [...(meshHosts.get(host) ?? []), vs]);
      }
    }
  }
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

/** The Service objects a host of a rule in namespace `ns` points to. */
function serviceFor(ctx: Context, host: string, ns: string): SourceObject | undefined {
  const svc = serviceOfHost(resolveHost(host, ns));
  if (svc === undefined) return undefined;
  return ctx.of('Service', '').find((s) => nameOf(s) === svc.name && ctx.ns(s) === svc.namespace);
}

function checkDestinationRules(ctx: Context, out: Finding[]): void {
  const peerAuths = ctx.of('PeerAuthentication', 'security.istio.io');
  for (const dr of ctx.of('DestinationRule', 'networking.istio.io')) {
    const ns = ctx.ns(dr);
    const spec = recordAt(dr.object, 'spec');
    const host = stringAt(spec, 'host') ?? '';
    const service = serviceFor(ctx, host, ns);
    const selector = stringMapAt(recordAt(service?.object, 'spec'), 'selector');
    if (service !== undefined && Object.keys(selector).length > 0) {
      const serviceNs = ctx.ns(service);
      const pods = ctx.templates.filter((t) => t.namespace === serviceNs);
      if (pods.length > 0) {
        subsetsOf(dr).forEach((subset, i) => {
          const labels = { ...selector, ...stringMapAt(subset, 'labels') };
          if (pods.some((t) => labelMapMatches(labels, stringMapAt(t.metadata, 'labels')))) return;
          out.push(
            findingFor(
              dr,
              SUBSET_NO_PODS,
              `subset "${stringAt(subset, 'name') ?? ''}" (labels ${JSON.stringify(stringMapAt(subset, 'labels'))}) selects no pod of Service "${nameOf(service)}"`,
              'Make the subset labels match the pod template labels of one version of the workload.',
              ['spec', 'subsets', i, 'labels'],
            ),
          );
        });
      }
    }
    const disabling: FieldPath[] = [];
    const policy = recordAt(spec, 'trafficPolicy');
    if (stringAt(recordAt(policy, 'tls'), 'mode') === 'DISABLE')
      disabling.push(['spec', 'trafficPolicy', 'tls', 'mode']);
    arrayAt(policy, 'portLevelSettings').forEach((p, i) => {
      if (stringAt(recordAt(p, 'tls'), 'mode') === 'DISABLE') {
        disabling.push(['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode']);
      }
    });
    subsetsOf(dr).forEach((s, i) => {
      if (stringAt(recordAt(recordAt(s, 'trafficPolicy'), 'tls'), 'mode') === 'DISABLE') {
        disabling.push(['spec', 'subsets', i, 'trafficPolicy', 'tls', 'mode']);
      }
    });
    if (disabling.length === 0) continue;
    const target = serviceOfHost(resolveHost(host, ns));
    if (target === undefined) continue;
    const strict = peerAuths.find((pa) => {
      if (stringAt(recordAt(recordAt(pa.object, 'spec'), 'mtls'), 'mode') !== 'STRICT')
        return false;
      const paSelector = recordAt(recordAt(pa.object, 'spec'), 'selector');
      const paNs = ctx.ns(pa);
      if (paSelector === undefined || Object.keys(paSelector).length === 0) {
        return paNs === 'istio-system' || paNs === target.namespace;
      }
      return (
        paNs === target.namespace &&
        Object.keys(selector).length > 0 &&
        labelSelectorMatches(paSelector, selector)
      );
    });
    if (strict === undefined) continue;
    for (const field of disabling) {
      out.push(
        findingFor(
          dr,
          MTLS_CONFLICT,
          `tls.mode DISABLE for host "${host}", but PeerAuthentication "${ctx.ns(strict)}/${nameOf(strict)}" requires STRICT mTLS there: every request is refused`,
          'Use tls.mode ISTIO_MUTUAL (or remove the tls setting), or relax the PeerAuthentication to PERMISSIVE for that port.',
          field,
        ),
      );
    }
  }
}

function checkGatewaySecrets(ctx: Context, out: Finding[]): void {
  const secrets = ctx.of('Secret', '');
  for (const gw of ctx.of('Gateway', 'networking.istio.io')) {
    const selector = stringMapAt(recordAt(gw.object, 'spec'), 'selector');
    const workloads = ctx.templates.filter(
      (t) =>
        Object.keys(selector).length > 0 &&
        labelMapMatches(selector, stringMapAt(t.metadata, 'labels')),
    );
    const workloadNs = [
      ...new Set(workloads.length > 0 ? workloads.map((t) => t.namespace) : ['istio-system']),
    ];
    arrayAt(recordAt(gw.object, 'spec'), 'servers').forEach((server, i) => {
      const credential = stringAt(recordAt(server, 'tls'), 'credentialName');
      if (credential === undefined) return;
      const found = secrets.filter((s) => nameOf(s) === credential);
      if (found.length === 0 || found.some((s) => workloadNs.includes(ctx.ns(s)))) return;
      out.push(
        findingFor(
          gw,
          TLS_SECRET_NAMESPACE,
          `credentialName "${credential}" is a Secret in namespace ${found.map((s) => `"${ctx.ns(s)}"`).join(', ')}, but the gateway workload runs in ${workloadNs.map((n) => `"${n}"`).join(', ')}, where it is looked up`,
          `Create the Secret in namespace ${workloadNs[0] ?? 'istio-system'} (the gateway deployment's namespace).`,
          ['spec', 'servers', i, 'tls', 'credentialName'],
        ),
      );
    });
  }
}

function checkServicePorts(ctx: Context, out: Finding[]): void {
  for (const service of ctx.of('Service', '')) {
    if (stringAt(recordAt(service.object, 'spec'), 'type') === 'ExternalName') continue;
    arrayAt(recordAt(service.object, 'spec'), 'ports').forEach((port, i) => {
      if (portProtocolKnown(port)) return;
      const name = stringAt(port, 'name');
      out.push(
        findingFor(
          service,
          PORT_PROTOCOL,
          `port ${String(numberAt(port, 'port'))}${name === undefined ? ' has no name' : ` is named "${name}"`} and has no appProtocol: Istio cannot tell its protocol`,
          'Set appProtocol (http, http2, grpc, tcp, tls, …) on the port, or name it <protocol>[-<suffix>], e.g. http-web.',
          ['spec', 'ports', i],
        ),
      );
    });
  }
}

function checkAuthorizationPolicies(ctx: Context, out: Finding[]): void {
  for (const policy of ctx.of('AuthorizationPolicy', 'security.istio.io')) {
    const spec = recordAt(policy.object, 'spec');
    if (stringAt(spec, 'action') !== 'DENY') continue;
    arrayAt(spec, 'rules').forEach((r, i) => {
      const empty =
        isRecord(r) &&
        arrayAt(r, 'from').length === 0 &&
        arrayAt(r, 'to').length === 0 &&
        arrayAt(r, 'when').length === 0;
      if (!empty) return;
      out.push(
        findingFor(
          policy,
          AUTHZ_DENY_ALL,
          'action DENY with an empty rule denies every request, and DENY is evaluated before ALLOW: no ALLOW policy can open anything in its scope',
          'For a default deny, use an ALLOW policy without rules (spec: {}) and add ALLOW policies for what must pass.',
          ['spec', 'rules', i],
        ),
      );
    });
  }
}

/** Checks the Istio configuration of the input. */
export function checkIstio(input: CheckInput): Finding[] {
  const ns = (o: SourceObject): string => namespaceOf(o, input.options.defaultNamespace);
  const of = (kind: string, group: string): SourceObject[] =>
    input.objects.filter((o) => kindOf(o) === kind && groupOf(o) === group);
  const templates = input.objects
    .map((o) => podTemplateOf(o, input.options.defaultNamespace))
    .filter((t): t is PodTemplate => t !== undefined && t.kind !== 'PodTemplate');
  const ctx: Context = { input, ns, of, templates };
  const usesIstio = input.objects.some((o) => groupOf(o).endsWith('.istio.io'));
  if (!usesIstio) return [];
  const out: Finding[] = [];
  checkVirtualServices(ctx, out);
  checkDestinationRules(ctx, out);
  checkGatewaySecrets(ctx, out);
  checkServicePorts(ctx, out);
  checkAuthorizationPolicies(ctx, out);
  return out;
}

/** The Istio family. */
export const istioFamily: RuleFamily = { name: FAMILY, rules: RULES, check: checkIstio };
