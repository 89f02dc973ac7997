import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CRD_CATALOG_PACKAGES,
  buildCrdCatalog,
  crdCatalogFile,
} from '../../../scripts/crd-catalog.mjs';
import { loadManifestText } from '../../manifest/load.js';
import { crdCatalogFor } from './crd-catalog.js';
import type { CheckOptions } from '../finding.js';
import { checkSchema } from './schema.js';

const require = createRequire(import.meta.url);

interface CommittedCatalog {
  readonly package: string;
  readonly version: string;
  readonly kinds: Record<string, Record<string, string>>;
  readonly types: Record<string, Record<string, string>>;
}

function committed(name: string): CommittedCatalog {
  const file = new URL(`catalogs/${crdCatalogFile(name)}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as CommittedCatalog;
}

/** The field type of `path` (`VirtualService.spec.http`: type, then fields) in a catalog. */
function fieldCode(name: string, apiVersion: string, kind: string, path: string): string {
  const { kinds, types } = committed(name);
  let type = kinds[apiVersion]![kind]!;
  let code = type;
  for (const field of path.split('.')) {
    code = types[type]![field]!;
    type = code.replace(/^[[{]+/, '');
  }
  return code;
}

describe('crdCatalogFor', () => {
  // One package per row: building one parses its .d.ts files with the TypeScript compiler.
  it.each(CRD_CATALOG_PACKAGES)(
    'should match the catalog built from the installed %s (run `npm run gen:crd-catalogs`)',
    (name) => {
      const packageDir = dirname(require.resolve(`${name}/package.json`));
      expect(buildCrdCatalog(packageDir)).toEqual(committed(name));
    },
  );

  it('should have a committed catalog for every CRD schema package, and none for others', () => {
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
    ['networking.istio.io', '@kubernetes-models/istio@3.0.1'],
    ['security.istio.io', '@kubernetes-models/istio@3.0.1'],
    ['telemetry.istio.io', '@kubernetes-models/istio@3.0.1'],
    ['extensions.istio.io', '@kubernetes-models/istio@3.0.1'],
    ['gateway.networking.k8s.io', '@kubernetes-models/gateway-api@2.0.0'],
    ['gateway.networking.x-k8s.io', '@kubernetes-models/gateway-api@2.0.0'],
    ['monitoring.coreos.com', '@kubernetes-models/prometheus-operator@6.0.0'],
  ])('should read the catalog of %s from %s', (group, version) => {
    expect(crdCatalogFor(group)?.version).toBe(version);
  });

  it('should have no catalog for built-in groups and other CRDs', () => {
    expect(crdCatalogFor('apps')).toBeUndefined();
    expect(crdCatalogFor('')).toBeUndefined();
    expect(crdCatalogFor('cert-manager.io')).toBeUndefined();
    expect(crdCatalogFor('install.istio.io')).toBeUndefined();
  });

  it('should hold every kind of the packages, at every API version, without lists', () => {
    const kinds = (name: string) =>
      Object.entries(committed(name).kinds).map(
        ([apiVersion, byKind]) => `${apiVersion} ${Object.keys(byKind).join(' ')}`,
      );
    expect(kinds('@kubernetes-models/istio')).toEqual([
      'extensions.istio.io/v1alpha1 WasmPlugin',
      'networking.istio.io/v1 DestinationRule Gateway ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup',
      'networking.istio.io/v1alpha3 DestinationRule EnvoyFilter Gateway ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup',
      'networking.istio.io/v1beta1 DestinationRule Gateway ProxyConfig ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup',
      'security.istio.io/v1 AuthorizationPolicy PeerAuthentication RequestAuthentication',
      'security.istio.io/v1beta1 AuthorizationPolicy PeerAuthentication RequestAuthentication',
      'telemetry.istio.io/v1 Telemetry',
      'telemetry.istio.io/v1alpha1 Telemetry',
    ]);
    expect(kinds('@kubernetes-models/gateway-api')).toEqual([
      'gateway.networking.k8s.io/v1 BackendTLSPolicy GRPCRoute Gateway GatewayClass HTTPRoute ListenerSet ReferenceGrant TLSRoute',
      'gateway.networking.k8s.io/v1alpha2 GRPCRoute ReferenceGrant TCPRoute TLSRoute UDPRoute',
      'gateway.networking.k8s.io/v1alpha3 BackendTLSPolicy TLSRoute',
      'gateway.networking.k8s.io/v1beta1 Gateway GatewayClass HTTPRoute ReferenceGrant',
      'gateway.networking.x-k8s.io/v1alpha1 XBackendTrafficPolicy XMesh',
    ]);
    expect(kinds('@kubernetes-models/prometheus-operator')).toEqual([
      'monitoring.coreos.com/v1 Alertmanager PodMonitor Probe Prometheus PrometheusRule ServiceMonitor ThanosRuler',
      'monitoring.coreos.com/v1alpha1 AlertmanagerConfig PrometheusAgent ScrapeConfig',
      'monitoring.coreos.com/v1beta1 AlertmanagerConfig',
    ]);
  });

  it.each([
    // x-kubernetes-preserve-unknown-fields without properties: `{}` in the .d.ts.
    [
      '@kubernetes-models/istio',
      'networking.istio.io/v1alpha3',
      'EnvoyFilter',
      'spec.configPatches.patch.value',
      '*',
    ],
    [
      '@kubernetes-models/istio',
      'extensions.istio.io/v1alpha1',
      'WasmPlugin',
      'spec.pluginConfig',
      '*',
    ],
    // x-kubernetes-preserve-unknown-fields beside properties, which the .d.ts leaves out.
    ['@kubernetes-models/istio', 'networking.istio.io/v1', 'VirtualService', 'status', '*'],
    // apiextensions JSON: an empty interface.
    [
      '@kubernetes-models/prometheus-operator',
      'monitoring.coreos.com/v1alpha1',
      'AlertmanagerConfig',
      'spec.route.routes',
      '[*',
    ],
    [
      '@kubernetes-models/gateway-api',
      'gateway.networking.k8s.io/v1',
      'HTTPRoute',
      'metadata.managedFields.fieldsV1',
      '*',
    ],
    // Maps, int-or-string, and the oneOf intersections of Istio's .d.ts, which are objects.
    [
      '@kubernetes-models/istio',
      'networking.istio.io/v1',
      'DestinationRule',
      'spec.subsets.labels',
      '{s',
    ],
    [
      '@kubernetes-models/prometheus-operator',
      'monitoring.coreos.com/v1',
      'PrometheusRule',
      'spec.groups.rules.expr',
      'x',
    ],
    [
      '@kubernetes-models/istio',
      'networking.istio.io/v1',
      'VirtualService',
      'spec.http.match.uri',
      'VirtualService.spec.http.match.uri',
    ],
  ])('should type %s %s %s %s as %s', (name, apiVersion, kind, path, code) => {
    expect(fieldCode(name, apiVersion, kind, path)).toBe(code);
  });
});

const options: CheckOptions = { kubeVersion: '1.36', profile: 'default' };

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
    expect(at('1.30')).toEqual(['unknown field "spec.htp"']);
    expect(at('1.36')).toEqual(['unknown field "spec.htp"']);
  });
});
