import { ruleDocsOf } from '../finding.js';

/** The family name of the Istio rules. */
export const FAMILY = 'istio';

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
  'For sidecars (the `mesh` gateway, the default when `gateways` is omitted) Istio does not merge VirtualServices: when several define the same host, only one of them (the oldest) takes effect and the routes of the others are silently ignored. The guide (8.4.5.5, `unmergeable-vs.yaml`) shows it. Put all routes for a host into one VirtualService, most specific match first. Hosts overlap when they are equal after namespace expansion or when a wildcard covers the other host (`*.d` covers `*.productpage.d` and `productpage.d`, but `*.example.com` does not cover `example.com`). Two VirtualServices are compared only when `exportTo` makes both visible in a common namespace (`.` is their own namespace, `*` or no `exportTo` every namespace, `~` none, other values namespace names). The same VirtualService (namespace and name) found in several files of the input is one object, not a conflict. Gateway-bound VirtualServices are merged by Istio and not reported. Each VirtualService of a conflict gets a finding; the message names the first ten of them and counts the rest.',
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
  'A route destination host that is neither a Service (short name, `name.namespace.svc.cluster.local`) nor declared by a ServiceEntry is unknown to Istio: requests get 503 (guide 8.4.5.7). Declare the external host with a ServiceEntry. A ServiceEntry host covers the destination when it is equal or a wildcard above it (`*.example.com` covers `api.example.com` and `a.b.example.com`, not `example.com`). The ServiceEntry must also be visible where the VirtualService is used: its `exportTo` (`.` its own namespace, `*` or none given every namespace, `~` none, other values namespace names) must include the namespace of the VirtualService, or, for a VirtualService not exported to its own namespace, one it is exported to.',
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

/** Every Istio rule, in the order of the rules reference. */
export const RULES = [
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
