import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  TEST_OPTIONS,
  inputFromYaml,
  objectsFromYaml,
} from '../../../test/support/check-objects.js';
import { checkIstio } from './istio.js';
import { hostCovers, portProtocolKnown, resolveHost } from './istio-hosts.js';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web-v1, namespace: shop }
spec:
  selector: { matchLabels: { app: web, version: v1 } }
  template:
    metadata: { labels: { app: web, version: v1 } }
    spec: { containers: [{ name: app, image: web }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec:
  host: web
  subsets:
    - { name: v1, labels: { version: v1 } }
---
`;

const vs = (name: string, spec: string, ns = 'shop'): string =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n${spec}---\n`;

const cases: readonly {
  name: string;
  rule: string;
  yaml: string;
  expected: readonly { kind: string; name: string; line: number; message: string }[];
}[] = [
  {
    name: 'a consistent Service, DestinationRule and VirtualService',
    rule: '*',
    yaml:
      APP +
      vs(
        'web',
        '  hosts: [web]\n  http: [{ route: [{ destination: { host: web.shop.svc.cluster.local, subset: v1 } }] }]\n',
      ),
    expected: [],
  },
  {
    name: 'a subset the DestinationRule does not define',
    rule: 'istio-vs-subset-missing',
    yaml:
      APP +
      vs(
        'web',
        '  hosts: [web]\n  http:\n    - route: [{ destination: { host: web, subset: v2 } }]\n',
      ),
    expected: [
      {
        kind: 'VirtualService',
        name: 'web',
        line: 31,
        message: 'subset "v2" of host "web" is not defined by DestinationRule "web"',
      },
    ],
  },
  {
    name: 'a subset selecting no pods',
    rule: 'istio-subset-no-pods',
    yaml: APP.replace(
      '    - { name: v1, labels: { version: v1 } }',
      '    - { name: v1, labels: { version: v1 } }\n    - { name: v2, labels: { version: v2 } }',
    ),
    expected: [
      {
        kind: 'DestinationRule',
        name: 'web',
        line: 24,
        message: 'subset "v2" (labels {"version":"v2"}) selects no pod of Service "web"',
      },
    ],
  },
  {
    name: 'two VirtualServices for the same host in the mesh, not gateway-bound ones',
    rule: 'istio-vs-host-conflict',
    yaml:
      APP +
      vs('web-1', '  hosts: [web]\n  http: [{ route: [{ destination: { host: web } }] }]\n') +
      vs(
        'web-2',
        '  hosts: [web.shop.svc.cluster.local]\n  http: [{ route: [{ destination: { host: web } }] }]\n',
      ) +
      vs(
        'edge',
        '  hosts: [web]\n  gateways: [gw]\n  http: [{ route: [{ destination: { host: web } }] }]\n',
      ),
    expected: [
      {
        kind: 'VirtualService',
        name: 'web-1',
        line: 29,
        message:
          'VirtualServices "web-1", "web-2" all define host "web.shop.svc.cluster.local" for the mesh: Istio does not merge them, only one takes effect',
      },
      {
        kind: 'VirtualService',
        name: 'web-2',
        line: 36,
        message:
          'VirtualServices "web-1", "web-2" all define host "web.shop.svc.cluster.local" for the mesh: Istio does not merge them, only one takes effect',
      },
    ],
  },
  {
    name: 'weights that add up to 110',
    rule: 'istio-weights-sum',
    yaml:
      APP +
      vs(
        'web',
        '  hosts: [web]\n  http:\n    - route:\n        - { destination: { host: web }, weight: 80 }\n        - { destination: { host: web }, weight: 30 }\n',
      ),
    expected: [
      {
        kind: 'VirtualService',
        name: 'web',
        line: 31,
        message: 'route weights add up to 110, not 100',
      },
    ],
  },
  {
    name: 'a gateway in another namespace without prefix, and a missing one',
    rule: 'istio-gateway-ref',
    yaml: `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ingress, namespace: istio-system }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }] }
---
${vs('web', '  hosts: ["*.example.com"]\n  gateways: [ingress, istio-system/ingress, edge, mesh]\n  http: [{ match: [{ gateways: [edge2] }], route: [{ destination: { host: web } }] }]\n')}`,
    expected: [
      {
        kind: 'VirtualService',
        name: 'web',
        line: 11,
        message:
          'gateway "ingress" is in namespace "istio-system", not "shop": without the namespace prefix the VirtualService is not bound to it',
      },
      { kind: 'VirtualService', name: 'web', line: 11, message: 'gateway "edge" does not exist' },
      { kind: 'VirtualService', name: 'web', line: 12, message: 'gateway "edge2" does not exist' },
    ],
  },
  {
    name: 'a TLS credential Secret outside the gateway namespace',
    rule: 'istio-tls-secret-namespace',
    yaml: `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ingress, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: ["*.example.com"]
      tls: { mode: SIMPLE, credentialName: cert }
---
apiVersion: v1
kind: Secret
metadata: { name: cert, namespace: shop }
type: kubernetes.io/tls
`,
    expected: [
      {
        kind: 'Gateway',
        name: 'ingress',
        line: 9,
        message:
          'credentialName "cert" is a Secret in namespace "shop", but the gateway workload runs in "istio-system", where it is looked up',
      },
    ],
  },
  {
    name: 'an external destination without a ServiceEntry, one with, and a Service FQDN',
    rule: 'istio-external-host-no-serviceentry',
    yaml: `${APP}apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: httpbin, namespace: shop }
spec: { hosts: [httpbin.org], ports: [{ number: 80, name: http, protocol: HTTP }], resolution: DNS }
---
${vs('out', '  hosts: [httpbin.org, api.example.com]\n  http:\n    - route: [{ destination: { host: httpbin.org } }]\n    - route: [{ destination: { host: api.example.com } }]\n    - route: [{ destination: { host: web.shop } }]\n')}`,
    expected: [
      {
        kind: 'VirtualService',
        name: 'out',
        line: 37,
        message:
          'destination host "api.example.com" is neither a Service nor declared by a ServiceEntry: requests get 503',
      },
    ],
  },
  {
    name: 'Service ports Istio cannot classify',
    rule: 'istio-port-protocol',
    yaml: `${APP}apiVersion: v1
kind: Service
metadata: { name: two, namespace: shop }
spec:
  selector: { app: web }
  ports:
    - { name: web, port: 3100 }
    - { port: 3200 }
    - { name: metrics, port: 9090, appProtocol: http }
    - { name: grpc-web-ui, port: 8080 }
`,
    expected: [
      {
        kind: 'Service',
        name: 'two',
        line: 31,
        message: 'port 3100 is named "web" and has no appProtocol: Istio cannot tell its protocol',
      },
      {
        kind: 'Service',
        name: 'two',
        line: 32,
        message: 'port 3200 has no name and has no appProtocol: Istio cannot tell its protocol',
      },
    ],
  },
  {
    name: 'no Istio objects: Service port names are not checked',
    rule: 'istio-port-protocol',
    yaml: 'apiVersion: v1\nkind: Service\nmetadata: { name: two }\nspec: { ports: [{ name: web, port: 1 }] }\n',
    expected: [],
  },
  {
    name: 'STRICT mTLS against a DestinationRule that disables TLS',
    rule: 'istio-mtls-conflict',
    yaml: `${APP.replace('  host: web\n', '  host: web\n  trafficPolicy: { tls: { mode: DISABLE } }\n')}apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  mtls: { mode: STRICT }
`,
    expected: [
      {
        kind: 'DestinationRule',
        name: 'web',
        line: 22,
        message:
          'tls.mode DISABLE for host "web", but PeerAuthentication "shop/web" requires STRICT mTLS there: every request is refused',
      },
    ],
  },
  {
    name: 'a mesh-wide STRICT policy also conflicts; PERMISSIVE does not',
    rule: 'istio-mtls-conflict',
    yaml: `${APP.replace('  host: web\n', '  host: web\n  trafficPolicy: { tls: { mode: DISABLE } }\n')}apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec: { mtls: { mode: STRICT } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: shop }
spec: { mtls: { mode: PERMISSIVE } }
`,
    expected: [
      {
        kind: 'DestinationRule',
        name: 'web',
        line: 22,
        message:
          'tls.mode DISABLE for host "web", but PeerAuthentication "istio-system/default" requires STRICT mTLS there: every request is refused',
      },
    ],
  },
  {
    name: 'a DENY policy with an empty rule, not one with a condition',
    rule: 'istio-authz-deny-all',
    yaml: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-all, namespace: shop }
spec:
  action: DENY
  rules: [{}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: require-mtls, namespace: shop }
spec:
  action: DENY
  rules: [{ from: [{ source: { notPrincipals: ["*"] } }] }]
`,
    expected: [
      {
        kind: 'AuthorizationPolicy',
        name: 'deny-all',
        line: 6,
        message:
          'action DENY with an empty rule denies every request, and DENY is evaluated before ALLOW: no ALLOW policy can open anything in its scope',
      },
    ],
  },
];

/** What each family finds in test/fixtures/check/odd-shapes.yaml. */
const ODD_EXPECTED: readonly string[] = [];

describe('checkIstio', () => {
  it.each(cases)('should report $rule: $name', ({ rule, yaml, expected }) => {
    const findings = checkIstio(inputFromYaml(yaml)).filter((f) => rule === '*' || f.rule === rule);
    expect(
      findings.map((f) => ({
        kind: f.resource.kind,
        name: f.resource.name,
        line: f.line,
        message: f.message,
      })),
    ).toEqual(expected);
  });
});

/** Findings of one rule as `name line: message`, for the exportTo and host-matching cases. */
const findingsOf = (rule: string, yaml: string): string[] =>
  checkIstio(inputFromYaml(yaml))
    .filter((f) => f.rule === rule)
    .map((f) => `${f.resource.namespace ?? ''}/${f.resource.name} ${f.line}: ${f.message}`);

const se = (name: string, ns: string, hosts: string, exportTo = ''): string =>
  `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: ${name}, namespace: ${ns} }\nspec: { hosts: ${hosts}, ${exportTo}ports: [{ number: 443, name: https, protocol: TLS }], resolution: DNS }\n---\n`;

const ROUTE = '  http: [{ route: [{ destination: { host: web.shop.svc.cluster.local } }] }]\n';

describe('checkIstio host conflicts', () => {
  it('should count the same VirtualService in two alternative files once', () => {
    const one = vs('web', `  hosts: [web]\n${ROUTE}`);
    const objects = [...objectsFromYaml(one, 'a/vs.yaml'), ...objectsFromYaml(one, 'b/vs.yaml')];
    const findings = checkIstio({ objects, options: TEST_OPTIONS });
    expect(findings.filter((f) => f.rule === 'istio-vs-host-conflict')).toEqual([]);
  });

  it('should report VirtualServices only where exportTo makes both visible', () => {
    const yaml =
      vs('a', `  hosts: [api.example.com]\n  exportTo: ["."]\n${ROUTE}`, 'team-a') +
      vs('b', `  hosts: [api.example.com]\n  exportTo: ["."]\n${ROUTE}`, 'team-b') +
      vs('c', `  hosts: [db.example.com]\n  exportTo: [team-d]\n${ROUTE}`, 'team-c') +
      vs('d', `  hosts: [db.example.com]\n${ROUTE}`, 'team-d') +
      vs('e', `  hosts: [mq.example.com]\n  exportTo: [team-x]\n${ROUTE}`, 'team-e') +
      vs('f', `  hosts: [mq.example.com]\n  exportTo: ["~"]\n${ROUTE}`, 'team-f');
    expect(findingsOf('istio-vs-host-conflict', yaml)).toEqual([
      'team-c/c 21: VirtualServices "c", "d" all define host "db.example.com" for the mesh: Istio does not merge them, only one takes effect',
      'team-d/d 29: VirtualServices "c", "d" all define host "db.example.com" for the mesh: Istio does not merge them, only one takes effect',
    ]);
  });

  it('should name at most ten of many VirtualServices that define one host, in one message', () => {
    const names = Array.from({ length: 30 }, (_, i) => `vs-${i}`);
    const yaml = names.map((name) => vs(name, `  hosts: [api.example.com]\n${ROUTE}`)).join('');
    const findings = checkIstio({ objects: objectsFromYaml(yaml), options: TEST_OPTIONS }).filter(
      (f) => f.rule === 'istio-vs-host-conflict',
    );
    expect(findings.map((f) => f.resource.name)).toEqual(names);
    const message =
      'VirtualServices "vs-0", "vs-1", "vs-2", "vs-3", "vs-4", "vs-5", "vs-6", "vs-7", "vs-8", "vs-9" and 20 others all define host "api.example.com" for the mesh: Istio does not merge them, only one takes effect';
    expect(new Set(findings.map((f) => f.message))).toEqual(new Set([message]));
  });

  it('should report overlapping wildcard hosts, not hosts a wildcard does not cover', () => {
    const yaml =
      vs('pp', `  hosts: ["*.productpage.d"]\n${ROUTE}`) +
      vs('all', `  hosts: ["*.d"]\n${ROUTE}`) +
      vs('bare', `  hosts: [productpage.d]\n${ROUTE}`) +
      vs('other', `  hosts: ["*.e"]\n${ROUTE}`);
    const message =
      'VirtualServices "pp" (host "*.productpage.d") and "all" (host "*.d") define overlapping hosts for the mesh: Istio does not merge them, only one takes effect for the hosts both cover';
    const bare =
      'VirtualServices "all" (host "*.d") and "bare" (host "productpage.d") define overlapping hosts for the mesh: Istio does not merge them, only one takes effect for the hosts both cover';
    expect(findingsOf('istio-vs-host-conflict', yaml)).toEqual([
      `shop/pp 5: ${message}`,
      `shop/all 12: ${message}`,
      `shop/all 12: ${bare}`,
      `shop/bare 19: ${bare}`,
    ]);
  });
});

describe('checkIstio ServiceEntry hosts and exportTo', () => {
  const routeTo = (host: string): string =>
    `  hosts: [${host}]\n  http: [{ route: [{ destination: { host: ${host} } }] }]\n`;

  it('should let a wildcard ServiceEntry host cover the hosts below it, not itself', () => {
    const yaml =
      se('example', 'shop', '["*.example.com"]') +
      vs('a', routeTo('a.example.com')) +
      vs('deep', routeTo('x.y.example.com')) +
      vs('bare', routeTo('example.com'));
    expect(findingsOf('istio-external-host-no-serviceentry', yaml)).toEqual([
      'shop/bare 25: destination host "example.com" is neither a Service nor declared by a ServiceEntry: requests get 503',
    ]);
  });

  it('should take name.namespace(.svc) for a Service only when the input has it there', () => {
    const yaml =
      APP +
      vs(
        'out',
        '  hosts: [out.org]\n  http:\n' +
          ['web.shop.svc', 'web.other', 'web.other.svc', 'api.shop']
            .map((h) => `    - route: [{ destination: { host: ${h} } }]\n`)
            .join(''),
      );
    expect(findingsOf('istio-external-host-no-serviceentry', yaml)).toEqual([
      'shop/out 32: destination host "web.other" is neither a Service nor declared by a ServiceEntry: requests get 503',
      'shop/out 33: destination host "web.other.svc" is neither a Service nor declared by a ServiceEntry: requests get 503',
      'shop/out 34: destination host "api.shop" is neither a Service nor declared by a ServiceEntry: requests get 503',
    ]);
  });

  it('should see a ServiceEntry only where exportTo exports it', () => {
    const yaml =
      se('here', 'shop', '[here.org]', 'exportTo: ["."], ') +
      se('all', 'egress', '[all.org]', 'exportTo: ["*"], ') +
      se('named', 'egress', '[named.org]', 'exportTo: [shop], ') +
      se('default', 'egress', '[default.org]') +
      se('elsewhere', 'shop', '[elsewhere.org]', 'exportTo: [other], ') +
      se('private', 'egress', '[private.org]', 'exportTo: ["."], ') +
      vs(
        'out',
        '  hosts: [out.org]\n  http:\n' +
          ['here.org', 'all.org', 'named.org', 'default.org', 'elsewhere.org', 'private.org']
            .map((h) => `    - route: [{ destination: { host: ${h} } }]\n`)
            .join(''),
      );
    expect(findingsOf('istio-external-host-no-serviceentry', yaml)).toEqual([
      'shop/out 41: destination host "elsewhere.org" is declared by ServiceEntry "shop/elsewhere", which is not exported to namespace "shop": requests get 503',
      'shop/out 42: destination host "private.org" is declared by ServiceEntry "egress/private", which is not exported to namespace "shop": requests get 503',
    ]);
  });
});

describe('hostCovers', () => {
  it.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.d', '*.productpage.d', true],
    ['*.productpage.d', '*.d', false],
    ['*', 'anything.org', true],
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', 'b.example.com', false],
    ['*.example.com', 'a.example.org', false],
  ])('should say whether %s covers %s', (pattern, host, expected) => {
    expect(hostCovers(pattern, host)).toBe(expected);
  });
});

describe('portProtocolKnown', () => {
  it.each([
    [{ name: 'http' }, true],
    [{ name: 'http-web' }, true],
    [{ name: 'HTTP2' }, true],
    [{ name: 'grpc-web' }, true],
    [{ name: 'tcp-db' }, true],
    [{ name: 'web' }, false],
    [{ name: 'httpx' }, false],
    [{ name: 'web', appProtocol: 'http' }, true],
    [{}, false],
  ] as const)('should judge %j', (port, expected) => {
    expect(portProtocolKnown(port)).toBe(expected);
  });
});

describe('resolveHost', () => {
  it('should expand short names in the namespace of the rule and keep the rest', () => {
    expect(resolveHost('web', 'shop')).toBe('web.shop.svc.cluster.local');
    expect(resolveHost('web.other.svc.cluster.local', 'shop')).toBe('web.other.svc.cluster.local');
    expect(resolveHost('*.example.com', 'shop')).toBe('*.example.com');
  });
});

describe('checkIstio on odd shapes', () => {
  it('should read scalars where objects belong as absent, never throw', () => {
    const text = readFileSync(
      new URL('../../../test/fixtures/check/odd-shapes.yaml', import.meta.url),
      'utf8',
    );
    expect(checkIstio(inputFromYaml(text)).map((f) => `${f.rule}:${f.line}`)).toEqual(ODD_EXPECTED);
  });
});
