import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRD_SOURCES, buildCrdCatalog, crdModules } from '../../../scripts/crd-catalog.mjs';
import { loadManifestText } from '../../manifest/load.js';
import { crdCatalogFor } from './crd-catalog.js';
import { CATALOG_VERSIONS } from './kube-catalog.js';
import type { CheckOptions } from '../finding.js';
import { checkSchema } from './schema.js';

interface CommittedCatalog {
  readonly source: string;
  readonly metadata: string;
  readonly kinds: Record<string, Record<string, string>>;
  readonly types: Record<string, Record<string, string>>;
  readonly values: object[];
}

function committedFile(file: string): CommittedCatalog {
  return JSON.parse(
    readFileSync(new URL(`catalogs/${file}.json`, import.meta.url), 'utf8'),
  ) as CommittedCatalog;
}

const committed = (name: string) => committedFile(`crd-${name}`);

/**
 * The field type of `path` (`VirtualService.spec.http`: type, then fields) in a catalog, with
 * each value constraint written out: `~{"maxLength":253}s`.
 */
function fieldCode(name: string, apiVersion: string, kind: string, path: string): string {
  const { kinds, types, values } = committed(name);
  let type = kinds[apiVersion]![kind]!;
  let code = type;
  for (const field of path.split('.')) {
    code = types[type]![field]!;
    type = code.replace(/^!?(?:~\d+|[[{])*/, '');
  }
  return code.replace(/~(\d+)/g, (_, index: string) => `~${JSON.stringify(values[Number(index)])}`);
}

describe('crdCatalogFor', () => {
  // The CRD YAML comes from the Go modules pinned in test/cluster/crds/go.mod, from Go's module
  // cache (downloaded from the Go module proxy on first use).
  it('should match the catalogs built from the pinned CRD YAML (run `npm run gen:crd-catalogs`)', () => {
    const modules = crdModules();
    const kube = committedFile(`kube-${CATALOG_VERSIONS.at(-1)!}`);
    for (const { name, module, files } of CRD_SOURCES) {
      const { version, dir } = modules[module]!;
      const built = buildCrdCatalog(files(dir), `${module}@${version}`, {
        source: (kube as unknown as { source: string }).source,
        types: kube.types,
        values: kube.values,
      });
      expect(built).toEqual(committed(name));
    }
  }, 600_000);

  it('should have a committed catalog for every CRD set, and none for others', () => {
    const files = readdirSync(new URL('catalogs/', import.meta.url)).filter((file) =>
      file.startsWith('crd-'),
    );
    expect(files.sort()).toEqual([
      'crd-gateway-api.json',
      'crd-istio.json',
      'crd-prometheus-operator.json',
    ]);
  });

  it.each([
    ['networking.istio.io', 'istio.io/api@v1.31.4'],
    ['security.istio.io', 'istio.io/api@v1.31.4'],
    ['telemetry.istio.io', 'istio.io/api@v1.31.4'],
    ['extensions.istio.io', 'istio.io/api@v1.31.4'],
    ['gateway.networking.k8s.io', 'sigs.k8s.io/gateway-api@v1.6.3'],
    ['gateway.networking.x-k8s.io', 'sigs.k8s.io/gateway-api@v1.6.3'],
    ['monitoring.coreos.com', 'github.com/prometheus-operator/prometheus-operator@v0.85.0'],
  ])('should read the catalog of %s from %s', (group, version) => {
    expect(crdCatalogFor(group)?.version).toBe(version);
  });

  it('should have no catalog for built-in groups and other CRDs', () => {
    expect(crdCatalogFor('apps')).toBeUndefined();
    expect(crdCatalogFor('')).toBeUndefined();
    expect(crdCatalogFor('cert-manager.io')).toBeUndefined();
    expect(crdCatalogFor('install.istio.io')).toBeUndefined();
    expect(crdCatalogFor('toString')).toBeUndefined();
  });

  it('should hold every served kind of the CRDs, at every served version, without lists', () => {
    const kinds = (name: string) =>
      Object.entries(committed(name).kinds).map(
        ([apiVersion, byKind]) => `${apiVersion} ${Object.keys(byKind).join(' ')}`,
      );
    expect(kinds('istio')).toEqual([
      'extensions.istio.io/v1alpha1 TrafficExtension WasmPlugin',
      'networking.istio.io/v1 DestinationRule Gateway ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup',
      'networking.istio.io/v1alpha3 DestinationRule EnvoyFilter Gateway ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup',
      'networking.istio.io/v1beta1 DestinationRule Gateway ProxyConfig ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup',
      'security.istio.io/v1 AuthorizationPolicy PeerAuthentication RequestAuthentication',
      'security.istio.io/v1beta1 AuthorizationPolicy PeerAuthentication RequestAuthentication',
      'telemetry.istio.io/v1 Telemetry',
      'telemetry.istio.io/v1alpha1 Telemetry',
    ]);
    expect(kinds('gateway-api')).toEqual([
      'gateway.networking.k8s.io/v1 BackendTLSPolicy GRPCRoute Gateway GatewayClass HTTPRoute ListenerSet ReferenceGrant TCPRoute TLSRoute UDPRoute',
      'gateway.networking.k8s.io/v1alpha2 TCPRoute TLSRoute UDPRoute',
      'gateway.networking.k8s.io/v1alpha3 BackendTLSPolicy TLSRoute',
      'gateway.networking.k8s.io/v1beta1 Gateway GatewayClass HTTPRoute ReferenceGrant',
      'gateway.networking.x-k8s.io/v1alpha1 XBackend XBackendTrafficPolicy XMesh',
    ]);
    expect(kinds('prometheus-operator')).toEqual([
      'monitoring.coreos.com/v1 Alertmanager PodMonitor Probe Prometheus PrometheusRule ServiceMonitor ThanosRuler',
      'monitoring.coreos.com/v1alpha1 AlertmanagerConfig PrometheusAgent ScrapeConfig',
      'monitoring.coreos.com/v1beta1 AlertmanagerConfig',
    ]);
  });

  it.each([
    // x-kubernetes-preserve-unknown-fields, with or without properties: never walked.
    ['istio', 'networking.istio.io/v1alpha3', 'EnvoyFilter', 'spec.configPatches.patch.value', '*'],
    ['istio', 'extensions.istio.io/v1alpha1', 'WasmPlugin', 'spec.pluginConfig', '*'],
    ['istio', 'networking.istio.io/v1', 'VirtualService', 'status', '*'],
    [
      'prometheus-operator',
      'monitoring.coreos.com/v1alpha1',
      'AlertmanagerConfig',
      'spec.route.routes',
      '[*',
    ],
    // metadata is ObjectMeta, from the newest Kubernetes catalog.
    [
      'gateway-api',
      'gateway.networking.k8s.io/v1',
      'HTTPRoute',
      'metadata.managedFields.fieldsV1',
      '*',
    ],
    // Maps, int-or-string, integers, required fields, value constraints.
    ['istio', 'networking.istio.io/v1', 'DestinationRule', 'spec.subsets.labels', '{s'],
    [
      'prometheus-operator',
      'monitoring.coreos.com/v1',
      'PrometheusRule',
      'spec.groups.rules.expr',
      '!x',
    ],
    [
      'gateway-api',
      'gateway.networking.k8s.io/v1',
      'HTTPRoute',
      'spec.rules.backendRefs.port',
      '~{"format":"int32","minimum":1,"maximum":65535}i',
    ],
    [
      'gateway-api',
      'gateway.networking.k8s.io/v1',
      'HTTPRoute',
      'spec.rules.backendRefs.name',
      '!~{"minLength":1,"maxLength":253}s',
    ],
    // Gateway API serves TCPRoute in v1.
    [
      'gateway-api',
      'gateway.networking.k8s.io/v1',
      'TCPRoute',
      'spec.rules',
      '!~{"minItems":1,"maxItems":1}[gateway.networking.k8s.io/v1/TCPRoute.spec.rules',
    ],
    // Identical object types are stored once, under the first path that reaches them.
    [
      'prometheus-operator',
      'monitoring.coreos.com/v1',
      'Prometheus',
      'spec.containers',
      '[monitoring.coreos.com/v1/Alertmanager.spec.containers',
    ],
  ])('should type %s %s %s %s as %s', (name, apiVersion, kind, path, code) => {
    expect(fieldCode(name, apiVersion, kind, path)).toBe(code);
  });
});

const options: CheckOptions = { kubeVersion: '1.37', profile: 'default' };

function check(yaml: string) {
  const objects = loadManifestText(yaml, 'f.yaml');
  return checkSchema({ objects, options }).map((f) => [f.rule, f.line, f.message, f.hint]);
}

const virtualService = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  hosts: [web]',
  '  http:',
  '    - match: [{ uri: { prefix: /api }, headers: { x-canary: { exact: "1" } } }]',
  '      route:',
  '        - destination: { host: web, subset: v2, port: { number: 80 } }',
  '          weight: 100',
  '      retries: { attempts: 3, perTryTimeout: 2s }',
].join('\n');

const destinationRule = [
  'apiVersion: networking.istio.io/v1',
  'kind: DestinationRule',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  host: web',
  '  trafficPolicy:',
  '    loadBalancer: { simple: ROUND_ROBIN }',
  '    tls: { mode: ISTIO_MUTUAL }',
  '  subsets:',
  '    - name: v2',
  '      labels: { version: v2 }',
  '      trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 10 } } }',
].join('\n');

const authorizationPolicy = [
  'apiVersion: security.istio.io/v1',
  'kind: AuthorizationPolicy',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  selector: { matchLabels: { app: web } }',
  '  action: ALLOW',
  '  rules:',
  '    - from: [{ source: { principals: [cluster.local/ns/shop/sa/front] } }]',
  '      to: [{ operation: { methods: [GET], paths: [/api/*] } }]',
].join('\n');

const httpRoute = [
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: HTTPRoute',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  parentRefs: [{ name: gateway }]',
  '  hostnames: [shop.example.com]',
  '  rules:',
  '    - matches: [{ path: { type: PathPrefix, value: /api } }]',
  '      backendRefs: [{ name: web, port: 80, weight: 1 }]',
].join('\n');

const prometheusRule = [
  'apiVersion: monitoring.coreos.com/v1',
  'kind: PrometheusRule',
  'metadata: { name: web, namespace: shop, labels: { release: prom } }',
  'spec:',
  '  groups:',
  '    - name: web',
  '      interval: 30s',
  '      rules:',
  '        - alert: WebDown',
  '          expr: up{job="web"} == 0',
  '          for: 5m',
  '          labels: { severity: page }',
  '          annotations: { summary: web is down }',
].join('\n');

const envoyFilter = [
  'apiVersion: networking.istio.io/v1alpha3',
  'kind: EnvoyFilter',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  configPatches:',
  '    - applyTo: HTTP_FILTER',
  '      match: { context: SIDECAR_INBOUND }',
  '      patch:',
  '        operation: INSERT_BEFORE',
  '        value:',
  '          name: envoy.filters.http.lua',
  '          typed_config: { "@type": type.googleapis.com/x, inlineCode: "-- lua", anyField: 1 }',
].join('\n');

describe('checkSchema unknown fields of custom resources', () => {
  it.each([
    ['VirtualService', virtualService],
    ['DestinationRule', destinationRule],
    ['AuthorizationPolicy', authorizationPolicy],
    ['HTTPRoute', httpRoute],
    ['PrometheusRule', prometheusRule],
    ['EnvoyFilter with any value in a patch', envoyFilter],
    [
      'VirtualService with any status (x-kubernetes-preserve-unknown-fields)',
      `${virtualService}\nstatus: { anything: { goes: 1 }, conditions: [{ reasn: x }] }`,
    ],
  ])('should find nothing in a valid %s', (_name, yaml) => {
    expect(check(yaml)).toEqual([]);
  });

  it.each([
    [
      'a misspelt field at the top of a VirtualService spec',
      virtualService.replace('  http:', '  htp: []\n  http:'),
      [
        6,
        'unknown field "spec.htp"',
        'Did you mean "http"? kubectl explain virtualservice.spec lists the fields there.',
      ],
    ],
    [
      'a field deep in a VirtualService route destination',
      virtualService.replace('port: { number', 'prot: { number'),
      [
        9,
        'unknown field "spec.http[0].route[0].destination.prot"',
        'Did you mean "port"? kubectl explain virtualservice.spec.http.route.destination lists the fields there.',
      ],
    ],
    [
      'a field of a DestinationRule subset',
      destinationRule.replace('      labels:', '      lables:'),
      [
        11,
        'unknown field "spec.subsets[0].lables"',
        'Did you mean "labels"? kubectl explain destinationrule.spec.subsets lists the fields there.',
      ],
    ],
    [
      'a field of an AuthorizationPolicy rule',
      authorizationPolicy.replace('{ methods:', '{ method:'),
      [
        9,
        'unknown field "spec.rules[0].to[0].operation.method"',
        'Did you mean "methods"? kubectl explain authorizationpolicy.spec.rules.to.operation lists the fields there.',
      ],
    ],
    [
      'a field of a Gateway API HTTPRoute rule',
      httpRoute.replace('backendRefs:', 'backendRef:'),
      [
        9,
        'unknown field "spec.rules[0].backendRef"',
        'Did you mean "backendRefs"? kubectl explain httproute.spec.rules lists the fields there.',
      ],
    ],
    [
      'a field of a PrometheusRule group',
      prometheusRule.replace('      interval:', '      intervall:'),
      [
        7,
        'unknown field "spec.groups[0].intervall"',
        'Did you mean "interval"? kubectl explain prometheusrule.spec.groups lists the fields there.',
      ],
    ],
    [
      'a field of the metadata of a custom resource',
      httpRoute.replace('metadata: { name: web,', 'metadata: { nme: web, name: web,'),
      [
        3,
        'unknown field "metadata.nme"',
        'Did you mean "name"? kubectl explain httproute.metadata lists the fields there.',
      ],
    ],
    [
      'a field nothing is close to, in a patch but outside its free-form value',
      envoyFilter.replace('        operation:', '        priority: 1\n        operation:'),
      [
        9,
        'unknown field "spec.configPatches[0].patch.priority"',
        'Remove the field or correct its name; kubectl explain envoyfilter.spec.configPatches.patch lists the fields there.',
      ],
    ],
  ])('should report %s', (_name, yaml, expected) => {
    expect(check(yaml)).toEqual([['schema-unknown-field', ...expected]]);
  });

  it('should report unknown fields beside schema errors, in line order', () => {
    const yaml = httpRoute
      .replace('  hostnames:', '  hostname: [x]\n  hostnames:')
      .replace('port: 80', 'port: "80"');
    expect(check(yaml).map(([rule, line, message]) => [rule, line, message])).toEqual([
      ['schema-unknown-field', 6, 'unknown field "spec.hostname"'],
      ['schema-invalid', 10, 'spec.rules[0].backendRefs[0].port: must be integer, got string "80"'],
    ]);
  });

  it('should check the same fields whatever the Kubernetes version', () => {
    const yaml = virtualService.replace('  http:', '  htp: []\n  http:');
    const at = (kubeVersion: string) =>
      checkSchema({
        objects: loadManifestText(yaml, 'f.yaml'),
        options: { ...options, kubeVersion },
      }).map((f) => f.message);
    expect(at('1.29')).toEqual(['unknown field "spec.htp"']);
    expect(at('1.37')).toEqual(['unknown field "spec.htp"']);
  });
});

describe('checkSchema served versions of custom resources', () => {
  const tcpRoute = [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: TCPRoute',
    'metadata: { name: db, namespace: shop }',
    'spec:',
    '  parentRefs: [{ name: gateway, sectionName: postgres }]',
    '  rules:',
    '    - backendRefs: [{ name: db, port: 5432 }]',
  ].join('\n');

  it('should pass a TCPRoute in v1, which Gateway API serves', () => {
    expect(check(tcpRoute)).toEqual([]);
  });

  it('should check the required fields and types of a kind no schema package has', () => {
    const yaml = tcpRoute.replace(
      '    - backendRefs: [{ name: db, port: 5432 }]',
      '    - backendRefs: [{ port: "5432" }]',
    );
    expect(check(yaml).map(([rule, line, message]) => [rule, line, message])).toEqual([
      [
        'schema-invalid',
        7,
        'spec.rules[0].backendRefs[0].port: must be integer, got string "5432"',
      ],
      ['schema-invalid', 7, 'spec.rules[0].backendRefs[0].name: required field "name" is missing'],
    ]);
  });

  it('should warn of a version the pinned CRDs no longer serve', () => {
    const yaml =
      'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: GRPCRoute\nmetadata: { name: g }\nspec: {}\n';
    expect(check(yaml)).toEqual([
      [
        'kind-unknown',
        1,
        'no matches for kind "GRPCRoute" in version "gateway.networking.k8s.io/v1alpha2"',
        'GRPCRoute is served as gateway.networking.k8s.io/v1: set apiVersion to that. (kprod knows the kinds of sigs.k8s.io/gateway-api@v1.6.3.)',
      ],
    ]);
  });
});
